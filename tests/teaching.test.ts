import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, signedIn, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

const class201 = '00000000-0000-4000-8000-000000000201';
const class202 = '00000000-0000-4000-8000-000000000202';
const class203 = '00000000-0000-4000-8000-000000000203';
const text = async (r: Response): Promise<string> => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

let app: App;
let teacher: Browserless;

beforeAll(async () => {
  requireBuild();
  app = await startApp();
  teacher = await signedIn(app, { account: 'chen@qingyuan.test' });
});

afterAll(async () => {
  await app?.stop();
});

async function upload(b: Browserless, classId: string, file: { name: string; bytes: Uint8Array<ArrayBuffer>; type: string }): Promise<Response> {
  const form = new FormData();
  form.set('classId', classId);
  form.set('text', '');
  form.set('file', new File([file.bytes], file.name, { type: file.type }));
  return fetch(`${app.url}/me/classes/${classId}/?_action=teaching.importClassRoster`, {
    method: 'POST',
    body: form,
    headers: { origin: app.url, cookie: b.cookieHeader() },
    redirect: 'manual',
  });
}

async function studentCount(classId: string): Promise<number> {
  const { count } = await (await app.service()).from('students').select('*', { count: 'exact', head: true }).eq('class_id', classId);
  return count ?? -1;
}

describe('roster import', () => {
  test('imports pasted rows and prints slips whose first password works once', async () => {
    const before = await studentCount(class201);
    const r = await teacher.post(`/me/classes/${class201}/?_action=teaching.importClassRoster`, { classId: class201, text: '学号\t姓名\nT2026001\t赵一\nT2026002\t钱二' });
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('已导入 2 名学生');
    expect(page).toMatch(/清源实验小学 · \d{4}年\d{1,2}月\d{1,2}日 发放/);
    const password = /T2026001[\s\S]*?class="password"[^>]*>([a-z2-9]{8})</.exec(page)?.[1] ?? '';
    expect(password).toHaveLength(8);
    expect(await studentCount(class201)).toBe(before + 2);
    const pupil = new Browserless(app.url);
    const signIn = await pupil.post('/login/?_action=auth.signInStudent', { schoolCode: 'QYXX01', studentNumber: 'T2026001', password });
    expect(signIn.headers.get('location')).toBe('/account/password/?first=1');
  });

  test('reports every bad row in Chinese and imports nothing', async () => {
    const before = await studentCount(class201);
    const r = await teacher.post(`/me/classes/${class201}/?_action=teaching.importClassRoster`, { classId: class201, text: '学号,姓名\nE001,甲\nE001,乙\nE003,\n=1+1,丙' });
    expect(r.status).toBe(400);
    const page = await text(r);
    expect(page).toMatch(/第 3 行：学号 E001 与第 2 行重复/);
    expect(page).toMatch(/第 4 行/);
    expect(page).toMatch(/第 5 行.*公式/);
    expect(await studentCount(class201)).toBe(before);
  });

  test('imports a GBK-encoded CSV as saved by Excel', async () => {
    // 学号,姓名 / G001,王小明 in GBK.
    const bytes = Uint8Array.from(Buffer.from('d1a7bac52cd0d5c3fb0d0a473030312ccdf5d0a1c3f70d0a', 'hex'));
    const r = await upload(teacher, class201, { name: '名单.csv', bytes, type: 'text/csv' });
    expect(r.status).toBe(200);
    expect(await text(r)).toContain('王小明');
  });

  test('imports an XLSX file with a numeric student number kept exact', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['学号', '姓名']);
    sheet.addRow([2026039901, '孙三']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const r = await upload(teacher, class201, { name: 'roster.xlsx', bytes, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(r.status).toBe(200);
    expect(await text(r)).toContain('2026039901');
  });

  test('refuses 10,000 rows as one import, and a number already used in the school', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `B${i},学生${i}`).join('\n');
    const big = await teacher.post(`/me/classes/${class201}/?_action=teaching.importClassRoster`, { classId: class201, text: rows });
    expect(big.status).toBe(400);
    expect(await text(big)).toMatch(/一次最多导入 5000 人/);
    const taken = await teacher.post(`/me/classes/${class201}/?_action=teaching.importClassRoster`, { classId: class201, text: '2026030101,重名' });
    expect(taken.status).toBe(400);
    expect(await text(taken)).toContain('已在本校其他学生名下');
  });

  test('refuses a class the teacher does not teach, and does not show its page', async () => {
    const r = await teacher.post(`/me/classes/${class202}/?_action=teaching.importClassRoster`, { classId: class202, text: 'X9,某' });
    expect(r.status).toBe(403);
    expect(await studentCount(class202)).toBe(5);
    expect((await teacher.get(`/me/classes/${class203}/`)).status).toBe(404);
  });

  test("says so when a teacher opens a colleague's class by URL, in the site's layout with a way back", async () => {
    for (const path of ['', 'results/', 'hours/']) {
      const r = await teacher.get(`/me/classes/${class202}/${path}`);
      expect(r.status).toBe(403);
      const page = await text(r);
      expect(page).toContain('你不能查看这个班级');
      expect(page).not.toContain('还差');
      expect(page).toContain('回到我的班级');
      expect(page).toContain('清源课堂'); // the site's header, not a bare text page
    }
    expect((await teacher.get(`/me/classes/${class202}/results.csv`)).status).toBe(403);
    const missing = await teacher.get('/me/classes/00000000-0000-4000-8000-000000000999/');
    expect(missing.status).toBe(404);
    expect(await text(missing)).toContain('找不到这个班级');
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const read = await text(await office.get(`/me/classes/${class202}/`));
    expect(read).toContain('2026050201');
    expect(read).not.toContain('重置所选学生的密码');
  });
});

describe('students', () => {
  test('a reset password replaces the old one, and the school admin moves a student within the school only', async () => {
    const { data } = await (await app.service()).from('students').select('user_id').eq('student_number', '2026030102').single<{ user_id: string }>();
    const id = data?.user_id ?? '';
    const reset = await teacher.post(`/me/classes/${class201}/?_action=teaching.resetPasswords`, { classId: class201, studentIds: [id], confirmed: '1' });
    const password = /class="password"[^>]*>([a-z2-9]{8})</.exec(await reset.text())?.[1] ?? '';
    const pupil = new Browserless(app.url);
    expect((await pupil.post('/login/?_action=auth.signInStudent', { schoolCode: 'QYXX01', studentNumber: '2026030102', password: 'xuesheng2026' })).status).toBe(401);
    expect((await pupil.post('/login/?_action=auth.signInStudent', { schoolCode: 'QYXX01', studentNumber: '2026030102', password })).status).toBe(303);

    const admin = await signedIn(app, { account: 'admin.xx@qingyuan.test' });
    const elsewhere = await admin.post(`/me/classes/${class201}/?_action=teaching.transferStudent`, { studentId: id, toClassId: class203 });
    expect(elsewhere.status).toBe(400);
    expect(await text(elsewhere)).toContain('只能转到本校未归档的班级');
    const moved = await admin.post(`/me/classes/${class201}/?_action=teaching.transferStudent`, { studentId: id, toClassId: class202 });
    expect(moved.status).toBe(200);
    const { data: after } = await (await app.service()).from('students').select('class_id').eq('user_id', id).single<{ class_id: string }>();
    expect(after?.class_id).toBe(class202);
  });
});

describe('password resets', () => {
  const idOf = async (number: string): Promise<string> =>
    (await (await app.service()).from('students').select('user_id').eq('student_number', number).single<{ user_id: string }>()).data?.user_id ?? '';
  const hashOf = async (userId: string): Promise<string> =>
    (await (await app.service()).from('credentials').select('password_hash').eq('user_id', userId).single<{ password_hash: string }>()).data?.password_hash ?? '';

  test('asks first, naming the number of pupils, and resets only the pupils chosen', async () => {
    const [a, b, untouched] = await Promise.all(['2026030104', '2026030105', '2026030101'].map(idOf));
    const before = await Promise.all([a, b, untouched].map((u) => hashOf(u ?? '')));
    const page = await text(await teacher.get(`/me/classes/${class201}/`));
    expect(page).not.toContain('为全班生成新的初始密码');
    expect(page).toContain('重置所选学生的密码');

    const ask = await teacher.post(`/me/classes/${class201}/?_action=teaching.resetPasswords`, { classId: class201, studentIds: [a ?? '', b ?? ''] });
    expect(ask.status).toBe(200);
    const asked = await text(ask);
    expect(asked).toContain('确认为 2 名学生重置密码？');
    expect(asked).toContain('确认重置这 2 名学生的密码');
    expect(await Promise.all([a, b].map((u) => hashOf(u ?? '')))).toEqual(before.slice(0, 2)); // nothing changed yet

    // A confirmation that names another count resets nobody: it asks again.
    const stale = await text(await teacher.post(`/me/classes/${class201}/?_action=teaching.resetPasswords`, { classId: class201, studentIds: [a ?? '', b ?? ''], confirmed: '3' }));
    expect(stale).toContain('确认为 2 名学生重置密码？');
    expect(await hashOf(a ?? '')).toBe(before[0]);

    const done = await teacher.post(`/me/classes/${class201}/?_action=teaching.resetPasswords`, { classId: class201, studentIds: [a ?? '', b ?? ''], confirmed: '2' });
    const html = await done.text();
    expect(html.match(/class="password"/g)).toHaveLength(2);
    expect(html).toContain('已为 2 名学生生成新的初始密码');
    expect(await hashOf(a ?? '')).not.toBe(before[0]);
    expect(await hashOf(b ?? '')).not.toBe(before[1]);
    expect(await hashOf(untouched ?? '')).toBe(before[2]);
  });

  test('refuses an empty choice and pupils of another class, in Chinese', async () => {
    const none = await teacher.post(`/me/classes/${class201}/?_action=teaching.resetPasswords`, { classId: class201 });
    expect(none.status).toBe(400);
    expect(await text(none)).toContain('请先勾选要重置密码的学生');
    const other = await idOf('2026050203');
    const foreign = await teacher.post(`/me/classes/${class201}/?_action=teaching.resetPasswords`, { classId: class201, studentIds: [other], confirmed: '1' });
    expect(foreign.status).toBe(400);
    expect(await text(foreign)).toContain('勾选的学生不在这个班级里');
  });

  test('reprints slips only for pupils who never signed in, leaving chosen passwords alone', async () => {
    const first = await idOf('2026030105'); // the seed's pupil who has not signed in yet
    const chose = await idOf('2026030101');
    const [firstBefore, choseBefore] = await Promise.all([hashOf(first), hashOf(chose)]);
    const page = await text(await teacher.get(`/me/classes/${class201}/`));
    const n = Number(/为 (\d+) 名还没有登录过的学生重印登录条/.exec(page)?.[1]);
    expect(n).toBeGreaterThan(0);
    const r = await teacher.post(`/me/classes/${class201}/?_action=teaching.reprintSlips`, { classId: class201 });
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html.match(/class="password"/g)).toHaveLength(n);
    expect(html).toContain('2026030105');
    expect(html).not.toMatch(/2026030101<\/dd>/);
    expect(await hashOf(first)).not.toBe(firstBefore);
    expect(await hashOf(chose)).toBe(choseBefore);
  });
});

describe('assignments and results', () => {
  test('shows assigned lessons with due dates to students and exports results with Chinese headers', async () => {
    const assign = await teacher.post(`/me/classes/${class201}/results/?_action=teaching.assign`, {
      classId: class201,
      lessonIds: 'primary-middle/saying-no',
      dueOn: '2026-12-20',
    });
    expect(await text(assign)).toContain('已布置 1 节课');
    const pupil = await signedIn(app, { schoolCode: 'QYXX01', studentNumber: '2026030103' });
    // Within the year the date drops its year (12月20日); from another year it keeps it.
    expect(await text(await pupil.get('/me/student/'))).toMatch(/截止 (2026年)?12月20日/);

    const csv = await teacher.get(`/me/classes/${class201}/results.csv`);
    const body = new Uint8Array(await csv.arrayBuffer());
    expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(body)).toContain('"学号","姓名","我会说“不”，也会求助·最好成绩"');
    const xlsx = await teacher.get(`/me/classes/${class201}/results.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]?.getRow(1).getCell(2).value).toBe('姓名');
    expect((await new Browserless(app.url).get(`/me/classes/${class201}/results.csv`)).status).toBe(401);
  });

  test("says so when a withdrawal changed nothing: another school's class, or a lesson never assigned", async () => {
    const service = await app.service();
    await service.from('assignments').insert({ class_id: class203, lesson_id: 'primary-middle/saying-no', due_on: '2026-12-30' });
    const withdraw = async (classId: string): Promise<{ status: number; body: string }> => {
      const r = await teacher.post('/_actions/teaching.withdraw', { classId, lessonId: 'primary-middle/saying-no' });
      return { status: r.status, body: await r.text() };
    };
    const foreign = await withdraw(class203);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toContain('什么也没有改变');
    const { count } = await service.from('assignments').select('*', { count: 'exact', head: true }).eq('class_id', class203);
    expect(count).toBe(1);
    expect((await withdraw(class201)).status).toBe(200);
    expect((await withdraw(class201)).status).toBe(404);
  });
});

describe('contest results and item analysis for the class teacher', () => {
  test('shows the class in a closed contest with small-group rates suppressed, items grouped by lesson, and rare questions unranked', async () => {
    const service = await app.service();
    const { data: pupils } = await service.from('students').select('user_id').eq('class_id', class201).order('student_number');
    const pupilId = pupils?.[0]?.user_id as string;
    const hour = 3_600_000;
    const { data: closed } = await service
      .from('contests')
      .insert({
        title: '班级竞赛测试（已结束）',
        school_year: 2026,
        level: 'primary',
        quiz_id: 'contest-primary',
        opens_at: new Date(Date.now() - 48 * hour).toISOString(),
        closes_at: new Date(Date.now() - 24 * hour).toISOString(),
      })
      .select('contest_id')
      .single();
    const { data: open } = await service
      .from('contests')
      .insert({
        title: '班级竞赛测试（进行中）',
        school_year: 2026,
        level: 'primary',
        quiz_id: 'contest-primary',
        opens_at: new Date(Date.now() - hour).toISOString(),
        closes_at: new Date(Date.now() + 24 * hour).toISOString(),
      })
      .select('contest_id')
      .single();
    const attempt = (extra: Record<string, unknown>) => ({
      student_id: pupilId,
      question_ids: ['x'],
      seed: 1,
      deadline_at: new Date().toISOString(),
      submitted_at: new Date().toISOString(),
      score: 1,
      total: 1,
      percent: 100,
      passed: true,
      ...extra,
    });
    const { data: rows, error } = await service
      .from('attempts')
      .insert([
        attempt({ quiz_id: 'contest-primary', contest_id: closed?.contest_id }),
        attempt({ quiz_id: 'contest-primary', contest_id: open?.contest_id }),
        attempt({ quiz_id: 'saying-no', lesson_id: 'primary-middle/saying-no', percent: 0, passed: false }),
      ])
      .select('attempt_id');
    expect(error).toBeNull();
    await service.from('attempt_answers').insert([
      { attempt_id: rows?.[0]?.attempt_id, question_id: 'cp-02', response: 'a', correct: true },
      { attempt_id: rows?.[1]?.attempt_id, question_id: 'cp-06', response: 'a', correct: true },
      { attempt_id: rows?.[2]?.attempt_id, question_id: 'pm-refuse-01', response: 'b', correct: false },
    ]);
    try {
      const page = await text(await teacher.get(`/me/classes/${class201}/results/`));
      expect(page).toContain('班级竞赛测试（已结束）');
      expect(page).toMatch(/参与率 1 \/ \d+/);
      expect(page).toContain('及格率 &lt;5人');
      expect(page).not.toContain('及格率 100%');
      // Items: one group per lesson, by title; a question answered once is not ranked as 0%. While a
      // window on the contest bank is open, no contest's answers reach a teacher (they are its keys).
      expect(page).toContain('我会说“不”，也会求助');
      expect(page).not.toContain('竞赛：班级竞赛测试（进行中）');
      expect(page).not.toContain('竞赛：班级竞赛测试（已结束）');
      expect(page).toContain('作答不足 5 人次，暂不排序');
      expect(page).not.toMatch(/ 0% 1 /);
      // Once every window on the bank has closed, the closed contest's items are shown, by title.
      await service
        .from('contests')
        .update({ closes_at: new Date(Date.now() - hour).toISOString() })
        .eq('contest_id', open?.contest_id ?? '');
      const after = await text(await teacher.get(`/me/classes/${class201}/results/`));
      expect(after).toContain('竞赛：班级竞赛测试（已结束）');
      const csv = new TextDecoder().decode(new Uint8Array(await (await teacher.get(`/me/classes/${class201}/results.csv`)).arrayBuffer()));
      expect(csv).toContain('"班级竞赛测试（已结束）·成绩"');
    } finally {
      await service
        .from('attempts')
        .delete()
        .in(
          'attempt_id',
          (rows ?? []).map((r) => r.attempt_id),
        );
      await service.from('contests').delete().in('contest_id', [closed?.contest_id, open?.contest_id]);
    }
  });
});

describe('assigning lessons', () => {
  const path = `/me/classes/${class201}/results/?_action=teaching.assign`;
  test('names the field when no lesson is ticked, and refuses a due date in the past, keeping the ticks', async () => {
    const none = await teacher.post(path, { classId: class201, dueOn: '2099-12-20' });
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('请在“布置课程”里至少勾选一节课');
    expect(noneHtml).toMatch(/id="lessons-error"/);
    expect(noneHtml).toMatch(/value="2099-12-20"/);
    const past = await teacher.post(path, { classId: class201, lessonIds: 'primary-middle/saying-no', dueOn: '2020-01-01' });
    expect(past.status).toBe(400);
    const pastHtml = await past.text();
    expect(pastHtml).toContain('截止日期不能早于今天');
    expect(pastHtml).toMatch(/value="primary-middle\/saying-no" checked/);
  });
});

describe('the class-hours ledger', () => {
  const session = { classId: class201, lessonId: '', topic: '禁毒主题班会', hours: '1', form: 'class-meeting', teacherId: '00000000-0000-4000-8000-000000000112', note: '' };
  const path = `/me/classes/${class201}/hours/?_action=teaching.logSession`;

  test('records sessions, including late ones, and counts them against the requirement', async () => {
    expect((await teacher.post(path, { ...session, heldOn: '2026-10-08' })).status).toBe(200);
    const page = await text(await teacher.post(path, { ...session, heldOn: '2026-11-02', hours: '1.5' }));
    expect(page).toContain('本学年已完成 2.5 课时，要求 2 课时');
    expect(page).toContain('已达标');
  });

  test('refuses hours that are negative, a future date, and a class of another school, saving nothing', async () => {
    const before = (await (await app.service()).from('class_sessions').select('session_id')).data?.length ?? -1;
    const negative = await teacher.post(path, { ...session, heldOn: '2026-11-01', hours: '-1' });
    expect(negative.status).toBe(400);
    expect(await text(negative)).toContain('课时必须大于 0');
    const future = await teacher.post(path, { ...session, heldOn: '2099-01-01', topic: '未来的班会' });
    expect(future.status).toBe(400);
    const futureHtml = await future.text();
    expect(futureHtml).toContain('不能登记未来日期的课时');
    // What was typed stays in the form (issue 18: date and topic were cleared).
    expect(futureHtml).toMatch(/value="2099-01-01"/);
    expect(futureHtml).toMatch(/value="未来的班会"/);
    const foreign = await teacher.post(path, { ...session, classId: class203, heldOn: '2026-11-01' });
    expect(foreign.status).toBe(403);
    expect((await (await app.service()).from('class_sessions').select('session_id')).data?.length).toBe(before);
  });

  test('logs a correction with who and when', async () => {
    const { data } = await (await app.service()).from('class_sessions').select('session_id').eq('held_on', '2026-10-08').single<{ session_id: string }>();
    const admin = await signedIn(app, { account: 'admin.xx@qingyuan.test' });
    const fixed = await admin.post(`/me/classes/${class201}/hours/?_action=teaching.fixSession`, {
      ...session,
      sessionId: data?.session_id ?? '',
      heldOn: '2026-10-09',
      hours: '2',
    });
    expect(await text(fixed)).toContain('已修改');
    const { data: edits } = await (await app.service())
      .from('class_session_edits')
      .select('action, edited_by')
      .eq('session_id', data?.session_id ?? '')
      .order('edit_id');
    expect(edits).toEqual([
      { action: 'insert', edited_by: '00000000-0000-4000-8000-000000000112' },
      { action: 'update', edited_by: '00000000-0000-4000-8000-000000000111' },
    ]);
  });
});

describe('the 五落实 board', () => {
  test('lists what is missing and saves an item with evidence', async () => {
    const admin = await signedIn(app, { account: 'admin.xx@qingyuan.test' });
    expect(await text(await admin.get('/me/school/board/'))).toContain('教学计划：未落实');
    const saved = await admin.post('/me/school/board/?_action=school.saveFive', {
      item: 'plan',
      status: 'done',
      evidence: '校长办公会审议通过',
      terms: '上学期',
      link: 'https://example.edu/plan.pdf',
    });
    const page = await text(saved);
    expect(page).toContain('已保存');
    expect(page).toContain('教学计划：只覆盖了 1 个学期');
    const bad = await admin.post('/me/school/board/?_action=school.saveFive', { item: 'plan', status: 'done', link: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    const refused = await teacher.post('/_actions/school.saveFive', { item: 'plan', status: 'missing' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('只有学校管理员可以填写五落实');
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    expect(await text(await office.get('/me/office/'))).toMatch(/清源实验小学 \d+ \/ \d+/);
  });

  test('the printed evidence pack names lessons by their titles, not their ids', async () => {
    const admin = await signedIn(app, { account: 'admin.xx@qingyuan.test' });
    const logged = await admin.post(`/me/classes/${class201}/hours/?_action=teaching.logSession`, {
      classId: class201,
      heldOn: '2026-10-20',
      lessonId: 'primary-middle/saying-no',
      topic: '',
      hours: '1',
      form: 'lesson',
      teacherId: '00000000-0000-4000-8000-000000000112',
      note: '',
    });
    expect(logged.status).toBe(200);
    const pack = await text(await admin.get('/me/school/evidence/'));
    expect(pack).toContain('我会说“不”，也会求助');
    expect(pack).not.toContain('primary-middle/saying-no');
    // It goes to inspectors as the school's document: who submits it, the date, seal and signature lines.
    expect(pack).toContain('报送单位：清源实验小学');
    expect(pack).toContain('（盖章）');
    expect(pack).toContain('校长签字：');
    expect(pack).toMatch(/日期：\d{4}年\d{1,2}月\d{1,2}日/);
  });
});
