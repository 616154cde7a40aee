import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { changeFirstPassword, callAction, signedIn, sharedApp, type App, type Browserless } from './helpers/app';
import { requireBuild } from './helpers/dist';
import { unflatten } from '~/islands/call-action';

/** Calls a form action the way a script would: urlencoded fields, JSON back. */
async function formAction<T = unknown>(b: Browserless, name: string, fields: Record<string, string | number | undefined>): Promise<{ status: number; data: T; message: string }> {
  const body = new URLSearchParams(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  const r = await fetch(new URL(`/_actions/${name}`, b.base), {
    method: 'POST',
    body,
    headers: { origin: b.base, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie: b.cookieHeader() },
  });
  const json = (await r.json().catch(() => null)) as { message?: string } | null;
  return { status: r.status, data: (r.ok ? unflatten(json) : json) as T, message: json?.message ?? '' };
}

/** Volunteer events through the running app: forms, actions, pages and endpoints. */
let app: App;
let service: SupabaseClient;
let organizer: Browserless;
let wang: Browserless; // 13800138001, 老教师
let zhang: Browserless; // 13800138002, 老医生
let lin: Browserless; // lin.volunteer@qingyuan.test, 大学生

const district = '00000000-0000-4000-8000-000000000001';
const pad = (n: number): string => String(n).padStart(2, '0');
/** A datetime-local value in the city's time (+08:00), hours from now. */
function local(hoursFromNow: number): string {
  const at = new Date(Date.now() + hoursFromNow * 3_600_000 + 8 * 3_600_000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}
const form = (over: Record<string, string> = {}): Record<string, string> => ({
  title: '测试活动',
  kind: 'community',
  districtId: district,
  community: '测试社区',
  startsAt: local(48),
  endsAt: local(50),
  cancelCutoff: local(24),
  capacity: '1',
  eligibility: 'all',
  bring: '马甲',
  description: '',
  contact: '0571-0000 0000',
  ...over,
});

async function createEvent(over: Record<string, string> = {}): Promise<string> {
  const r = await organizer.post('/me/organizer/events/new/?_action=events.saveEvent', form(over));
  if (r.status !== 303) throw new Error(`create: ${r.status} ${(await r.text()).match(/(role="alert"|class="error" id)[^<]*/g)?.join(' | ')}`);
  const id = /events\/([0-9a-f-]{36})\//.exec(r.headers.get('location') ?? '')?.[1];
  if (!id) throw new Error(`no event id in ${r.headers.get('location')}`);
  return id;
}

/** The opening tag of the element with this id, attributes and all. */
function tagWithId(html: string, id: string): string {
  return new RegExp(`<[a-z]+\\s[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
}

/** The text right inside the element with this id, up to its first child. */
function textWithId(html: string, id: string): string | undefined {
  return new RegExp(`\\bid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

/** Moves an event in time (tests cannot wait for the real clock). */
async function shift(eventId: string, startsHours: number, endsHours: number): Promise<void> {
  const starts = new Date(Date.now() + startsHours * 3_600_000);
  const { error } = await service
    .from('events')
    .update({
      starts_at: starts.toISOString(),
      ends_at: new Date(Date.now() + endsHours * 3_600_000).toISOString(),
      cancel_cutoff: new Date(starts.getTime() - 3_600_000).toISOString(),
    })
    .eq('event_id', eventId);
  expect(error).toBeNull();
}

beforeAll(async () => {
  requireBuild();
  app = await sharedApp();
  service = await app.service();
  [organizer, wang, zhang, lin] = await Promise.all([
    signedIn(app, { account: 'organizer@qingyuan.test' }),
    signedIn(app, { account: '13800138001' }),
    signedIn(app, { account: '13800138002' }),
    signedIn(app, { account: 'lin.volunteer@qingyuan.test' }),
  ]);
});

afterAll(async () => {
  await app?.stop();
});

describe('the public list and page', () => {
  test('lists the seeded events for visitors with places, and the page shows the organizer contact but no volunteer phone', async () => {
    const list = await fetch(`${app.url}/events/`);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('6·26国际禁毒日广场宣传');
    expect(html).toContain('志愿活动');
    const page = await (await wang.get('/events/00000000-0000-4000-8000-000000000302/')).text();
    expect(page).toContain('0571-8800 1234');
    expect(page).not.toContain('13800138002');
  });

  test('serves the event as an .ics file', async () => {
    const r = await fetch(`${app.url}/events/00000000-0000-4000-8000-000000000301/calendar.ics`);
    expect(r.headers.get('content-type')).toContain('text/calendar');
    expect(await r.text()).toMatch(/BEGIN:VEVENT[\s\S]*SUMMARY:6·26国际禁毒日广场宣传/);
    expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('6·26国际禁毒日广场宣传.ics')}`);
  });

  test('answers an unknown event with 404', async () => {
    expect((await fetch(`${app.url}/events/00000000-0000-4000-8000-000000009999/`)).status).toBe(404);
  });
});

describe('sign-up, waitlist and promotion', () => {
  test('confirms while seats remain, waitlists in order, refuses a second place, and promotes the first waitlisted on a cancel', async () => {
    const id = await createEvent({ title: '候补测试' });
    const first = await wang.post(`/events/${id}/?_action=events.signUp`, { eventId: id });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('报名成功');
    expect((await formAction<{ status: string; position: number }>(zhang, 'events.signUp', { eventId: id })).data).toEqual({ status: 'waitlisted', position: 1 });
    expect((await formAction<{ status: string; position: number }>(lin, 'events.signUp', { eventId: id })).data).toEqual({ status: 'waitlisted', position: 2 });
    const again = await formAction(wang, 'events.signUp', { eventId: id });
    expect(again.status).toBe(409);
    expect(again.message).toBe('你已经报名了这个活动');

    const cancelled = await formAction<{ promoted: number }>(wang, 'events.cancelSignup', { eventId: id });
    expect(cancelled.data.promoted).toBe(1);
    const home = await (await zhang.get('/me/volunteer/')).text();
    expect(home).toContain('候补测试');
    const { data } = await service.from('event_signups').select('volunteer_id, status').eq('event_id', id).order('queue_no');
    expect(data?.map((r) => r.status)).toEqual(['cancelled', 'confirmed', 'waitlisted']);
    const { data: event } = await service.from('events').select('seats_taken, waitlisted').eq('event_id', id).single();
    expect(event).toEqual({ seats_taken: 1, waitlisted: 1 });
    const linHome = await (await lin.get('/me/volunteer/')).text();
    expect(linHome).toContain('候补第 1 位');
  });

  test('refuses cancelling a confirmed place after the cut-off', async () => {
    const id = await createEvent({ title: '截止测试', capacity: '5' });
    await formAction(wang, 'events.signUp', { eventId: id });
    await service
      .from('events')
      .update({ cancel_cutoff: new Date(Date.now() - 60_000).toISOString() })
      .eq('event_id', id);
    const r = await formAction(wang, 'events.cancelSignup', { eventId: id });
    expect(r.status).toBe(409);
    expect(r.message).toMatch(/取消截止时间/);
  });

  test('refuses a sign-up for a past, cancelled or closed event, and a category event for other categories', async () => {
    const past = await createEvent({ title: '过去的活动' });
    await shift(past, -3, -1);
    const r1 = await formAction(wang, 'events.signUp', { eventId: past });
    expect([r1.status, r1.message]).toEqual([409, '活动已经开始或结束，不能再报名']);

    const cancelled = await createEvent({ title: '要取消的活动' });
    await formAction(zhang, 'events.signUp', { eventId: cancelled });
    expect((await organizer.post(`/me/organizer/events/${cancelled}/?_action=events.cancelEvent`, { eventId: cancelled, reason: '天气原因' })).status).toBe(200);
    const r2 = await formAction(wang, 'events.signUp', { eventId: cancelled });
    expect([r2.status, r2.message]).toEqual([409, '这个活动已取消，不能报名']);
    const zhangHome = await (await zhang.get('/me/volunteer/')).text();
    expect(zhangHome).toContain('天气原因');

    const closed = await createEvent({ title: '停止报名的活动' });
    await formAction(organizer, 'events.setSignupsOpen', { eventId: closed, open: '0' });
    const r3 = await formAction(wang, 'events.signUp', { eventId: closed });
    expect([r3.status, r3.message]).toEqual([409, '这个活动已停止报名']);

    const teachers = await createEvent({ title: '只限老教师', eligibility: 'retired_teacher' });
    expect((await formAction(wang, 'events.signUp', { eventId: teachers })).status).toBe(200);
    expect((await formAction(zhang, 'events.signUp', { eventId: teachers })).status).toBe(403);
  });

  test('refuses sign-ups from organizers and visitors', async () => {
    const r = await formAction(organizer, 'events.signUp', { eventId: '00000000-0000-4000-8000-000000000301' });
    expect([r.status, r.message]).toEqual([403, '只有注册志愿者可以报名活动']);
    const visitor = await fetch(`${app.url}/_actions/events.signUp`, {
      method: 'POST',
      headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'eventId=00000000-0000-4000-8000-000000000301',
    });
    expect(visitor.status).toBe(401);
  });
});

describe('organizer', () => {
  test('refuses bad event input field by field with a 400', async () => {
    const r = await organizer.post('/me/organizer/events/new/?_action=events.saveEvent', form({ endsAt: local(47) }));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('结束时间要晚于开始时间');
    const capacity = await organizer.post('/me/organizer/events/new/?_action=events.saveEvent', form({ capacity: '0' }));
    expect(await capacity.text()).toContain('名额至少 1 人');
  });

  test('a failed save shows every value as typed, each message by its field, and focuses the first field at fault', async () => {
    const typed = form({
      title: '保留输入测试',
      kind: 'family',
      community: '北苑社区',
      startsAt: local(72),
      endsAt: local(71),
      cancelCutoff: local(80),
      capacity: '35',
      eligibility: 'retired_doctor',
      bring: '折页和马甲',
      description: '第一行\n第二行',
      contact: '0571-1234 5678',
    });
    const r = await organizer.post('/me/organizer/events/new/?_action=events.saveEvent', typed);
    expect(r.status).toBe(400);
    const html = await r.text();
    for (const name of ['title', 'community', 'startsAt', 'endsAt', 'cancelCutoff', 'capacity', 'bring', 'contact']) {
      expect(tagWithId(html, `f-${name}`), name).toContain(`value="${typed[name]}"`);
    }
    expect(html).toMatch(/<textarea[^>]*id="f-description"[^>]*>第一行\r?\n第二行<\/textarea>/);
    for (const [name, value] of [
      ['kind', 'family'],
      ['districtId', district],
      ['eligibility', 'retired_doctor'],
    ]) {
      expect(html, name).toMatch(new RegExp(`<option value="${value}" selected`));
    }
    // Each message under its field, tied to it for screen readers; the summary links to the fields.
    for (const [name, message] of [
      ['endsAt', '结束时间要晚于开始时间'],
      ['cancelCutoff', '取消截止时间不能晚于开始时间'],
    ]) {
      const tag = tagWithId(html, `f-${name}`);
      expect(tag).toContain('aria-invalid="true"');
      expect(tag).toContain(`aria-describedby="${name === 'cancelCutoff' ? 'f-cancelCutoff-hint ' : ''}f-${name}-error"`);
      expect(textWithId(html, `f-${name}-error`)).toBe(message);
      expect(html).toContain(`href="#f-${name}"`);
    }
    expect(tagWithId(html, 'f-title')).not.toContain('aria-invalid');
    // The keyboard starts on the first field at fault, and only there.
    expect(tagWithId(html, 'f-endsAt')).toMatch(/\sautofocus/);
    expect(html.match(/\sautofocus/g)).toHaveLength(1);
    const { count } = await service.from('events').select('event_id', { count: 'exact', head: true }).eq('title', '保留输入测试');
    expect(count).toBe(0);
  });

  test('an edit refused by the database keeps what was typed: by the field it concerns, or in a focused summary', async () => {
    const id = await createEvent({ title: '修改保留测试', capacity: '5' });
    await formAction(wang, 'events.signUp', { eventId: id });
    await formAction(zhang, 'events.signUp', { eventId: id });
    const r = await organizer.post(`/me/organizer/events/${id}/edit/?_action=events.saveEvent`, form({ eventId: id, title: '改了但没存', capacity: '1' }));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(tagWithId(html, 'f-title')).toContain('value="改了但没存"');
    const capacity = tagWithId(html, 'f-capacity');
    expect(capacity).toContain('value="1"');
    expect(capacity).toContain('aria-invalid="true"');
    expect(capacity).toMatch(/\sautofocus/);
    expect(textWithId(html, 'f-capacity-error')).toBe('名额不能少于已确认的 2 人');
    const { data } = await service.from('events').select('title, capacity').eq('event_id', id).single();
    expect(data).toEqual({ title: '修改保留测试', capacity: 5 });

    // A refusal about the event as a whole: the summary says it and takes the focus.
    await organizer.post(`/me/organizer/events/${id}/?_action=events.cancelEvent`, { eventId: id, reason: '' });
    const closed = await organizer.post(`/me/organizer/events/${id}/edit/?_action=events.saveEvent`, form({ eventId: id, title: '取消后再改' }));
    expect(closed.status).toBe(409);
    const page = await closed.text();
    expect(page).toMatch(/<div class="form-error" role="alert"[^>]*tabindex="-1"[^>]*autofocus[^>]*>\s*活动已取消或已结束，不能再修改/);
    expect(tagWithId(page, 'f-title')).toContain('value="取消后再改"');
    expect(page.match(/\sautofocus/g)).toHaveLength(1);
  });

  test('edits and copies their event; another organizer is refused with a clear message', async () => {
    const id = await createEvent({ title: '原标题' });
    expect((await organizer.post(`/me/organizer/events/${id}/edit/?_action=events.saveEvent`, form({ eventId: id, title: '新标题', capacity: '3' }))).status).toBe(303);
    const { data } = await service.from('events').select('title, capacity').eq('event_id', id).single();
    expect(data).toEqual({ title: '新标题', capacity: 3 });
    const copy = await formAction<{ eventId: string }>(organizer, 'events.copyEvent', { eventId: id, startsAt: local(24 * 8) });
    expect(copy.status).toBe(200);
    const { data: copied } = await service.from('events').select('title, capacity, seats_taken').eq('event_id', copy.data.eventId).single();
    expect(copied).toEqual({ title: '新标题', capacity: 3, seats_taken: 0 });

    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const login = `org${Date.now()}@qingyuan.test`;
    expect(
      (await office.post('/me/office/?_action=accounts.createStaff', { role: 'organizer', displayName: '城北区 钱干事', account: login, password: 'Qingyuan-2026!' })).status,
    ).toBe(200);
    const other = await changeFirstPassword(await signedIn(app, { account: login, password: 'Qingyuan-2026!' }), 'Qingyuan-2026!');
    const refused = await formAction(other, 'events.saveEvent', { ...form({ eventId: id, title: '改别人的' }) });
    expect([refused.status, refused.message]).toEqual([403, '这不是你组织的活动，不能修改']);
    expect((await formAction(other, 'events.cancelEvent', { eventId: id })).status).toBe(403);
    expect((await formAction(other, 'events.copyEvent', { eventId: id, startsAt: local(24 * 9) })).status).toBe(403);
  });

  test("exports the roster as CSV and XLSX with volunteers' phones for the organizer only", async () => {
    const id = await createEvent({ title: '导出测试', capacity: '5' });
    await formAction(zhang, 'events.signUp', { eventId: id });
    const csv = await organizer.get(`/me/organizer/events/${id}/roster.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(encodeURIComponent('导出测试-报名名单.csv'));
    const text = await csv.text();
    expect(text).toContain('张医生');
    expect(text).toContain('13800138002');
    const xlsx = await organizer.get(`/me/organizer/events/${id}/roster.xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await wang.get(`/me/organizer/events/${id}/roster.csv`)).status).toBe(403);
  });
});

describe('check-in, attendance and hours', () => {
  test('checks in with the current code only, marks by hand, confirms hours, and the volunteer sees them', async () => {
    const id = await createEvent({ title: '签到测试', capacity: '5', kind: 'family' });
    const other = await createEvent({ title: '另一个活动', capacity: '5' });
    for (const b of [wang, zhang, lin]) await formAction(b, 'events.signUp', { eventId: id });
    const early = await callAction(organizer, 'events.checkinCode', { eventId: id });
    expect([early.status, early.message]).toEqual([409, '签到码只在活动时间内有效（开始前 30 分钟至活动结束）']);

    await shift(id, -0.1, 2);
    await shift(other, -0.1, 2);
    const shown = await callAction<{ code: string; url: string; qr: string }>(organizer, 'events.checkinCode', { eventId: id });
    expect(shown.data.code).toMatch(/^\d{6}$/);
    expect(shown.data.url).toContain(`/events/${id}/checkin/?code=${shown.data.code}`);
    expect(shown.data.qr).toContain('<svg');
    const otherCode = (await callAction<{ code: string }>(organizer, 'events.checkinCode', { eventId: other })).data.code;
    if (otherCode !== shown.data.code) {
      const wrong = await formAction(wang, 'events.checkIn', { eventId: id, code: otherCode });
      expect([wrong.status, wrong.message]).toEqual([400, '签到码不对，请核对是本活动屏幕上显示的 6 位数字（还可以再试 4 次）']);
    }
    const page = await wang.post(`/events/${id}/checkin/?_action=events.checkIn`, { eventId: id, code: shown.data.code });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('签到成功');
    expect((await formAction(wang, 'events.logHouseholds', { eventId: id, community: '南苑社区', households: 12 })).status).toBe(200);
    expect((await formAction(wang, 'events.logHouseholds', { eventId: id, community: '南苑社区', households: 0 })).status).toBe(400);

    const { data: lines } = await service.from('event_signups').select('signup_id, volunteer_id').eq('event_id', id);
    const zhangLine = lines?.find((l) => l.volunteer_id === '00000000-0000-4000-8000-000000000142');
    expect((await formAction(organizer, 'events.markAttendance', { eventId: id, signupId: zhangLine?.signup_id, present: '1' })).status).toBe(200);
    const tooEarly = await formAction(organizer, 'events.confirmHours', { eventId: id });
    expect([tooEarly.status, tooEarly.message]).toEqual([409, '活动结束后才能确认志愿时长']);

    await shift(id, -3, -0.5);
    const expired = await formAction(wang, 'events.checkIn', { eventId: id, code: shown.data.code });
    expect(expired.status).toBe(409);
    const confirmed = await formAction<{ confirmed: number }>(organizer, 'events.confirmHours', { eventId: id });
    expect(confirmed.data.confirmed).toBe(2);
    const { data: after } = await service.from('event_signups').select('volunteer_id, status, hours').eq('event_id', id).order('queue_no');
    expect(after?.map((r) => [r.status, r.hours])).toEqual([
      ['attended', 2.5],
      ['attended', 2.5],
      ['absent', null],
    ]);

    const home = await (await wang.get('/me/volunteer/')).text();
    expect(home).toMatch(/已确认志愿时长：\d/);
    const certificate = await (await wang.get('/me/volunteer/certificate/')).text();
    expect(certificate).toContain('签到测试');
    expect(certificate).toContain('志愿服务时长证明');

    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const reach = await (await office.get('/me/office/volunteering/')).text();
    expect(reach).toContain('南苑社区');
  });
});

describe('check-in attempt limit', () => {
  test('after five wrong codes the volunteer is refused for 10 minutes (429) and pointed to the organizer, who can still mark them present', async () => {
    const id = await createEvent({ title: '限次签到测试', capacity: '5' });
    await formAction(lin, 'events.signUp', { eventId: id });
    await shift(id, -0.1, 2);
    const shown = (await callAction<{ code: string }>(organizer, 'events.checkinCode', { eventId: id })).data.code;
    const wrong = ['100000', '200000', '300000', '400000', '500000', '600000'].filter((c) => c !== shown).slice(0, 5);
    const answers = [];
    for (const code of wrong) answers.push(await formAction(lin, 'events.checkIn', { eventId: id, code }));
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
    expect(answers.map((a) => /（(.*)）$/.exec(a.message)?.[1])).toEqual([
      '还可以再试 4 次',
      '还可以再试 3 次',
      '还可以再试 2 次',
      '还可以再试 1 次',
      '已输错 5 次，请 10 分钟后再试，或请组织者现场签到',
    ]);
    // Even the right code is refused now, on the page as through the action.
    const page = await lin.post(`/events/${id}/checkin/?_action=events.checkIn`, { eventId: id, code: shown });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('尝试次数过多，请 10 分钟后再试，或请组织者现场签到');
    const refused = await formAction(lin, 'events.checkIn', { eventId: id, code: shown });
    expect(refused.status).toBe(429);
    const { count } = await service.from('event_checkin_attempts').select('attempt_id', { count: 'exact', head: true }).eq('event_id', id);
    expect(count).toBe(5);

    const { data: line } = await service.from('event_signups').select('signup_id').eq('event_id', id).single();
    expect((await formAction(organizer, 'events.markAttendance', { eventId: id, signupId: line?.signup_id, present: '1' })).status).toBe(200);
    const { data: after } = await service.from('event_signups').select('status').eq('event_id', id).single();
    expect(after?.status).toBe('attended');
  });

  test('the check-in page keeps a wrong code, with the message by the field and the focus on it; not once the limit is reached', async () => {
    const id = await createEvent({ title: '签到码回填测试', capacity: '5' });
    await formAction(zhang, 'events.signUp', { eventId: id });
    await shift(id, -0.1, 2);
    const shown = (await callAction<{ code: string }>(organizer, 'events.checkinCode', { eventId: id })).data.code;
    const wrong = ['111111', '222222', '333333', '444444', '555555', '666666'].filter((c) => c !== shown);
    const url = `/events/${id}/checkin/?_action=events.checkIn`;

    const first = await zhang.post(url, { eventId: id, code: wrong[0] as string });
    expect(first.status).toBe(400);
    const html = await first.text();
    const field = tagWithId(html, 'f-code');
    expect(field).toContain(`value="${wrong[0]}"`);
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('f-code-error');
    expect(field).toMatch(/\sautofocus/);
    expect(html.match(/\sautofocus/g)).toHaveLength(1);
    expect(textWithId(html, 'f-code-error')).toBe('签到码不对，请核对是本活动屏幕上显示的 6 位数字（还可以再试 4 次）');
    expect(html).not.toContain('role="alert"');

    // A malformed code is kept too, with its own message.
    const short = await zhang.post(url, { eventId: id, code: '12a' });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(tagWithId(shortHtml, 'f-code')).toContain('value="12a"');
    expect(textWithId(shortHtml, 'f-code-error')).toBe('请输入 6 位数字签到码');

    // The limit: nothing typed comes back, the refusal stands at the top and takes the focus.
    for (const code of wrong.slice(1, 5)) await formAction(zhang, 'events.checkIn', { eventId: id, code });
    const limited = await zhang.post(url, { eventId: id, code: wrong[0] as string });
    expect(limited.status).toBe(429);
    const limitedHtml = await limited.text();
    expect(tagWithId(limitedHtml, 'f-code')).not.toContain('value="');
    expect(tagWithId(limitedHtml, 'f-code')).not.toContain('aria-invalid');
    expect(limitedHtml).toMatch(/<div class="form-error" role="alert"[^>]*autofocus[^>]*>\s*尝试次数过多/);
  });
});

describe('household-visit corrections', () => {
  test("a volunteer corrects or removes their own entry until the hours are confirmed, never another volunteer's", async () => {
    const id = await createEvent({ title: '入户更正测试', capacity: '5', kind: 'family' });
    for (const b of [wang, zhang]) await formAction(b, 'events.signUp', { eventId: id });
    await shift(id, -0.1, 2);
    expect((await formAction(wang, 'events.logHouseholds', { eventId: id, community: '南苑社区', households: 12 })).status).toBe(200);
    expect((await formAction(zhang, 'events.logHouseholds', { eventId: id, community: '南苑社区', households: 7 })).status).toBe(200);
    const { data: rows } = await service.from('household_visits').select('visit_id, volunteer_id').eq('event_id', id);
    const mine = rows?.find((r) => r.volunteer_id === '00000000-0000-4000-8000-000000000141')?.visit_id as string;
    const theirs = rows?.find((r) => r.volunteer_id === '00000000-0000-4000-8000-000000000142')?.visit_id as string;
    const stored = async (visitId: string): Promise<unknown> => (await service.from('household_visits').select('community, households').eq('visit_id', visitId).maybeSingle()).data;

    // The volunteer's page lists the entry with a correction form; the event page points there.
    const home = await (await wang.get('/me/volunteer/')).text();
    expect(home).toContain('南苑社区：12 户');
    expect(tagWithId(home, `visit-${mine}-households`)).toContain('value="12"');
    expect(home).not.toContain(`visit-${theirs}`);
    expect(await (await wang.get(`/events/${id}/`)).text()).toContain(`/me/volunteer/#visits-${id}`);

    // A bad figure: the form opens again with what was typed, the message by the field, the focus on it.
    const bad = await wang.post('/me/volunteer/?_action=events.updateHouseholds', { visitId: mine, community: '北苑社区', households: '0' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    const field = tagWithId(badHtml, `visit-${mine}-households`);
    expect(field).toContain('value="0"');
    expect(field).toContain('aria-invalid="true"');
    expect(field).toMatch(/\sautofocus/);
    expect(tagWithId(badHtml, `visit-${mine}-community`)).toContain('value="北苑社区"');
    expect(textWithId(badHtml, `visit-${mine}-households-error`)).toBe('入户数至少为 1');
    expect(badHtml).toMatch(/<details open/);

    const fixed = await wang.post('/me/volunteer/?_action=events.updateHouseholds', { visitId: mine, community: '北苑社区', households: '10' });
    expect(fixed.status).toBe(200);
    const fixedHtml = await fixed.text();
    expect(fixedHtml).toContain('入户登记已修改。');
    expect(fixedHtml).toContain('北苑社区：10 户');
    expect(await stored(mine)).toEqual({ community: '北苑社区', households: 10 });

    // Another volunteer's entry: refused, untouched.
    const other = await formAction(wang, 'events.updateHouseholds', { visitId: theirs, community: '改别人的', households: 1 });
    expect([other.status, other.message]).toEqual([403, '这不是你登记的入户数，不能修改']);
    expect((await formAction(wang, 'events.deleteHouseholds', { visitId: theirs })).status).toBe(403);
    expect(await stored(theirs)).toEqual({ community: '南苑社区', households: 7 });

    // Their own, removed.
    const removed = await zhang.post('/me/volunteer/?_action=events.deleteHouseholds', { visitId: theirs });
    expect(removed.status).toBe(200);
    expect(await removed.text()).toContain('入户登记已删除。');
    expect(await stored(theirs)).toBeNull();

    // Once the organizer confirms the hours, the volunteer can no longer change it.
    await shift(id, -3, -0.5);
    const { data: wangsPlace } = await service.from('event_signups').select('signup_id').eq('event_id', id).eq('volunteer_id', '00000000-0000-4000-8000-000000000141').single();
    expect((await formAction(organizer, 'events.markAttendance', { eventId: id, signupId: wangsPlace?.signup_id, present: '1' })).status).toBe(200);
    expect((await formAction(organizer, 'events.confirmHours', { eventId: id })).status).toBe(200);
    const late = await formAction(wang, 'events.updateHouseholds', { visitId: mine, community: '北苑社区', households: 11 });
    expect([late.status, late.message]).toEqual([409, '这个活动的志愿时长已确认，入户数不能再修改；如需更正请联系组织者']);
    expect((await formAction(wang, 'events.deleteHouseholds', { visitId: mine })).status).toBe(409);
    expect(await stored(mine)).toEqual({ community: '北苑社区', households: 10 });
    // Nor add a new entry round the rule.
    const added = await formAction(wang, 'events.logHouseholds', { eventId: id, community: '南苑社区', households: 3 });
    expect([added.status, added.message]).toEqual([409, '这个活动的志愿时长已确认，不能再登记入户数；如需补登请联系组织者']);
    expect((await service.from('household_visits').select('visit_id').eq('event_id', id)).data).toHaveLength(1);
    // Through the page's form (opened before the confirmation), the refusal is shown at the top and takes the focus.
    const latePage = await wang.post('/me/volunteer/?_action=events.updateHouseholds', { visitId: mine, community: '北苑社区', households: '11' });
    expect(latePage.status).toBe(409);
    expect(await latePage.text()).toMatch(/<div class="form-error" role="alert"[^>]*tabindex="-1"[^>]*autofocus[^>]*>\s*这个活动的志愿时长已确认/);
    const lockedHome = await (await wang.get('/me/volunteer/')).text();
    expect(lockedHome).toContain('志愿时长已确认，不能再修改；如需更正请联系组织者。');
    expect(lockedHome).not.toContain(`visit-${mine}-households`);
  });

  test('the organizer corrects and removes entries on the event page, after the hours are confirmed too; another organizer is refused, the office is not', async () => {
    const id = await createEvent({ title: '组织者更正入户测试', capacity: '5', kind: 'family' });
    for (const b of [wang, zhang]) await formAction(b, 'events.signUp', { eventId: id });
    await shift(id, -0.1, 2);
    expect((await formAction(wang, 'events.logHouseholds', { eventId: id, community: '东苑社区', households: 20 })).status).toBe(200);
    expect((await formAction(zhang, 'events.logHouseholds', { eventId: id, community: '西苑社区', households: 5 })).status).toBe(200);
    const { data: rows } = await service.from('household_visits').select('visit_id, volunteer_id').eq('event_id', id);
    const wangs = rows?.find((r) => r.volunteer_id === '00000000-0000-4000-8000-000000000141')?.visit_id as string;
    const zhangs = rows?.find((r) => r.volunteer_id === '00000000-0000-4000-8000-000000000142')?.visit_id as string;
    const stored = async (visitId: string): Promise<unknown> => (await service.from('household_visits').select('community, households').eq('visit_id', visitId).maybeSingle()).data;
    const page = `/me/organizer/events/${id}/`;

    // The hours are confirmed: the volunteer is locked out, the organizer is not.
    await shift(id, -3, -0.5);
    const { data: places } = await service.from('event_signups').select('signup_id').eq('event_id', id);
    for (const p of places ?? []) expect((await formAction(organizer, 'events.markAttendance', { eventId: id, signupId: p.signup_id, present: '1' })).status).toBe(200);
    expect((await formAction(organizer, 'events.confirmHours', { eventId: id })).status).toBe(200);

    // The event page lists each entry with the volunteer's name and a correction form.
    const html = await (await organizer.get(page)).text();
    expect(textWithId(html, `visit-${wangs}-line`)).toBe('王老师（退休教师） · 东苑社区：20 户');
    expect(textWithId(html, `visit-${zhangs}-line`)).toBe('张医生（退休医生） · 西苑社区：5 户');
    expect(tagWithId(html, `visit-${wangs}-households`)).toContain('value="20"');
    expect(html).not.toMatch(/<details open/);

    // A bad figure: the form opens again with what was typed, the message by the field, the focus on it.
    const bad = await organizer.post(`${page}?_action=events.updateHouseholds`, { visitId: wangs, community: '东苑一区', households: '501' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    const field = tagWithId(badHtml, `visit-${wangs}-households`);
    expect(field).toContain('value="501"');
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain(`aria-describedby="visit-${wangs}-households-error"`);
    expect(field).toMatch(/\sautofocus/);
    expect(badHtml.match(/\sautofocus/g)).toHaveLength(1);
    expect(tagWithId(badHtml, `visit-${wangs}-community`)).toContain('value="东苑一区"');
    expect(textWithId(badHtml, `visit-${wangs}-households-error`)).toBe('入户数最多 500');
    expect(tagWithId(badHtml, `visit-${zhangs}-households`)).toContain('value="5"');
    expect(badHtml.match(/<details open/g)).toHaveLength(1);
    expect(await stored(wangs)).toEqual({ community: '东苑社区', households: 20 });

    // Corrected after the confirmation: stored, and the page says so.
    const fixed = await organizer.post(`${page}?_action=events.updateHouseholds`, { visitId: wangs, community: '东苑一区', households: '18' });
    expect(fixed.status).toBe(200);
    const fixedHtml = await fixed.text();
    expect(fixedHtml).toContain('入户登记已修改。');
    expect(textWithId(fixedHtml, `visit-${wangs}-line`)).toBe('王老师（退休教师） · 东苑一区：18 户');
    expect(await stored(wangs)).toEqual({ community: '东苑一区', households: 18 });

    // Another organizer: the Chinese refusal, 403, nothing changed.
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const login = `org${Date.now()}v@qingyuan.test`;
    expect(
      (await office.post('/me/office/?_action=accounts.createStaff', { role: 'organizer', displayName: '城南区 孙干事', account: login, password: 'Qingyuan-2026!' })).status,
    ).toBe(200);
    const other = await changeFirstPassword(await signedIn(app, { account: login, password: 'Qingyuan-2026!' }), 'Qingyuan-2026!');
    const refused = await formAction(other, 'events.updateHouseholds', { visitId: zhangs, community: '改别人的', households: 1 });
    expect([refused.status, refused.message]).toEqual([403, '这不是你组织的活动，不能修改它的入户登记']);
    const notRemoved = await formAction(other, 'events.deleteHouseholds', { visitId: zhangs });
    expect([notRemoved.status, notRemoved.message]).toEqual([403, '这不是你组织的活动，不能修改它的入户登记']);
    expect(await stored(zhangs)).toEqual({ community: '西苑社区', households: 5 });
    expect(await stored(wangs)).toEqual({ community: '东苑一区', households: 18 });

    // The office may correct any entry.
    expect((await formAction(office, 'events.updateHouseholds', { visitId: zhangs, community: '西苑社区', households: 6 })).status).toBe(200);
    expect(await stored(zhangs)).toEqual({ community: '西苑社区', households: 6 });

    // The organizer removes an entry made by mistake.
    const removed = await organizer.post(`${page}?_action=events.deleteHouseholds`, { visitId: zhangs });
    expect(removed.status).toBe(200);
    const removedHtml = await removed.text();
    expect(removedHtml).toContain('入户登记已删除。');
    expect(removedHtml).not.toContain(`visit-${zhangs}`);
    expect(await stored(zhangs)).toBeNull();
  });
});
