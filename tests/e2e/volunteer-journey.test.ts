import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, submitAdultSignIn } from '../helpers/browser';
import { startApp, type App } from '../helpers/app';
import { requireBuild } from '../helpers/dist';

const pad = (n: number): string => String(n).padStart(2, '0');
/** A datetime-local value in the city's time (+08:00), hours from now. */
function local(hoursFromNow: number): string {
  const at = new Date(Date.now() + hoursFromNow * 3_600_000 + 8 * 3_600_000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** The clock cannot be waited for in a test: the event is moved to now, then into the past. */
async function move(service: SupabaseClient, eventId: string, startsHours: number, endsHours: number): Promise<void> {
  const starts = new Date(Date.now() + startsHours * 3_600_000);
  const { error } = await service
    .from('events')
    .update({
      starts_at: starts.toISOString(),
      ends_at: new Date(Date.now() + endsHours * 3_600_000).toISOString(),
      cancel_cutoff: new Date(starts.getTime() - 3_600_000).toISOString(),
    })
    .eq('event_id', eventId);
  if (error) throw new Error(error.message);
}

describe.runIf(browserAvailable())('a volunteer journey', () => {
  let app: App;
  let browser: Browser;
  let volunteer: Page;
  let organizer: Page;

  beforeAll(async () => {
    requireBuild();
    app = await startApp();
    browser = await launchBrowser();
    volunteer = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    organizer = await (await browser.newContext({ viewport: { width: 1024, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('registers, signs up, checks in with the code and sees the hours once the organizer confirms', async () => {
    // The organizer publishes an event for tomorrow.
    await organizer.goto(`${app.url}/login/?next=/me/organizer/events/new/`);
    await submitAdultSignIn(organizer, 'organizer@qingyuan.test');
    await organizer.waitForURL('**/me/organizer/events/new/');
    await organizer.getByLabel('活动标题').fill('端到端：社区禁毒宣讲');
    await organizer.getByLabel('活动类型').selectOption('community');
    await organizer.getByLabel('社区或地点').fill('南苑社区活动室');
    await organizer.getByLabel('开始时间', { exact: true }).fill(local(24));
    await organizer.getByLabel('结束时间').fill(local(26));
    await organizer.getByLabel('取消截止时间').fill(local(12));
    await organizer.getByLabel('名额').fill('10');
    await organizer.getByLabel('你的工作联系方式').fill('0571-8800 1234');
    await organizer.getByRole('button', { name: '保存活动' }).click();
    await organizer.waitForURL(/\/me\/organizer\/events\/[0-9a-f-]{36}\/\?saved=1$/);
    const eventId = /events\/([0-9a-f-]{36})\//.exec(organizer.url())?.[1] ?? '';

    // A new volunteer registers on a phone and signs up.
    await volunteer.goto(`${app.url}/register/`);
    await volunteer.getByLabel('称呼').fill('小周（大学生）');
    await volunteer.getByLabel('手机号或邮箱').fill(`zhou${Date.now()}@qingyuan.test`);
    await volunteer.getByLabel('新密码', { exact: true }).fill('Qingyuan-2026!');
    await volunteer.getByLabel('再输一次新密码').fill('Qingyuan-2026!');
    await volunteer.getByLabel('我已阅读并同意').check();
    await volunteer.getByRole('button', { name: '注册' }).click();
    await volunteer.waitForURL('**/me/volunteer/');
    await volunteer.getByRole('link', { name: '查看近期活动' }).click();
    await volunteer.getByRole('link', { name: '端到端：社区禁毒宣讲' }).click();
    await volunteer.getByRole('button', { name: '报名参加' }).click();
    await volunteer.getByText('报名成功，已确认名额。').waitFor();

    // At the event the organizer shows the code; the volunteer types it in.
    const service = await app.service();
    await move(service, eventId, -0.1, 2);
    await organizer.goto(`${app.url}/me/organizer/events/${eventId}/checkin/`);
    const digits = ((await organizer.locator('.digits').textContent()) ?? '').replace(/\D/g, '').slice(-6);
    expect(digits).toMatch(/^\d{6}$/);
    await volunteer.goto(`${app.url}/events/${eventId}/`);
    await volunteer.getByRole('link', { name: '现场签到' }).click();
    await volunteer.getByLabel('签到码').fill(digits);
    await volunteer.getByRole('button', { name: '签到' }).click();
    await volunteer.getByText('签到成功').waitFor();

    // On the organizer's phone the attendance buttons sit in reach, not to the right of a scrolling table,
    // and the public page dials the organizer's number with one tap.
    await organizer.setViewportSize({ width: 360, height: 740 });
    await organizer.goto(`${app.url}/me/organizer/events/${eventId}/`);
    const absent = organizer.getByRole('button', { name: '小周（大学生）：缺席' });
    const box = await absent.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    expect(await organizer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await organizer.screenshot({ path: '.bench/shots/e2e-organizer-roster-360.png', fullPage: true });
    await organizer.setViewportSize({ width: 1024, height: 800 });
    await volunteer.goto(`${app.url}/events/${eventId}/`);
    expect(await volunteer.locator('a[href="tel:057188001234"]').textContent()).toBe('0571-8800 1234');

    // After the event the organizer confirms the hours; the volunteer sees them and the certificate.
    await move(service, eventId, -2.5, -0.5);
    await organizer.goto(`${app.url}/me/organizer/events/${eventId}/`);
    await organizer.getByRole('button', { name: '确认志愿时长' }).click();
    await organizer.getByText('志愿时长已确认：1 名到场的志愿者获得了时长。').waitFor();
    await volunteer.goto(`${app.url}/me/volunteer/`);
    expect(await volunteer.locator('main').textContent()).toContain('已确认志愿时长：2 小时');
    await volunteer.getByRole('link', { name: '打印志愿服务时长证明' }).click();
    expect(await volunteer.locator('main').textContent()).toContain('端到端：社区禁毒宣讲');
  });
});
