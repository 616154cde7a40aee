// Who may read and write what, as data: every table × role × operation, with an allow case and
// the matching deny case wherever a policy lets some rows through. Two suites run these cases,
// one as plain SQL in rolled-back transactions (rls.sql.test.ts), one through supabase-js and
// PostgREST (rls.postgrest.test.ts). Targets are seed rows (supabase/seed.sql), rows of the
// learning fixture both suites set up first (setUpLearningFixture), or `given` rows that exist
// for one case only, so a policy bug that lets a delete through harms nothing else.
//   rls-matrix-common.ts    tables, roles, the shape of a case, the seed accounts, shared builders
//   rls-matrix-accounts.ts  districts … students, and the sign-in and account functions
//   rls-matrix-learning.ts  quizzes … certificates, the learning functions, and the fixture
//   rls-matrix-teaching.ts  hours_requirements … five_implementations, the class functions, and their fixture
//   rls-matrix-dashboard.ts annual_targets, the mastery rollups, the dashboard functions, and their fixture
//   rls-matrix-demonstration.ts the demonstration levels … events, the demonstration functions, and their fixture
import { accountRpcCases, accountTableCases } from './rls-matrix-accounts.ts';
import type { Leaves, RpcCase, TableCase } from './rls-matrix-common.ts';
import { dashboardRpcCases, dashboardTableCases } from './rls-matrix-dashboard.ts';
import { demonstrationRpcCases, demonstrationTableCases } from './rls-matrix-demonstration.ts';
import { learningRpcCases, learningTableCases } from './rls-matrix-learning.ts';
import { teachingRpcCases, teachingTableCases } from './rls-matrix-teaching.ts';

export * from './rls-matrix-common.ts';
export { setUpLearningFixture } from './rls-matrix-learning.ts';
export type { FixtureTarget } from './rls-matrix-learning.ts';
export { setUpTeachingFixture } from './rls-matrix-teaching.ts';
export { setUpDashboardFixture } from './rls-matrix-dashboard.ts';
export { setUpDemonstrationFixture } from './rls-matrix-demonstration.ts';

/** Every table case, grouped by table in the order of `tables`. */
export const tableCases: TableCase[] = [...accountTableCases, ...learningTableCases, ...teachingTableCases, ...dashboardTableCases, ...demonstrationTableCases];
/** Every function case. */
export const rpcCases: RpcCase[] = [...accountRpcCases, ...learningRpcCases, ...teachingRpcCases, ...dashboardRpcCases, ...demonstrationRpcCases];

/** What a suite observed when it ran a case. */
export interface Outcome {
  /** SQLSTATE of the error, or null. */
  code: string | null;
  /** Rows visible (select), created (insert) or affected (update, delete); 0 for rpc. */
  count: number;
  /** update/delete: whether a service-role read afterwards still finds the target rows as before. */
  unchanged?: boolean;
  /** rpc without error: what the function returned, as rows (see RpcCase.result). */
  rows?: Record<string, unknown>[];
  /** Without error, for a case with `leaves`: how many rows each of them matched afterwards. */
  left?: number[];
}

/** JSON with the keys of every object sorted, so equal values compare equal whatever the key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function returnsExpected(expected: NonNullable<RpcCase['result']>, rows: Record<string, unknown>[] | undefined): boolean {
  if (!rows || rows.length !== expected.rows.length) return false;
  const columns = canonical([...expected.columns].sort());
  return rows.every(
    (row, i) =>
      canonical(Object.keys(row).sort()) === columns &&
      canonical(Object.fromEntries(Object.keys(expected.rows[i] ?? {}).map((key) => [key, row[key]]))) === canonical(expected.rows[i]),
  );
}

const leftAsExpected = (leaves: Leaves[] | undefined, left: number[] | undefined): boolean => !leaves || canonical(left) === canonical(leaves.map(({ count }) => count));

/** Whether an outcome meets the case's expectation, by the rules on TableCase and RpcCase. */
export function meetsExpectation(testCase: TableCase | RpcCase, outcome: Outcome): boolean {
  const refused = outcome.code === '42501' || (testCase.refusal !== undefined && outcome.code === testCase.refusal);
  if ('fn' in testCase) {
    if (testCase.expect === 'allow') {
      return outcome.code === null && (!testCase.result || returnsExpected(testCase.result, outcome.rows)) && leftAsExpected(testCase.leaves, outcome.left);
    }
    return refused;
  }
  const { op } = testCase;
  if (testCase.expect === 'allow') return outcome.code === null && outcome.count >= 1 && leftAsExpected(testCase.leaves, outcome.left);
  if (refused) return true;
  if (outcome.code !== null || op === 'insert') return false;
  return outcome.count === 0 && (op === 'select' || outcome.unchanged === true);
}

/** Held for the whole run by each suite on a shared real server, so their writes never interleave. */
export const sharedServerLockKey = 7_140_612_020;
