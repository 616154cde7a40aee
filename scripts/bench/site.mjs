// Site figures: astro build + Pagefind time and page count; JS and gzipped HTML of a lesson page.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

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
  console.log(`astro build: ${((built - started) / 1000).toFixed(1)} s; pagefind: ${((indexed - built) / 1000).toFixed(1)} s; total ${((indexed - started) / 1000).toFixed(1)} s for ${pages.length} pages`);

  const lessons = pages.filter((p) => /^lessons\/[^/]+\/[^/]+\/index\.html$/.test(String(p)));
  const quiet = pages.filter((p) => /^(campaigns|audiences)\//.test(String(p)));
  const quietJs = quiet.reduce((n, p) => n + pageJs(readFileSync(join(client, String(p)), 'utf8')).bytes, 0);
  console.log(`pages without an island (${quiet.length} campaign and target-group pages): ${quietJs} bytes of JS (target 0)`);
  let worst = { page: '', gz: 0 };
  for (const page of lessons) {
    const html = readFileSync(join(client, String(page)));
    const gz = gzipSync(html).length;
    if (gz > worst.gz) worst = { page: String(page), gz };
  }
  const sample = readFileSync(join(client, worst.page), 'utf8');
  const js = pageJs(sample);
  console.log(`largest lesson page (${worst.page}, of ${lessons.length}): HTML ${(worst.gz / 1024).toFixed(1)} KB gzipped (target < 15 KB), ${(statSync(join(client, worst.page)).size / 1024).toFixed(1)} KB raw; its quiz island: ${(js.gz / 1024).toFixed(1)} KB gzipped JS, loaded only when the quiz scrolls into view`);
  for (const island of ['search/index.html']) {
    const page = pageJs(readFileSync(join(client, island), 'utf8'));
    console.log(`${island}: JS ${(page.gz / 1024).toFixed(1)} KB gzipped in ${page.files} files`);
  }
}
