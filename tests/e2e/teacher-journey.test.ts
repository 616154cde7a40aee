import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, submitAdultSignIn } from '../helpers/browser';
import { startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';

describe.runIf(browserAvailable())('a teacher journey', () => {
  let app: App;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireBuild();
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('imports a roster, assigns a lesson, logs a class hour and exports the results', async () => {
    await page.goto(`${app.url}/login/`);
    await submitAdultSignIn(page, 'chen@qingyuan.test');
    await page.waitForURL('**/me/teacher/');
    await page.getByRole('link', { name: '三年级（1）班' }).first().click();

    await page.getByLabel('粘贴名单').fill('学号\t姓名\nJ2026001\t孔一\nJ2026002\t曹二');
    await page.getByRole('button', { name: '检查并导入' }).click();
    await page.getByText('已导入 2 名学生').waitFor();
    expect(await page.locator('.slip').count()).toBe(2);
    await page.screenshot({ path: '.bench/shots/e2e-slips.png', fullPage: true });

    await page.getByRole('link', { name: '成绩' }).click();
    await page.getByLabel('我会说“不”，也会求助').check();
    await page.getByLabel('截止日期（可不填）').fill('2026-12-20');
    await page.getByRole('button', { name: '布置', exact: true }).click();
    await page.getByText('已布置 1 节课').waitFor();

    await page.getByRole('link', { name: '课时台账' }).click();
    await page.getByLabel('主题（不选课程时必填）').fill('6·26 禁毒主题班会');
    await page.getByLabel('形式').selectOption('class-meeting');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText('已登记。').waitFor();
    expect(await page.locator('main').textContent()).toContain('6·26 禁毒主题班会');
    // On a phone each ledger entry is a card: 修改 and the teacher's name are in reach without sideways scrolling.
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    const fix = page.getByRole('link', { name: /^修改：.*6·26 禁毒主题班会/ });
    const box = await fix.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    const teacherCell = await page.locator('td[data-label="授课教师"]').first().boundingBox();
    expect(teacherCell && teacherCell.x + teacherCell.width <= 360).toBe(true);
    await page.screenshot({ path: '.bench/shots/e2e-ledger-360.png', fullPage: true });
    if (wide) await page.setViewportSize(wide);

    await page.getByRole('link', { name: '成绩' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).click()]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(download.suggestedFilename()).toBe('三年级（1）班-禁毒课程成绩.csv');
    expect(csv).toContain('孔一');
    expect(csv.split('\r\n')[0]).toContain('我会说“不”，也会求助·最好成绩');
  });
});
