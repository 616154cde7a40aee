import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Browserless, changeFirstPassword, signedIn, sharedApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

/** The office's staff accounts (list, reset, disable) and adding schools and districts, through the running app. */
let app: App;
let office: Browserless;
const text = async (r: Response): Promise<string> => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const school = '00000000-0000-4000-8000-000000000011';

/** A new teacher account the office creates, signed in once with their own password; returns its id. */
async function newTeacher(account: string): Promise<string> {
  const r = await office.post('/me/office/?_action=accounts.createStaff', { role: 'teacher', displayName: '测试老师', account, password: 'Diyi-Mima-2026', schoolId: school });
  expect(r.status).toBe(200);
  await changeFirstPassword(await signedIn(app, { account, password: 'Diyi-Mima-2026' }), 'Diyi-Mima-2026');
  const { data } = await (await app.service()).from('credentials').select('user_id').eq('login', account).single();
  return String(data?.user_id);
}

beforeAll(async () => {
  requireBuild();
  app = await sharedApp();
  office = await signedIn(app, { account: 'office@qingyuan.test' });
});

afterAll(async () => {
  await app?.stop();
});

describe('staff accounts', () => {
  test('lists staff with role, school, login and state, and not pupils or volunteers', async () => {
    const page = await text(await office.get('/me/office/staff/'));
    expect(page).toContain('chen@qingyuan.test');
    expect(page).toContain('清源实验小学');
    expect(page).not.toContain('2026030101');
  });

  test('resets a password: the new first password works once, the old one and old sessions do not', async () => {
    const id = await newTeacher('reset.me@qingyuan.test');
    const before = await signedIn(app, { account: 'reset.me@qingyuan.test', password: 'huojian-lanse-77' });
    const r = await office.post('/me/office/staff/?_action=office.resetStaffPassword', { userId: id, displayName: '测试老师' });
    expect(r.status).toBe(200);
    const password = /class="password"[^>]*><strong[^>]*>([A-Za-z0-9]{12})</.exec(await r.text())?.[1] ?? '';
    expect(password).toHaveLength(12);
    expect((await before.get('/me/teacher/')).status).toBe(302);
    await expect(signedIn(app, { account: 'reset.me@qingyuan.test', password: 'huojian-lanse-77' })).rejects.toThrow();
    const fresh = await signedIn(app, { account: 'reset.me@qingyuan.test', password });
    expect((await fresh.get('/me/teacher/')).headers.get('location')).toContain('/account/password/');
  });

  test('disables an account (signed out, cannot sign in) and enables it again', async () => {
    const id = await newTeacher('leaving@qingyuan.test');
    const session = await signedIn(app, { account: 'leaving@qingyuan.test', password: 'huojian-lanse-77' });
    const off = await office.post('/me/office/staff/?_action=office.setStaffDisabled', { userId: id, disabled: '1', displayName: '测试老师' });
    expect(await text(off)).toContain('已停用测试老师的账号');
    expect((await session.get('/me/teacher/')).status).toBe(302);
    await expect(signedIn(app, { account: 'leaving@qingyuan.test', password: 'huojian-lanse-77' })).rejects.toThrow();
    await office.post('/me/office/staff/?_action=office.setStaffDisabled', { userId: id, disabled: '0', displayName: '测试老师' });
    expect((await signedIn(app, { account: 'leaving@qingyuan.test', password: 'huojian-lanse-77' })).cookies.size).toBeGreaterThan(0);
  });

  test('refuses the office its own account, pupils, bad ids and anyone but the office, in Chinese', async () => {
    const { data: me } = await (await app.service()).from('credentials').select('user_id').eq('login', 'office@qingyuan.test').single();
    const self = await office.post('/me/office/staff/?_action=office.setStaffDisabled', { userId: String(me?.user_id), disabled: '1' });
    expect([self.status, await text(self)]).toEqual([400, expect.stringContaining('不能停用自己的账号')]);
    const { data: pupil } = await (await app.service()).from('students').select('user_id').limit(1).single();
    const notStaff = await office.post('/me/office/staff/?_action=office.resetStaffPassword', { userId: String(pupil?.user_id) });
    expect([notStaff.status, await text(notStaff)]).toEqual([404, expect.stringContaining('找不到这个工作人员账号')]);
    expect((await office.post('/me/office/staff/?_action=office.resetStaffPassword', { userId: 'not-a-uuid' })).status).toBe(400);
    const teacher = await signedIn(app, { account: 'chen@qingyuan.test' });
    expect((await teacher.post('/_actions/office.setStaffDisabled', { userId: String(me?.user_id), disabled: '1' })).status).toBe(403);
    expect((await teacher.get('/me/office/staff/')).status).not.toBe(200);
  });
});

describe('schools and districts', () => {
  test('adds a district and a school whose pupils sign in with its code; a taken code is refused keeping what was typed', async () => {
    const d = await office.post('/me/office/schools/?_action=office.addDistrict', { name: '城东区' });
    expect(await text(d)).toContain('已添加区：城东区');
    const { data: district } = await (await app.service()).from('districts').select('district_id').eq('name', '城东区').single();
    const s = await office.post('/me/office/schools/?_action=office.addSchool', {
      districtId: String(district?.district_id),
      name: '城东第一小学',
      code: 'cdyx01',
      stage: 'primary',
    });
    expect(await text(s)).toContain('已添加学校：城东第一小学（学校代码 CDYX01）');
    const taken = await office.post('/me/office/schools/?_action=office.addSchool', {
      districtId: String(district?.district_id),
      name: '重名小学',
      code: 'CDYX01',
      stage: 'primary',
    });
    expect(taken.status).toBe(409);
    const page = await taken.text();
    expect(page).toContain('学校代码 CDYX01 已被其他学校使用');
    expect(page).toMatch(/value="重名小学"/);
    const again = await office.post('/me/office/schools/?_action=office.addDistrict', { name: '城东区' });
    expect([again.status, await text(again)]).toEqual([409, expect.stringContaining('已经有名为“城东区”的区')]);
    const teacher = await signedIn(app, { account: 'chen@qingyuan.test' });
    expect((await teacher.post('/_actions/office.addDistrict', { name: '私设区' })).status).toBe(403);
  });
});
