import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, submitAdultSignIn } from '../helpers/browser';
import { startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';

const shots = '.bench/shots';

/** A pupil's phone: its own browser context at 360 px, signed in. */
async function pupilPhone(browser: Browser, app: App, studentNumber: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${app.url}/login/`);
  const form = page.locator('form', { has: page.getByLabel('学号') });
  await form.getByLabel('学校代码').fill('QYXX01');
  await form.getByLabel('学号').fill(studentNumber);
  await form.getByLabel('密码').fill('xuesheng2026');
  await form.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/me/student/');
  return { context, page };
}

describe.runIf(browserAvailable())('a classroom journey', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    requireBuild();
    mkdirSync(shots, { recursive: true });
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the teacher starts a session, three pupils join and answer, the teacher reveals and ends the class, the ledger shows the platform entry', async () => {
    const teacherContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const projector = await teacherContext.newPage();
    projector.on('dialog', (dialog) => void dialog.accept());
    await projector.goto(`${app.url}/login/`);
    await submitAdultSignIn(projector, 'chen@qingyuan.test');
    await projector.waitForURL('**/me/teacher/');

    // The presenter view links signed-in teachers here with the lesson.
    await projector.goto(`${app.url}/me/classroom/start/?lesson=primary-middle/saying-no`);
    await projector.getByLabel(/三年级（1）班/).check();
    await projector.getByRole('button', { name: '上课' }).click();
    await projector.waitForURL(/\/me\/classroom\/[0-9a-f-]{36}\/$/);
    // The projector is the lesson's own deck: the join slide first, then the lesson's slides, the quiz last.
    const join = projector.locator('#join.slide.current');
    const code = ((await join.locator('.code').textContent()) ?? '').replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    expect(await join.locator('.qr svg').count()).toBe(1);
    expect(await projector.locator('.slide[data-section]').count()).toBeGreaterThan(3);
    await projector.screenshot({ path: `${shots}/classroom-projector-join-1920.png` });

    const phones = await Promise.all(['2026030101', '2026030102', '2026030103'].map((n) => pupilPhone(browser, app, n)));
    for (const [i, { page }] of phones.entries()) {
      await page.goto(`${app.url}/classroom/?code=${code}`);
      if (i === 0) await page.screenshot({ path: `${shots}/classroom-join-360.png`, fullPage: true });
      await page.getByRole('button', { name: '加入' }).click();
      await page.waitForURL(/\/classroom\/[0-9a-f-]{36}\/$/);
      await page.getByText('请看投影，等老师出题。').waitFor();
    }
    await join.getByText('已加入 3 人').waitFor();
    // A poll that sends back the state's ETag while nothing changed gets an empty 304.
    const sessionId = /\/me\/classroom\/([0-9a-f-]{36})\//.exec(projector.url())?.[1];
    const polls = await projector.evaluate(async (url) => {
      const first = await fetch(url, { cache: 'no-store' });
      const etag = first.headers.get('etag') ?? '';
      const again = await fetch(url, { cache: 'no-store', headers: { 'if-none-match': etag } });
      return { first: first.status, etag, again: again.status, body: (await again.text()).length };
    }, `/api/classroom/${sessionId}/state.json`);
    expect(polls).toMatchObject({ first: 200, again: 304, body: 0 });
    expect(polls.etag).not.toBe('');
    // The teacher teaches from the lesson's slides with the keys, as in the presenter view.
    await projector.keyboard.press('ArrowRight');
    await projector.keyboard.press('ArrowRight');
    const heading = (await projector.locator('.slide.current').getAttribute('data-heading')) ?? '';
    expect(await projector.locator('.slide.current').getAttribute('data-section')).toBeTruthy();
    await projector.screenshot({ path: `${shots}/classroom-projector-lesson-1920.png` });
    // The notes window follows the lesson's slide, not counting the join slide.
    const [notes] = await Promise.all([teacherContext.waitForEvent('page'), projector.getByRole('button', { name: '教师备注' }).click()]);
    await notes.locator('[data-notes-window][data-ready]').waitFor();
    await expect.poll(() => notes.locator('.note:not([hidden]) h1').textContent()).toBe(heading);
    await notes.close();

    // A pupil of another class is refused in Chinese.
    const stranger = await pupilPhone(browser, app, '2026050201');
    await stranger.page.goto(`${app.url}/classroom/?code=${code}`);
    await stranger.page.getByRole('button', { name: '加入' }).click();
    await stranger.page.getByText('你不是这个班的学生，不能加入这节课').waitFor();
    await stranger.context.close();

    // 小测 in the bar jumps to the quiz slide from any slide.
    await projector.getByRole('button', { name: '小测', exact: true }).click();
    const quiz = projector.locator('#quiz.slide.current');
    await quiz.getByRole('button', { name: '出这道题' }).first().click();
    const stem = (await quiz.locator('.stem').textContent()) ?? '';
    for (const [i, { page }] of phones.entries()) {
      await page
        .locator('.stem')
        .filter({ hasText: stem.slice(0, 8) })
        .waitFor();
      await page.locator('.option').first().click();
      if (i === 0) await page.screenshot({ path: `${shots}/classroom-phone-question-360.png`, fullPage: true });
      await page.getByRole('button', { name: '提交答案' }).click();
      await page.getByText('已提交，等老师公布答案。').waitFor();
    }
    await quiz.getByText('已作答 3 人').waitFor();
    await projector.screenshot({ path: `${shots}/classroom-projector-question-1920.png` });

    await quiz.getByRole('button', { name: '公布答案' }).click();
    await quiz.locator('.explanation').waitFor();
    expect(await quiz.locator('.bars li.key').count()).toBeGreaterThan(0);
    // The projector never names a pupil.
    const projected = (await projector.locator('body').textContent()) ?? '';
    for (const name of ['王小明', '李小红', '张小刚']) expect(projected).not.toContain(name);
    for (const { page } of phones) await page.locator('.explanation').waitFor();
    await projector.screenshot({ path: `${shots}/classroom-projector-1920.png` });
    await phones[0]?.page.screenshot({ path: `${shots}/classroom-phone-360.png`, fullPage: true });

    await quiz.getByRole('button', { name: '下课', exact: true }).click();
    await quiz.getByText('已下课，本节课时已登记到台账（平台记录）。').waitFor();
    for (const { page } of phones) await page.getByText('下课了。课后记得自己完成本课的小测验。').waitFor();

    await quiz.getByRole('link', { name: '查看课时台账' }).click();
    await projector.waitForURL('**/hours/');
    const ledger = projector.locator('tbody tr').filter({ hasText: '平台记录' });
    await ledger.first().waitFor();
    expect(await ledger.first().textContent()).toContain('3 名学生用手机加入');
    await projector.setViewportSize({ width: 360, height: 740 });
    await projector.screenshot({ path: `${shots}/classroom-ledger-360.png`, fullPage: true });

    // The class page lists the lesson taught in class: when, by whom, how many joined.
    await projector.goto(projector.url().replace(/hours\/$/, ''));
    const taught = projector.locator('.taught-list li').first();
    expect(await taught.textContent()).toContain('我会说“不”，也会求助');
    expect(await taught.textContent()).toContain('加入 3 人');
    expect(await taught.textContent()).toContain('陈');
    await projector.locator('#taught-title').scrollIntoViewIfNeeded();
    await projector.screenshot({ path: `${shots}/classroom-class-taught-360.png`, fullPage: true });

    // Each pupil who joined and answered finds the lesson taught in class on their own page, apart from mastery.
    const pupil = phones[0]?.page as Page;
    await pupil.goto(`${app.url}/me/student/`);
    const mine = pupil.locator('.taught-list li').filter({ hasText: '我会说“不”，也会求助' });
    expect(await mine.textContent()).toContain('还没自己测验');
    await pupil.screenshot({ path: `${shots}/classroom-pupil-taught-360.png`, fullPage: true });
    await Promise.all([teacherContext.close(), ...phones.map((p) => p.context.close())]);
  });

  test("the teacher's class page at 360 px has every roster action in reach without sideways scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/login/`);
    await submitAdultSignIn(page, 'chen@qingyuan.test');
    await page.waitForURL('**/me/teacher/');
    await page.goto(`${app.url}/me/classes/00000000-0000-4000-8000-000000000201/`);
    await page.screenshot({ path: `${shots}/class-roster-360.png`, fullPage: true });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > 361)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
        .slice(0, 8),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const controls = page.locator('main button, main select, main input:not([type="hidden"]), main textarea');
    const outside = [];
    for (const control of await controls.all()) {
      const box = await control.boundingBox();
      if (box && (box.x < 0 || box.x + box.width > 360)) outside.push(`${await control.evaluate((e) => e.outerHTML.slice(0, 80))} at ${box.x}-${box.x + box.width}`);
    }
    expect(outside).toEqual([]);
    // 上课 from the phone between lessons: the class and lesson pickers fit as well.
    await page.goto(`${app.url}/me/classroom/start/?class=00000000-0000-4000-8000-000000000201`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${shots}/classroom-start-360.png`, fullPage: true });
    await context.close();
  });
});
