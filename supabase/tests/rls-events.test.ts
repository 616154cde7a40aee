import { expect, test } from 'vitest';
import { checkinCode } from '../../src/lib/domain/events.ts';
import { eventRpcCases, eventTableCases, eventTables, setUpEventsFixture, type EventRpcCase } from './rls-matrix-events.ts';
import { actAs, describeMatrix, ident, insert, insertIfAbsent, matrixGaps, sqlState, type Db } from './sql-cases.ts';

/**
 * The events part of the RLS matrix as plain SQL, each case in a transaction that is rolled
 * back: on PGlite always, and on PostgreSQL when DATABASE_URL is set. Until the shared matrix
 * takes these cases (see rls-matrix-events.ts), this file runs them with the runner in sql-cases.ts.
 */

/** Calls a restricted function as the case's actor, in a rolled-back transaction; 'ok' when it met its expectation. */
async function runRpcCase(db: Db, c: EventRpcCase): Promise<string> {
  await db.run('begin');
  try {
    for (const row of c.given ?? []) {
      const { sql, params } = insert(row.table, row.values);
      await db.run(sql, params);
    }
    await actAs(db, c.as);
    const args = Object.keys(c.args)
      .map((name, i) => `${ident(name)} => $${i + 1}`)
      .join(', ');
    await db.run(`select * from public.${ident(c.fn)}(${args})`, Object.values(c.args));
    return c.expect === 'allow' ? 'ok' : 'allowed';
  } catch (error) {
    const code = sqlState(error);
    if (c.expect === 'allow') return `error ${code}: ${(error as Error).message}`;
    return code === '42501' || code === c.refusal ? 'ok' : `error ${code}`;
  } finally {
    await db.run('rollback');
  }
}

test('the events matrix covers every table, role and operation, and names each case once', () => {
  expect(matrixGaps(eventTables, eventTableCases)).toEqual({ missing: [], repeated: [] });
});

describeMatrix('volunteer events RLS on $name', {
  tables: eventTables,
  cases: eventTableCases,
  setUp: (db) => setUpEventsFixture((row) => insertIfAbsent(db, row)),
  more: (db, skip) => {
    test.skipIf(skip).each(eventRpcCases)('$name', async (c) => {
      expect(await runRpcCase(db(), c)).toBe('ok');
    });

    test.skipIf(skip)('computes the same check-in codes as src/lib/domain/events.ts', async () => {
      const samples = [
        ['abc', 12345],
        ['9f0e'.repeat(16), 29_000_000],
        ['秘密', 0],
        ['x', 2 ** 40],
      ] as const;
      for (const [secret, step] of samples) {
        const { rows } = await db().run('select private.checkin_code($1, $2::bigint) as code', [secret, step]);
        expect(rows[0]?.['code']).toBe(checkinCode(secret, step));
      }
    });

    test.skipIf(skip)('refuses an expired code and a code of another event, and accepts the previous step', async () => {
      const run = db();
      await run.run('begin');
      try {
        const { rows } = await run.run(`insert into public.events (organizer_id, district_id, community, title, kind, starts_at, ends_at, capacity, cancel_cutoff, contact)
        values ('00000000-0000-4000-8000-000000000131', '00000000-0000-4000-8000-000000000001', '签到社区', '签到测试', 'community', now() - interval '10 minutes', now() + interval '1 hour', 5, now() - interval '1 hour', '0571')
        returning event_id`);
        const eventId = String(rows[0]?.['event_id']);
        await run.run(`insert into public.event_signups (event_id, volunteer_id, status) values ($1, '00000000-0000-4000-8000-000000000141', 'confirmed')`, [eventId]);
        const secret = String((await run.run('select secret from private.event_secrets where event_id = $1', [eventId])).rows[0]?.['secret']);
        const step = Number((await run.run('select private.time_step(now()) as s')).rows[0]?.['s']);
        await actAs(run, { userId: '00000000-0000-4000-8000-000000000141', appRole: 'volunteer', schoolId: null });
        // A wrong or expired code is answered with a row (so the attempt it records is kept), not raised.
        const attempt = async (code: string): Promise<string> => {
          await run.run('savepoint a');
          try {
            return String((await run.run('select * from public.check_in_to_event($1, $2)', [eventId, code])).rows[0]?.['outcome']);
          } catch (error) {
            return sqlState(error);
          } finally {
            await run.run('rollback to savepoint a');
          }
        };
        expect(await attempt(checkinCode(secret, step - 5))).toBe('expired');
        const foreign = checkinCode('another event secret', step);
        if (foreign !== checkinCode(secret, step) && foreign !== checkinCode(secret, step - 1)) expect(await attempt(foreign)).toBe('wrong');
        expect(await attempt(checkinCode(secret, step - 1))).toBe('attended');
        expect(await attempt(checkinCode(secret, step))).toBe('attended');
      } finally {
        await run.run('rollback');
      }
    });

    test.skipIf(skip)('records wrong codes and refuses the sixth within 10 minutes, even the right code, with QYLIM', async () => {
      const run = db();
      await run.run('begin');
      try {
        const { rows } = await run.run(`insert into public.events (organizer_id, district_id, community, title, kind, starts_at, ends_at, capacity, cancel_cutoff, contact)
        values ('00000000-0000-4000-8000-000000000131', '00000000-0000-4000-8000-000000000001', '签到社区', '限次测试', 'community', now() - interval '10 minutes', now() + interval '1 hour', 5, now() - interval '1 hour', '0571')
        returning event_id`);
        const eventId = String(rows[0]?.['event_id']);
        await run.run(
          `insert into public.event_signups (event_id, volunteer_id, status) values ($1, '00000000-0000-4000-8000-000000000141', 'confirmed'), ($1, '00000000-0000-4000-8000-000000000142', 'confirmed')`,
          [eventId],
        );
        const secret = String((await run.run('select secret from private.event_secrets where event_id = $1', [eventId])).rows[0]?.['secret']);
        const step = Number((await run.run('select private.time_step(now()) as s')).rows[0]?.['s']);
        const right = checkinCode(secret, step);
        const wrong = ['000000', '111111', '222222', '333333', '444444', '555555', '666666'].filter((c) => c !== right && c !== checkinCode(secret, step - 1));
        const as = async (volunteer: string): Promise<void> => {
          await run.run('reset role');
          await actAs(run, { userId: volunteer, appRole: 'volunteer', schoolId: null });
        };
        const call = async (code: string): Promise<{ outcome?: string; message?: string; left?: unknown; code?: string; error?: string }> => {
          await run.run('savepoint a');
          try {
            const row = (await run.run('select * from public.check_in_to_event($1, $2)', [eventId, code])).rows[0] ?? {};
            await run.run('release savepoint a');
            return { outcome: String(row['outcome']), message: String(row['message']), left: row['attempts_left'] };
          } catch (error) {
            await run.run('rollback to savepoint a');
            return { code: sqlState(error), error: (error as Error).message };
          }
        };
        const wang = '00000000-0000-4000-8000-000000000141';
        await as(wang);
        const answers = [];
        for (const code of wrong.slice(0, 5)) answers.push(await call(code));
        expect(answers.map((a) => [a.outcome, a.left])).toEqual([
          ['wrong', 4],
          ['wrong', 3],
          ['wrong', 2],
          ['wrong', 1],
          ['wrong', 0],
        ]);
        expect(answers[0]?.message).toBe('签到码不对，请核对是本活动屏幕上显示的 6 位数字（还可以再试 4 次）');
        expect(answers[4]?.message).toBe('签到码不对，请核对是本活动屏幕上显示的 6 位数字（已输错 5 次，请 10 分钟后再试，或请组织者现场签到）');
        // The sixth is refused before any code is compared: the right one too, and nothing more is recorded.
        expect(await call(wrong[5] ?? '')).toEqual({ code: 'QYLIM', error: '尝试次数过多，请 10 分钟后再试，或请组织者现场签到' });
        expect((await call(right)).code).toBe('QYLIM');
        // The volunteer sees their own attempts (row level security); another volunteer is not held up.
        expect(Number((await run.run('select count(*)::int as n from public.event_checkin_attempts where event_id = $1', [eventId])).rows[0]?.['n'])).toBe(5);
        await as('00000000-0000-4000-8000-000000000142');
        expect(Number((await run.run('select count(*)::int as n from public.event_checkin_attempts where event_id = $1', [eventId])).rows[0]?.['n'])).toBe(0);
        expect((await call(right)).outcome).toBe('attended');
        // Seven minutes later the wait is shorter; ten minutes after the first wrong code, one try is free again.
        await run.run('reset role');
        await run.run(`update public.event_checkin_attempts set attempted_at = attempted_at - interval '7 minutes' where event_id = $1`, [eventId]);
        await as(wang);
        expect((await call(right)).error).toBe('尝试次数过多，请 3 分钟后再试，或请组织者现场签到');
        await run.run('reset role');
        await run.run(
          `update public.event_checkin_attempts set attempted_at = attempted_at - interval '3 minutes 1 second'
        where attempt_id = (select attempt_id from public.event_checkin_attempts where event_id = $1 and volunteer_id = $2 order by attempted_at limit 1)`,
          [eventId, wang],
        );
        await as(wang);
        expect(await call(right)).toMatchObject({ outcome: 'attended' });
      } finally {
        await run.run('rollback');
      }
    });
  },
});
