import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/** Every .astro file under a folder. */
function astroFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? astroFiles(join(dir, e.name)) : e.name.endsWith('.astro') ? [join(dir, e.name)] : []));
}

describe('pages under the hashed CSP', () => {
  test('carry no inline event handlers (an onclick="window.print()" is blocked and does nothing)', () => {
    const offending = astroFiles('src').filter((f) => /\son(click|change|submit|load|input)=["{]/i.test(readFileSync(f, 'utf8').replace(/<script[\s\S]*?<\/script>/g, '')));
    expect(offending).toEqual([]);
  });
});
