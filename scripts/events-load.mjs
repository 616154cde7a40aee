// Shared by the event race tests and the events bench: volunteers, sessions and events written
// straight into PostgreSQL (as the migration owner), and sign-ups called the way PostgREST does
// (role authenticated with the user's claims), so many volunteers can race for one event.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const organizerId = '00000000-0000-4000-8000-000000000131';
const districtId = '00000000-0000-4000-8000-000000000001';
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
const token = () => Array.from(randomBytes(24), (b) => alphabet[b >> 3]).join('');

/** Creates `count` volunteer accounts; returns their ids. */
export async function makeVolunteers(db, count, tag) {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.query(`insert into public.users (user_id, role, display_name) select id, 'volunteer', '压测' || $2 || '-' || n from unnest($1::uuid[]) with ordinality as t (id, n)`, [
      chunk,
      tag,
    ]);
  }
  return ids;
}

/** Signs the users in: session rows as the app writes them; returns the cookie values (`id.secret`). */
export async function makeSessions(db, userIds) {
  const rows = userIds.map((userId) => ({ userId, id: token(), secret: token() }));
  await db.query(
    `insert into public.sessions (session_id, secret_hash, user_id, expires_at)
     select s.id, s.hash, s.user_id, now() + interval '1 day' from unnest($1::text[], $2::text[], $3::uuid[]) as s (id, hash, user_id)`,
    [rows.map((r) => r.id), rows.map((r) => createHash('sha256').update(r.secret).digest('hex')), rows.map((r) => r.userId)],
  );
  return rows.map((r) => `${r.id}.${r.secret}`);
}

/** An open event of the demo organizer starting tomorrow. */
export async function makeEvent(db, { capacity, title }) {
  const { rows } = await db.query(
    `insert into public.events (organizer_id, district_id, community, title, kind, starts_at, ends_at, capacity, cancel_cutoff, contact)
     values ($1, $2, '压测社区', $3, 'community', now() + interval '1 day', now() + interval '1 day 2 hours', $4, now() + interval '12 hours', '0571-0000 0000')
     returning event_id`,
    [organizerId, districtId, title, capacity],
  );
  return rows[0].event_id;
}

/** Runs one function as a signed-in user, in its own transaction; returns rows or the SQLSTATE. */
export async function callAs(pool, userId, sql, params) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local role authenticated');
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    const { rows } = await client.query(sql, params);
    await client.query('commit');
    return { rows, code: null };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    return { rows: [], code: error.code ?? 'ERROR', message: error.message };
  } finally {
    client.release();
  }
}

export const signUpAs = (pool, userId, eventId) => callAs(pool, userId, 'select * from public.sign_up_for_event($1)', [eventId]);
export const cancelAs = (pool, userId, eventId) => callAs(pool, userId, 'select * from public.cancel_event_signup($1)', [eventId]);

/** Removes what a run created: its events (with their sign-ups), then its volunteers and their sessions. */
export async function cleanUp(db, { eventIds, userIds }) {
  await db.query('delete from public.events where event_id = any($1::uuid[])', [eventIds]);
  await db.query('delete from public.users where user_id = any($1::uuid[])', [userIds]);
}
