import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, submitAdultSignIn } from '../helpers/browser';
import { changeFirstPassword, signedIn, startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';

/**
 * Issue 14 on a phone: the office registers a unit and its manager; the manager opens the QR
 * poster; a worker follows the poster's link, reads the course, takes the check (a failed try,
 * then a pass) and opens the slip; the manager sees the completion, the office its figures.
 * Screenshots go to .bench/shots/wp-*.png.
 */
describe.runIf(browserAvailable())('a unit manager and a worker on a phone', () => {
  let app: App;
  let browser: Browser;
  let code = '';

  beforeAll(async () => {
    requireBuild();
    app = await startApp();
    browser = await launchBrowser();
    mkdirSync('.bench/shots', { recursive: true });
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    await office.post('/me/office/units/?_action=workplaces.registerUnit', {
      districtId: '00000000-0000-4000-8000-000000000001',
      kind: 'logistics',
      name: '城南快递网点',
      contactName: '李经理',
      contactPhone: '0571-1234567',
    });
    await office.post('/me/office/sites/?_action=workplaces.addPlace', {
      districtId: '00000000-0000-4000-8000-000000000001',
      town: '城南街道',
      name: '清源社区',
      kind: 'community',
    });
    await office.post('/me/office/sites/?_action=workplaces.addPlace', { districtId: '00000000-0000-4000-8000-000000000002', town: '城北镇', name: '北山村', kind: 'village' });
    const db = await app.service();
    const unit = (await db.from('units').select('unit_id, qr_code').single<{ unit_id: string; qr_code: string }>()).data;
    const place = (await db.from('places').select('place_id').eq('name', '清源社区').single<{ place_id: string }>()).data;
    await office.post('/me/office/sites/?_action=workplaces.addSite', { placeId: place?.place_id ?? '', kind: 'board', name: '清源社区禁毒宣传栏' });
    await office.post('/me/office/units/?_action=workplaces.createManager', {
      unitId: unit?.unit_id ?? '',
      displayName: '李经理',
      account: 'li.manager@example.com',
      password: 'Kuaidi-Wangdian-2026',
    });
    await changeFirstPassword(await signedIn(app, { account: 'li.manager@example.com', password: 'Kuaidi-Wangdian-2026' }), 'Kuaidi-Wangdian-2026', 'Kuaidi-Wangdian-2026-own');
    code = unit?.qr_code ?? '';
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function phone(account?: { login: string; password?: string }, width = 360): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width, height: 740 } })).newPage();
    if (account) {
      await page.goto(new URL('/login/', app.url).href);
      await submitAdultSignIn(page, account.login, account.password);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    }
    return page;
  }
  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: `.bench/shots/wp-${name}-${page.viewportSize()?.width ?? 0}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }

  test('the manager prints the poster whose link the worker follows to a course, a check and a slip', async () => {
    const manager = await phone({ login: 'li.manager@example.com', password: 'Kuaidi-Wangdian-2026-own' });
    await manager.goto(new URL('/me/unit/poster/', app.url).href);
    await shot(manager, 'poster');
    const link = (await manager.getByText(/\/w\/[A-Z0-9]{10}\/$/).textContent())?.trim() ?? '';
    expect(link).toMatch(new RegExp(`/w/${code}/$`));

    const worker = await phone();
    await worker.goto(new URL(`/w/${code}/`, app.url).href);
    await shot(worker, 'unit');
    await worker.getByRole('link', { name: '寄递物流从业人员' }).click();
    await expect(worker.locator('figure.scene').count()).resolves.toBeGreaterThanOrEqual(4);
    await shot(worker, 'course');
    await worker.getByLabel('姓名').fill('陈小明');
    await worker.getByLabel('手机号后4位').fill('12a4');
    await worker.getByRole('button', { name: '开始考核' }).click();
    await expect(worker.getByText('请填写手机号的后 4 位数字').first().isVisible()).resolves.toBe(true);
    await expect(worker.getByLabel('姓名').inputValue()).resolves.toBe('陈小明');
    await shot(worker, 'course-error');
    await worker.getByLabel('手机号后4位').fill('1234');
    await worker.getByRole('button', { name: '开始考核' }).click();
    await worker.waitForURL(/\/w\/check\//);
    await shot(worker, 'check');
    // Nothing chosen: a failed check, and the way back to the course.
    await worker.getByRole('button', { name: '提交答案' }).click();
    await expect(worker.getByText('这次没有通过').isVisible()).resolves.toBe(true);
    await shot(worker, 'failed');
    // Back to the course, and this time every answer from the bank's key: a pass and the slip.
    const bank = parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'quizzes', 'self-check-logistics.yaml'), 'utf8')) as {
      questions: { id: string; answer: unknown }[];
    };
    await worker.getByRole('link', { name: '复习课程后再考一次' }).click();
    await worker.getByLabel('姓名').fill('陈小明');
    await worker.getByLabel('手机号后4位').fill('1234');
    await worker.getByRole('button', { name: '开始考核' }).click();
    await worker.waitForURL(/\/w\/check\//);
    for (const q of bank.questions) {
      for (const value of [q.answer].flat()) {
        const box = worker.locator(`input[name="q.${q.id}"][value="${String(value)}"]`);
        if ((await box.count()) > 0) await box.check();
      }
    }
    await worker.getByRole('button', { name: '提交答案' }).click();
    await expect(worker.getByText('考核通过').first().isVisible()).resolves.toBe(true);
    await shot(worker, 'passed');
    await worker.getByRole('link', { name: '查看并打印结业单' }).click();
    await expect(worker.getByText('陈小明').isVisible()).resolves.toBe(true);
    await shot(worker, 'slip');
  });

  test('the office sees units, 六进 and site coverage; the manager the month table', async () => {
    const office = await phone({ login: 'office@qingyuan.test' });
    await office.goto(new URL('/me/office/units/', app.url).href);
    await expect(
      office
        .getByRole('cell', { name: '城南快递网点' })
        .or(office.getByRole('rowheader', { name: '城南快递网点' }))
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await shot(office, 'office-units');
    await office.goto(new URL('/me/office/sites/', app.url).href);
    await expect(office.getByText('未覆盖的村（社区）：2 个').isVisible()).resolves.toBe(true);
    await shot(office, 'office-sites');
    const wide = await phone({ login: 'office@qingyuan.test' }, 1920);
    await wide.goto(new URL('/me/office/sites/', app.url).href);
    await shot(wide, 'office-sites');
    const manager = await phone({ login: 'li.manager@example.com', password: 'Kuaidi-Wangdian-2026-own' });
    await manager.goto(new URL('/me/unit/', app.url).href);
    await shot(manager, 'manager');
  });
});
