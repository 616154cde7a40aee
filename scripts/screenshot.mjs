// Takes phone-width screenshots of pages for a look: node scripts/screenshot.mjs http://127.0.0.1:4321/ /lessons/ …
// Writes .bench/shots/<name>.png. Uses Debian's Chromium through playwright-core.
// ACCOUNT=office@qingyuan.test (and PASSWORD, default the demo one) signs in first, for pages behind the login.
import { mkdirSync } from 'node:fs';
import { launchBrowser, submitAdultSignIn } from '../tests/helpers/browser.ts';

const [base, ...paths] = process.argv.slice(2);
const width = Number(process.env.WIDTH ?? 360);
mkdirSync('.bench/shots', { recursive: true });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width, height: 740 }, deviceScaleFactor: 1 });
if (process.env.ACCOUNT) {
  await page.goto(new URL('/login/', base).href);
  await submitAdultSignIn(page, process.env.ACCOUNT, process.env.PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
for (const path of paths) {
  await page.goto(new URL(path, base).href, { waitUntil: 'networkidle' });
  const name = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home';
  await page.screenshot({ path: `.bench/shots/${name}-${width}.png`, fullPage: process.env.FULL !== '0' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(`${path}: ${overflow > 0 ? `overflows by ${overflow}px` : 'fits'} -> .bench/shots/${name}-${width}.png`);
}
await browser.close();
