import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

const adultSignIn = '/login/?_action=auth.signInAdult';
const studentSignIn = '/login/?_action=auth.signInStudent';
const text = async (r: Response): Promise<string> => (await r.text()).replace(/<[^>]+>/g, ' ');

let app: App;

beforeAll(async () => {
  requireBuild();
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe('signing in', () => {
  test('sends a teacher to their home with an HttpOnly, SameSite=Lax session cookie', async () => {
    const b = new Browserless(app.url);
    const r = await b.post(adultSignIn, { account: 'chen@qingyuan.test', password: 'qingyuan2026' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/me/teacher/');
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('qy_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain-http localhost only
    const home = await b.get('/me/teacher/');
    expect(home.status).toBe(200);
    expect(await text(home)).toContain('三年级（1）班');
  });

  test('signs a student in with school code and student number', async () => {
    const b = new Browserless(app.url);
    const r = await b.post(studentSignIn, { schoolCode: 'qyxx01', studentNumber: '2026030101', password: 'xuesheng2026' });
    expect(r.headers.get('location')).toBe('/me/student/');
    const home = await text(await b.get('/me/student/'));
    expect(home).toContain('三年级（1）班');
    expect(home).toContain('小学3-4年级');
  });

  test('answers a wrong password with 401 and the same Chinese message as an unknown account', async () => {
    const b = new Browserless(app.url);
    const wrong = await b.post(adultSignIn, { account: 'liu@qingyuan.test', password: 'not-the-password' });
    const unknown = await b.post(adultSignIn, { account: 'nobody@qingyuan.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await text(wrong)).toContain('账号或密码不对');
    expect(await text(unknown)).toContain('账号或密码不对');
    expect(b.cookies.has('qy_session')).toBe(false);
  });

  test('blocks an account after 5 failures with a 429, even with the right password', async () => {
    const b = new Browserless(app.url);
    for (let i = 0; i < 5; i++) await b.post(adultSignIn, { account: 'zhao@qingyuan.test', password: `wrong-${i}` });
    const blocked = await b.post(adultSignIn, { account: 'zhao@qingyuan.test', password: 'qingyuan2026' });
    expect(blocked.status).toBe(429);
    expect(await text(blocked)).toContain('15 分钟后再试');
  });

  test('refuses a cross-site form post (origin check)', async () => {
    const b = new Browserless(app.url);
    const r = await b.post(adultSignIn, { account: 'chen@qingyuan.test', password: 'qingyuan2026' }, { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(b.cookies.has('qy_session')).toBe(false);
  });
});

describe('the first sign-in of a student', () => {
  test('forces a password change before anything else, then works with the new password', async () => {
    const b = new Browserless(app.url);
    const r = await b.post(studentSignIn, { schoolCode: 'QYXX01', studentNumber: '2026030105', password: 'xuesheng2026' });
    expect(r.headers.get('location')).toBe('/account/password/?first=1');
    expect((await b.get('/me/student/')).headers.get('location')).toBe('/account/password/?first=1');
    const mismatch = await b.post('/account/password/?_action=auth.changePassword', { current: 'xuesheng2026', next: 'my-own-pass-1', repeat: 'my-own-pass-2' });
    expect(mismatch.status).toBe(400);
    expect(await text(mismatch)).toContain('两次输入的新密码不一样');
    const changed = await b.post('/account/password/?_action=auth.changePassword', { current: 'xuesheng2026', next: 'my-own-pass-1', repeat: 'my-own-pass-1' });
    expect(changed.headers.get('location')).toBe('/me/student/');
    expect((await b.get('/me/student/')).status).toBe(200);
    const again = new Browserless(app.url);
    expect((await again.post(studentSignIn, { schoolCode: 'QYXX01', studentNumber: '2026030105', password: 'xuesheng2026' })).status).toBe(401);
    expect((await again.post(studentSignIn, { schoolCode: 'QYXX01', studentNumber: '2026030105', password: 'my-own-pass-1' })).headers.get('location')).toBe('/me/student/');
  });
});

describe('signing out', () => {
  test('ends this session only', async () => {
    const a = new Browserless(app.url);
    const b = new Browserless(app.url);
    await a.post(adultSignIn, { account: 'organizer@qingyuan.test', password: 'qingyuan2026' });
    await b.post(adultSignIn, { account: 'organizer@qingyuan.test', password: 'qingyuan2026' });
    const token = a.cookies.get('qy_session') ?? '';
    const out = await a.post('/me/?_action=auth.signOut', {});
    expect(out.headers.get('location')).toBe('/');
    a.cookies.set('qy_session', token); // a stolen copy of the old cookie is worthless now
    expect((await a.get('/me/organizer/')).headers.get('location')).toMatch(/^\/login\//);
    expect((await b.get('/me/organizer/')).status).toBe(200);
  });

  test('everywhere ends every session of the account', async () => {
    const a = new Browserless(app.url);
    const b = new Browserless(app.url);
    await a.post(adultSignIn, { account: '13800138002', password: 'qingyuan2026' });
    await b.post(adultSignIn, { account: '138 0013 8002', password: 'qingyuan2026' });
    await a.post('/me/?_action=auth.signOut', { everywhere: 'on' });
    expect((await b.get('/me/volunteer/')).headers.get('location')).toMatch(/^\/login\//);
  });
});

describe('pages by role', () => {
  test('sends a visitor to sign in and another role to its own home', async () => {
    const visitor = new Browserless(app.url);
    expect((await visitor.get('/me/office/')).headers.get('location')).toBe('/login/?next=%2Fme%2Foffice%2F');
    const teacher = new Browserless(app.url);
    await teacher.post(adultSignIn, { account: 'chen@qingyuan.test', password: 'qingyuan2026' });
    expect((await teacher.get('/me/office/')).headers.get('location')).toBe('/me/teacher/');
    expect((await teacher.get('/me/')).headers.get('location')).toBe('/me/teacher/');
  });
});

describe('volunteer registration', () => {
  test('creates an account and signs the volunteer in', async () => {
    const b = new Browserless(app.url);
    const r = await b.post('/register/?_action=auth.registerAsVolunteer', { displayName: '老周', account: '13900139000', password: 'jindu-2026', repeat: 'jindu-2026', consent: 'on' });
    expect(r.headers.get('location')).toBe('/me/volunteer/');
    expect(await text(await b.get('/me/volunteer/'))).toContain('老周');
  });

  test('refuses a phone number that already has an account with 409, and writes nothing', async () => {
    const b = new Browserless(app.url);
    const r = await b.post('/register/?_action=auth.registerAsVolunteer', { displayName: '冒名', account: '13800138001', password: 'jindu-2026', repeat: 'jindu-2026', consent: 'on' });
    expect(r.status).toBe(409);
    expect(await text(r)).toContain('已经注册过了');
    const { data } = await (await app.service()).from('users').select('user_id').eq('display_name', '冒名');
    expect(data).toEqual([]);
  });
});
