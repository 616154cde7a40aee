import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser } from './helpers/browser';
import { clientDir, requireBuild } from './helpers/dist';
import { serveStatic } from './helpers/static-server';

/** Words that sit in the middle of a sentence of exactly one lesson. */
const cases = [
  { query: '五颜六色', lesson: '/lessons/primary-lower/strangers-snacks/' },
  { query: '拒绝小擂台', lesson: '/lessons/primary-middle/saying-no/' }, // its activity; the refusal steps are named alike site-wide now
];

describe.runIf(browserAvailable())('search over the built Pagefind index', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    requireBuild();
    site = await serveStatic(clientDir);
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test.each(cases)('returns $lesson first for $query', async ({ query, lesson }) => {
    await page.goto(`${site.url}/search/`);
    // Passed as a string so the test runner does not rewrite the browser-side dynamic import.
    const first = await page.evaluate(`(async () => {
      const pagefind = await import(location.origin + '/pagefind/pagefind.js');
      const found = await pagefind.search(${JSON.stringify(query)});
      return found.results[0] ? (await found.results[0].data()).url : null;
    })()`);
    expect(first).toBe(lesson);
  });

  test('shows the match first on the search page, with the words marked', async () => {
    await page.goto(`${site.url}/search/?q=${encodeURIComponent('五颜六色')}`);
    const firstLink = page.locator('.hits li a').first();
    await firstLink.waitFor();
    expect(await firstLink.getAttribute('href')).toBe('/lessons/primary-lower/strangers-snacks/');
    expect(await page.locator('.hits mark').first().textContent()).toContain('五颜六色');
    expect(await page.getByRole('status').textContent()).toMatch(/找到 \d+ 条结果/);
  });
});
