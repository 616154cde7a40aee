// Classroom-mode figures (issue 12): a class of 50 pupils on phones answering one question within
// 10 s while every phone and the projector poll the state endpoint once a second, as the islands
// do; every answer must be counted. On the embedded default one class; with DATABASE_URL also 20
// classes of 50 at once. Prints answer latency, poll latency and how long the reveal took to
// reach every phone. No figure is asserted.
// Issue 12/15, back to back on PostgreSQL, 20 classes of 50 (BENCH_MODES=postgresql): a poll
// answered from the shared copy of the state read its session in full (one PostgREST call per
// poll); now the sessions of the polls of the moment are confirmed in one read
// (public.sessions_holding). Answer latency p99 934 ms -> 62 ms (p50 95 -> 8 ms), poll p99
// 926 -> 74 ms, reveal on every screen within 2.6 -> 1.3 s. (Under heavier load from other
// helpers the same change gave answer p99 2.2-3.5 s -> 0.8 s.)
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { percentile, startApp, wantMode } from './lib.mjs';

const pupilsPerClass = 50;
const answerWindowMs = 10_000;
const pollMs = 1000;
const school = '00000000-0000-4000-8000-000000000011';

async function serviceClient(app) {
  const secret = readFileSync(join(app.dataDir, 'jwt-secret'), 'utf8').trim();
  const key = await new SignJWT({ role: 'service_role' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
  return createClient(app.supabaseUrl, key, { auth: { persistSession: false } });
}

const check = (r, what) => {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  return r.data;
};
const token = () => Array.from(randomBytes(24), (b) => 'abcdefghijkmnpqrstuvwxyz23456789'[b >> 3]).join('');

/** Session cookies minted straight into the sessions table (sign-in speed is another bench's figure). */
async function cookiesFor(db, userIds) {
  const rows = userIds.map((userId) => ({ id: token(), secret: token(), userId }));
  check(
    await db.from('sessions').insert(
      rows.map((r) => ({
        session_id: r.id,
        secret_hash: createHash('sha256').update(r.secret).digest('hex'),
        user_id: r.userId,
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      })),
    ),
    'sessions',
  );
  return rows.map((r) => `qy_session=${r.id}.${r.secret}`);
}

/** `count` classes of school 11, each with its own teacher and 50 pupils; returns their cookies. */
async function makeClasses(db, count, tag) {
  const classes = [];
  for (let c = 0; c < count; c++) {
    const teacherId = randomUUID();
    const classId = randomUUID();
    const pupils = Array.from({ length: pupilsPerClass }, () => randomUUID());
    check(
      await db
        .from('users')
        .insert([
          { user_id: teacherId, role: 'teacher', display_name: '压测教师', school_id: school },
          ...pupils.map((id) => ({ user_id: id, role: 'student', display_name: '测试', school_id: school })),
        ]),
      'users',
    );
    check(await db.from('classes').insert({ class_id: classId, school_id: school, school_year: 2026, grade: 3, name: `压测${tag}-${c}` }), 'classes');
    check(await db.from('class_teachers').insert({ class_id: classId, teacher_id: teacherId }), 'class_teachers');
    check(await db.from('students').insert(pupils.map((id, i) => ({ user_id: id, school_id: school, class_id: classId, student_number: `L${tag}${c}x${i}` }))), 'students');
    const [teacher, ...phones] = await cookiesFor(db, [teacherId, ...pupils]);
    classes.push({ classId, teacher, phones });
  }
  return classes;
}

/** Calls an action as JSON; returns the decoded result (devalue's flat form, one level deep). */
async function action(app, cookie, name, input) {
  const r = await fetch(`${app.url}/_actions/${name}`, {
    method: 'POST',
    headers: { origin: app.url, cookie, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(input),
  }).catch((error) => ({ ok: false, status: 0, json: async () => ({ message: String(error.cause?.code ?? error) }) }));
  const body = await r.json().catch(() => null);
  if (!r.ok) return { error: `${r.status} ${body?.message ?? ''}` };
  const top = body[0];
  return { data: Object.fromEntries(Object.entries(top).map(([k, i]) => [k, body[i]])) };
}

async function form(app, cookie, name, fields) {
  const r = await fetch(`${app.url}/_actions/${name}`, {
    method: 'POST',
    headers: { origin: app.url, cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields),
  });
  const body = await r.json();
  if (!r.ok) throw new Error(`${name}: ${r.status} ${body.message}`);
  const top = body[0];
  return Object.fromEntries(Object.entries(top).map(([k, i]) => [k, body[i]]));
}

/** Polls answered with an empty 304 (the state had not changed since that screen's last poll). */
const unchanged = { n: 0 };

/** Polls like the islands do until `until()`; records each poll's latency and when `seen(state)` first held. */
function poller(app, cookie, sessionId, pollLatencies, seen) {
  let stopped = false;
  let seenAt = null;
  const done = (async () => {
    // Phones join at different moments, so their polls are spread over the second, not in step.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * pollMs));
    let etag = '';
    while (!stopped) {
      const t = performance.now();
      // As the islands do: the last ETag back, an empty 304 while nothing changed.
      const r = await fetch(`${app.url}/api/classroom/${sessionId}/state.json`, { headers: etag ? { cookie, 'if-none-match': etag } : { cookie } }).catch(() => null);
      const state = r?.status === 200 ? await r.json() : null;
      if (state) etag = r.headers.get('etag') ?? '';
      if (r?.status === 304) unchanged.n += 1;
      pollLatencies.push(performance.now() - t);
      if (state && seenAt === null && seen(state)) seenAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
    seenAt: () => seenAt,
  };
}

const ms = (x) => `${Math.round(x)} ms`;

async function measure(label, env, classCount) {
  unchanged.n = 0;
  const app = await startApp(env);
  try {
    const db = await serviceClient(app);
    const classes = await makeClasses(db, classCount, String(Date.now() % 100000));
    const pollLatencies = [];
    const answerLatencies = [];
    let failures = 0;
    const runs = await Promise.all(
      classes.map(async (k, c) => {
        // Classes start within the same few seconds, not the same millisecond; pupils join one after another.
        await new Promise((resolve) => setTimeout(resolve, c * 250));
        const { sessionId, code } = await form(app, k.teacher, 'classroom.start', { classId: k.classId, lessonId: 'primary-middle/saying-no' });
        for (const cookie of k.phones) await form(app, cookie, 'classroom.join', { code });
        let revealedAt = Infinity;
        const pollers = [k.teacher, ...k.phones].map((cookie) => poller(app, cookie, sessionId, pollLatencies, (s) => s.question?.revealed));
        const asked = await action(app, k.teacher, 'classroom.ask', { sessionId, questionId: 'pm-refuse-01' });
        if (asked.error) throw new Error(`ask: ${asked.error}`);
        const questionId = asked.data.questionId;
        // Each pupil answers at a random moment of the 10-second window.
        await Promise.all(
          k.phones.map(async (cookie) => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * answerWindowMs));
            const t = performance.now();
            const r = await action(app, cookie, 'classroom.answer', { sessionId, questionId, response: 'b' });
            answerLatencies.push(performance.now() - t);
            if (r.error) failures++;
          }),
        );
        const revealStarted = performance.now();
        await action(app, k.teacher, 'classroom.close', { questionId, reveal: true });
        revealedAt = revealStarted;
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await Promise.all(pollers.map((p) => p.stop()));
        const seenAfter = pollers.map((p) => (p.seenAt() ?? Infinity) - revealedAt);
        const state = await (await fetch(`${app.url}/api/classroom/${sessionId}/state.json`, { headers: { cookie: k.teacher } })).json();
        await action(app, k.teacher, 'classroom.end', { sessionId, record: true });
        return { counted: state.question.answered, seenAfter };
      }),
    );
    const counted = runs.reduce((n, r) => n + r.counted, 0);
    const total = classCount * pupilsPerClass;
    answerLatencies.sort((a, b) => a - b);
    pollLatencies.sort((a, b) => a - b);
    const reveal = runs.flatMap((r) => r.seenAfter).sort((a, b) => a - b);
    console.log(
      `${label}: ${classCount} class(es) of ${pupilsPerClass}, answers spread over ${answerWindowMs / 1000} s, every phone and projector polling each ${pollMs / 1000} s`,
    );
    console.log(
      `  answers counted ${counted} / ${total} (${failures} refused or failed); answer latency p50 ${ms(percentile(answerLatencies, 50))}, p90 ${ms(percentile(answerLatencies, 90))}, p99 ${ms(percentile(answerLatencies, 99))}, max ${ms(answerLatencies.at(-1))}`,
    );
    console.log(
      `  ${pollLatencies.length} polls (${unchanged.n} of them an empty 304, nothing changed): p50 ${ms(percentile(pollLatencies, 50))}, p90 ${ms(percentile(pollLatencies, 90))}, p99 ${ms(percentile(pollLatencies, 99))}; reveal seen by every screen within ${ms(reveal.at(-1))} (p50 ${ms(percentile(reveal, 50))})`,
    );
  } finally {
    await app.stop();
  }
}

export async function run() {
  if (wantMode('embedded')) await measure('embedded', {}, 1);
  if (!wantMode('postgresql')) return;
  if (process.env.DATABASE_URL) await measure('postgresql', { DATABASE_URL: process.env.DATABASE_URL }, 20);
  else console.log('postgresql: skipped (set DATABASE_URL)');
}
