import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, changeFirstPassword, signedIn, sharedApp, type App } from './helpers/app';

/**
 * Workplace training through the app (issue 14): the office registers a unit and its manager, a
 * worker without an account takes a course's check from the unit's QR link, the manager reads and
 * exports the roster. Bad input gets a clear Chinese answer and stores nothing.
 */
let app: App;
let office: Browserless;
let manager: Browserless;
let code = '';
const bank = parse(readFileSync(join(import.meta.dirname, '..', 'content', 'quizzes', 'self-check-logistics.yaml'), 'utf8')) as {
  questions: { id: string; type: string; answer: unknown }[];
};
const keys = new Map(bank.questions.map((q) => [q.id, q]));

beforeAll(async () => {
  app = await sharedApp();
  office = await signedIn(app, { account: 'office@qingyuan.test' });
  const registered = await office.post('/me/office/units/?_action=workplaces.registerUnit', {
    districtId: '00000000-0000-4000-8000-000000000001',
    kind: 'logistics',
    name: '城南快递网点',
    contactName: '李经理',
    contactPhone: '0571-1234567',
  });
  expect(registered.status).toBe(200);
  const db = await app.service();
  const unit = await db.from('units').select('unit_id, qr_code').eq('name', '城南快递网点').single<{ unit_id: string; qr_code: string }>();
  code = unit.data?.qr_code ?? '';
  const created = await office.post('/me/office/units/?_action=workplaces.createManager', {
    unitId: unit.data?.unit_id ?? '',
    displayName: '李经理',
    account: 'li.manager@example.com',
    password: 'Kuaidi-Wangdian-2026',
  });
  expect(created.status).toBe(200);
  manager = await changeFirstPassword(await signedIn(app, { account: 'li.manager@example.com', password: 'Kuaidi-Wangdian-2026' }), 'Kuaidi-Wangdian-2026');
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

/** Starts and submits a check as a worker; `right` answers every question correctly. */
async function takeCheck(worker: Browserless, name: string, phone: string, right = true): Promise<{ start: Response; page?: string; result?: string }> {
  const start = await worker.post(`/w/${code}/logistics/?_action=workplaces.startCheck`, { code, course: 'logistics', workerName: name, phoneLast4: phone });
  if (start.status !== 303) return { start };
  const location = start.headers.get('location') ?? '';
  const page = await (await worker.get(location)).text();
  const ids = [...page.matchAll(/name="q\.([a-z0-9-]+)"/g)].map((m) => m[1] ?? '');
  const fields = new URLSearchParams({ attemptId: location.split('/').at(-2) ?? '' });
  for (const id of new Set(ids)) {
    const q = keys.get(id);
    if (!q || !right) continue;
    if (q.type === 'multiple') for (const a of q.answer as string[]) fields.append(`q.${id}`, a);
    else fields.append(`q.${id}`, String(q.answer));
  }
  const submitted = await fetch(new URL(`${location}?_action=workplaces.submitCheck`, app.url), {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  return { start, page, result: await submitted.text() };
}

describe('a worker without an account', () => {
  test('reads the unit page and the course with its pictures, passes the check and gets a slip', async () => {
    const worker = new Browserless(app.url);
    const landing = await worker.get(`/w/${code}/`);
    expect(landing.status).toBe(200);
    const landingHtml = await landing.text();
    expect(landingHtml).toContain('城南快递网点');
    const course = await (await worker.get(`/w/${code}/logistics/`)).text();
    expect(course).toContain('<svg');
    expect(course).toContain('实名收寄');
    const { page, result } = await takeCheck(worker, '陈小明', '1234');
    expect(page).not.toMatch(/"answer"|explanation/);
    expect(result).toContain('考核通过');
    const slip = /href="(\/w\/slip\/[A-Z0-9]{10}\/)"/.exec(result ?? '')?.[1] ?? '';
    const slipHtml = await (await worker.get(slip)).text();
    expect(slipHtml).toContain('陈小明');
    expect(slipHtml).toContain('城南快递网点');
    // One completion per name and phone digits per course and year.
    const again = await takeCheck(worker, '陈 小明', '1234');
    expect(again.start.status).toBe(409);
    expect(await again.start.text()).toContain('你今年已经在本单位完成了这门课程');
  });

  test('a worker who answers 错 to a true/false question is graded right (the form sends "false")', async () => {
    const worker = new Browserless(app.url);
    for (let i = 0; i < 3; i++) expect((await takeCheck(worker, `判断题${i}`, `000${i}`)).result).toContain('考核通过');
  });

  test('a forged code is a 404 in Chinese; a 1 MB name is refused before anything runs', async () => {
    const worker = new Browserless(app.url);
    const forged = await worker.get('/w/ZZZZZZZZZZ/');
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('这个二维码无效或已经更换');
    const before = (await (await app.service()).from('unit_completions').select('completion_id')).data?.length ?? 0;
    const huge = await worker.post(`/w/${code}/logistics/?_action=workplaces.startCheck`, { code, course: 'logistics', workerName: '张'.repeat(350_000), phoneLast4: '1234' });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('提交的内容太大');
    const long = await worker.post(`/w/${code}/logistics/?_action=workplaces.startCheck`, { code, course: 'logistics', workerName: '张'.repeat(21), phoneLast4: '12a4' });
    expect(long.status).toBe(400);
    const longHtml = await long.text();
    expect(longHtml).toContain('姓名最多 20 个字');
    expect(longHtml).toContain('请填写手机号的后 4 位数字');
    const wrongCode = await worker.post(`/w/${code}/logistics/?_action=workplaces.startCheck`, { code: 'ABCDEFGHJK', course: 'logistics', workerName: '张三', phoneLast4: '1234' });
    expect(wrongCode.status).toBe(404);
    expect((await (await app.service()).from('unit_completions').select('completion_id')).data?.length ?? 0).toBe(before);
  });

  test('script and emoji in a name are escaped on every page and neutralised in the exports', async () => {
    const worker = new Browserless(app.url);
    const name = '=1+1<script>😀';
    const { result } = await takeCheck(worker, name, '4321');
    expect(result).toContain('考核通过');
    for (const path of ['/me/unit/', '/me/unit/roster/']) {
      const html = await (await manager.get(path)).text();
      expect(html).not.toContain('<script>😀');
      expect(html).toContain('=1+1&lt;script&gt;😀');
    }
    const csv = await (await manager.get('/me/unit/export.csv')).text();
    expect(csv).toContain(`"'=1+1<script>😀"`);
    expect(csv).toContain('"陈小明"');
    const xlsx = await manager.get('/me/unit/export.xlsx');
    expect(xlsx.status).toBe(200);
  });
});

describe('the unit manager and the office', () => {
  test('the manager rotates the code: the old link is refused, the new one works', async () => {
    const page = await (await manager.get('/me/unit/')).text();
    const unitId = /name="unitId" value="([0-9a-f-]{36})"/.exec(page)?.[1] ?? '';
    expect((await manager.post('/me/unit/?_action=workplaces.rotateCode', { unitId })).status).toBe(200);
    const old = code;
    code = (await (await app.service()).from('units').select('qr_code').eq('unit_id', unitId).single<{ qr_code: string }>()).data?.qr_code ?? '';
    expect(code).not.toBe(old);
    expect((await new Browserless(app.url).get(`/w/${old}/`)).status).toBe(404);
    expect((await new Browserless(app.url).get(`/w/${code}/`)).status).toBe(200);
    const poster = await (await manager.get('/me/unit/poster/')).text();
    expect(poster).toContain(`/w/${code}/`);
    expect(poster).not.toContain(old);
  });

  test('another role cannot open the manager pages or exports; the office sees the figures', async () => {
    expect((await office.get('/me/unit/export.csv')).status).toBe(403);
    const units = await (await office.get('/me/office/units/')).text();
    expect(units).toContain('城南快递网点');
    expect((await office.get('/me/office/sites/')).status).toBe(200);
  });
});

describe('education sites', () => {
  /** Posts a multipart form to an action endpoint as the office. */
  async function officeForm(action: string, fields: Record<string, string | File>): Promise<{ status: number; body: string }> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const r = await fetch(new URL(`/_actions/${action}`, app.url), {
      method: 'POST',
      body: form,
      headers: { origin: app.url, cookie: office.cookieHeader(), accept: 'application/json' },
    });
    return { status: r.status, body: await r.text() };
  }

  test('the office records a renewal with a photo: stored with a thumbnail, served to the office only; a file that is no photo is refused and nothing is kept', async () => {
    const db = await app.service();
    const place = await office.post('/me/office/sites/?_action=workplaces.addPlace', {
      districtId: '00000000-0000-4000-8000-000000000001',
      town: '城南街道',
      name: '照片测试社区',
      kind: 'community',
    });
    expect(place.status).toBe(200);
    const placeId = (await db.from('places').select('place_id').eq('name', '照片测试社区').single<{ place_id: string }>()).data?.place_id ?? '';
    const site = await office.post('/me/office/sites/?_action=workplaces.addSite', { placeId, kind: 'board', name: '照片测试宣传栏' });
    expect(site.status).toBe(200);
    const siteId = (await db.from('education_sites').select('site_id').eq('name', '照片测试宣传栏').single<{ site_id: string }>()).data?.site_id ?? '';

    const { default: sharp } = await import('sharp');
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2b6cb0' } })
        .jpeg()
        .toBuffer(),
    );
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const renewed = await officeForm('workplaces.renewSite', { siteId, renewedOn: today, note: '换了新海报', photo: new File([jpeg], '宣传栏.jpg', { type: 'image/jpeg' }) });
    expect(renewed.status).toBe(200);
    const photo = (await db.from('site_photos').select('photo_id, content_type').eq('site_id', siteId).single<{ photo_id: string; content_type: string }>()).data;
    expect(photo?.content_type).toBe('image/jpeg');

    const full = await fetch(new URL(`/api/sites/photo/${photo?.photo_id}`, app.url), { headers: { cookie: office.cookieHeader() } });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    const thumb = await fetch(new URL(`/api/sites/photo/${photo?.photo_id}?size=thumb`, app.url), { headers: { cookie: office.cookieHeader() } });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(new Uint8Array(await thumb.arrayBuffer())).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(320);
    expect((await fetch(new URL(`/api/sites/photo/${photo?.photo_id}`, app.url))).status).toBe(401);
    expect((await fetch(new URL(`/api/sites/photo/${photo?.photo_id}`, app.url), { headers: { cookie: manager.cookieHeader() } })).status).toBe(404);

    const junk = await officeForm('workplaces.renewSite', {
      siteId,
      renewedOn: today,
      note: '',
      photo: new File([new TextEncoder().encode('not a photo at all')], '假照片.jpg', { type: 'image/jpeg' }),
    });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(junk.status).toBeLessThan(500);
    expect(junk.body, junk.body).toContain('只能上传 JPEG、PNG 或 WebP 照片');
    const { count } = await db.from('site_photos').select('*', { count: 'exact', head: true }).eq('site_id', siteId);
    expect(count).toBe(1);
  });
});
