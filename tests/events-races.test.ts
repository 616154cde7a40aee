import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, pgExecutor } from '../src/lib/server/runtime/migrate';
import { cancelAs, cleanUp, makeEvent, makeVolunteers, signUpAs } from '../scripts/events-load.mjs';

/**
 * Capacity, single places, first-come promotion and cancel-versus-sign-up on a real PostgreSQL
 * server, with the sign-up functions called concurrently over many connections exactly as
 * PostgREST calls them. PGlite runs one transaction at a time and would hide these races.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('跳过活动并发测试：没有设置 DATABASE_URL（eval "$(bash scripts/pg-test-server.sh)"）');

interface Outcome { rows: { signup_status: string; waitlist_position: number | null; promoted?: number }[]; code: string | null }
type Call = (pool: pg.Pool, userId: string, eventId: string) => Promise<Outcome>;
const signUp = signUpAs as Call;
const cancel = cancelAs as Call;

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
    (await owner.query<{ seats_taken: number; waitlisted: number }>('select seats_taken, waitlisted from public.events where event_id = $1', [eventId])).rows[0] ?? { seats_taken: -1, waitlisted: -1 };

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
