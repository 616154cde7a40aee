import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mintApiKeys } from '~/lib/server/runtime/keys';
import { cleanUp, makeEvent, makeSessions, makeVolunteers } from '../scripts/events-load.mjs';
import { Browserless, callAction, startApp, type App } from './helpers/app';
import { requireBuild } from './helpers/dist';

/**
 * Two Node servers in front of one PostgreSQL and one PostgREST, as a city would run them behind a
 * load balancer (README, Deployment): the first `npm start` runs PostgREST against the server, the
 * second serves the same backend as a Supabase-style project with the same keys. Requests are
 * spread over both, and what the database decides stays exact: 50 seats go to exactly 50 of 1,000
 * volunteers, every quiz attempt is graded once wherever it was started or submitted, and what one
 * server signed (a practice draw, the device cookie) the other accepts.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('跳过双服务器测试：没有设置 DATABASE_URL（eval "$(bash scripts/pg-test-server.sh)"）');

interface Outcome {
  status: number;
  body: string;
}

describe.runIf(databaseUrl)('two app servers against one PostgreSQL', () => {
  let first: App;
  let second: App;
  let owner: pg.Client;
  const created: { eventIds: string[]; userIds: string[] } = { eventIds: [], userIds: [] };

  beforeAll(async () => {
    requireBuild();
    first = await startApp({ env: { DATABASE_URL: databaseUrl ?? '' } });
    const secret = readFileSync(join(first.dataDir, 'jwt-secret'), 'utf8').trim();
    const keys = await mintApiKeys(secret);
    second = await startApp({
      env: { SUPABASE_URL: first.supabaseUrl, SUPABASE_ANON_KEY: keys.anonKey, SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey, SUPABASE_JWT_SECRET: secret },
    });
    owner = new pg.Client({ connectionString: databaseUrl });
    await owner.connect();
  }, 180_000);

  afterAll(async () => {
    if (owner) await cleanUp(owner, created);
    await owner?.end();
    await second?.stop();
    await first?.stop();
  });

  const servers = (): App[] => [first, second];
  /** A client of `app` carrying the session cookie `session` (`id.secret`). */
  const as = (app: App, session: string): Browserless => {
    const b = new Browserless(app.url);
    if (session) b.cookies.set('qy_session', session);
    return b;
  };

  test('1,000 volunteers signing up through both servers at once for 50 seats: exactly 50 confirmed, 950 waitlisted in order', async () => {
    const tag = `two${Date.now().toString(36)}`;
    const ids = (await makeVolunteers(owner, 1000, tag)) as string[];
    created.userIds.push(...ids);
    const cookies = (await makeSessions(owner, ids)) as string[];
    const eventId = (await makeEvent(owner, { capacity: 50, title: `双服务器抢名额 ${tag}` })) as string;
    created.eventIds.push(eventId);

    const signUp = async (cookie: string, app: App): Promise<Outcome> => {
      const r = await fetch(`${app.url}/_actions/events.signUp`, {
        method: 'POST',
        headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie: `qy_session=${cookie}` },
        body: `eventId=${eventId}`,
      });
      return { status: r.status, body: await r.text() };
    };
    const results = await Promise.all(cookies.map((cookie, i) => signUp(cookie, servers()[i % 2] as App)));
    expect(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.slice(0, 120)}`)).toEqual([]);

    const { rows: byStatus } = await owner.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from public.event_signups where event_id = $1 group by status order by status',
      [eventId],
    );
    expect(Object.fromEntries(byStatus.map((r) => [r.status, r.n]))).toEqual({ confirmed: 50, waitlisted: 950 });
    const { rows: stored } = await owner.query<{ seats_taken: number; waitlisted: number }>('select seats_taken, waitlisted from public.events where event_id = $1', [eventId]);
    expect(stored[0]).toEqual({ seats_taken: 50, waitlisted: 950 });
    const { rows: queue } = await owner.query<{ status: string }>('select status from public.event_signups where event_id = $1 order by queue_no', [eventId]);
    expect(queue.slice(0, 50).every((r) => r.status === 'confirmed')).toBe(true);
    expect(queue.slice(50).every((r) => r.status === 'waitlisted')).toBe(true);
  });

  test('quizzes started on one server and submitted on the other are each graded once', async () => {
    const { rows: pupils } = await owner.query<{ user_id: string }>(
      `select s.user_id from public.students s join public.credentials c using (user_id)
        where s.class_id = '00000000-0000-4000-8000-000000000202' and not c.must_change_password order by s.student_number`,
    );
    expect(pupils.length).toBeGreaterThanOrEqual(4);
    const ids = pupils.map((p) => p.user_id);
    const cookies = (await makeSessions(owner, ids)) as string[];
    const since = (await owner.query<{ now: Date }>('select now()')).rows[0]?.now;
    const progress = async (): Promise<number> =>
      (
        await owner.query<{ n: number }>(
          `select coalesce(sum(attempts), 0)::int as n from public.lesson_progress where student_id = any($1::uuid[]) and lesson_id = 'primary-upper/drugs-and-harms'`,
          [ids],
        )
      ).rows[0]?.n ?? 0;
    const before = await progress();

    const rounds = 4;
    let submitted = 0;
    await Promise.all(
      cookies.map(async (cookie, s) => {
        for (let round = 0; round < rounds; round++) {
          const [startOn, submitOn] = (s + round) % 2 === 0 ? [first, second] : [second, first];
          const started = await callAction<{ attemptId: string; questions: { id: string }[] }>(as(startOn, cookie), 'quiz.start', { quizId: 'drugs-and-harms' });
          expect(started.status).toBe(200);
          const answers = Object.fromEntries(started.data.questions.map((q) => [q.id, true]));
          // The same submission reaches both servers at once: one grades it, the other is refused.
          const both = await Promise.all([submitOn, startOn].map((app) => callAction(as(app, cookie), 'quiz.submit', { attemptId: started.data.attemptId, answers })));
          expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
          submitted++;
        }
      }),
    );

    const { rows } = await owner.query<{ started: number; graded: number; answers: number; expected: number }>(
      `select count(*)::int as started, count(*) filter (where submitted_at is not null)::int as graded,
              (select count(*)::int from public.attempt_answers aa join public.attempts b using (attempt_id) where b.student_id = any($1::uuid[]) and b.started_at >= $2) as answers,
              coalesce(sum(cardinality(question_ids)), 0)::int as expected
         from public.attempts where student_id = any($1::uuid[]) and started_at >= $2`,
      [ids, since],
    );
    expect(rows[0]).toEqual({ started: submitted, graded: submitted, answers: rows[0]?.expected, expected: rows[0]?.expected });
    expect(await progress()).toBe(before + submitted);
  });

  test('a practice draw signed by one server is graded by the other, once', async () => {
    const started = await callAction<{ draw: string }>(as(first, ''), 'quiz.practiceStart', { quizId: 'saying-no' });
    expect(started.status).toBe(200);
    // The signing key is the shared JWT secret, not one of the process: the second server accepts it.
    expect((await callAction(as(second, ''), 'quiz.practiceSubmit', { draw: started.data.draw, answers: {} })).status).toBe(200);
    const again = await callAction(as(first, ''), 'quiz.practiceSubmit', { draw: started.data.draw, answers: {} });
    expect([again.status, again.message.includes('已经提交过了')]).toEqual([400, true]);
  });

  test('a session from one server is valid on the other, and signing out on one ends it on both', async () => {
    const pupil = new Browserless(first.url);
    expect((await pupil.post('/login/?_action=auth.signInStudent', { schoolCode: 'QYXX01', studentNumber: '2026050203', password: 'xuesheng2026' })).status).toBe(303);
    const session = pupil.cookies.get('qy_session') ?? '';
    expect((await as(second, session).get('/me/student/')).status).toBe(200);
    expect((await pupil.post('/me/?_action=auth.signOut', {})).status).toBeLessThan(400);
    expect((await as(second, session).get('/me/student/')).status).toBe(302);
  });
});
