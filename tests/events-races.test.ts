import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, pgExecutor } from '~/lib/server/runtime/migrate';
import { callAs, cancelAs, cleanUp, makeEvent, makeVolunteers, signUpAs } from '../scripts/events-load.mjs';

/**
 * Capacity, single places, first-come promotion and cancel-versus-sign-up on a real PostgreSQL
 * server, with the sign-up functions called concurrently over many connections exactly as
 * PostgREST calls them. PGlite runs one transaction at a time and would hide these races.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('跳过活动并发测试：没有设置 DATABASE_URL（eval "$(bash scripts/pg-test-server.sh)"）');

interface Outcome {
  rows: { signup_status: string; waitlist_position: number | null; promoted?: number }[];
  code: string | null;
}
type Call = (pool: pg.Pool, userId: string, eventId: string) => Promise<Outcome>;
const signUp = signUpAs as Call;
const cancel = cancelAs as Call;
interface CheckinOutcome {
  rows: { outcome: string; message: string; attempts_left: number | null }[];
  code: string | null;
  message?: string;
}
const checkIn = (pool: pg.Pool, userId: string, eventId: string, code: string): Promise<CheckinOutcome> =>
  callAs(pool, userId, 'select * from public.check_in_to_event($1, $2)', [eventId, code]) as Promise<CheckinOutcome>;

describe.runIf(databaseUrl)('volunteer events on real PostgreSQL', () => {
  let owner: pg.Client;
  let pool: pg.Pool;
  const created: { eventIds: string[]; userIds: string[] } = { eventIds: [], userIds: [] };
  const tag = `r${Date.now().toString(36)}`;

  const event = async (capacity: number): Promise<string> => {
    const id = (await makeEvent(owner, { capacity, title: `并发测试 ${tag}` })) as string;
    created.eventIds.push(id);
    return id;
  };
  const volunteers = async (n: number): Promise<string[]> => {
    const ids = (await makeVolunteers(owner, n, tag)) as string[];
    created.userIds.push(...ids);
    return ids;
  };
  const counts = async (eventId: string): Promise<Record<string, number>> => {
    const { rows } = await owner.query<{ status: string; n: number }>('select status, count(*)::int as n from public.event_signups where event_id = $1 group by status', [eventId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };
  const stored = async (eventId: string): Promise<{ seats_taken: number; waitlisted: number }> =>
    (await owner.query<{ seats_taken: number; waitlisted: number }>('select seats_taken, waitlisted from public.events where event_id = $1', [eventId])).rows[0] ?? {
      seats_taken: -1,
      waitlisted: -1,
    };

  beforeAll(async () => {
    owner = new pg.Client({ connectionString: databaseUrl });
    await owner.connect();
    await migrate(pgExecutor(owner), { seed: true });
    pool = new pg.Pool({ connectionString: databaseUrl, max: 40 });
  });

  afterAll(async () => {
    if (owner) await cleanUp(owner, created);
    await pool?.end();
    await owner?.end();
  });

  test('1,000 simultaneous sign-ups for 50 seats confirm exactly 50 and waitlist 950 in order', async () => {
    const eventId = await event(50);
    const ids = await volunteers(1000);
    const results = await Promise.all(ids.map((id) => signUp(pool, id, eventId)));
    expect(results.filter((r) => r.code !== null)).toEqual([]);
    expect(results.filter((r) => r.rows[0]?.signup_status === 'confirmed')).toHaveLength(50);
    const positions = results.flatMap((r) => (r.rows[0]?.waitlist_position ? [r.rows[0].waitlist_position] : [])).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 950 }, (_, i) => i + 1));
    expect(await counts(eventId)).toEqual({ confirmed: 50, waitlisted: 950 });
    expect(await stored(eventId)).toEqual({ seats_taken: 50, waitlisted: 950 });
    // The confirmed are exactly the first 50 in queue order.
    const { rows } = await owner.query<{ status: string }>('select status from public.event_signups where event_id = $1 order by queue_no', [eventId]);
    expect(rows.slice(0, 50).every((r) => r.status === 'confirmed')).toBe(true);
  });

  test('one volunteer signing up 20 times at once holds one place', async () => {
    const eventId = await event(5);
    const [id = ''] = await volunteers(1);
    const results = await Promise.all(Array.from({ length: 20 }, () => signUp(pool, id, eventId)));
    expect(results.filter((r) => r.code === null)).toHaveLength(1);
    expect(results.filter((r) => r.code === 'QYDUP')).toHaveLength(19);
    expect(await counts(eventId)).toEqual({ confirmed: 1 });
  });

  test('seats freed by simultaneous cancels go to the earliest waitlisted, first come first served', async () => {
    const eventId = await event(5);
    const ids = await volunteers(15);
    for (const id of ids) expect((await signUp(pool, id, eventId)).code).toBeNull(); // in order: 5 confirmed, 10 waitlisted
    const results = await Promise.all(ids.slice(0, 5).map((id) => cancel(pool, id, eventId)));
    expect(results.map((r) => r.code)).toEqual([null, null, null, null, null]);
    const { rows } = await owner.query<{ volunteer_id: string; status: string }>('select volunteer_id, status from public.event_signups where event_id = $1', [eventId]);
    const status = new Map(rows.map((r) => [r.volunteer_id, r.status]));
    expect(ids.map((id) => status.get(id))).toEqual([...Array(5).fill('cancelled'), ...Array(5).fill('confirmed'), ...Array(5).fill('waitlisted')]);
    expect(await stored(eventId)).toEqual({ seats_taken: 5, waitlisted: 5 });
  });

  test('20 simultaneous wrong check-in codes from one volunteer: 5 are checked and recorded, 15 refused (QYLIM), 10 rounds over', async () => {
    for (let round = 0; round < 10; round++) {
      const eventId = await event(5);
      await owner.query(
        `update public.events set starts_at = now() - interval '10 minutes', ends_at = now() + interval '1 hour', cancel_cutoff = now() - interval '1 hour' where event_id = $1`,
        [eventId],
      );
      const [a = '', b = ''] = await volunteers(2);
      await owner.query(`insert into public.event_signups (event_id, volunteer_id, status, confirmed_at) values ($1, $2, 'confirmed', now()), ($1, $3, 'confirmed', now())`, [
        eventId,
        a,
        b,
      ]);
      const { rows: codes } = await owner.query<{ now: string; before: string }>(
        `select private.checkin_code(x.secret, private.time_step(now())) as now, private.checkin_code(x.secret, private.time_step(now()) - 1) as before
         from private.event_secrets x where x.event_id = $1`,
        [eventId],
      );
      const valid = new Set([codes[0]?.now, codes[0]?.before]);
      // Distinct wrong codes (none of them valid now or a minute ago), 20 for each of two volunteers at once.
      const wrong = Array.from({ length: 40 }, (_, i) => String(100_000 + i * 7919 + round).padStart(6, '0'))
        .filter((c) => !valid.has(c))
        .slice(0, 20);
      const results = await Promise.all([...wrong.map((c) => checkIn(pool, a, eventId, c)), ...wrong.map((c) => checkIn(pool, b, eventId, c))]);
      for (const mine of [results.slice(0, 20), results.slice(20)]) {
        expect(mine.filter((r) => r.code === null && r.rows[0]?.outcome === 'wrong')).toHaveLength(5);
        expect(mine.filter((r) => r.code === 'QYLIM')).toHaveLength(15);
        expect(mine.filter((r) => r.code === 'QYLIM').every((r) => r.message?.startsWith('尝试次数过多'))).toBe(true);
        expect(
          mine
            .filter((r) => r.code === null)
            .map((r) => r.rows[0]?.attempts_left)
            .sort(),
        ).toEqual([0, 1, 2, 3, 4]);
      }
      const { rows } = await owner.query<{ volunteer_id: string; n: number }>(
        'select volunteer_id, count(*)::int as n from public.event_checkin_attempts where event_id = $1 group by volunteer_id',
        [eventId],
      );
      expect(Object.fromEntries(rows.map((r) => [r.volunteer_id, r.n]))).toEqual({ [a]: 5, [b]: 5 });
      // Locked out means the right code too, and neither volunteer was checked in.
      expect((await checkIn(pool, a, eventId, String(codes[0]?.now))).code).toBe('QYLIM');
      expect(await counts(eventId)).toEqual({ confirmed: 2 });
    }
  });

  test('a cancel racing sign-ups leaves a consistent state, 30 times over', async () => {
    for (let round = 0; round < 30; round++) {
      const eventId = await event(2);
      const [a = '', b = '', c = '', d = ''] = await volunteers(4);
      await signUp(pool, a, eventId);
      await signUp(pool, b, eventId);
      await Promise.all([cancel(pool, a, eventId), signUp(pool, c, eventId), signUp(pool, d, eventId), cancel(pool, b, eventId)]);
      // Whatever the order, both newcomers end up with the two freed seats and nobody waits.
      expect(await counts(eventId)).toEqual({ cancelled: 2, confirmed: 2 });
      expect(await stored(eventId)).toEqual({ seats_taken: 2, waitlisted: 0 });
    }
  });
});
