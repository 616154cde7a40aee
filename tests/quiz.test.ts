import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callAction, signedIn, sharedApp, type App, type Browserless } from './helpers/app';
import { requireBuild } from './helpers/dist';
import { answerKeys, answersFor } from './helpers/keys';

interface Started {
  attemptId: string;
  deadlineAt: string;
  questions: { id: string; type: string; stem: string; options: { id: string; text: string }[] }[];
}
interface Result {
  score: number;
  total: number;
  percent: number;
  passed: boolean;
  results: { id: string; correct: boolean; explanation: string }[];
}

let app: App;
let pupil: Browserless;
const quizId = 'disguised-drugs';

beforeAll(async () => {
  requireBuild();
  app = await sharedApp();
  pupil = await signedIn(app, { schoolCode: 'QYXX01', studentNumber: '2026030102' });
});

afterAll(async () => {
  await app?.stop();
});

async function start(b: Browserless, id = quizId, contestId?: string): Promise<Started> {
  const r = await callAction<Started>(b, 'quiz.start', contestId ? { quizId: id, contestId } : { quizId: id });
  if (r.status !== 200) throw new Error(`start: ${r.status} ${r.message}`);
  return r.data;
}

describe('a scored lesson quiz', () => {
  test('draws the configured number of distinct questions and sends no key or explanation', async () => {
    const attempt = await start(pupil);
    expect(attempt.questions).toHaveLength(5);
    expect(new Set(attempt.questions.map((q) => q.id)).size).toBe(5);
    expect(JSON.stringify(attempt)).not.toMatch(/"answer"|"explanation"/);
    expect(Date.parse(attempt.deadlineAt)).toBeGreaterThan(Date.now());
  });

  test('draws from the bank as it is now, also right after the server kept a copy of the draw source', async () => {
    const service = await app.service();
    const quiz = 'medicine-rules';
    expect((await start(pupil, quiz)).questions).toHaveLength(5);
    // The draw count changes (as a content sync would) while the server still holds its copy.
    const { error } = await service.from('quizzes').update({ draw_count: 4 }).eq('quiz_id', quiz);
    expect(error).toBeNull();
    try {
      const again = await start(pupil, quiz);
      expect(again.questions).toHaveLength(4);
    } finally {
      await service.from('quizzes').update({ draw_count: 5 }).eq('quiz_id', quiz);
    }
  });

  test('grades on the server, keeps the best score, and marks the lesson mastered at 80%', async () => {
    const failing = await start(pupil);
    const failed = await callAction<Result>(pupil, 'quiz.submit', {
      attemptId: failing.attemptId,
      answers: answersFor(
        quizId,
        failing.questions.map((q) => q.id),
        false,
      ),
    });
    expect(failed.data).toMatchObject({ score: 0, total: 5, percent: 0, passed: false });
    expect(failed.data.results.every((r) => r.explanation.length > 0)).toBe(true);

    const passing = await start(pupil);
    const passed = await callAction<Result>(pupil, 'quiz.submit', {
      attemptId: passing.attemptId,
      answers: answersFor(
        quizId,
        passing.questions.map((q) => q.id),
        true,
      ),
    });
    expect(passed.data).toMatchObject({ score: 5, percent: 100, passed: true });

    const again = await start(pupil);
    await callAction(pupil, 'quiz.submit', { attemptId: again.attemptId, answers: {} });
    const status = await callAction<{ progress: { bestPercent: number; mastered: boolean; attempts: number } }>(pupil, 'quiz.status', { quizId });
    expect(status.data.progress).toMatchObject({ bestPercent: 100, mastered: true });
    expect(status.data.progress.attempts).toBeGreaterThanOrEqual(3);
  });
});

describe('tampering and abuse', () => {
  test('refuses answers for a question not in the attempt, and saves nothing', async () => {
    const attempt = await start(pupil);
    const r = await callAction(pupil, 'quiz.submit', { attemptId: attempt.attemptId, answers: { 'pl-snack-01': true } });
    expect(r.status).toBe(400);
    expect(r.message).toContain('不在这次答题里');
    const { data } = await (await app.service()).from('attempts').select('submitted_at').eq('attempt_id', attempt.attemptId).single();
    expect(data?.submitted_at).toBeNull();
    const { data: answers } = await (await app.service()).from('attempt_answers').select('question_id').eq('attempt_id', attempt.attemptId);
    expect(answers).toEqual([]);
  });

  test('refuses a replayed submission with 409', async () => {
    const attempt = await start(pupil);
    const answers = answersFor(
      quizId,
      attempt.questions.map((q) => q.id),
      true,
    );
    expect((await callAction(pupil, 'quiz.submit', { attemptId: attempt.attemptId, answers })).status).toBe(200);
    const replay = await callAction(pupil, 'quiz.submit', { attemptId: attempt.attemptId, answers });
    expect(replay.status).toBe(409);
    expect(replay.message).toContain('已经提交过了');
  });

  test('refuses a submission after the time limit, and saves nothing', async () => {
    const attempt = await start(pupil);
    const service = await app.service();
    await service
      .from('attempts')
      .update({ deadline_at: new Date(Date.now() - 60_000).toISOString() })
      .eq('attempt_id', attempt.attemptId);
    const late = await callAction(pupil, 'quiz.submit', {
      attemptId: attempt.attemptId,
      answers: answersFor(
        quizId,
        attempt.questions.map((q) => q.id),
        true,
      ),
    });
    expect(late.status).toBe(409);
    expect(late.message).toContain('超过答题时间');
    const { data } = await service.from('attempts').select('submitted_at, score').eq('attempt_id', attempt.attemptId).single();
    expect(data).toEqual({ submitted_at: null, score: null });
  });

  test("refuses another student's attempt as if it did not exist", async () => {
    const attempt = await start(pupil);
    const other = await signedIn(app, { schoolCode: 'QYXX01', studentNumber: '2026030103' });
    const r = await callAction(other, 'quiz.submit', { attemptId: attempt.attemptId, answers: {} });
    expect(r.status).toBe(404);
    expect(r.message).toContain('找不到这次答题');
  });

  test('refuses scored quizzes to visitors and teachers', async () => {
    const teacher = await signedIn(app, { account: 'chen@qingyuan.test' });
    expect((await callAction(teacher, 'quiz.start', { quizId })).status).toBe(403);
    const visitor = new (pupil.constructor as new (base: string) => Browserless)(app.url);
    const r = await callAction(visitor, 'quiz.start', { quizId });
    expect(r.status).toBe(401);
    expect(r.message).toContain('请先登录');
  });

  test('refuses a tampered attempt id with a Chinese message', async () => {
    const r = await callAction(pupil, 'quiz.submit', { attemptId: 'not-a-uuid', answers: {} });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.data)).toMatch(/答题编号格式不对/);
  });
});

describe('practice mode for visitors', () => {
  const visitor = (): Browserless => new (pupil.constructor as new (base: string) => Browserless)(app.url);
  type Practice = { questions: { id: string }[]; draw: string };

  test('draws questions without keys and grades the signed draw once, without saving', async () => {
    const b = visitor();
    const started = await callAction<Practice>(b, 'quiz.practiceStart', { quizId });
    expect(JSON.stringify(started.data)).not.toMatch(/"answer"|"explanation"/);
    const ids = started.data.questions.map((q) => q.id);
    const graded = await callAction<Result>(b, 'quiz.practiceSubmit', { draw: started.data.draw, answers: answersFor(quizId, ids, true) });
    expect(graded.data).toMatchObject({ percent: 100, passed: true });
    expect(graded.data.results.map((r) => r.id)).toEqual(ids);
    const again = await callAction(b, 'quiz.practiceSubmit', { draw: started.data.draw, answers: answersFor(quizId, ids, false) });
    expect(again.status).toBe(400);
    expect(again.message).toContain('已经提交过了');
  });

  test('grades only the questions the server drew: a draw cannot be widened or forged', async () => {
    const b = visitor();
    const started = await callAction<Practice>(b, 'quiz.practiceStart', { quizId });
    const drawn = started.data.questions.map((q) => q.id);
    const others = [...answerKeys(quizId).keys()].filter((id) => !drawn.includes(id));
    const widened = await callAction(b, 'quiz.practiceSubmit', { draw: started.data.draw, answers: answersFor(quizId, [...drawn, others[0] ?? ''], true) });
    expect(widened.status).toBe(400);
    expect(widened.message).toContain('不在这次练习里');
    // A draw naming every question, re-signed by someone without the server's secret.
    const [body] = started.data.draw.split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as { questionIds: string[] };
    claims.questionIds = [...answerKeys(quizId).keys()];
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${started.data.draw.split('.')[1]}`;
    const r = await callAction(b, 'quiz.practiceSubmit', { draw: forged, answers: {} });
    expect(r.status).toBe(400);
    expect(r.message).toContain('已失效');
  });

  test('a harvest of a contest bank gets nothing: no practice draw, no key', async () => {
    const b = visitor();
    for (const contestBank of ['contest-primary', 'contest-secondary']) {
      for (let i = 0; i < 10; i++) {
        const r = await callAction(b, 'quiz.practiceStart', { quizId: contestBank });
        expect(r.status).toBe(400);
        expect(JSON.stringify(r.data ?? {})).not.toMatch(/"questions"|"answer"|"explanation"/);
      }
      // The probe's second step: a lesson draw submitted with contest question ids.
      const lesson = await callAction<Practice>(b, 'quiz.practiceStart', { quizId });
      const ids = [...answerKeys(contestBank).keys()].slice(0, 40);
      const r = await callAction(b, 'quiz.practiceSubmit', { draw: lesson.data.draw, answers: Object.fromEntries(ids.map((id) => [id, 'a'])) });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.data ?? {})).not.toMatch(/"answer"|"explanation"/);
    }
  });
});

describe('the certificate', () => {
  test('comes once every required lesson of the band is mastered, and verifies with the initial only', async () => {
    const student = await signedIn(app, { schoolCode: 'QYXX01', studentNumber: '2026030104' });
    const early = await student.post('/me/student/?_action=learning.getCertificate', {});
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('必修课没有掌握');
    for (const id of ['disguised-drugs', 'saying-no']) {
      const attempt = await start(student, id);
      await callAction(student, 'quiz.submit', {
        attemptId: attempt.attemptId,
        answers: answersFor(
          id,
          attempt.questions.map((q) => q.id),
          true,
        ),
      });
    }
    const got = await student.post('/me/student/?_action=learning.getCertificate', {});
    expect(got.headers.get('location')).toBe('/me/certificate/');
    const page = await (await student.get('/me/certificate/')).text();
    const code = /证书编号：([A-Z2-9]{10})/.exec(page)?.[1] ?? '';
    expect(code).toHaveLength(10);
    const verify = await (await fetch(`${app.url}/verify/?code=${code}`)).text();
    expect(verify).toContain('这是一张有效的证书');
    expect(verify).toContain('清源实验小学');
    const { data } = await (await app.service()).from('users').select('display_name').eq('user_id', '00000000-0000-4000-8000-000000001004').single();
    const name = (data as { display_name: string }).display_name;
    expect(verify).toMatch(new RegExp(`<dd[^>]*>${name.slice(0, 1)}</dd>`));
    expect(verify).not.toContain(name);
    expect((await fetch(`${app.url}/verify/?code=ABCDEFGHJK`)).status).toBe(404);
  });
});

describe('the knowledge contest', () => {
  test('opens for the level, allows one attempt, and counts per school', async () => {
    const office = await signedIn(app, { account: 'office@qingyuan.test' });
    const local = (offsetMinutes: number): string => new Date(Date.now() + 8 * 3600_000 + offsetMinutes * 60_000).toISOString().slice(0, 16);
    const saved = await office.post('/me/office/?_action=learning.createContestWindow', {
      title: '测试竞赛',
      level: 'primary',
      opensAt: local(-5),
      closesAt: local(60),
      questionCount: '20',
      timeLimitMinutes: '10',
      maxAttempts: '1',
    });
    expect(saved.status).toBe(200);
    const { data: contests } = await (await app.service()).from('contests').select('contest_id').eq('title', '测试竞赛');
    const contestId = (contests as { contest_id: string }[])[0]?.contest_id ?? '';

    const attempt = await start(pupil, 'contest-primary', contestId);
    expect(attempt.questions).toHaveLength(20);
    expect(Date.parse(attempt.deadlineAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const result = await callAction<Result & { sealed: boolean }>(pupil, 'quiz.submit', {
      attemptId: attempt.attemptId,
      answers: answersFor(
        'contest-primary',
        attempt.questions.map((q) => q.id),
        true,
      ),
    });
    expect(result.data.percent).toBe(100);
    // The window is open: the score, and no key, explanation or per-question mark to pass on.
    expect(result.data.sealed).toBe(true);
    expect(result.data.results).toEqual([]);
    expect(JSON.stringify(result.data)).not.toMatch(/"answer"|"explanation"|"correct"/);
    const second = await callAction(pupil, 'quiz.start', { quizId: 'contest-primary', contestId });
    expect(second.status).toBe(409);
    expect(second.message).toContain('已经参加过');

    const secondary = await signedIn(app, { schoolCode: 'QYZX01', studentNumber: '2026070301' });
    const wrongLevel = await callAction(secondary, 'quiz.start', { quizId: 'contest-primary', contestId });
    expect(wrongLevel.status).toBe(403);

    const stats = (await (await office.get('/me/office/')).text()).replace(/<[^>]+>/g, ' ');
    // 清源实验小学 has 10 primary students; one took part with 100: participation is a rate over 10
    // pupils, but pass rate, excellent rate and average rest on one child and are not shown (issue 18).
    expect(stats).toMatch(/清源实验小学\s+城南区\s+10\s+10%\s+&lt;5人\s+&lt;5人\s+&lt;5人/);
    expect(stats).not.toMatch(/10%\s+100%/);
    const admin = await signedIn(app, { account: 'admin.xx@qingyuan.test' });
    const school = (await (await admin.get('/me/school/')).text()).replace(/<[^>]+>/g, ' ');
    expect(school).toMatch(/清源实验小学\s+城南区\s+10\s+10%\s+&lt;5人\s+&lt;5人\s+&lt;5人/);

    // The city's pass rate rests on one pupil: the target is "样本不足", never "已达成", on the page and in the export.
    const year = (await (await app.service()).from('contests').select('school_year').eq('contest_id', contestId).single()).data?.school_year as number;
    const dashboard = (await (await office.get(`/me/office/dashboard/?year=${year}`)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(dashboard).toMatch(/竞赛及格率 &lt;5人 85% 样本不足/);
    expect(dashboard).not.toMatch(/竞赛及格率 100%/);
    const csv = await (await office.get(`/me/office/dashboard.csv?year=${year}&table=targets`)).text();
    expect(csv).toContain('"竞赛及格率","<5人不显示",85,"%","样本不足（少于 5 人）"');
    const schoolsCsv = await (await office.get(`/me/office/dashboard.csv?year=${year}&table=schools`)).text();
    expect(schoolsCsv).toMatch(/"清源实验小学",10,[^\r]*,"<5人不显示","<5人不显示"\r/);
  });
});
