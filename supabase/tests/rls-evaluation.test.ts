import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluationTableCases as eventTableCases, evaluationTables as eventTables, setUpEvaluationFixture as setUpEventsFixture } from './rls-matrix-evaluation.ts';
import { insert, matrixGaps, open, runTableCase, type Db } from './sql-cases.ts';

/**
 * The effect-evaluation part of the RLS matrix (rls-matrix-evaluation.ts) as plain SQL, each case
 * in a transaction that is rolled back: on PGlite always, and on PostgreSQL when DATABASE_URL is
 * set. The runner is sql-cases.ts, shared with the events suite; the functions are tested in
 * evaluation.sql.test.ts.
 */
test('the evaluation matrix covers every table, role and operation, and names each case once', () => {
  expect(matrixGaps(eventTables, eventTableCases)).toEqual({ missing: [], repeated: [] });
});

const databaseUrl = process.env['DATABASE_URL'];
describe.each([
  { name: 'PGlite', url: undefined as string | undefined, skip: false },
  { name: 'PostgreSQL', url: databaseUrl, skip: !databaseUrl },
])('effect evaluation RLS on $name', ({ url, skip }) => {
  let db: Db | undefined;
  beforeAll(async () => {
    if (skip) return;
    db = await open(url);
    const owner = db;
    await setUpEventsFixture(async (row) => {
      const { sql, params } = insert(row.table, row.values);
      await owner.run(`${sql} on conflict do nothing`, params);
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  describe.each(eventTables)('%s', (table) => {
    test.skipIf(skip).each(eventTableCases.filter((c) => c.table === table))('$name', async (c) => {
      expect(await runTableCase(db!, c)).toBe('ok');
    });
  });
});
