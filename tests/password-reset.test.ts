import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

/** Mail the platform sent, as a local SMTP server received it. */
const inbox: { to: string; body: string }[] = [];
let smtp: SMTPServer;
let app: App;
const text = async (r: Response): Promise<string> => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  requireBuild();
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  app = await startApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: '清源课堂 <noreply@qingyuan.test>' } });
});

afterAll(async () => {
  await app?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

/** The reset link in the last mail to `to` (quoted-printable soft breaks undone). */
async function linkFor(to: string): Promise<string> {
  for (let i = 0; i < 50 && !inbox.some((m) => m.to === to); i++) await new Promise((r) => setTimeout(r, 100));
  const mail = [...inbox].reverse().find((m) => m.to === to);
  const body = (mail?.body ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /https?:\/\/\S+\/account\/reset\/\?token=[A-Za-z0-9_-]+/.exec(body)?.[0] ?? '';
}

describe('忘记密码', () => {
  test('an adult gets a one-time link by e-mail, sets a new password with it and signs in; the link does not work twice', async () => {
    const visitor = new Browserless(app.url);
    const asked = await visitor.post('/account/forgot/?_action=auth.requestPasswordReset', { account: 'Chen@Qingyuan.test' });
    expect(asked.status).toBe(200);
    expect(await text(asked)).toContain('如果这个账号存在');
    const link = await linkFor('chen@qingyuan.test');
    expect(link).toMatch(/\/account\/reset\/\?token=/);
    const path = new URL(link).pathname + new URL(link).search;
    expect(await text(await visitor.get(path))).toContain('chen@qingyuan.test');
    const token = new URL(link).searchParams.get('token') ?? '';
    const weak = await visitor.post(`${path}&_action=auth.resetPassword`, { token, next: '12345678', repeat: '12345678' });
    expect(weak.status).toBe(400);
    const done = await visitor.post(`${path}&_action=auth.resetPassword`, { token, next: 'lanse-huojian-88', repeat: 'lanse-huojian-88' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login/?reset=1');
    expect((await new Browserless(app.url).post('/login/?_action=auth.signInAdult', { account: 'chen@qingyuan.test', password: 'lanse-huojian-88' })).status).toBe(303);
    expect((await new Browserless(app.url).post('/login/?_action=auth.signInAdult', { account: 'chen@qingyuan.test', password: 'qingyuan2026' })).status).toBe(401);
    const again = await visitor.post(`${path}&_action=auth.resetPassword`, { token, next: 'lanse-huojian-99', repeat: 'lanse-huojian-99' });
    expect(again.status).toBe(400);
    expect(await text(again)).toContain('已失效');
  });

  test('says the same for an unknown account and sends nothing; a phone account is told to ask the office (no SMS provider)', async () => {
    const before = inbox.length;
    const visitor = new Browserless(app.url);
    const unknown = await visitor.post('/account/forgot/?_action=auth.requestPasswordReset', { account: 'nobody@qingyuan.test' });
    expect(unknown.status).toBe(200);
    expect(await text(unknown)).toContain('如果这个账号存在');
    const phone = await visitor.post('/account/forgot/?_action=auth.requestPasswordReset', { account: '13800138001' });
    expect(await text(phone)).toContain('暂未开通短信发送');
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.length).toBe(before);
  });

  test('a made-up link is refused in Chinese, and so is a malformed account', async () => {
    const visitor = new Browserless(app.url);
    const page = await visitor.get('/account/reset/?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(page.status).toBe(400);
    expect(await text(page)).toContain('已失效');
    const bad = await visitor.post('/account/forgot/?_action=auth.requestPasswordReset', { account: 'not an account' });
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain('请输入 11 位手机号或有效的邮箱地址');
  });
});

describe('忘记密码 when the mail server is down', () => {
  test('says in Chinese that the link cannot be sent now (503), never a 500', async () => {
    const down = await startApp({ env: { SMTP_URL: `smtp://127.0.0.1:${await freePort()}` } });
    try {
      const r = await new Browserless(down.url).post('/account/forgot/?_action=auth.requestPasswordReset', { account: 'liu@qingyuan.test' });
      expect(r.status).toBe(503);
      expect(await text(r)).toContain('重置链接暂时发不出去');
    } finally {
      await down.stop();
    }
  });
});
