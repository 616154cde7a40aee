import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, submitAdultSignIn } from '../helpers/browser';
import { startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';

/** A city-time value for a datetime-local field, `hours` from now. */
const local = (hours: number): string => new Date(Date.now() + 8 * 3_600_000 + hours * 3_600_000).toISOString().slice(0, 16);
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.runIf(browserAvailable())('an effect-evaluation journey', () => {
  let app: App;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireBuild();
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const fresh = async (width = 360, height = 740): Promise<Page> => {
    await page?.context().close();
    page = await (await browser.newContext({ viewport: { width, height } })).newPage();
    return page;
  };
  const signInAdult = async (account: string): Promise<void> => {
    await fresh();
    await page.goto(`${app.url}/login/`);
    await submitAdultSignIn(page, account);
    await page.waitForURL('**/me/**');
  };

  test('office opens a round; the teacher releases it; two pupils answer; the school sees withheld cells; a seeded round shows figures', async () => {
    // The office opens a round for 清源实验小学, its posttest open now.
    await signInAdult('office@qingyuan.test');
    await page.goto(`${app.url}/me/evaluation/`);
    await page.getByLabel('名称').fill('2026学年效果评估（演示）');
    await page.getByLabel('清源实验小学').check();
    await page.getByLabel('前测开始').fill(local(-72));
    await page.getByLabel('前测结束').fill(local(-48));
    await page.getByLabel('后测开始').fill(local(-1));
    await page.getByLabel('后测结束').fill(local(3));
    await page.getByLabel('随机种子（可不填）').fill('2026');
    await page.getByRole('button', { name: '开启评估并抽签' }).click();
    await page.waitForLoadState();
    await page.screenshot({ path: '.bench/shots/e2e-evaluation-office.png', fullPage: true });
    await page.getByText('已开启“2026学年效果评估（演示）”').waitFor();
    await page.screenshot({ path: '.bench/shots/e2e-evaluation-office.png', fullPage: true });

    // The teacher sees the windows on the class page and releases the posttest.
    await signInAdult('chen@qingyuan.test');
    await page.goto(`${app.url}/me/classes/${id(201)}/`);
    await page.getByRole('link', { name: '效果评估问卷（前测、后测）' }).click();
    await page.getByText('2026学年效果评估（演示）').waitFor();
    await page.getByRole('button', { name: '发布到学生手机' }).click();
    await page.getByText('已发布，学生现在可以在手机上填写。').waitFor();
    await page.screenshot({ path: '.bench/shots/e2e-evaluation-teacher.png', fullPage: true });

    // Two pupils answer on their phones; a second try is refused.
    for (const number of ['2026030101', '2026030102']) {
      await fresh();
      await page.goto(`${app.url}/login/`);
      const form = page.locator('form', { has: page.getByLabel('学号') });
      await form.getByLabel('学校代码').fill('QYXX01');
      await form.getByLabel('学号').fill(number);
      await form.getByLabel('密码').fill('xuesheng2026');
      await form.getByRole('button', { name: '登录' }).click();
      await page.waitForURL('**/me/student/');
      await page.getByRole('link', { name: '问卷' }).click();
      await page.getByRole('link', { name: '开始填写' }).click();
      for (const group of await page.locator('fieldset.item').all()) await group.locator('input[type=radio]').nth(1).check();
      if (number.endsWith('1')) await page.screenshot({ path: '.bench/shots/e2e-evaluation-pupil.png', fullPage: true });
      await page.getByRole('button', { name: '提交问卷' }).click();
      await page.getByText('提交成功，谢谢你认真填写！').waitFor();
      await page.goto(`${app.url}/me/survey/`);
      await page.getByText('你已经填好了，谢谢！').waitFor();
    }

    // Once the posttest has closed (moved into the past here), the school sees only withheld cells.
    const service = await app.service();
    const { data: rounds } = await service.from('evaluation_rounds').select('round_id').eq('title', '2026学年效果评估（演示）');
    const roundId = String(rounds?.[0]?.round_id);
    await service
      .from('evaluation_rounds')
      .update({ post_closes_at: new Date(Date.now() - 60_000).toISOString() })
      .eq('round_id', roundId);
    await signInAdult('admin.xx@qingyuan.test');
    await page.goto(`${app.url}/me/evaluation/`);
    await page.getByRole('link', { name: '2026学年效果评估（演示）' }).click();
    await page.getByText('不足 10 人，不显示').first().waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toMatch(/\d+\.\d（\d/);
    await page.screenshot({ path: '.bench/shots/e2e-evaluation-school.png', fullPage: true });

    // A seeded round with closed windows: 30 pupils in each of classes 201 and 202, pre and post.
    const seeded = id(990_001);
    await service.from('evaluation_rounds').insert({
      round_id: seeded,
      school_year: 2026,
      title: '已结束的评估（演示数据）',
      bands: ['primary-middle', 'primary-upper'],
      seed: 1,
      pre_opens_at: '2026-09-01T00:00:00Z',
      pre_closes_at: '2026-09-10T00:00:00Z',
      post_opens_at: '2026-11-01T00:00:00Z',
      post_closes_at: '2026-11-10T00:00:00Z',
    });
    await service.from('evaluation_round_schools').insert({ round_id: seeded, school_id: id(11) });
    await service.from('evaluation_classes').insert([
      { round_id: seeded, class_id: id(201), school_id: id(11), grade: 3, band: 'primary-middle', survey_id: 'primary-upper', survey_version: 1, arm: 'pretest' },
      { round_id: seeded, class_id: id(202), school_id: id(11), grade: 5, band: 'primary-upper', survey_id: 'primary-upper', survey_version: 1, arm: 'posttest_only' },
    ]);
    const score = (i: number, shift: number): number => Math.min(100, 40 + ((i * 37) % 41) + shift);
    const responses = [
      ...Array.from({ length: 30 }, (_, i) => ({ class_id: id(201), phase: 'pre', shift: 0, i })),
      ...Array.from({ length: 30 }, (_, i) => ({ class_id: id(201), phase: 'post', shift: 15, i })),
      ...Array.from({ length: 30 }, (_, i) => ({ class_id: id(202), phase: 'post', shift: 10, i })),
    ].map(({ class_id, phase, shift, i }) => ({
      round_id: seeded,
      class_id,
      phase,
      answers: {},
      knowledge: score(i, shift),
      harm: score(i + 3, shift),
      norms: score(i + 7, shift),
      refusal: score(i + 11, shift),
      intention: score(i + 13, shift),
    }));
    const { error } = await service.from('evaluation_responses').insert(responses);
    expect(error).toBeNull();
    await signInAdult('office@qingyuan.test');
    await fresh(1920, 1080);
    await page.goto(`${app.url}/login/`);
    await submitAdultSignIn(page, 'office@qingyuan.test');
    await page.waitForURL('**/me/**');
    await page.goto(`${app.url}/me/evaluation/${seeded}/`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/\d+\.\d（\d+\.\d–\d+\.\d）/);
    expect(text).toContain('按学段');
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: '.bench/shots/e2e-evaluation-results-1920.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: '.bench/shots/e2e-evaluation-results-360.png', fullPage: true });
  });
});
