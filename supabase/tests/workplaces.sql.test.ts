import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Actor, workplaceCases, workplaceFixture, workplaceTables } from './rls-matrix-workplaces.ts';
import { actAs, insert, open, runTableCase, sqlState, type Db } from './sql-cases.ts';

/**
 * Units, completions and education sites in SQL (issue 14): the RLS matrix of the new tables and
 * the unit manager role, the anonymous check path under bad input and its limits, and known
 * answers for coverage, participation and the 六进 counts. Each case runs in a transaction that is
 * rolled back (the runner in sql-cases.ts): on PGlite always, on PostgreSQL when DATABASE_URL is set.
 */
const root = join(import.meta.dirname, '..');

const databaseUrl = process.env['DATABASE_URL'];
describe.each([
  { name: 'PGlite', url: undefined as string | undefined, skip: false },
  { name: 'PostgreSQL', url: databaseUrl, skip: !databaseUrl },
])('units, completions and sites on $name', ({ url, skip }) => {
  let db: Db;
  beforeAll(async () => {
    if (skip) return;
    db = await open(url);
    for (const row of workplaceFixture) {
      const s = insert(row.table, row.values);
      await db.run(`${s.sql} on conflict do nothing`, s.params);
    }
    // The logistics course's bank, as content sync would write it (the seed has no quiz banks).
    const bank = parse(readFileSync(join(root, '..', 'content', 'quizzes', 'self-check-logistics.yaml'), 'utf8')) as {
      title: string;
      drawCount: number;
      passPercent: number;
      questions: Record<string, unknown>[];
    };
    await db.run(
      `insert into public.quizzes (quiz_id, title, kind, bands, draw_count, pass_percent) values ('self-check-logistics', $1, 'self-check', '{vocational}', $2, $3) on conflict do nothing`,
      [bank.title, bank.drawCount, bank.passPercent],
    );
    for (const q of bank.questions) {
      await db.run(
        `insert into public.questions (question_id, quiz_id, type, stem, options, answer, explanation, topic, difficulty) values ($1, 'self-check-logistics', $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8) on conflict do nothing`,
        [q['id'], q['type'], q['stem'], JSON.stringify(q['options'] ?? []), JSON.stringify(q['answer']), q['explanation'], q['topic'], q['difficulty']],
      );
    }
  });
  afterAll(async () => {
    if (!skip) await db.close();
  });

  describe.each(workplaceTables)('RLS of %s', (table) => {
    test.skipIf(skip).each(workplaceCases.filter((c) => c.table === table))('$name', async (c) => {
      expect(await runTableCase(db, c)).toBe('ok');
    });
  });

  /** Runs `body` as the service role (the server on a worker's behalf) in a rolled-back transaction. */
  async function asServer<T>(body: () => Promise<T>): Promise<T> {
    await db.run('begin');
    try {
      await actAs(db, 'service');
      return await body();
    } finally {
      await db.run('rollback');
    }
  }
  const code = async (): Promise<string> => String((await db.run(`select qr_code from public.units where unit_id = '00000000-0000-4000-8000-000000950001'`)).rows[0]?.['qr_code']);
  const ids = ['sc-lg-01', 'sc-lg-02', 'sc-lg-03', 'sc-lg-04', 'sc-lg-05', 'sc-lg-06'];
  const right = { 'sc-lg-01': ['a', 'c', 'e'], 'sc-lg-02': false, 'sc-lg-03': 'c', 'sc-lg-04': ['a', 'b', 'd'], 'sc-lg-05': true, 'sc-lg-06': 'b' };
  const start = async (args: {
    code: string;
    name?: string;
    phone?: string;
    ip?: string;
    ids?: string[];
    course?: string;
    quiz?: string;
  }): Promise<{ value?: Record<string, unknown>; code?: string; message?: string }> => {
    await db.run('savepoint s');
    try {
      const r = await db.run('select public.start_unit_check($1, $2, $3, $4, $5, $6, $7) as v', [
        args.code,
        args.course ?? 'logistics',
        args.quiz ?? 'self-check-logistics',
        args.name ?? '张三',
        args.phone ?? '1234',
        args.ids ?? ids,
        args.ip ?? 'ip-a',
      ]);
      await db.run('release savepoint s');
      return { value: r.rows[0]?.['v'] as Record<string, unknown> };
    } catch (error) {
      await db.run('rollback to savepoint s');
      return { code: sqlState(error), message: (error as Error).message };
    }
  };
  const submit = async (attemptId: unknown, answers: unknown): Promise<{ value?: Record<string, unknown>; code?: string; message?: string }> => {
    await db.run('savepoint s');
    try {
      const r = await db.run('select public.submit_unit_check($1, $2::jsonb) as v', [attemptId, JSON.stringify(answers)]);
      await db.run('release savepoint s');
      return { value: r.rows[0]?.['v'] as Record<string, unknown> };
    } catch (error) {
      await db.run('rollback to savepoint s');
      return { code: sqlState(error), message: (error as Error).message };
    }
  };
  /** A count read as the owner (the private tables are closed to every API role), then back to the service role. */
  const count = async (sql: string): Promise<number> => {
    await db.run('reset role');
    const n = Number((await db.run(sql)).rows[0]?.['n']);
    await actAs(db, 'service');
    return n;
  };

  test.skipIf(skip)('a worker passes once a year; a replay and a second pass are refused and nothing more is stored', async () => {
    const qr = await code();
    await asServer(async () => {
      const started = await start({ code: qr, name: ' 张 三<b>😀</b> ' });
      const attemptId = started.value?.['attemptId'];
      expect(typeof attemptId).toBe('string');
      const sheet = (await db.run('select public.unit_check_sheet($1) as v', [attemptId])).rows[0]?.['v'] as { questions: Record<string, unknown>[] };
      expect(sheet.questions.map((q) => q['id'])).toEqual(ids);
      expect(JSON.stringify(sheet)).not.toMatch(/"answer"|explanation/);
      const graded = await submit(attemptId, right);
      expect(graded.value).toMatchObject({ score: 6, total: 6, passed: true });
      expect(String(graded.value?.['slipCode'])).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
      expect(await submit(attemptId, right)).toMatchObject({ code: 'QYDUP', message: '这次考核已经提交过了，不能重复提交' });
      // The same person (name compared without spaces and case) cannot start again this year.
      const again = await start({ code: qr, name: '张三<B>😀</B>' });
      expect(again.code).toBe('QYDUP');
      expect(await count(`select count(*)::int as n from public.unit_completions where unit_id = '00000000-0000-4000-8000-000000950001' and phone_last4 = '1234'`)).toBe(1);
      const slip = (await db.run('select public.unit_completion_slip($1) as v', [graded.value?.['slipCode']])).rows[0]?.['v'] as Record<string, unknown>;
      expect(slip['workerName']).toBe('张 三<b>😀</b>');
    });
  });

  test.skipIf(skip)('two sittings of one person racing to pass record one completion', async () => {
    const qr = await code();
    await asServer(async () => {
      const a = (await start({ code: qr, name: '李四', phone: '5678' })).value?.['attemptId'];
      const b = (await start({ code: qr, name: '李四', phone: '5678' })).value?.['attemptId'];
      expect((await submit(a, right)).value?.['passed']).toBe(true);
      expect(await submit(b, right)).toMatchObject({ code: 'QYDUP' });
      expect(await count(`select count(*)::int as n from public.unit_completions where name_key = '李四'`)).toBe(1);
    });
  });

  test.skipIf(skip)('a failed check stores no completion and says how many were right', async () => {
    const qr = await code();
    await asServer(async () => {
      const id = (await start({ code: qr, name: '王五', phone: '0000' })).value?.['attemptId'];
      const graded = await submit(id, { 'sc-lg-02': true });
      expect(graded.value).toMatchObject({ score: 0, total: 6, passed: false, slipCode: null });
      expect(await count(`select count(*)::int as n from public.unit_completions where name_key = '王五'`)).toBe(0);
    });
  });

  test.skipIf(skip)('bad input is refused in Chinese and stores nothing', async () => {
    const qr = await code();
    await asServer(async () => {
      const attempts = async (): Promise<number> => count('select count(*)::int as n from private.unit_check_attempts');
      const before = await attempts();
      expect(await start({ code: qr, name: 'x'.repeat(1_000_000) })).toMatchObject({ code: 'QYBAD', message: '姓名请填写 1 到 20 个字' });
      expect(await start({ code: qr, name: '   ' })).toMatchObject({ code: 'QYBAD' });
      expect(await start({ code: qr, name: '张\u0007三' })).toMatchObject({ code: 'QYBAD' });
      expect(await start({ code: qr, phone: '12a4' })).toMatchObject({ code: 'QYBAD', message: '请填写手机号的后 4 位数字' });
      expect(await start({ code: qr, phone: '13800138000' })).toMatchObject({ code: 'QYBAD' });
      expect(await start({ code: qr, ids: ['sc-lg-01', 'sc-lg-02'] })).toMatchObject({ code: 'QYBAD', message: '抽取的题目无效' });
      expect(await start({ code: qr, ids: [...ids.slice(0, 5), 'sc-lg-01'] })).toMatchObject({ code: 'QYBAD' });
      expect(await start({ code: qr, ids: [...ids.slice(0, 5), 'pl-snack-01'] })).toMatchObject({ code: 'QYBAD' });
      expect(await start({ code: qr, course: 'logistics', quiz: 'contest-primary' })).toMatchObject({ code: 'QYNOF' });
      expect(await attempts()).toBe(before);
      const id = (await start({ code: qr, name: '赵六', phone: '4321' })).value?.['attemptId'];
      expect(await submit(id, ['a'])).toMatchObject({ code: 'QYBAD', message: '答案的格式不对' });
      expect(await submit(id, { 'pl-snack-01': 'a' })).toMatchObject({ code: 'QYBAD' });
      expect(await submit('00000000-0000-4000-8000-000000000000', right)).toMatchObject({ code: 'QYNOF' });
      expect(await count(`select count(*)::int as n from public.unit_completions where name_key = '赵六'`)).toBe(0);
    });
  });

  test.skipIf(skip)('forged and rotated codes are refused; 20 misses from an address stop it for 10 minutes', async () => {
    const qr = await code();
    await db.run('begin');
    try {
      // The manager rotates the code: the old one is refused from then on.
      await actAs(db, { userId: '00000000-0000-4000-8000-000000950101', appRole: 'unit_manager' });
      const fresh = String((await db.run(`select public.rotate_unit_code('00000000-0000-4000-8000-000000950001') as c`)).rows[0]?.['c']);
      expect(fresh).not.toBe(qr);
      await db.run('savepoint other');
      await expect(db.run(`select public.rotate_unit_code('00000000-0000-4000-8000-000000950002')`)).rejects.toMatchObject({ code: 'QYFOR' });
      await db.run('rollback to savepoint other');
      await db.run('reset role');
      await actAs(db, 'service');
      expect((await start({ code: qr, ip: 'ip-r' })).value).toEqual({ refused: 'code' });
      expect((await start({ code: fresh, ip: 'ip-r', name: '钱七' })).value?.['attemptId']).toBeTruthy();
      for (let i = 0; i < 19; i++) expect((await start({ code: `FORGED${i}`, ip: 'ip-r' })).value).toEqual({ refused: 'code' });
      expect(await start({ code: fresh, ip: 'ip-r', name: '孙八' })).toMatchObject({ code: 'QYRAT', message: '这个网络输错二维码的次数太多，请 10 分钟后再扫码' });
      expect((await db.run(`select public.unit_by_code($1, 'ip-other') as v`, [fresh])).rows[0]?.['v']).toMatchObject({ name: '顺丰城南网点' });
    } finally {
      await db.run('rollback');
    }
  });

  test.skipIf(skip)('limits per address, per unit and per person, with nothing stored past them', async () => {
    const qr = await code();
    await asServer(async () => {
      const unit = '00000000-0000-4000-8000-000000950001';
      const fill = async (n: number, ip: string, name = '填充'): Promise<void> => {
        await db.run('reset role');
        await db.run(
          `insert into private.unit_check_attempts (unit_id, course_id, quiz_id, worker_name, name_key, phone_last4, ip_key, question_ids, deadline_at)
          select $1, 'logistics', 'self-check-logistics', $3, $3, '9999', $2, '{}', now() + interval '1 hour' from generate_series(1, $4::int)`,
          [unit, ip, name, n],
        );
        await actAs(db, 'service');
      };
      await fill(300, 'ip-busy');
      expect(await start({ code: qr, ip: 'ip-busy', name: '周九' })).toMatchObject({ code: 'QYRAT', message: '这个网络的答题次数太多，请 10 分钟后再试' });
      await fill(200, 'ip-elsewhere');
      expect(await start({ code: qr, ip: 'ip-fresh', name: '吴十' })).toMatchObject({ code: 'QYRAT', message: '本单位二维码的答题人数太多，请 10 分钟后再试' });
      await db.run('reset role');
      await db.run(`update private.unit_check_attempts set started_at = now() - interval '11 minutes'`);
      await actAs(db, 'service');
      expect((await start({ code: qr, ip: 'ip-fresh', name: '吴十' })).value?.['attemptId']).toBeTruthy();
      await db.run('reset role');
      await db.run(`update private.unit_check_attempts set started_at = now() - interval '30 minutes'`);
      await actAs(db, 'service');
      for (let i = 0; i < 10; i++) expect((await start({ code: qr, ip: 'ip-fresh', name: '郑一', phone: '1111' })).value?.['attemptId']).toBeTruthy();
      expect(await start({ code: qr, ip: 'ip-fresh', name: '郑一', phone: '1111' })).toMatchObject({ code: 'QYRAT' });
      expect(await count(`select count(*)::int as n from private.unit_check_attempts where name_key = '郑一'`)).toBe(10);
    });
  });

  test.skipIf(skip)('nobody but the service role can call the worker functions', async () => {
    for (const actor of [
      'anon',
      { userId: '00000000-0000-4000-8000-000000950101', appRole: 'unit_manager' as const },
      { userId: '00000000-0000-4000-8000-000000000101', appRole: 'office' as const },
    ] as Actor[]) {
      await db.run('begin');
      try {
        await actAs(db, actor);
        await expect(db.run(`select public.start_unit_check('X', 'logistics', 'self-check-logistics', '张三', '1234', '{}', 'ip')`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await db.run('rollback');
      }
    }
  });

  test.skipIf(skip)('known answers: coverage, participation and the 六进 counts', async () => {
    await db.run('begin');
    try {
      const d1 = '00000000-0000-4000-8000-000000000001';
      const d2 = '00000000-0000-4000-8000-000000000002';
      // 城南区: five places, sites renewed in 2025 at three of them (one renewed twice, one only in 2024); 城北区: two places, none renewed.
      const places = [
        [d1, 'a'],
        [d1, 'b'],
        [d1, 'c'],
        [d1, 'd'],
        [d1, 'e'],
        [d2, 'f'],
        [d2, 'g'],
      ];
      for (const [d, n] of places)
        await db.run(`insert into public.places (place_id, district_id, town, name, kind) values ($1, $2, '测试街道', $3, 'community')`, [
          `00000000-0000-4000-8000-${String(960_000 + (n ?? 'a').charCodeAt(0)).padStart(12, '0')}`,
          d,
          `已知${n}`,
        ]);
      const place = (n: string): string => `00000000-0000-4000-8000-${String(960_000 + n.charCodeAt(0)).padStart(12, '0')}`;
      let k = 0;
      const site = async (p: string, dates: string[]): Promise<void> => {
        const id = `00000000-0000-4000-8000-0000009610${String(k++).padStart(2, '0')}`;
        await db.run(`insert into public.education_sites (site_id, place_id, kind, name) values ($1, $2, 'board', '已知阵地')`, [id, place(p)]);
        for (const date of dates) await db.run(`insert into public.site_renewals (site_id, renewed_on) values ($1, $2)`, [id, date]);
      };
      await site('a', ['2025-01-01', '2025-06-01']);
      await site('a', ['2025-12-31']);
      await site('b', ['2025-03-15']);
      await site('c', ['2025-12-31']);
      await site('d', ['2024-12-31']);
      await site('e', []);
      await actAs(db, { userId: '00000000-0000-4000-8000-000000000101', appRole: 'office' });
      const cov = (
        await db.run(`select district_name, places, covered, rate::text as rate from public.site_coverage(2025) where district_name in ('城南区', '城北区') order by district_name`)
      ).rows;
      // The fixture place of 城南区 adds one uncovered place: 6 places, 3 covered.
      expect(cov).toEqual([
        { district_name: '城北区', places: 2, covered: 0, rate: '0.0' },
        { district_name: '城南区', places: 6, covered: 3, rate: '50.0' },
      ]);
      const cov24 = (await db.run(`select covered from public.site_coverage(2024) where district_name = '城南区'`)).rows[0];
      expect(cov24).toEqual({ covered: 1 });
      const open = (await db.run(`select name, sites, last_renewed_on::text as last from public.uncovered_places(2025) where name like '已知%' order by name`)).rows;
      expect(open).toEqual([
        { name: '已知d', sites: 1, last: '2024-12-31' },
        { name: '已知e', sites: 1, last: null },
        { name: '已知f', sites: 0, last: null },
        { name: '已知g', sites: 0, last: null },
      ]);
      expect((await db.run(`select value::int as v from public.annual_targets where school_year = 2019 and metric = 'site_coverage'`)).rows[0]).toEqual({ v: 80 });
      expect((await db.run(`select value::int as v from public.annual_targets where school_year = 2020 and metric = 'site_coverage'`)).rows[0]).toEqual({ v: 90 });

      // Participation in 2025: unit A has 2 completions, unit B 0 (its fixture completion is 2026); a disabled unit is not counted.
      await db.run('reset role');
      await db.run(`insert into public.unit_completions (unit_id, course_id, year, worker_name, name_key, phone_last4, score, total, slip_code) values
        ('00000000-0000-4000-8000-000000950001', 'logistics', 2025, '甲', '甲', '0001', 6, 6, 'KNWNAAAAAA'),
        ('00000000-0000-4000-8000-000000950001', 'families', 2025, '乙', '乙', '0002', 5, 6, 'KNWNAAAAAB')`);
      await db.run(`insert into public.units (district_id, kind, name, contact_name, contact_phone, disabled_at) values ($1, 'logistics', '已停用网点', '某', '12345', now())`, [
        d1,
      ]);
      await actAs(db, { userId: '00000000-0000-4000-8000-000000000101', appRole: 'office' });
      const part = (await db.run(`select district_name, kind, units, active_units, completions from public.unit_participation(2025) order by district_name, kind`)).rows;
      expect(part).toEqual([
        { district_name: '城北区', kind: 'logistics', units: 1, active_units: 0, completions: 0 },
        { district_name: '城南区', kind: 'logistics', units: 1, active_units: 1, completions: 2 },
      ]);

      // 六进: events by kind in 2025; cancelled and campaign events do not count.
      await db.run('reset role');
      const ev = async (kind: string, status: string, at: string): Promise<void> => {
        await db.run(
          `insert into public.events (organizer_id, district_id, community, title, kind, starts_at, ends_at, capacity, cancel_cutoff, contact, status)
          values ('00000000-0000-4000-8000-000000000131', $1, '某社区', '六进测试', $2, $3::timestamptz, $3::timestamptz + interval '1 hour', 10, $3::timestamptz - interval '1 day', '0571', $4)`,
          [d2, kind, at, status],
        );
      };
      await ev('office', 'closed', '2025-03-01T02:00:00Z');
      await ev('enterprise', 'open', '2025-05-01T02:00:00Z');
      await ev('enterprise', 'closed', '2025-12-31T16:30:00Z'); // 2026-01-01 in the city: not 2025
      await ev('venue', 'cancelled', '2025-06-01T02:00:00Z');
      await ev('campaign', 'closed', '2025-06-26T02:00:00Z');
      await actAs(db, { userId: '00000000-0000-4000-8000-000000000101', appRole: 'office' });
      const six = (await db.run(`select kind, events from public.six_into_events(2025) where district_name = '城北区' order by kind`)).rows;
      expect(six).toEqual([
        { kind: 'enterprise', events: 1 },
        { kind: 'office', events: 1 },
      ]);
      await db.run('reset role');
      await actAs(db, { userId: '00000000-0000-4000-8000-000000950101', appRole: 'unit_manager' });
      await db.run('savepoint m');
      await expect(db.run('select * from public.unit_participation(2025)')).rejects.toMatchObject({ code: 'QYFOR' });
      await db.run('rollback to savepoint m');
      await expect(db.run('select * from public.site_coverage(2025)')).rejects.toMatchObject({ code: 'QYFOR' });
    } finally {
      await db.run('rollback');
    }
  });
});
