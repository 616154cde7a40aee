import { expect, test } from 'vitest';
import { evaluationTableCases as eventTableCases, evaluationTables as eventTables, setUpEvaluationFixture as setUpEventsFixture } from './rls-matrix-evaluation.ts';
import { describeMatrix, insertIfAbsent, matrixGaps } from './sql-cases.ts';

/**
 * The effect-evaluation part of the RLS matrix (rls-matrix-evaluation.ts) as plain SQL, each case
 * in a transaction that is rolled back: on PGlite always, and on PostgreSQL when DATABASE_URL is
 * set. The runner is sql-cases.ts, shared with the events suite; the functions are tested in
 * evaluation.sql.test.ts.
 */
test('the evaluation matrix covers every table, role and operation, and names each case once', () => {
  expect(matrixGaps(eventTables, eventTableCases)).toEqual({ missing: [], repeated: [] });
});

describeMatrix('effect evaluation RLS on $name', {
  tables: eventTables,
  cases: eventTableCases,
  setUp: (db) => setUpEventsFixture((row) => insertIfAbsent(db, row)),
});
