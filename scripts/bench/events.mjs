// Volunteer-event figures on PostgreSQL: sign-ups per second through the app with 200 concurrent
// clients, and the 1,000-for-50 race (through the app, and straight at the Postgres function)
// with its time and its counts. Volunteers and their sessions are written straight into the
// database so the figures measure sign-ups, not argon2.
import pg from 'pg';
import { load, startApp } from './lib.mjs';
import { cleanUp, makeEvent, makeSessions, makeVolunteers, signUpAs } from '../events-load.mjs';

async function signUpOverHttp(app, cookie, eventId) {
  const r = await fetch(`${app.url}/_actions/events.signUp`, {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie: `qy_session=${cookie}` },
    body: `eventId=${eventId}`,
  });
  const text = await r.text();
  return { ok: r.ok, body: text };
}

async function counts(db, eventId) {
  const { rows } = await db.query('select status, count(*)::int as n from public.event_signups where event_id = $1 group by status', [eventId]);
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const stored = (await db.query('select capacity, seats_taken, waitlisted from public.events where event_id = $1', [eventId])).rows[0];
  return { confirmed: byStatus.confirmed ?? 0, waitlisted: byStatus.waitlisted ?? 0, ...stored };
}

export async function run() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log('events: skipped (set DATABASE_URL, e.g. eval "$(bash scripts/pg-test-server.sh)")');
    return;
  }
  const app = await startApp({ DATABASE_URL: databaseUrl });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const created = { eventIds: [], userIds: [] };
  const tag = `b${Date.now().toString(36)}`;
  try {
    // 1. Throughput: 2,000 volunteers, 200 at a time, over 10 events of 200 seats.
    const many = await makeVolunteers(db, 2000, tag);
    created.userIds.push(...many);
    const cookies = await makeSessions(db, many);
    const events = [];
    for (let i = 0; i < 10; i++) events.push(await makeEvent(db, { capacity: 200, title: `压测活动 ${tag}-${i}` }));
    created.eventIds.push(...events);
    const throughput = await load({
      total: many.length,
      concurrency: 200,
      task: async (i) => (await signUpOverHttp(app, cookies[i], events[i % events.length])).ok,
    });
    console.log(
      `postgresql: sign-ups ${throughput.perSecond.toFixed(0)}/s through the app, p50 ${throughput.p50.toFixed(0)} ms, p99 ${throughput.p99.toFixed(0)} ms (2,000 sign-ups, 200 concurrent clients, 10 events; ${throughput.failures} failed)`,
    );

    // 2. The race through the app: 1,000 volunteers at once for 50 seats.
    const racers = await makeVolunteers(db, 1000, tag);
    created.userIds.push(...racers);
    const raceCookies = await makeSessions(db, racers);
    const raceEvent = await makeEvent(db, { capacity: 50, title: `抢名额 ${tag}` });
    created.eventIds.push(raceEvent);
    let t = performance.now();
    const results = await Promise.all(raceCookies.map((c) => signUpOverHttp(app, c, raceEvent)));
    let seconds = (performance.now() - t) / 1000;
    let c = await counts(db, raceEvent);
    const failed = results.filter((r) => !r.ok).length;
    console.log(
      `postgresql: 1,000-for-50 race through the app in ${seconds.toFixed(2)} s: ${c.confirmed} confirmed, ${c.waitlisted} waitlisted, ${failed} failed; stored ${c.seats_taken}/${c.capacity} seats, ${c.waitlisted} waiting`,
    );

    // 3. The same race straight at the function, 40 connections as PostgREST would hold.
    const direct = await makeVolunteers(db, 1000, tag);
    created.userIds.push(...direct);
    const directEvent = await makeEvent(db, { capacity: 50, title: `抢名额直连 ${tag}` });
    created.eventIds.push(directEvent);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 40 });
    t = performance.now();
    const direct_results = await Promise.all(direct.map((id) => signUpAs(pool, id, directEvent)));
    seconds = (performance.now() - t) / 1000;
    await pool.end();
    c = await counts(db, directEvent);
    console.log(
      `postgresql: 1,000-for-50 race at sign_up_for_event (40 connections) in ${seconds.toFixed(2)} s (${(1000 / seconds).toFixed(0)}/s): ${c.confirmed} confirmed, ${c.waitlisted} waitlisted, ${direct_results.filter((r) => r.code).length} failed`,
    );
  } finally {
    await cleanUp(db, created);
    await db.end();
    await app.stop();
  }
}
