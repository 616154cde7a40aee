// The quiz load split across two app servers in front of one PostgreSQL and one PostgREST (the way
// a city scales out, README "Deployment"): 50 pupils at once, each attempt started on one server
// and submitted on the other, against the same load on one server; then the counts in the database,
// which must be exact. PostgreSQL only (set DATABASE_URL). Runs with `npm run bench -- quiz` too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { mintApiKeys } from '../../src/lib/server/runtime/keys.ts';
import { makeSessions } from '../events-load.mjs';
import { percentile, startApp } from './lib.mjs';

const pupils = 50;
const rounds = 6;
const warmupRounds = 2;
const classId = '00000000-0000-4000-8000-000000000202';

/** Adds `pupils` students to class 202 straight in the database, with sessions; returns ids and cookies. */
async function enrol(db, tag) {
  const ids = [];
  for (let i = 0; i < pupils; i++) ids.push(crypto.randomUUID());
  await db.query(
    `insert into public.users (user_id, role, display_name, school_id) select id, 'student', '压测', '00000000-0000-4000-8000-000000000011' from unnest($1::uuid[]) as id`,
    [ids],
  );
  await db.query(
    `insert into public.students (user_id, school_id, class_id, student_number)
     select id, '00000000-0000-4000-8000-000000000011', $2, $3 || n from unnest($1::uuid[]) with ordinality as t (id, n)`,
    [ids, classId, `T${tag}`],
  );
  return { ids, cookies: (await makeSessions(db, ids)).map((c) => `qy_session=${c}`) };
}

async function action(url, cookie, name, input) {
  const r = await fetch(`${url}/_actions/${name}`, { method: 'POST', headers: { origin: url, cookie, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const flat = await r.json();
  if (!r.ok) throw new Error(`${name}: ${r.status} ${flat.message}`);
  const top = flat[0];
  return { attemptId: flat[top.attemptId], questionIds: top.questions !== undefined ? flat[top.questions].map((i) => flat[flat[i].id]) : [] };
}

/**
 * Every pupil: start, submit, `warmupRounds + rounds` times; the start on urls[k], the submit on
 * urls[k + 1]. The first rounds are not timed (each pupil's first request checks its new session in
 * full, and V8 compiles the paths); the database counts cover every round.
 */
async function measure(db, label, urls) {
  const tag = Date.now().toString(36);
  const { ids, cookies } = await enrol(db, tag);
  const latencies = [];
  const play = (from, to, timed) =>
    Promise.all(
      cookies.map(async (cookie, s) => {
        for (let round = from; round < to; round++) {
          const k = s + round;
          let t = performance.now();
          const attempt = await action(urls[k % urls.length], cookie, 'quiz.start', { quizId: 'drugs-and-harms' });
          if (timed) latencies.push(performance.now() - t);
          t = performance.now();
          await action(urls[(k + 1) % urls.length], cookie, 'quiz.submit', {
            attemptId: attempt.attemptId,
            answers: Object.fromEntries(attempt.questionIds.map((id) => [id, true])),
          });
          if (timed) latencies.push(performance.now() - t);
        }
      }),
    );
  await play(0, warmupRounds, false);
  const started = performance.now();
  await play(warmupRounds, warmupRounds + rounds, true);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const { rows } = await db.query(
    `select count(*)::int as started, count(*) filter (where submitted_at is not null)::int as graded,
            (select coalesce(sum(attempts), 0)::int from public.lesson_progress where student_id = any($1::uuid[])) as counted
       from public.attempts where student_id = any($1::uuid[])`,
    [ids],
  );
  const c = rows[0];
  console.log(
    `${label}: ${((pupils * rounds) / seconds).toFixed(0)} start+submit pairs/s with ${pupils} pupils at once, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; in the database ${c.started} started, ${c.graded} graded, ${c.counted} counted in lesson progress (expected ${pupils * (warmupRounds + rounds)} each; ${pupils * rounds} pairs timed after ${pupils * warmupRounds})`,
  );
  await db.query('delete from public.attempt_answers where attempt_id in (select attempt_id from public.attempts where student_id = any($1::uuid[]))', [ids]);
  await db.query('delete from public.attempts where student_id = any($1::uuid[])', [ids]);
  await db.query('delete from public.users where user_id = any($1::uuid[])', [ids]);
}

export async function run() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log('quiz-two-servers: skipped (set DATABASE_URL, e.g. eval "$(bash scripts/pg-test-server.sh)")');
    return;
  }
  const first = await startApp({ DATABASE_URL: databaseUrl });
  const secret = readFileSync(join(first.dataDir, 'jwt-secret'), 'utf8').trim();
  const keys = await mintApiKeys(secret);
  // The second server serves the same backend the way it would serve a Supabase project.
  const second = await startApp({ SUPABASE_URL: first.supabaseUrl, SUPABASE_ANON_KEY: keys.anonKey, SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey, SUPABASE_JWT_SECRET: secret });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await measure(db, 'one server', [first.url]);
    await measure(db, 'two servers (start on one, submit on the other)', [first.url, second.url]);
  } finally {
    await db.end();
    await second.stop();
    await first.stop();
  }
}
