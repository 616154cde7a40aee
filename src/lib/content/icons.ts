import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IconifyJSON } from '@iconify/types';

/**
 * The icon set lesson pictures are drawn from (Fluent Emoji Flat, MIT, in Iconify JSON form) and
 * the names a lesson may not use because they frighten or show injury, weapons or drug use.
 */

let cached: IconifyJSON | undefined;

/**
 * The whole icon set, read once from node_modules. Read from disk rather than imported, so the
 * 9 MB of JSON is never bundled into the build's server code.
 */
export function iconSet(): IconifyJSON {
  cached ??= JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@iconify-json/fluent-emoji-flat/icons.json'), 'utf8')) as IconifyJSON;
  return cached;
}

/** Names banned outright; {@link isBannedIcon} also catches their families (zombies, vampires…). */
export const bannedIcons: readonly string[] = [
  'syringe',
  'skull',
  'skull-and-crossbones',
  'drop-of-blood',
  'coffin',
  'headstone',
  'funeral-urn',
  'kitchen-knife',
  'dagger',
  'crossed-swords',
  'axe',
  'pistol',
  'water-pistol',
  'bomb',
  'collision',
  'exploding-head',
  'face-screaming-in-fear',
  'ghost',
  'ogre',
  'goblin',
  'biohazard',
  'radioactive',
  'face-vomiting',
  'face-with-head-bandage',
  'angry-face-with-horns',
  'pirate-flag',
  'chains',
  'razor',
  'bone',
];

const bannedFamilies = /(^|-)(zombie|vampire|skull|blood)(-|$)/;

/** Whether a picture may not show this icon. */
export function isBannedIcon(name: string): boolean {
  return bannedIcons.includes(name) || (bannedFamilies.test(name) && !name.includes('blood-type'));
}

/** Whether the icon set has this name (icons and aliases). */
export function hasIcon(name: string): boolean {
  const set = iconSet();
  return name in set.icons || name in (set.aliases ?? {});
}
