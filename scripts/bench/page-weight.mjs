// The weight of a built page as a browser fetches it, each file gzipped as a server would send it:
// the HTML (with its inlined CSS and scripts), linked stylesheets, scripts loaded at once, and the
// islands' JS (Astro loads a client:visible island only when it scrolls into view).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (bytes) => gzipSync(bytes).length;

/** Gzipped bytes of the JS files `start` names and everything they import, each counted once. */
function jsClosure(client, start, seen) {
  const queue = [...start];
  let bytes = 0;
  while (queue.length) {
    const path = queue.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    const code = readFileSync(join(client, path));
    bytes += gz(code);
    for (const m of code.toString().matchAll(/["'](?:\.\/|\/_astro\/)([\w.-]+\.js)["']/g)) queue.push(`/_astro/${m[1]}`);
  }
  return bytes;
}

/**
 * @param {string} client the built client folder (dist/client)
 * @param {string} page a page's path inside it, e.g. lessons/primary-lower/x/index.html
 * @returns {{ html: number, css: number, eagerJs: number, islandJs: number, firstView: number, all: number }}
 */
export function pageWeight(client, page) {
  const html = readFileSync(join(client, page), 'utf8');
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].reduce((n, m) => n + gz(readFileSync(join(client, m[1]))), 0);
  const seen = new Set();
  const eager = [
    ...[...html.matchAll(/<script[^>]+src="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]),
  ];
  const eagerJs = jsClosure(client, eager, seen);
  const islands = [...html.matchAll(/(?:component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]);
  const islandJs = jsClosure(client, islands, seen);
  const htmlGz = gz(Buffer.from(html));
  const firstView = htmlGz + css + eagerJs;
  return { html: htmlGz, css, eagerJs, islandJs, firstView, all: firstView + islandJs };
}
