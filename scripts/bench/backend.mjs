// Backend figures: cold start to first page, memory of the whole stack, sign-ins per second with
// p50/p99, on the embedded default and (when DATABASE_URL is set) on PostgreSQL.
// Issue 15, measured side by side on 2 shared cores (req/s; noisy, compare ratios): before the
// session copies (session-cache.ts) the signed-in quiz.status made 2 PostgREST calls, after it 1.
//   embedded   signed-in action  79 -> 119, ratio to a raw PostgREST GET 0.38 -> 0.74; student home 27 -> 35
//   postgresql signed-in action 148 -> 277, ratio 0.47 -> 0.54;                       student home 52 -> 66
// The student home in one call (public.student_home, was six PostgREST calls) and one shared date
// formatter, back to back on PostgreSQL (BENCH_MODES=postgresql): student home 94 -> 335 req/s
// (p50 209 -> 57 ms), while a raw PostgREST GET gave 1326 and 1573 and a prerendered page 982 and
// 868; home / raw GET 0.07 -> 0.21. CPU of all processes (Node, PostgREST, PostgreSQL) per home
// page 24 -> 5.8 ms, a figure other load on the machine inflates far less than req/s. With
// student_home and certificate_status in PL/pgSQL (plans kept per connection): 364 req/s beside a
// raw GET's 1487 (0.24), 4.5 CPU ms per page, of which PostgreSQL 2.6 -> 1.7 ms.
// Node's own share of a signed-in action on PostgreSQL, CPU per request (/proc, 8,000 requests):
// 1.15 ms; files sent from an index instead of a stat and a failed send() before every rendered
// request, 1.04; one kept supabase-js client per token without its auth client, 0.85; node:http
// keep-alive instead of fetch for the calls to PostgREST, 0.72; a small body read once, 0.63-0.69.
// Timed after a warm-up, the signed-in action went from 451 to 999-1062 req/s beside a raw GET's
// 1829-2027 (0.52-0.55), the student home 423 -> 637-698. Each row now prints its CPU per request.
// Then quiz.status read public.my_quiz_progress by GET instead of lesson_progress with its lesson
// embedded: PostgREST per signed-in action 0.52-0.60 -> 0.39-0.45 ms; five runs gave 0.50, 0.53,
// 0.56, 0.56 and 0.61 (976-1216 req/s beside 1870-2190); the student home 682-714 req/s.
import pg from 'pg';
import { load, stackCpuMs, startApp, treeRssMiB, wantMode } from './lib.mjs';

const accounts = ['chen@qingyuan.test', 'liu@qingyuan.test', 'zhao@qingyuan.test', 'organizer@qingyuan.test', '13800138001', '13800138002'];

async function signIns(app) {
  return load({
    total: 240,
    concurrency: 8,
    task: async (i) => {
      const r = await fetch(`${app.url}/login/?_action=auth.signInAdult`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ account: accounts[i % accounts.length], password: 'qingyuan2026' }),
      });
      await r.arrayBuffer();
      return r.status === 303;
    },
  });
}

/** A signed-in student's session cookie. */
async function studentCookie(app) {
  const r = await fetch(`${app.url}/login/?_action=auth.signInStudent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ schoolCode: 'QYXX01', studentNumber: '2026030102', password: 'xuesheng2026' }),
  });
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** The paths of a signed-in request side by side, 20 at once, in one run. */
async function paths(label, app) {
  const cookie = await studentCookie(app);
  const { anonKey } = await import('../../src/lib/server/runtime/keys.ts').then(async (m) =>
    m.mintApiKeys((await import('node:fs')).readFileSync(`${app.dataDir}/jwt-secret`, 'utf8').trim()),
  );
  const action = (headers) => () =>
    fetch(`${app.url}/_actions/quiz.status`, {
      method: 'POST',
      headers: { origin: app.url, 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: '{"quizId":"saying-no"}',
    });
  const rows = [
    ['a prerendered page', () => fetch(`${app.url}/lessons/primary-middle/saying-no/`, { headers: { 'accept-encoding': 'br' } })],
    [
      'a raw PostgREST GET (anon)',
      () => fetch(`${app.supabaseUrl}/rest/v1/lessons?select=lesson_id,title&limit=20`, { headers: { apikey: anonKey, authorization: `Bearer ${anonKey}` } }),
    ],
    ['an anonymous action (quiz.status)', action({})],
    ['the same action signed in as a student', action({ cookie })],
    ['the student home /me/student/', () => fetch(`${app.url}/me/student/`, { headers: { cookie } })],
  ];
  const figures = [];
  for (const [name, request] of rows) {
    const task = async () => {
      const r = await request();
      await r.arrayBuffer();
      return r.ok;
    };
    // Untimed first: V8 compiles each path's code while it runs, and the figure is the steady state.
    await load({ total: 400, concurrency: 20, task });
    const cpuBefore = stackCpuMs(app.pid);
    const result = await load({ total: 2000, concurrency: 20, task });
    const cpuAfter = stackCpuMs(app.pid);
    const perRequest = (name) => ((cpuAfter[name] - cpuBefore[name]) / 2000).toFixed(2);
    figures.push(result.perSecond);
    console.log(
      `${label}: ${name.padEnd(40)} ${result.perSecond.toFixed(0).padStart(5)} req/s  p50 ${result.p50.toFixed(0)} ms  p99 ${result.p99.toFixed(0)} ms  CPU ms/req: Node ${perRequest('node')}${label === 'embedded' ? ' (with PGlite)' : ''}, PostgREST ${perRequest('postgrest')}, PostgreSQL ${perRequest('postgres')}${result.failures ? `  (${result.failures} failed)` : ''}`,
    );
  }
  console.log(`${label}: signed-in action / raw PostgREST = ${(figures[3] / figures[1]).toFixed(2)}`);
}

async function measure(label, env) {
  const app = await startApp(env);
  try {
    // A server the start has just migrated and seeded is vacuumed by autovacuum for the next
    // minute, in the same CPU the requests need: settle it first, as a database in use is.
    if (env.DATABASE_URL) await settle(env.DATABASE_URL);
    const idle = treeRssMiB(app.pid);
    await paths(label, app);
    const result = await signIns(app);
    const busy = treeRssMiB(app.pid);
    console.log(`${label}: cold start to first page ${app.firstPageSeconds.toFixed(1)} s; RSS of the stack ${idle.toFixed(0)} MiB idle, ${busy.toFixed(0)} MiB after load`);
    console.log(
      `${label}: sign-ins ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms (240 sign-ins, 8 concurrent, argon2id m=19 MiB t=2; ${result.failures} failed)`,
    );
  } finally {
    await app.stop();
  }
}

/** VACUUM ANALYZE of the whole database: what autovacuum would do after the migrations and the seed. */
async function settle(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('vacuum analyze');
  } finally {
    await db.end();
  }
}

export async function run() {
  if (wantMode('embedded')) await measure('embedded', {});
  if (!wantMode('postgresql')) return;
  if (process.env.DATABASE_URL) await measure('postgresql', { DATABASE_URL: process.env.DATABASE_URL });
  else console.log('postgresql: skipped (set DATABASE_URL, e.g. eval "$(bash scripts/pg-test-server.sh)")');
}
