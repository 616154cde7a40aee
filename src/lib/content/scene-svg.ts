import { getIconData, iconToSVG } from '@iconify/utils';
import { iconSet, isBannedIcon } from './icons.ts';

/**
 * Composes a lesson picture at build time: 1-4 Fluent Emoji Flat icons side by side on a soft
 * rounded card, with an optional speech bubble spoken by the first one. The result is one inline
 * SVG string with no scripts and no external references.
 */

export interface SceneInput {
  items: readonly string[];
  say?: string | undefined;
  /** Picks the background tint, so neighbouring pictures differ. */
  seed: string;
  /**
   * Icons already drawn on this page as `<symbol>`s: later pictures `<use>` them instead of
   * repeating the paths. Pass one set per page; omit to make each picture self-contained.
   */
  defined?: Set<string>;
}

const icon = 96;
const gap = 20;
const pad = 24;
const fontSize = 22;
const bubblePad = 14;
const bubbleHeight = fontSize + bubblePad * 2;
const tail = 14;
const tints = ['#fff4dc', '#e6f2fb', '#e7f6ea', '#f1ecfb'];

/** Width of a line of text in font units: Han and full-width characters count 1, others 0.55. */
export function textWidth(text: string): number {
  return [...text].reduce((w, ch) => w + (/[\u2E80-\uFFEF]/u.test(ch) ? 1 : 0.55), 0) * fontSize;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The paths of one icon, in its own 0 0 w h box, with ids made unique to this icon. */
function iconBody(name: string): { body: string; viewBox: string } {
  const data = getIconData(iconSet(), name);
  if (!data || isBannedIcon(name)) throw new Error(`图标 ${name} 不在 Fluent Emoji Flat 里或不能用`);
  const svg = iconToSVG(data);
  return { body: prefixIds(svg.body, `fe-${name}-`), viewBox: svg.attributes.viewBox };
}

/** Makes the ids inside an icon (gradients, clip paths) unique on the page, the same in every build. */
function prefixIds(body: string, prefix: string): string {
  const ids = [...body.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1] ?? '');
  return ids.reduce((out, id) => out.replaceAll(`id="${id}"`, `id="${prefix}${id}"`).replaceAll(`#${id})`, `#${prefix}${id})`).replaceAll(`"#${id}"`, `"#${prefix}${id}"`), body);
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

/**
 * The SVG markup of a scene and its natural width in CSS pixels.
 * @example sceneSvg({ items: ['girl-light', 'candy'], say: '我不要！', seed: 'a' }).svg.startsWith('<svg')
 */
export function sceneSvg(input: SceneInput): { svg: string; width: number; height: number } {
  const { items, say, seed, defined } = input;
  if (items.length < 1 || items.length > 4) throw new Error(`一幅图要有 1-4 个图标，现在是 ${items.length} 个`);
  const row = items.length * icon + (items.length - 1) * gap;
  const bubbleWidth = say ? Math.ceil(textWidth(say)) + bubblePad * 2 : 0;
  const inner = Math.max(row, bubbleWidth);
  const width = inner + pad * 2;
  const top = say ? pad + bubbleHeight + tail : pad;
  const height = top + icon + pad;
  const left = pad + (inner - row) / 2;

  const defs: string[] = [];
  const drawn = items.map((name, i) => {
    const x = left + i * (icon + gap);
    const shadow = `<ellipse cx="${x + icon / 2}" cy="${top + icon - 2}" rx="${icon * 0.36}" ry="6" fill="#000" opacity=".07"/>`;
    const id = `fe-${name}`;
    if (!defined?.has(id)) {
      const { body, viewBox } = iconBody(name);
      defs.push(`<symbol id="${id}" viewBox="${viewBox}">${body}</symbol>`);
      defined?.add(id);
    }
    return `${shadow}<use href="#${id}" x="${x}" y="${top}" width="${icon}" height="${icon}"/>`;
  });

  let bubble = '';
  if (say) {
    const speaker = left + icon / 2;
    const bx = Math.min(Math.max(pad, speaker - 36), width - pad - bubbleWidth);
    const by = pad;
    const tx = Math.min(Math.max(speaker, bx + 18), bx + bubbleWidth - 18);
    bubble =
      `<path d="M${bx + 12} ${by}h${bubbleWidth - 24}a12 12 0 0 1 12 12v${bubbleHeight - 24}a12 12 0 0 1-12 12H${tx + 10}l-10 ${tail}-10-${tail}H${bx + 12}a12 12 0 0 1-12-12v-${bubbleHeight - 24}a12 12 0 0 1 12-12z" fill="#fff" stroke="#94a3b8" stroke-width="2" stroke-linejoin="round"/>` +
      `<text x="${bx + bubbleWidth / 2}" y="${by + bubbleHeight / 2}" font-size="${fontSize}" text-anchor="middle" dominant-baseline="central" fill="#1f2937">${escapeXml(say)}</text>`;
  }

  const tint = tints[hash(seed) % tints.length];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false">` +
    (defs.length > 0 ? `<defs>${defs.join('')}</defs>` : '') +
    `<rect width="${width}" height="${height}" rx="20" fill="${tint}"/>` +
    drawn.join('') +
    bubble +
    `</svg>`;
  return { svg, width, height };
}
