import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Browserless, signedIn, sharedApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

const han = /\p{Script=Han}/u;
let app: App;

beforeAll(async () => {
  requireBuild();
  app = await sharedApp();
});

afterAll(async () => {
  await app?.stop();
});

async function post(path: string, body: string | Uint8Array<ArrayBuffer>, type: string): Promise<{ status: number; message: string }> {
  const r = await fetch(new URL(path, app.url), { method: 'POST', headers: { origin: app.url, 'content-type': type }, body });
  const text = await r.text();
  let message = text;
  try {
    const json = JSON.parse(text) as { message?: string; error?: { message?: string }; issues?: { message: string }[] };
    message = json.error?.message ?? json.message ?? json.issues?.[0]?.message ?? text;
  } catch {
    message = text.replace(/<[^>]+>/g, ' ');
  }
  return { status: r.status, message };
}

describe('bad input to the actions', () => {
  test.each([
    ['malformed JSON', '/_actions/quiz.practiceStart', '{"quizId": ', 'application/json'],
    ['a JSON array instead of an object', '/_actions/quiz.practiceStart', '[]', 'application/json'],
    ['a number where a string belongs', '/_actions/quiz.practiceStart', '{"quizId": 5}', 'application/json'],
    [
      'an answer of the wrong type',
      '/_actions/quiz.practiceSubmit',
      '{"draw":"eyJxdWl6SWQiOiJzYXlpbmctbm8ifQ.xxxxxxxxxxxx","answers":{"pm-refuse-01":{"x":1}}}',
      'application/json',
    ],
    ['a practice draw the server did not sign', '/_actions/quiz.practiceSubmit', '{"draw":"eyJxdWl6SWQiOiJzYXlpbmctbm8ifQ.xxxxxxxxxxxx","answers":{}}', 'application/json'],
    ['a contest bank asked for practice', '/_actions/quiz.practiceStart', '{"quizId":"contest-secondary"}', 'application/json'],
    ['JSON sent to a form action', '/_actions/auth.signInAdult', '{"account":"a","password":"b"}', 'application/json'],
    ['broken multipart form data', '/_actions/auth.signInAdult', '--x\r\ngarbage', 'multipart/form-data; boundary=zzz'],
    ['plain text', '/_actions/auth.signInAdult', 'hello', 'text/plain'],
  ])('answers %s with a 4xx and a Chinese message', async (_name, path, body, type) => {
    const { status, message } = await post(path, body, type);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(message).toMatch(han);
    expect(message).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });

  test('answers a body over 256 KB with 413', async () => {
    const { status, message } = await post('/_actions/quiz.practiceStart', new Uint8Array(300 * 1024).fill(97), 'application/json');
    expect(status).toBe(413);
    expect(message).toContain('太大');
  });

  test('answers an oversized field with 400, naming the limit in Chinese', async () => {
    const b = new Browserless(app.url);
    const r = await b.post('/login/?_action=auth.signInAdult', { account: 'a'.repeat(10_000), password: 'x' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('账号最多 120 个字符');
  });
});

describe('bad input that must write nothing', () => {
  test('refuses a volunteer registration with an unknown extra role and a bad password, creating no account', async () => {
    const b = new Browserless(app.url);
    const r = await b.post('/register/?_action=auth.registerAsVolunteer', {
      displayName: '越权者',
      account: 'sneaky@qingyuan.test',
      password: 'short',
      repeat: 'short',
      consent: 'on',
      role: 'office',
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('密码至少要 8 位');
    const { data } = await (await app.service()).from('users').select('user_id').eq('display_name', '越权者');
    expect(data).toEqual([]);
  });

  test('refuses an unknown role when the office creates an account, creating nothing', async () => {
    const office = new Browserless(app.url);
    await office.post('/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
    const r = await office.post('/me/office/?_action=accounts.createStaff', {
      role: 'superuser',
      displayName: '假角色',
      account: 'fake@qingyuan.test',
      password: 'first-pass-1',
      schoolId: '',
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('请选择有效的角色');
    const { data } = await (await app.service()).from('users').select('user_id').eq('display_name', '假角色');
    expect(data).toEqual([]);
  });

  test('lets the office create a teacher who must change the first password', async () => {
    const office = new Browserless(app.url);
    await office.post('/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
    const r = await office.post('/me/office/?_action=accounts.createStaff', {
      role: 'teacher',
      displayName: '新老师',
      account: 'new.teacher@qingyuan.test',
      password: 'first-pass-1',
      schoolId: '00000000-0000-4000-8000-000000000011',
    });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('已创建账号：新老师');
    const teacher = new Browserless(app.url);
    const signIn = await teacher.post('/login/?_action=auth.signInAdult', { account: 'new.teacher@qingyuan.test', password: 'first-pass-1' });
    expect(signIn.headers.get('location')).toBe('/account/password/?first=1');
  });

  test('refuses a teacher without a school, and a teacher creating accounts', async () => {
    const office = new Browserless(app.url);
    await office.post('/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
    const noSchool = await office.post('/me/office/?_action=accounts.createStaff', {
      role: 'teacher',
      displayName: '无校老师',
      account: 'noschool@qingyuan.test',
      password: 'first-pass-1',
      schoolId: '',
    });
    expect(noSchool.status).toBe(400);
    expect(await noSchool.text()).toContain('必须属于一所学校');
    const teacher = new Browserless(app.url);
    await teacher.post('/login/?_action=auth.signInAdult', { account: 'chen@qingyuan.test', password: 'qingyuan2026' });
    const r = await fetch(new URL('/_actions/accounts.createStaff', app.url), {
      method: 'POST',
      headers: { origin: app.url, cookie: `qy_session=${teacher.cookies.get('qy_session')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ role: 'office', displayName: '自封主任', account: 'self@qingyuan.test', password: 'first-pass-1' }).toString(),
    });
    expect(r.status).toBe(403);
    const { data } = await (await app.service()).from('users').select('user_id').in('display_name', ['无校老师', '自封主任']);
    expect(data).toEqual([]);
  });
});

/** Every on-demand route with an id in its path, from the pages folder, with the id as `:id`. */
function idRoutes(): string[] {
  const root = join(process.cwd(), 'src/pages');
  const routes: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\[(id|fileId)\]/.test(path)) {
        const route = relative(root, path)
          .replace(/\[(id|fileId)\]/g, ':id')
          .replace(/\.astro$/, '/')
          .replace(/\/index\/$/, '/')
          .replace(/\.\[format\]\.ts$/, '.csv')
          .replace(/\.ts$/, '');
        routes.push(`/${route}`);
      }
    }
  };
  walk(root);
  return routes;
}

describe('odd ids in every route', () => {
  const odd = ['0'.repeat(36), 'f'.repeat(36), '-'.repeat(36), '00000000-0000-0000-0000-00000000000g', 'not-a-uuid', '%00', `${'a'.repeat(300)}`];

  test('never answer 5xx, for any id, method or body, signed in or not', async () => {
    const routes = idRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const teacher = await signedIn(app, { account: 'chen@qingyuan.test' });
    const failures: string[] = [];
    for (const route of routes) {
      for (const id of odd) {
        const path = route.replace(':id', id);
        for (const who of [null, office, teacher]) {
          const cookie = who?.cookieHeader() ?? '';
          const get = await fetch(new URL(path, app.url), { headers: { cookie }, redirect: 'manual' });
          await get.arrayBuffer();
          if (get.status >= 500) failures.push(`GET ${path} → ${get.status}`);
          const posted = await fetch(new URL(path, app.url), {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
            body: `id=${encodeURIComponent(id)}`,
          });
          await posted.arrayBuffer();
          if (posted.status >= 500) failures.push(`POST ${path} → ${posted.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('bodies and headers', () => {
  test('refuses a chunked body over the limit while reading it, with 413 in Chinese', async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(97);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 100 MB if nobody stops reading; the guard stops at 256 KB.
        if (sent >= 100 * 1024 * 1024) controller.close();
        else {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        }
      },
    });
    const r = await fetch(new URL('/_actions/quiz.practiceStart', app.url), {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { origin: app.url, 'content-type': 'application/json' },
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(await r.text()).toContain('太大');
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  test('sends security headers on static pages, static files and rendered pages, and no-store where a user is', async () => {
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    for (const path of ['/', '/lessons/', '/me/office/', '/events/']) {
      const r = await fetch(new URL(path, app.url), { headers: { cookie: office.cookieHeader() }, redirect: 'manual' });
      const html = await r.text();
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('content-type'), path).toMatch(/text\/html; charset=utf-8/i);
      // The page's script hashes: in a meta tag of a prerendered page, in the header of a rendered one.
      expect(`${r.headers.get('content-security-policy')} ${html}`, path).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    }
    const page = await fetch(new URL('/me/office/', app.url), { headers: { cookie: office.cookieHeader() } });
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Served like a production site: precompressed pages and assets, hashed assets immutable.
    const lesson = await fetch(new URL('/lessons/primary-middle/saying-no/', app.url), { headers: { 'accept-encoding': 'br, gzip' } });
    expect(lesson.headers.get('content-encoding')).toBe('br');
    expect(lesson.headers.get('cache-control')).toBe('no-cache');
    expect(lesson.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await lesson.text()).toContain('拒绝小擂台');
    const gz = await fetch(new URL('/lessons/', app.url), { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const asset = readdirSync(join(process.cwd(), 'dist/client/_astro')).find((f) => f.endsWith('.js'));
    const hashed = await fetch(new URL(`/_astro/${asset}`, app.url), { headers: { 'accept-encoding': 'identity' } });
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // A page asked for without its trailing slash is the same page; a URL that does not decode is a 400 in Chinese.
    const bare = await fetch(new URL('/lessons/primary-middle/saying-no', app.url));
    expect(bare.status).toBe(200);
    expect(await bare.text()).toContain('拒绝小擂台');
    const broken = await fetch(`${app.url}/lessons/%E0%A4%A`);
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('请求地址无效');
    expect(broken.headers.get('x-content-type-options')).toBe('nosniff');
    const icon = await fetch(new URL('/favicon.svg', app.url));
    expect(icon.headers.get('x-content-type-options')).toBe('nosniff');
    expect(icon.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
