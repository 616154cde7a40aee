import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Browserless, callAction, signedIn, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

/**
 * Rules that must hold under concurrency, on a real PostgreSQL server (PGlite runs one
 * transaction at a time and would hide the races). CI starts one and sets DATABASE_URL.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('跳过并发测试：没有设置 DATABASE_URL（eval "$(bash scripts/pg-test-server.sh)"）');

describe.runIf(databaseUrl)('on real PostgreSQL', () => {
  let app: App;

  beforeAll(async () => {
    requireBuild();
    app = await startApp({ env: { DATABASE_URL: databaseUrl ?? '' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  test('a contest with one attempt each admits exactly one of 30 simultaneous starts', async () => {
    const service = await app.service();
    const { data, error } = await service
      .from('contests')
      .insert({
        title: `并发测试 ${Date.now()}`,
        school_year: 2026,
        level: 'primary',
        quiz_id: 'contest-primary',
        opens_at: new Date(Date.now() - 60_000).toISOString(),
        closes_at: new Date(Date.now() + 3_600_000).toISOString(),
        max_attempts: 1,
      })
      .select('contest_id')
      .single<{ contest_id: string }>();
    expect(error).toBeNull();
    const contestId = data?.contest_id ?? '';
    const pupil = await signedIn(app, { schoolCode: 'QYXX01', studentNumber: '2026050201' });
    const results = await Promise.all(Array.from({ length: 30 }, () => callAction(pupil, 'quiz.start', { quizId: 'contest-primary', contestId })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(29);
    const { count } = await service.from('attempts').select('*', { count: 'exact', head: true }).eq('contest_id', contestId);
    expect(count).toBe(1);
  });

  test('20 simultaneous submissions of one attempt grade it once', async () => {
    const pupil = await signedIn(app, { schoolCode: 'QYXX01', studentNumber: '2026050202' });
    const started = await callAction<{ attemptId: string; questions: { id: string }[] }>(pupil, 'quiz.start', { quizId: 'drugs-and-harms' });
    const answers = Object.fromEntries(started.data.questions.map((q) => [q.id, true]));
    const results = await Promise.all(Array.from({ length: 20 }, () => callAction(pupil, 'quiz.submit', { attemptId: started.data.attemptId, answers })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const { count } = await (await app.service()).from('attempt_answers').select('*', { count: 'exact', head: true }).eq('attempt_id', started.data.attemptId);
    expect(count).toBe(started.data.questions.length);
    const { data } = await (await app.service())
      .from('lesson_progress')
      .select('attempts')
      .eq('student_id', '00000000-0000-4000-8000-000000001102')
      .eq('lesson_id', 'primary-upper/drugs-and-harms')
      .single<{ attempts: number }>();
    expect(data?.attempts).toBeGreaterThanOrEqual(1);
  });

  test('20 simultaneous submissions of one practice draw grade it once', async () => {
    const visitor = new Browserless(app.url);
    const started = await callAction<{ questions: { id: string }[]; draw: string }>(visitor, 'quiz.practiceStart', { quizId: 'saying-no' });
    const results = await Promise.all(Array.from({ length: 20 }, () => callAction(visitor, 'quiz.practiceSubmit', { draw: started.data.draw, answers: {} })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.message.includes('已经提交过了'))).toHaveLength(19);
  });

  test('the sign-in throttle holds under simultaneous guesses, and a device that signed in before still gets in', async () => {
    const phone = new Browserless(app.url);
    expect((await phone.post('/login/?_action=auth.signInAdult', { account: 'zhao@qingyuan.test', password: 'qingyuan2026' })).status).toBe(303);
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => new Browserless(app.url).post('/login/?_action=auth.signInAdult', { account: 'zhao@qingyuan.test', password: `guess-${i}` })),
    );
    expect(guesses.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const stranger = await new Browserless(app.url).post('/login/?_action=auth.signInAdult', { account: 'zhao@qingyuan.test', password: 'qingyuan2026' });
    expect(stranger.status).toBe(429);
    expect((await phone.post('/login/?_action=auth.signInAdult', { account: 'zhao@qingyuan.test', password: 'qingyuan2026' })).status).toBe(303);
  });
});
