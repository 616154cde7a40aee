// Site figures: astro build + Pagefind time and page count; the weight of the lesson pages (gzipped
// HTML, CSS and JS as a browser fetches them, see page-weight.mjs), the heaviest and the total.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pageWeight } from './page-weight.mjs';

const client = 'dist/client';

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.html'));
}

/** Bytes of JS a page loads: its inline scripts and every /_astro/*.js it references, transitively. */
function pageJs(html) {
  const seen = new Set();
  const queue = [...html.matchAll(/["'](\/_astro\/[^"']+\.js)["']/g)].map((m) => m[1]);
  let bytes = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[1] ?? ''), 0);
  let gz = 0;
  while (queue.length) {
    const path = queue.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    const code = readFileSync(join(client, path));
    bytes += code.length;
    gz += gzipSync(code).length;
    for (const m of code.toString().matchAll(/["'](?:\.\/|\/_astro\/)([\w.-]+\.js)["']/g)) queue.push(`/_astro/${m[1]}`);
  }
  return { bytes, gz, files: seen.size };
}

export async function run() {
  const started = performance.now();
  execFileSync('npx', ['astro', 'build'], { stdio: 'ignore' });
  const built = performance.now();
  execFileSync('npx', ['pagefind', '--site', client], { stdio: 'ignore' });
  const indexed = performance.now();
  const pages = htmlFiles(client);
  console.log(
    `astro build: ${((built - started) / 1000).toFixed(1)} s; pagefind: ${((indexed - built) / 1000).toFixed(1)} s; total ${((indexed - started) / 1000).toFixed(1)} s for ${pages.length} pages`,
  );

  const lessons = pages.filter((p) => /^lessons\/[^/]+\/[^/]+\/index\.html$/.test(String(p)));
  const quiet = pages.filter((p) => /^(campaigns|audiences)\//.test(String(p)));
  const quietJs = quiet.reduce((n, p) => n + pageJs(readFileSync(join(client, String(p)), 'utf8')).bytes, 0);
  console.log(`pages without an island (${quiet.length} campaign and target-group pages): ${quietJs} bytes of JS (target 0)`);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const weights = lessons.map((p) => ({ page: String(p), ...pageWeight(client, String(p)) })).sort((a, b) => b.all - a.all);
  const describe = (w) =>
    `${w.page}: ${kb(w.all)} gzipped in all (HTML ${kb(w.html)} with its inlined CSS and scripts, CSS files ${kb(w.css)}, JS at load ${kb(w.eagerJs)}, quiz island ${kb(w.islandJs)} loaded when it scrolls into view; first view ${kb(w.firstView)})`;
  console.log(
    `lesson pages: ${lessons.length}, ${kb(weights.reduce((n, w) => n + w.all, 0))} gzipped in all (each page counted with everything it loads; shared JS counted per page)`,
  );
  console.log(`heaviest lesson page: ${describe(weights[0])}`);
  const lower = weights.find((w) => w.page.startsWith('lessons/primary-lower/'));
  if (lower) console.log(`heaviest lower primary page (pictures and pinyin, target < 60 KB in all): ${describe(lower)}`);
  for (const island of ['search/index.html']) {
    const page = pageJs(readFileSync(join(client, island), 'utf8'));
    console.log(`${island}: JS ${(page.gz / 1024).toFixed(1)} KB gzipped in ${page.files} files`);
  }
}
