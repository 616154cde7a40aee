import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';
import { answerKeys } from '../helpers/keys';

/** Answers every drawn question of the quiz on the page, rightly or wrongly, by clicking as a pupil would. */
async function answerAll(page: Page, quizId: string, right: boolean): Promise<void> {
  const keys = answerKeys(quizId);
  const fieldsets = page.locator('.quiz fieldset');
  await page.locator('.quiz fieldset input:enabled').first().waitFor();
  for (const fieldset of await fieldsets.all()) {
    const id = ((await fieldset.getAttribute('id')) ?? '').replace(/^q-/, '');
    const entry = keys.get(id);
    if (!entry) throw new Error(`unknown question ${id}`);
    const choice = right ? entry.key : entry.wrong;
    const values = Array.isArray(choice) ? choice : [String(choice)];
    for (const value of values) await fieldset.locator(`input[value="${value}"]`).check();
  }
}

describe.runIf(browserAvailable())('a student journey', () => {
  let app: App;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireBuild();
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('signs in, fails a quiz once, passes it, masters the band and gets the certificate', async () => {
    await page.goto(`${app.url}/login/`);
    const studentForm = page.locator('form', { has: page.getByLabel('学号') });
    await studentForm.getByLabel('学校代码').fill('QYXX01');
    await studentForm.getByLabel('学号').fill('2026030101');
    await studentForm.getByLabel('密码').fill('xuesheng2026');
    await studentForm.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/me/student/');
    expect(await page.locator('main').textContent()).toContain('已掌握 0 / 2 节');

    for (const [index, quizId] of ['disguised-drugs', 'saying-no'].entries()) {
      await page
        .getByRole('link', { name: index === 0 ? '擦亮眼睛：认出伪装的毒品' : '我会说“不”，也会求助' })
        .first()
        .click();
      await page.locator('.quiz').scrollIntoViewIfNeeded();
      const quiz = page.locator('.quiz');
      await quiz.getByRole('button', { name: '开始测验' }).click();
      if (index === 0) {
        await answerAll(page, quizId, false);
        await quiz.getByRole('button', { name: '提交答案' }).click();
        await quiz.getByRole('status').filter({ hasText: '还差一点' }).waitFor();
        await quiz.getByRole('button', { name: '再练一次' }).click();
      }
      await answerAll(page, quizId, true);
      await quiz.getByRole('button', { name: '提交答案' }).click();
      await quiz.getByRole('status').filter({ hasText: '通过' }).waitFor();
      expect(await quiz.locator('.standing').textContent()).toContain('已掌握');
      await page.goto(`${app.url}/me/student/`);
    }

    expect(await page.locator('main').textContent()).toContain('已掌握 2 / 2 节');
    await page.getByRole('button', { name: '领取证书' }).click();
    await page.waitForURL('**/me/certificate/');
    const certificate = await page.locator('main').textContent();
    expect(certificate).toContain('禁毒预防教育学习证书');
    expect(certificate).toMatch(/证书编号：[A-Z2-9]{10}/);
    // An official document: the issuing school with its seal, a signature line, the issue date, and a print button.
    expect(certificate).toContain('颁发单位（盖章）：清源实验小学');
    expect(certificate).toContain('校长签字：');
    expect(certificate).toMatch(/日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.getByRole('button', { name: '打印证书' }).count()).toBe(1);
    await page.screenshot({ path: '.bench/shots/e2e-certificate.png' });
  });
});
