import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { schoolYearOf } from '~/lib/domain/contest';
import { addDemoActivity } from '../scripts/demo-activity';
import { Browserless, signedIn, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

/**
 * The office dashboard through the running app: the page, its volunteering figures and the
 * exports, on the demo data (whose events are placed relative to the moment the seed ran).
 */
let app: App;
let office: Browserless;
const year = schoolYearOf(new Date());
const text = async (r: Response): Promise<string> => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** What the dashboard should count, worked out from the tables through the service role. */
async function expectedVolunteering(): Promise<{ events: number; volunteers: number; hours: number }> {
  const db = await app.service();
  const from = new Date(Date.UTC(year, 8, 1) - 8 * 3600_000).toISOString();
  const to = new Date(Date.UTC(year + 1, 8, 1) - 8 * 3600_000).toISOString();
  const { data: events } = await db
    .from('events')
    .select('event_id')
    .neq('status', 'cancelled')
    .gte('starts_at', from)
    .lt('starts_at', to)
    .lte('starts_at', new Date().toISOString());
  const ids = (events ?? []).map((e) => String(e.event_id));
  const { data: attended } = await db.from('event_signups').select('volunteer_id, hours').in('event_id', ids).eq('status', 'attended');
  return {
    events: ids.length,
    volunteers: new Set((attended ?? []).map((s) => s.volunteer_id)).size,
    hours: (attended ?? []).reduce((n, s) => n + Number(s.hours ?? 0), 0),
  };
}

beforeAll(async () => {
  requireBuild();
  app = await startApp();
  office = await signedIn(app, { account: 'office@qingyuan.test' });
});

afterAll(async () => {
  await app?.stop();
});

describe('the office dashboard', () => {
  test('confirms a saved target with its metric, year and unit, and keeps a refused value', async () => {
    const service = await app.service();
    const { data: before } = await service.from('annual_targets').select('school_year, metric, value').eq('school_year', year);
    const pct = await office.post(`/me/office/dashboard/?_action=dashboard.saveTarget`, { year: String(year), metric: 'coverage', value: '95' });
    expect(await text(pct)).toContain(`已保存：${year}—${year + 1}学年“禁毒教育覆盖率（课时全部达标的学校）”的目标为 95%。`);
    const schools = await office.post(`/me/office/dashboard/?_action=dashboard.saveTarget`, { year: String(year), metric: 'demonstration_municipal', value: '12' });
    expect(await text(schools)).toContain('的目标为 12 所。');
    const refused = await office.post(`/me/office/dashboard/?_action=dashboard.saveTarget`, { year: String(year), metric: 'mastery', value: '120' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('百分比不能超过 100');
    expect(page).toMatch(/id="value"[^>]*value="120"/);
    // The other tests read the seeded targets: put them back.
    await service.from('annual_targets').delete().eq('school_year', year).in('metric', ['coverage', 'demonstration_municipal']);
    if (before?.length) await service.from('annual_targets').upsert(before, { onConflict: 'school_year,metric' });
  });

  test('shows volunteering for the year beside the education figures', async () => {
    const expected = await expectedVolunteering();
    expect(expected.events).toBeGreaterThan(0); // the demo data has held events in every school year it can land in
    const r = await office.get(`/me/office/dashboard/?year=${year}`);
    expect(r.status).toBe(200);
    const page = await text(r);
    expect(page).toContain('志愿服务');
    expect(page).toContain(`活动场次：${expected.events} · 活跃志愿者：${expected.volunteers} · 志愿服务时长（小时）：${expected.hours}`);
    expect(page).toContain('各区禁毒志愿者入户数');
  });

  test('exports every table as one workbook, the city row counting each volunteer once', async () => {
    const expected = await expectedVolunteering();
    const r = await office.get(`/me/office/dashboard.xlsx?year=${year}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain(encodeURIComponent(`${year}—${year + 1}学年禁毒教育统计.xlsx`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await r.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['年度目标', '按学校', '按区', '按月', '志愿服务']);
    expect(book.getWorksheet('年度目标')?.getRow(1).values).toEqual([undefined, '指标', '实际', '目标', '单位', '结果']);
    const volunteering = book.getWorksheet('志愿服务');
    const last = volunteering?.getRow(volunteering.rowCount).values as unknown[];
    expect(last.slice(1)).toEqual(['全市（志愿者不重复计）', expected.events, expected.volunteers, expected.hours, expect.any(Number)]);
    const months = book.getWorksheet('按月');
    expect(months?.rowCount).toBe(13); // header and September to August
    expect(book.getWorksheet('按学校')?.getRow(1).values).toContain('必修课掌握率%');
  });

  test('exports one table as CSV that Excel opens with the Chinese intact', async () => {
    const r = await office.get(`/me/office/dashboard.csv?year=${year}&table=volunteering`);
    expect(r.status).toBe(200);
    const body = new Uint8Array(await r.arrayBuffer());
    expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(body.slice(3));
    expect(csv.split('\r\n')[0]).toBe('"区","活动场次","活跃志愿者","志愿服务时长","入户数"');
    expect(csv).toContain('"全市（志愿者不重复计）"');
    const schools = await text(await office.get(`/me/office/dashboard.csv?year=${year}`));
    expect(schools).toContain('清源实验小学');
  });

  test('turns away bad requests and everyone but the office, in Chinese', async () => {
    const table = await office.get(`/me/office/dashboard.csv?year=${year}&table=passwords`);
    expect([table.status, await table.text()]).toEqual([400, '没有这张统计表']);
    const badYear = await office.get('/me/office/dashboard.csv?year=abc');
    expect([badYear.status, await badYear.text()]).toEqual([400, '学年不对']);
    const format = await office.get(`/me/office/dashboard.pdf?year=${year}`);
    expect(format.status).toBe(404);
    const teacher = await signedIn(app, { account: 'chen@qingyuan.test' });
    const denied = await teacher.get(`/me/office/dashboard.xlsx?year=${year}`);
    expect([denied.status, await denied.text()]).toEqual([403, '只有市禁毒办可以导出全市统计']);
    const visitor = await new Browserless(app.url).get(`/me/office/dashboard.csv?year=${year}`);
    expect(visitor.status).toBe(403);
    const page = await teacher.get('/me/office/dashboard/');
    expect(page.status).not.toBe(200);
  });

  test('the demo term (npm start adds it to a fresh demo database) fills the figures once', async () => {
    const service = await app.service();
    expect(await addDemoActivity(service)).toEqual({ mastered: 17, sessions: 5 });
    expect(await addDemoActivity(service)).toBeNull();
    const page = await text(await office.get(`/me/office/dashboard/?year=${year}`));
    // 清源第一中学's one class met its 2 hours, 清源实验小学's class 202 did not; 7 of 15 pupils mastered both lessons of their band.
    expect(page).toMatch(/禁毒教育覆盖率（课时全部达标的学校） 50% 100%/);
    expect(page).toMatch(/必修课掌握率 46.7% 90%/);
    const { count } = await service.from('lesson_progress').select('*', { count: 'exact', head: true }).eq('student_id', '00000000-0000-4000-8000-000000001001');
    expect(count).toBe(0);
  });
});
