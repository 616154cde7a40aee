import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, submitAdultSignIn } from '../helpers/browser';
import { startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';

describe.runIf(browserAvailable())('a demonstration-school journey', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    requireBuild();
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signIn(account: string, home: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${app.url}/login/`);
    await submitAdultSignIn(page, account);
    await page.waitForURL(`**${home}`);
    return page;
  }

  /** The dashboard's count of approved municipal demonstration schools, as the office sees it in the targets table. */
  async function municipalOnDashboard(office: Page): Promise<string> {
    await office.goto(`${app.url}/me/office/`);
    await office.getByRole('link', { name: '全市统计' }).click();
    const row = office.getByRole('row').filter({ has: office.getByRole('rowheader', { name: '市级示范学校（所）' }) });
    return (await row.getByRole('cell').first().textContent()) ?? '';
  }

  const itemIds = async (page: Page): Promise<string[]> => page.locator('article.item').evaluateAll((els) => els.map((e) => e.id));

  test('a school fills and submits its file, the office returns it, the school fixes it, the office approves, and the dashboard counts it', { timeout: 180_000 }, async () => {
    const school = await signIn('admin.xx@qingyuan.test', '/me/school/');
    await school.getByRole('link', { name: '示范学校创建档案' }).click();
    await school.getByRole('button', { name: /建立档案.*市级示范学校/ }).click();
    await school.waitForURL(/\/me\/school\/demonstration\/[0-9a-f-]{36}\/$/);
    const fileUrl = school.url();
    await school.getByText('已完成 0/21 项').waitFor();

    const ids = await itemIds(school);
    expect(ids).toHaveLength(21);
    for (const id of ids) {
      const item = school.locator(`#${id}`);
      await item.getByLabel('达标', { exact: true }).check();
      const max = await item.getByLabel(/^自评分/).getAttribute('max');
      await item.getByLabel(/^自评分/).fill(max ?? '0');
      await item.getByLabel('说明').fill('材料见附件');
      await item.getByRole('button', { name: /^保存/ }).click();
      await item.getByText(/^✓ 已保存：/).waitFor();
      // The page comes back at the item just saved, not at the top.
      expect(new URL(school.url()).hash).toBe(`#${id}`);
    }
    const first = school.locator(`#${ids[0]}`);
    await first.getByLabel('上传佐证文件').setInputFiles({ name: '领导小组文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF') });
    await first.getByRole('button', { name: /^上传\s*：/ }).click();
    await school.getByRole('link', { name: '领导小组文件.pdf' }).waitFor();
    await school.getByText('已完成 21/21 项（100%）').waitFor();
    await school.getByRole('button', { name: '提交审核' }).click();
    await school.getByText('档案已提交，市禁毒办审核期间不能修改。').waitFor();
    expect(await school.locator('article.item form').count()).toBe(0);

    const office = await signIn('office@qingyuan.test', '/me/office/');
    expect(await municipalOnDashboard(office)).toBe('0 所');
    await office.goto(`${app.url}/me/office/`);
    await office.getByRole('link', { name: '示范学校档案审核' }).click();
    await office.getByRole('link', { name: '清源实验小学' }).click();
    await office.waitForURL(/\/me\/office\/demonstration\/[0-9a-f-]{36}\/$/);
    const reviewUrl = office.url();
    await office.getByLabel('审核意见（退回时必填）').fill('请补充领导小组会议记录');
    await office.getByRole('button', { name: '退回修改' }).click();
    await office.getByText('档案已退回学校修改。').waitFor();

    await school.goto(fileUrl);
    await school.getByRole('note').filter({ hasText: '请补充领导小组会议记录' }).waitFor();
    const fix = school.locator(`#${ids[0]}`);
    await fix.getByLabel('说明').fill('已补充本学年两次领导小组会议记录');
    await fix.getByRole('button', { name: /^保存/ }).click();
    await fix.getByText(/^✓ 已保存：/).waitFor();
    await school.getByRole('button', { name: '提交审核' }).click();
    await school.getByText('档案已提交，市禁毒办审核期间不能修改。').waitFor();

    await office.goto(reviewUrl);
    for (const id of await itemIds(office)) {
      const item = office.locator(`#${id}`);
      const max = await item.getByLabel(/^市禁毒办评分/).getAttribute('max');
      await item.getByLabel(/^市禁毒办评分/).fill(max ?? '0');
      await item.getByRole('button', { name: /^保存评分/ }).click();
      await item.getByText(/^✓ 评分已保存：/).waitFor();
    }
    await office.getByText('市禁毒办评分合计 100 分，达标分 80 分。').waitFor();
    await office.getByRole('button', { name: '审核通过' }).click();
    await office.getByText('档案已审核通过，学校已列入公开名单。').waitFor();
    await office.screenshot({ path: '.bench/shots/e2e-demonstration-approved.png', fullPage: true });
    expect(await municipalOnDashboard(office)).toBe('1 所');

    await school.goto(fileUrl);
    await school.getByText('档案已通过审核。如需修改，请联系市禁毒办重新打开。').waitFor();
    const visitor = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await visitor.goto(`${app.url}/demonstration/`);
    await visitor.getByRole('link', { name: '已通过审核的示范学校' }).click();
    await visitor.getByRole('rowheader', { name: '清源实验小学' }).waitFor();
  });
});
