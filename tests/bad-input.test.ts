import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

const han = /\p{Script=Han}/u;
let app: App;

beforeAll(async () => {
  requireBuild();
  app = await startApp();
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
    ['an answer of the wrong type', '/_actions/quiz.practiceSubmit', '{"quizId":"saying-no","asked":["pm-refuse-01"],"answers":{"pm-refuse-01":{"x":1}}}', 'application/json'],
    ['a question that is not in the quiz', '/_actions/quiz.practiceSubmit', '{"quizId":"saying-no","asked":["pl-snack-01"],"answers":{}}', 'application/json'],
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
    const r = await b.post('/register/?_action=auth.registerAsVolunteer', { displayName: '越权者', account: 'sneaky@qingyuan.test', password: 'short', repeat: 'short', consent: 'on', role: 'office' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('密码至少要 8 位');
    const { data } = await (await app.service()).from('users').select('user_id').eq('display_name', '越权者');
    expect(data).toEqual([]);
  });

  test('refuses an unknown role when the office creates an account, creating nothing', async () => {
    const office = new Browserless(app.url);
    await office.post('/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
    const r = await office.post('/me/office/?_action=accounts.createStaff', { role: 'superuser', displayName: '假角色', account: 'fake@qingyuan.test', password: 'first-pass-1', schoolId: '' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('请选择有效的角色');
    const { data } = await (await app.service()).from('users').select('user_id').eq('display_name', '假角色');
    expect(data).toEqual([]);
  });

  test('lets the office create a teacher who must change the first password', async () => {
    const office = new Browserless(app.url);
    await office.post('/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
    const r = await office.post('/me/office/?_action=accounts.createStaff', { role: 'teacher', displayName: '新老师', account: 'new.teacher@qingyuan.test', password: 'first-pass-1', schoolId: '00000000-0000-4000-8000-000000000011' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('已创建账号：新老师');
    const teacher = new Browserless(app.url);
    const signIn = await teacher.post('/login/?_action=auth.signInAdult', { account: 'new.teacher@qingyuan.test', password: 'first-pass-1' });
    expect(signIn.headers.get('location')).toBe('/account/password/?first=1');
  });

  test('refuses a teacher without a school, and a teacher creating accounts', async () => {
    const office = new Browserless(app.url);
    await office.post('/login/?_action=auth.signInAdult', { account: 'office@qingyuan.test', password: 'qingyuan2026' });
    const noSchool = await office.post('/me/office/?_action=accounts.createStaff', { role: 'teacher', displayName: '无校老师', account: 'noschool@qingyuan.test', password: 'first-pass-1', schoolId: '' });
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
