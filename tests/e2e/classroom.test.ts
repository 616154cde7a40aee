import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { clientDir, requireBuild } from '../helpers/dist';
import { serveStatic } from '../helpers/static-server';

/** One lesson of each kind of activity: chant and baskets, cards and steps, law cases, a long vocational one. */
const lessons = ['primary-lower/medicine-not-candy', 'primary-middle/saying-no', 'junior/drug-law-basics', 'vocational/nightlife-night-shift'];

/** What the projector shows now: slide number, heading, and whether anything spills over. */
async function currentSlide(page: Page): Promise<{ n: number; heading: string; pageScrolls: boolean; contentOverflows: boolean; fontPx: number }> {
  return page.evaluate(() => {
    const slides = [...document.querySelectorAll<HTMLElement>('.slide')];
    const slide = document.querySelector<HTMLElement>('.slide.current');
    const content = slide?.querySelector<HTMLElement>('.content');
    const doc = document.documentElement;
    return {
      n: slide ? slides.indexOf(slide) + 1 : 0,
      heading: slide?.dataset['heading'] ?? '',
      pageScrolls: doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth,
      contentOverflows: !content || content.scrollHeight > content.clientHeight + 1 || content.scrollWidth > content.clientWidth + 1,
      fontPx: slide ? parseFloat(getComputedStyle(slide.querySelector('.text, .picture') ?? slide).fontSize) : 0,
    };
  });
}

async function openDeck(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator('[data-deck][data-ready]').waitFor();
  return page.locator('.slide').count();
}

describe.runIf(browserAvailable())('the presenter view', () => {
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    requireBuild();
    site = await serveStatic(clientDir);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test.each(lessons)('shows every slide of %s at 1920x1080 without scrolling, in type readable from the back', async (lesson) => {
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    const total = await openDeck(page, `${site.url}/lessons/${lesson}/classroom/`);
    expect(total).toBeGreaterThan(5);
    for (let n = 1; n <= total; n++) {
      const slide = await currentSlide(page);
      expect(slide.n).toBe(n);
      expect(slide, `${lesson} slide ${n}`).toMatchObject({ pageScrolls: false, contentOverflows: false });
      expect(slide.fontPx, `${lesson} slide ${n}`).toBeGreaterThanOrEqual(28);
      await page.keyboard.press('PageDown');
    }
    expect((await currentSlide(page)).n).toBe(total);
    await context.close();
  });

  test('moves on arrow keys, space, PageUp/PageDown, Home/End and swipes, and keeps its place in the address', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, hasTouch: true });
    page = await context.newPage();
    const total = await openDeck(page, `${site.url}/lessons/primary-middle/saying-no/classroom/`);
    const at = async (): Promise<number> => (await currentSlide(page)).n;
    await page.keyboard.press('ArrowRight');
    expect(await at()).toBe(2);
    await page.keyboard.press(' ');
    expect(await at()).toBe(3);
    await page.keyboard.press('PageDown');
    expect(await at()).toBe(4);
    await page.keyboard.press('ArrowLeft');
    expect(await at()).toBe(3);
    await page.keyboard.press('PageUp');
    expect(await at()).toBe(2);
    await page.keyboard.press('End');
    expect(await at()).toBe(total);
    await page.keyboard.press('Home');
    expect(await at()).toBe(1);
    const swipe = (from: number, to: number): Promise<void> =>
      page.evaluate(
        ([a, b]) => {
          const stage = document.querySelector('.slides') as HTMLElement;
          const touch = (x: number): Touch => new Touch({ identifier: 1, target: stage, clientX: x, clientY: 300 });
          stage.dispatchEvent(new TouchEvent('touchstart', { changedTouches: [touch(a as number)], bubbles: true }));
          stage.dispatchEvent(new TouchEvent('touchend', { changedTouches: [touch(b as number)], bubbles: true }));
        },
        [from, to],
      );
    await swipe(900, 300);
    expect(await at()).toBe(2);
    await swipe(300, 900);
    expect(await at()).toBe(1);
    await page.getByRole('button', { name: '下一张' }).click();
    expect(await at()).toBe(2);
    // The address follows once the slide is painted (deck-client.ts keeps the key press's path short).
    await expect.poll(() => new URL(page.url()).hash).toBe('#2');
    await page.reload();
    await page.locator('[data-deck][data-ready]').waitFor();
    expect(await at()).toBe(2);
    await context.close();
  });

  test('shows the teacher’s notes only in the window the teacher opens, in step with the projector', async () => {
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    const total = await openDeck(page, `${site.url}/lessons/primary-middle/saying-no/classroom/`);
    const answer = '“一口也不要，妈妈在等我。”走开。';
    const hint = '劝说的一方只读卡上的话';
    for (let n = 1; n <= total; n++) {
      expect(await page.getByText(answer).count()).toBe(0);
      expect(await page.getByText(hint).count()).toBe(0);
      expect(await page.locator('[data-notes-window], .note, .lesson-notes').count()).toBe(0);
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Home');

    const [notes] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: '教师备注' }).click()]);
    await notes.locator('[data-notes-window][data-ready]').waitFor();
    const shown = notes.locator('.note:not([hidden])');
    expect(await shown.locator('h1').textContent()).toBe('我会说“不”，也会求助');
    while ((await currentSlide(page)).heading !== '活动：拒绝小擂台') await page.keyboard.press('ArrowRight');
    await expect.poll(() => shown.textContent()).toContain(answer);
    expect(await shown.textContent()).toContain(hint);
    expect(await notes.locator('.lesson-notes').textContent()).toContain('教学重点');
    const before = (await currentSlide(page)).n;
    await notes.keyboard.press('PageDown');
    await expect.poll(async () => (await currentSlide(page)).n).toBe(before + 1);
    await expect.poll(() => notes.locator('[data-position]').textContent()).toBe(`${before + 1} / ${total}`);
    await context.close();
  });

  test('keeps working offline after it loaded: next, previous, reload, and the notes window', async () => {
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    const url = `${site.url}/lessons/junior/drug-law-basics/classroom/`;
    await openDeck(page, url);
    await page.locator('[data-deck][data-offline="ready"]').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('/lessons/').then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    expect((await currentSlide(page)).n).toBe(2);
    // The address follows in the frame after the slide (deck-client.ts).
    await expect.poll(() => new URL(page.url()).hash).toBe('#2');
    await page.reload();
    await page.locator('[data-deck][data-ready]').waitFor();
    expect(await currentSlide(page)).toMatchObject({ n: 2, heading: '导入：一条“跑腿”私信' });
    await page.keyboard.press('ArrowRight');
    expect((await currentSlide(page)).n).toBe(3);
    await page.goto(`${url}notes/`);
    await page.locator('[data-notes-window][data-ready]').waitFor();
    expect(await page.locator('.lesson-notes').textContent()).toContain('教学难点');
    await context.setOffline(false);
    await context.close();
  });
});
