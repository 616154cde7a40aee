import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, pgExecutor, pgliteExecutor, type MigrateOptions } from '../../src/lib/server/runtime/migrate.ts';
import { readSurveys, surveyRow } from '../../src/lib/server/evaluation-sync.ts';
import { evaluationFigures, type ResultRow } from '../../src/lib/domain/evaluation.ts';
import { id } from './rls-matrix-common';

/**
 * The effect evaluation in the database (20261204130000_evaluation.sql): the seeded class draw,
 * the refusals pupils meet, anonymity, suppression, and known answers. Every test runs in a
 * transaction that is rolled back, on PGlite and, when DATABASE_URL is set, on PostgreSQL.
 */
interface Db {
  run(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
const root = join(import.meta.dirname, '..');
const options: MigrateOptions = { seed: true, bootstrapPath: join(root, 'bootstrap.sql'), migrationsDir: join(root, 'migrations'), seedPath: join(root, 'seed.sql') };
const office = id(101);
const admin11 = id(111);
const teacher112 = id(112);
const admin12 = id(121);
const pupil = id(1001);
const otherPupil = id(1002); // both in class 201 (school 11, grade 3)
const class201 = id(201);
const class202 = id(202);
const class203 = id(203);
const school11 = id(11);
const school12 = id(12);

async function open(url: string | undefined): Promise<Db> {
  if (!url) {
    const db = new PGlite();
    await migrate(pgliteExecutor(db), options);
    return { run: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows, close: () => db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migrate(pgExecutor(client), options);
  return { run: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows, close: () => client.end() };
}

const as = async (db: Db, userId: string | 'anon'): Promise<void> => {
  await db.run('reset role');
  await db.run(`set local role ${userId === 'anon' ? 'anon' : 'authenticated'}`);
  await db.run(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(userId === 'anon' ? { role: 'anon' } : { sub: userId, role: 'authenticated' })]);
};
/** Runs `body` in a transaction that is always rolled back. */
async function inTransaction(db: Db, body: () => Promise<void>): Promise<void> {
  await db.run('begin');
  try {
    await body();
  } finally {
    await db.run('rollback');
  }
}
/** The error (SQLSTATE and message) of a statement, undone by a savepoint; null when it succeeded. */
async function refusal(db: Db, sql: string, params: unknown[] = []): Promise<{ code: string; message: string } | null> {
  await db.run('savepoint s');
  try {
    await db.run(sql, params);
    await db.run('release savepoint s');
    return null;
  } catch (error) {
    await db.run('rollback to savepoint s');
    return { code: String((error as { code?: string }).code), message: (error as Error).message };
  }
}

const surveys = await readSurveys(join(root, '..', 'content'));
const upper = surveys.find((s) => s.bands.includes('primary-middle'));
/** A full set of answers to the upper primary survey: knowledge all right, attitudes at `level`. */
const answers = (level = 4): Record<string, number> =>
  Object.fromEntries((upper?.scales ?? []).flatMap((s) => s.items.map((i) => [i.id, s.id === 'knowledge' ? (i.key ? 1 : 2) : level])));

const openRound = `select public.open_evaluation_round(2026, '测试评估', array['primary-middle','primary-upper','junior'], array[$1::uuid, $2::uuid],
  now() - interval '1 hour', now() + interval '1 hour', now() + interval '1 hour', now() + interval '2 hours', $3::bigint) as round_id`;

const databaseUrl = process.env['DATABASE_URL'];
describe.each([
  { name: 'PGlite', url: undefined as string | undefined, skip: false },
  { name: 'PostgreSQL', url: databaseUrl, skip: !databaseUrl },
])('effect evaluation on $name', ({ url, skip }) => {
  let db: Db;
  beforeAll(async () => {
    if (skip) return;
    db = await open(url);
    await db.run('select public.sync_evaluation_surveys($1::jsonb)', [JSON.stringify(surveys.map(surveyRow))]);
  });
  afterAll(async () => {
    if (!skip) await db.close();
  });

  test.skipIf(skip)('draws half of each school grade into the pretest, the same way for the same seed, as the formula says', async () => {
    await inTransaction(db, async () => {
      // Five more grade-4 classes and two more grade-3 classes at school 11.
      for (let i = 1; i <= 7; i++) {
        await db.run(`insert into public.classes (class_id, school_id, school_year, grade, name) values ($1, $2, 2026, $3, $4)`, [
          id(950_000 + i),
          school11,
          i <= 5 ? 4 : 3,
          `抽签${i}班`,
        ]);
      }
      await as(db, office);
      const draw = async (seed: number): Promise<Map<string, string>> => {
        const [{ round_id: round } = {}] = await db.run(openRound, [school11, school12, seed]);
        const rows = await db.run('select class_id, school_id, grade, arm from public.evaluation_classes where round_id = $1', [round]);
        return new Map(rows.map((r) => [String(r['class_id']), String(r['arm'])]));
      };
      const first = await draw(42);
      expect(await draw(42)).toEqual(first);
      // Every class of the round's bands (grades 3-9) at the two schools that year: the seed's 3 and the 7 above, and on a shared
      // PostgreSQL server whatever other suites created there.
      const [{ n } = { n: 0 }] = await db.run(
        `select count(*)::int as n from public.classes where school_year = 2026 and school_id in ($1, $2) and archived_at is null and grade between 3 and 9`,
        [school11, school12],
      );
      expect(first.size).toBe(Number(n));
      expect(first.size).toBeGreaterThanOrEqual(10);
      // Computed here from the seed: order by md5(seed:class) within school and grade; the first half is pretested, an odd one by md5(seed:school:grade).
      const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
      const groups = new Map<string, string[]>();
      await as(db, office);
      for (const r of await db.run(
        `select c.class_id, c.school_id, c.grade from public.classes c where c.school_year = 2026 and c.school_id in ($1, $2) and c.archived_at is null and c.grade between 3 and 9`,
        [school11, school12],
      )) {
        const key = `${String(r['school_id'])}:${Number(r['grade'])}`;
        groups.set(key, [...(groups.get(key) ?? []), String(r['class_id'])]);
      }
      for (const [key, ids] of groups) {
        const ordered = [...ids].sort((a, b) => md5(`42:${a}`).localeCompare(md5(`42:${b}`)));
        const odd = ids.length % 2 === 1 ? parseInt(md5(`42:${key}`).slice(0, 8), 16) & 1 : 0;
        const pretested = Math.floor(ids.length / 2) + odd;
        ordered.forEach((classId, k) => {
          expect(first.get(classId)).toBe(k < pretested ? 'pretest' : 'posttest_only');
        });
        expect(Math.abs(2 * ordered.filter((c) => first.get(c) === 'pretest').length - ids.length)).toBeLessThanOrEqual(1);
      }
    });
  });

  test.skipIf(skip)('refuses, in Chinese, a round opened by anyone but the office, and windows in the wrong order', async () => {
    await inTransaction(db, async () => {
      await as(db, teacher112);
      expect(await refusal(db, openRound, [school11, school12, 1])).toEqual({ code: 'QYFOR', message: '只有市禁毒办可以开启效果评估' });
      await as(db, office);
      const wrong = await refusal(
        db,
        `select public.open_evaluation_round(2026, '测试', array['junior'], array[$1::uuid], now(), now() - interval '1 hour', now(), now() + interval '1 hour')`,
        [school12],
      );
      expect(wrong?.code).toBe('QYBAD');
      expect(wrong?.message).toMatch(/^时间不对/);
    });
  });

  test.skipIf(skip)('lets a pupil answer once, after release, for their own class, inside the window; refusals in Chinese', async () => {
    await inTransaction(db, async () => {
      const markersBefore = Number((await db.run('select count(*)::int as n from public.evaluation_markers'))[0]?.['n']);
      await as(db, office);
      const [{ round_id: round } = {}] = await db.run(openRound, [school11, school12, 7]);
      await db.run('reset role');
      await db.run(`update public.evaluation_classes set arm = 'pretest' where round_id = $1 and class_id = $2`, [round, class201]);
      const submit = `select public.submit_evaluation_response($1, $2, $3, $4::jsonb)`;
      await as(db, pupil);
      expect(await refusal(db, submit, [round, class201, 'pre', JSON.stringify(answers())])).toEqual({ code: 'QYCLO', message: '老师还没有发布这份问卷' });
      await as(db, teacher112);
      await db.run('select public.release_evaluation_survey($1, $2, $3)', [round, class201, 'pre']);
      await as(db, pupil);
      const { k1: _dropped, ...partial } = answers();
      expect(await refusal(db, submit, [round, class201, 'pre', JSON.stringify(partial)])).toEqual({ code: 'QYBAD', message: '第 1 题还没有作答（或答案无效）' });
      expect(await refusal(db, submit, [round, class201, 'pre', JSON.stringify({ ...answers(), h1: 9 })])).toMatchObject({ code: 'QYBAD' });
      expect(await refusal(db, submit, [round, class201, 'pre', JSON.stringify(answers())])).toBeNull();
      expect(await refusal(db, submit, [round, class201, 'pre', JSON.stringify(answers(1))])).toEqual({ code: 'QYDUP', message: '你已经填过这份问卷了，每人只能填一次' });
      expect(await refusal(db, submit, [round, class202, 'post', JSON.stringify(answers())])).toEqual({ code: 'QYFOR', message: '只能为自己所在的班级作答' });
      expect(await refusal(db, submit, [round, class201, 'post', JSON.stringify(answers())])).toMatchObject({
        code: 'QYCLO',
        message: expect.stringMatching(/^现在不在后测的作答时间内（\d{4}-\d\d-\d\d \d\d:\d\d 至 /),
      });
      // Another pupil of the class answers; the pupil sees that they answered, the other that they did not yet.
      const mine = await db.run('select phase, answered from public.my_evaluation_surveys() where round_id = $1', [round]);
      expect(mine).toEqual([
        { phase: 'pre', answered: true },
        { phase: 'post', answered: false },
      ]);
      await as(db, otherPupil);
      expect((await db.run('select answered from public.my_evaluation_surveys() where round_id = $1 and phase = $2', [round, 'pre']))[0]?.['answered']).toBe(false);
      expect(await refusal(db, submit, [round, class201, 'pre', JSON.stringify(answers(2))])).toBeNull();
      // The teacher sees how many answered, nothing else.
      await as(db, teacher112);
      expect(await db.run('select * from public.evaluation_class_counts($1, $2)', [round, class201])).toEqual([
        { phase: 'pre', responses: 2 },
        { phase: 'post', responses: 0 },
      ]);
      // After the window: refused.
      await db.run('reset role');
      await db.run(`update public.evaluation_rounds set pre_opens_at = now() - interval '3 days', pre_closes_at = now() - interval '2 days' where round_id = $1`, [round]);
      await as(db, id(1003));
      expect((await refusal(db, submit, [round, class201, 'pre', JSON.stringify(answers())]))?.message).toMatch(/^现在不在前测的作答时间内/);
      // What was stored: two rows of item values and scores, two bare markers.
      await db.run('reset role');
      const stored = await db.run('select * from public.evaluation_responses where round_id = $1 order by harm', [round]);
      expect(stored.map((r) => Object.keys(r).sort())).toEqual(
        [0, 1].map(() => ['answers', 'class_id', 'harm', 'intention', 'knowledge', 'norms', 'phase', 'refusal', 'response_id', 'round_id']),
      );
      // Harm has h1, h2 and the reverse-coded h3 on 4 points: (1/3 + 1/3 + 2/3) / 3 for all 2s, (1 + 1 + 0) / 3 for all 4s.
      expect(stored.map((r) => r['knowledge'])).toEqual([100, 100]);
      expect(Number(stored[0]?.['harm'])).toBeCloseTo(400 / 9, 4);
      expect(Number(stored[1]?.['harm'])).toBeCloseTo(200 / 3, 4);
      expect(JSON.stringify(stored)).not.toContain(pupil);
      expect((await db.run('select count(*)::int as n from public.evaluation_markers'))[0]?.['n']).toBe(markersBefore + 2);
    });
  });

  test.skipIf(skip)('gives no visitor or user any privilege on responses, markers, surveys or salts, and no function a column that could name a pupil', async () => {
    const privileges = await db.run(`
      select r.role, t.tab, p.priv from unnest(array['anon', 'authenticated']) r (role)
      cross join unnest(array['public.evaluation_responses', 'public.evaluation_markers', 'public.evaluation_surveys', 'private.evaluation_salts']) t (tab)
      cross join unnest(array['select', 'insert', 'update', 'delete']) p (priv)
      where has_table_privilege(r.role, t.tab, p.priv)`);
    expect(privileges).toEqual([]);
    // The responses hold no pupil, no time and no sequence; the markers nothing but the hash.
    const columns = await db.run(`select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' and table_name in ('evaluation_responses', 'evaluation_markers') order by 1, ordinal_position`);
    expect(columns.filter((c) => /time|date|serial|bigint|integer/.test(String(c['data_type'])))).toEqual([]);
    expect(columns.filter((c) => c['table_name'] === 'evaluation_markers').map((c) => c['column_name'])).toEqual(['marker']);
    const references = await db.run(
      `select confrelid::regclass::text as target from pg_constraint where contype = 'f' and conrelid in ('public.evaluation_responses'::regclass, 'public.evaluation_markers'::regclass)`,
    );
    expect(references.map((r) => r['target'])).toEqual(['evaluation_classes']);
    // No view reads them; every function a user may call that reads them returns only these columns.
    expect(await db.run(`select view_name from information_schema.view_table_usage where table_name in ('evaluation_responses', 'evaluation_markers')`)).toEqual([]);
    const callable = await db.run(`
      select p.proname, coalesce(array_to_string(p.proargnames, ','), '') as args, pg_get_function_result(p.oid) as result
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and (p.prosrc ~ 'evaluation_responses' or p.prosrc ~ 'evaluation_markers')
        and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute')) order by 1`);
    expect(callable.map((f) => [f['proname'], f['result']])).toEqual([
      ['evaluation_class_counts', 'TABLE(phase text, responses integer)'],
      [
        'evaluation_results',
        'TABLE(dimension text, group_key text, parent_key text, sample text, responses integer, withheld text, scale text, mean double precision, sd double precision)',
      ],
      [
        'my_evaluation_surveys',
        'TABLE(round_id uuid, title text, class_id uuid, phase text, survey_id text, survey_version integer, opens_at timestamp with time zone, closes_at timestamp with time zone, released boolean, answered boolean)',
      ],
      ['submit_evaluation_response', 'void'],
    ]);
  });

  describe('results of a seeded round', () => {
    // mulberry32(2026): a seeded data set; scores are whole numbers 0-100 (exact in a real column).
    const random = ((seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    })(2026);
    const scores = (n: number, centre: number): number[] => Array.from({ length: n }, () => Math.max(0, Math.min(100, Math.round(centre + (random() - 0.5) * 60))));
    // Class 201 (grade 3) and 203 (grade 7) pretested, 202 (grade 5) posttest only. Only the harm scale differs between pupils here.
    const data: { classId: string; phase: 'pre' | 'post'; harm: number[] }[] = [
      { classId: class201, phase: 'pre', harm: scores(14, 50) },
      { classId: class203, phase: 'pre', harm: scores(11, 55) },
      { classId: class201, phase: 'post', harm: scores(15, 65) },
      { classId: class203, phase: 'post', harm: scores(9, 70) },
      { classId: class202, phase: 'post', harm: scores(12, 60) },
    ];
    const round = id(960_001);

    async function seedRound(): Promise<void> {
      await db.run('reset role');
      await db.run(
        `insert into public.evaluation_rounds (round_id, school_year, title, bands, pre_opens_at, pre_closes_at, post_opens_at, post_closes_at, seed)
        values ($1, 2026, '已结束的评估', array['primary-middle','primary-upper','junior'], now() - interval '60 days', now() - interval '50 days', now() - interval '10 days', now() - interval '1 day', 1)`,
        [round],
      );
      await db.run(`insert into public.evaluation_round_schools values ($1, $2), ($1, $3)`, [round, school11, school12]);
      for (const [classId, school, grade, band, survey, arm] of [
        [class201, school11, 3, 'primary-middle', 'primary-upper', 'pretest'],
        [class202, school11, 5, 'primary-upper', 'primary-upper', 'posttest_only'],
        [class203, school12, 7, 'junior', 'secondary', 'pretest'],
      ]) {
        await db.run(`insert into public.evaluation_classes (round_id, class_id, school_id, grade, band, survey_id, survey_version, arm) values ($1, $2, $3, $4, $5, $6, 1, $7)`, [
          round,
          classId,
          school,
          grade,
          band,
          survey,
          arm,
        ]);
      }
      for (const { classId, phase, harm } of data) {
        for (const h of harm) {
          await db.run(
            `insert into public.evaluation_responses (round_id, class_id, phase, answers, knowledge, harm, norms, refusal, intention) values ($1, $2, $3, '{}', 80, $4, 50, 60, 70)`,
            [round, classId, phase, h],
          );
        }
      }
    }
    const results = async (who: string): Promise<ResultRow[]> => {
      await as(db, who);
      const rows = await db.run('select * from public.evaluation_results($1)', [round]);
      return rows.map(
        (r) =>
          ({
            dimension: r['dimension'],
            groupKey: r['group_key'],
            parentKey: r['parent_key'],
            sample: r['sample'],
            responses: r['responses'],
            withheld: r['withheld'],
            scale: r['scale'],
            mean: r['mean'],
            sd: r['sd'],
          }) as ResultRow,
      );
    };

    test.skipIf(skip)('match means, intervals and g computed here to 3 decimals', async () => {
      await inTransaction(db, async () => {
        await seedRound();
        const figures = evaluationFigures(await results(office));
        const city = figures.find((f) => f.dimension === 'all' && f.scale === 'harm');
        // Written out: the three samples of the city, their means, SDs, t intervals and Hedges' g.
        const pick = (phase: string, classes: string[]): number[] => data.filter((d) => d.phase === phase && classes.includes(d.classId)).flatMap((d) => d.harm);
        const pre = pick('pre', [class201, class203]);
        const post = pick('post', [class201, class203]);
        const only = pick('post', [class202]);
        const m = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
        const s = (x: number[]): number => Math.sqrt(x.reduce((a, b) => a + (b - m(x)) ** 2, 0) / (x.length - 1));
        const t = { 25: 2.0638986, 24: 2.0686576, 12: 2.2009852 } as Record<number, number>; // t(0.975, n - 1) as statistical software prints it (SciPy t.ppf), 7 decimals
        for (const [sample, x] of [
          ['pre', pre],
          ['post', post],
          ['post_only', only],
        ] as const) {
          const cell = city?.cells[sample];
          expect(cell?.responses).toBe(x.length);
          expect(cell?.summary?.mean).toBeCloseTo(m(x), 3);
          expect(cell?.summary?.sd).toBeCloseTo(s(x), 3);
          const half = ((t[x.length] ?? 0) * s(x)) / Math.sqrt(x.length);
          expect(cell?.ci?.lower).toBeCloseTo(m(x) - half, 3);
          expect(cell?.ci?.upper).toBeCloseTo(m(x) + half, 3);
        }
        const g = (a: number[], b: number[]): [number, number, number] => {
          const sp = Math.sqrt(((a.length - 1) * s(a) ** 2 + (b.length - 1) * s(b) ** 2) / (a.length + b.length - 2));
          const d = (m(a) - m(b)) / sp;
          const j = 1 - 3 / (4 * (a.length + b.length) - 9);
          const se = j * Math.sqrt((a.length + b.length) / (a.length * b.length) + d ** 2 / (2 * (a.length + b.length)));
          return [j * d, j * d - 1.959964 * se, j * d + 1.959964 * se];
        };
        const [change, changeLow, changeHigh] = g(post, pre);
        expect(city?.change?.g).toBeCloseTo(change, 3);
        expect(city?.change?.lower).toBeCloseTo(changeLow, 3);
        expect(city?.change?.upper).toBeCloseTo(changeHigh, 3);
        const [testing] = g(post, only);
        expect(city?.testing?.g).toBeCloseTo(testing, 3);
        // Scales without spread give means but no g.
        expect(figures.find((f) => f.dimension === 'all' && f.scale === 'knowledge')?.cells.pre.summary?.mean).toBeCloseTo(80, 3);
      });
    });

    test.skipIf(skip)('withhold cells under 10, and the next smallest cell of the same parent when one would give the other away', async () => {
      await inTransaction(db, async () => {
        await seedRound();
        const rows = (await results(office)).filter((r) => r.scale === 'harm' && r.sample === 'post');
        const of = (dimension: string, key: string): ResultRow | undefined => rows.find((r) => r.dimension === dimension && r.groupKey === key);
        expect(of('all', '')).toMatchObject({ responses: 24, withheld: null });
        expect(of('school', school12)).toMatchObject({ responses: 9, withheld: 'small', mean: null, sd: null });
        // Junior (9) is too small; primary-middle (15) alone beside the city's 24 would give junior's sum away.
        expect(of('band', 'junior')).toMatchObject({ withheld: 'small', mean: null });
        expect(of('band', 'primary-middle')).toMatchObject({ responses: 15, withheld: 'small', mean: null });
        expect(of('school', school11)).toMatchObject({ responses: 15, withheld: null });
        expect(rows.every((r) => (r.withheld === null) === (r.mean !== null))).toBe(true);
        expect(rows.filter((r) => r.mean !== null).every((r) => r.responses >= 10)).toBe(true);
      });
    });

    test.skipIf(skip)('show a school admin their own school only, refuse a teacher, and withhold a phase whose window is open', async () => {
      await inTransaction(db, async () => {
        await seedRound();
        const mine = await results(admin12);
        expect(new Set(mine.map((r) => r.dimension))).toEqual(new Set(['all', 'band', 'grade']));
        expect(mine.find((r) => r.dimension === 'all' && r.sample === 'pre')?.responses).toBe(11);
        expect(mine.find((r) => r.dimension === 'all' && r.sample === 'post')).toMatchObject({ responses: 9, withheld: 'small' });
        expect(mine.some((r) => r.sample === 'post_only')).toBe(false);
        await as(db, teacher112);
        expect((await refusal(db, 'select * from public.evaluation_results($1)', [round]))?.code).toBe('QYFOR');
        await db.run('reset role');
        await db.run(`update public.evaluation_rounds set post_closes_at = now() + interval '1 day' where round_id = $1`, [round]);
        const open = await results(admin11);
        expect(open.filter((r) => r.sample !== 'pre').every((r) => r.withheld === 'open' && r.mean === null)).toBe(true);
        expect(open.find((r) => r.dimension === 'all' && r.sample === 'pre')).toMatchObject({ responses: 14, withheld: null });
      });
    });
  });
});
