// The matrix for the city dashboard (supabase/migrations/20261129000800_dashboard.sql and
// 20261129000910_dashboard_one_pass.sql): the annual targets the office edits, the mastery
// rollups a trigger on lesson_progress keeps, and the functions refresh_mastery_rollups
// (service role only), dashboard_schools and dashboard_months (the office only). The migration
// itself writes the targets for 2019 to 2030; the rollups get their rows from the fixture below,
// which masters a required lesson for a student of school 12 (fixed key, written only if absent),
// so the trigger, not the test, writes them and a rebuild by refresh_mastery_rollups keeps them.
import { account, casesOf, given, newUser, nonService, office, organizer, school11, school12, signedIn, student, volunteer, who } from './rls-matrix-common.ts';
import type { Actor, Given, Row, RpcCase, RpcFunction, TableCase } from './rls-matrix-common.ts';
import type { FixtureTarget } from './rls-matrix-learning.ts';

const student1204 = account(1204, 'student', 12); // class 203, school 12: the fixture's mastery
const schoolAdmin121 = account(121, 'school_admin', 12); // 第一中学 (school 12)
const teacher122 = account(122, 'teacher', 12); // teaches class 203 of school 12

/**
 * An office account the office has disabled. Sign-in refuses it, but a token minted minutes
 * earlier still works until it expires, so the policies and functions must refuse it too.
 */
const disabledOffice = ((): { as: Actor; given: Given[] } => {
  const row: Row = { ...newUser('office'), disabled_at: '2026-06-01T00:00:00+00:00' };
  return { as: { userId: String(row['user_id']), appRole: 'office', schoolId: null }, given: [given('users', row)] };
})();

// ---------------------------------------------------------------------------------------------
// The fixture: student 1204 (grade 7) mastered the grade-7 required lesson 《朋友的邀请，我敢说“不”》 (junior/peer-pressure-refusal) in October 2026,
// which gives the rollups a row each: the student's count of required lessons mastered, and
// school 12's lessons mastered in that month. It needs the content the learning fixture syncs.

const mastery1204 = { student_id: student1204.userId };
const october12 = { school_id: school12, month: '2026-10-01' };
const target2026 = { school_year: 2026, metric: 'coverage' };

const fixtureRows: Given[] = [
  given('lesson_progress', {
    student_id: student1204.userId,
    lesson_id: 'junior/peer-pressure-refusal',
    attempts: 1,
    best_percent: 90,
    mastered_at: '2026-10-20T02:00:00+00:00',
    last_attempt_at: '2026-10-20T02:00:00+00:00',
  }),
];

/** Sets up the dashboard fixture as the owner or the service role, after the learning fixture; safe to repeat. */
export async function setUpDashboardFixture(db: Pick<FixtureTarget, 'insertIfAbsent'>): Promise<void> {
  for (const row of fixtureRows) await db.insertIfAbsent(row);
}

// ---------------------------------------------------------------------------------------------
// Fresh rows for one case each.

/**
 * Slots of a key space, taken in turn from a place that changes every load, so no two cases
 * of a run share one and a run's committed writes hardly ever meet an earlier run's.
 */
const slots = (size: number): (() => number) => {
  let next = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return () => next++ % size;
};
const metrics = ['coverage', 'mastery', 'contest_participation', 'contest_pass', 'demonstration_provincial', 'demonstration_municipal'];
// Targets of 2031 to 2100: the migration writes them up to 2030.
const targetSlot = slots(70 * metrics.length);
const newTarget = (): Row => {
  const slot = targetSlot();
  return { school_year: 2031 + Math.floor(slot / metrics.length), metric: metrics[slot % metrics.length] ?? 'coverage', value: 50 };
};
const targetKey = (row: Row): Row => ({ school_year: row['school_year'] ?? null, metric: row['metric'] ?? null });

// Months of 2040 to 2099, far from any lesson mastered.
const monthSlot = slots(60 * 12);
const newMonth = (schoolId: string): Row => {
  const slot = monthSlot();
  const month = `${2040 + Math.floor(slot / 12)}-${String((slot % 12) + 1).padStart(2, '0')}-01`;
  return { school_id: schoolId, month, lessons_mastered: 7 };
};
const monthKey = (row: Row): Row => ({ school_id: row['school_id'] ?? null, month: row['month'] ?? null });

/** A throwaway student of school 11 and a rollup row of theirs (the student's account comes first). */
const newMastery = (): { user: Given; row: Row } => {
  const user = newUser('student', school11);
  return { user: given('users', user), row: { student_id: user['user_id'] ?? null, required_mastered: 3 } };
};

// ---------------------------------------------------------------------------------------------
// Table cases.

// Annual targets: every signed-in user reads them (the dashboards compare against them); the office sets them.
const annualTargets = casesOf('annual_targets', ({ allow, deny }) => {
  const doomed = (extra: Given[] = []): Pick<TableCase, 'match' | 'given'> => {
    const row = newTarget();
    return { match: targetKey(row), given: [...extra, given('annual_targets', row)] };
  };
  const raise = { value: 95.5 };
  const writers: Actor[] = [office, 'service'];
  const others = [...nonService, 'service' as const].filter((as) => !writers.includes(as));
  return [
    deny('select', 'anon', 'a visitor cannot read the annual targets', { match: target2026 }),
    ...[...signedIn, 'service' as const].map((as) => allow('select', as, `${who(as)} reads the annual targets`, { match: target2026 })),
    ...writers.flatMap((as) => [
      allow('insert', as, `${who(as)} sets a target for a school year`, { match: {}, values: newTarget() }),
      allow('update', as, `${who(as)} changes a target`, { match: target2026, values: raise }),
      allow('delete', as, `${who(as)} removes a target`, doomed()),
    ]),
    ...others.flatMap((as) => [
      deny('insert', as, `${who(as)} cannot set a target`, { match: {}, values: newTarget() }),
      deny('update', as, `${who(as)} cannot change a target`, { match: target2026, values: raise }),
      deny('delete', as, `${who(as)} cannot remove a target`, doomed()),
    ]),
    deny('insert', disabledOffice.as, 'a disabled office account cannot set a target', { match: {}, values: newTarget(), given: disabledOffice.given }),
    deny('update', disabledOffice.as, 'a disabled office account cannot change a target', { match: target2026, values: raise, given: disabledOffice.given }),
    deny('delete', disabledOffice.as, 'a disabled office account cannot remove a target', doomed(disabledOffice.given)),
  ];
});

// The rollups: read by the office only (a student, even of their own row, a teacher or a school
// admin, even of their own school, gets nothing); written by nobody but the service role and the
// trigger (insert, update and delete are revoked from anon and authenticated).
const readers: Actor[] = [office, 'service'];
/** Who is turned away from the fixture's rollup rows (student 1204, school 12), with what they are called. */
const rollupOutsiders: [Actor, string][] = [
  ['anon', 'a visitor'],
  [student1204, 'student 1204 themselves'],
  [student, 'a student of another school'],
  [teacher122, "the teacher of student 1204's class"],
  [schoolAdmin121, "the admin of student 1204's school"],
  [volunteer, 'a volunteer'],
  [organizer, 'an organizer'],
  [disabledOffice.as, 'a disabled office account'],
];
const givenFor = (as: Actor): Given[] => (as === disabledOffice.as ? disabledOffice.given : []);
/** Everyone but the service role, the office included, and a disabled office account: none may write a rollup. */
const writersDenied: [Actor, string][] = [...nonService.map((as): [Actor, string] => [as, who(as)]), [disabledOffice.as, 'a disabled office account']];

const studentMastery = casesOf('student_mastery', ({ allow, deny }) => {
  const held = (as: Actor): Pick<TableCase, 'match' | 'given'> => {
    const { user, row } = newMastery();
    return { match: { student_id: row['student_id'] ?? null }, given: [...givenFor(as), user, given('student_mastery', row)] };
  };
  const toInsert = (as: Actor): Pick<TableCase, 'match' | 'values' | 'given'> => {
    const { user, row } = newMastery();
    return { match: {}, values: row, given: [...givenFor(as), user] };
  };
  const inflate = { required_mastered: 99 };
  return [
    ...readers.map((as) => allow('select', as, `${who(as)} reads how many required lessons a student has mastered`, { match: mastery1204 })),
    ...rollupOutsiders.map(([as, label]) =>
      deny('select', as, `${label} cannot read how many required lessons student 1204 has mastered`, { match: mastery1204, given: givenFor(as) }),
    ),
    deny('select', schoolAdmin121, 'a school admin reads no mastery rollup at all', { match: {} }),
    ...writersDenied.flatMap(([as, label]) => [
      deny('insert', as, `${label} cannot write a mastery rollup row`, toInsert(as)),
      deny('update', as, `${label} cannot change a mastery rollup row`, { ...held(as), values: inflate }),
      deny('delete', as, `${label} cannot delete a mastery rollup row`, held(as)),
    ]),
    deny('update', student1204, 'a student cannot raise their own count of lessons mastered', { match: mastery1204, values: inflate }),
    allow('insert', 'service', 'the service role writes a mastery rollup row', toInsert('service')),
    allow('update', 'service', 'the service role changes a mastery rollup row', { ...held('service'), values: inflate }),
    allow('delete', 'service', 'the service role deletes a mastery rollup row', held('service')),
  ];
});

const monthlyMastery = casesOf('monthly_mastery', ({ allow, deny }) => {
  const held = (as: Actor, schoolId = school12): Pick<TableCase, 'match' | 'given'> => {
    const row = newMonth(schoolId);
    return { match: monthKey(row), given: [...givenFor(as), given('monthly_mastery', row)] };
  };
  const toInsert = (as: Actor): Pick<TableCase, 'match' | 'values' | 'given'> => ({ match: {}, values: newMonth(school12), given: givenFor(as) });
  const inflate = { lessons_mastered: 999 };
  return [
    ...readers.map((as) => allow('select', as, `${who(as)} reads the lessons mastered per school and month`, { match: october12 })),
    ...rollupOutsiders.map(([as, label]) =>
      deny('select', as, `${label} cannot read the lessons mastered per month in student 1204's school`, { match: october12, given: givenFor(as) }),
    ),
    deny('select', schoolAdmin121, 'a school admin reads no monthly rollup at all', { match: {} }),
    ...writersDenied.flatMap(([as, label]) => [
      deny('insert', as, `${label} cannot write a monthly rollup row`, toInsert(as)),
      deny('update', as, `${label} cannot change a monthly rollup row`, { ...held(as), values: inflate }),
      deny('delete', as, `${label} cannot delete a monthly rollup row`, held(as)),
    ]),
    deny('update', schoolAdmin121, "a school admin cannot raise their own school's lessons mastered", { match: october12, values: inflate }),
    allow('insert', 'service', 'the service role writes a monthly rollup row', toInsert('service')),
    allow('update', 'service', 'the service role changes a monthly rollup row', { ...held('service', school11), values: inflate }),
    allow('delete', 'service', 'the service role deletes a monthly rollup row', held('service', school11)),
  ];
});

/** The dashboard tables' cases, grouped by table in the order of `dashboardTables`. */
export const dashboardTableCases: TableCase[] = [...annualTargets, ...studentMastery, ...monthlyMastery];

// ---------------------------------------------------------------------------------------------
// Function cases. refresh_mastery_rollups is executable by the service role alone (42501 for
// everyone else). The dashboard functions are executable by every signed-in user and the
// service role but answer the office only: the others get QYFOR, the service role too (it has
// no user); anon has no execute grant (42501).

type Call = Omit<RpcCase, 'fn' | 'as' | 'expect' | 'name' | 'cleanup'>;
const call = (fn: RpcFunction, as: Actor, name: string, expect: 'allow' | 'deny', spec: Call): RpcCase => ({ name, fn, as, expect, cleanup: [], ...spec });

/** Everyone but the office and the service role, and a disabled office account, with what they are called. */
const notOffice: [Actor, string][] = [...nonService.filter((as) => as !== office).map((as): [Actor, string] => [as, who(as)]), [disabledOffice.as, 'a disabled office account']];

const refreshCases: RpcCase[] = [
  ((): RpcCase => {
    // A stray row the rebuild must drop, and the fixture's row it must rebuild as the trigger wrote it.
    const { user, row } = newMastery();
    return call('refresh_mastery_rollups', 'service', 'the service role rebuilds the mastery rollups from lesson progress', 'allow', {
      args: {},
      given: [user, given('student_mastery', row)],
      leaves: [
        { table: 'student_mastery', match: { student_id: row['student_id'] ?? null }, count: 0 },
        { table: 'student_mastery', match: { ...mastery1204, required_mastered: 1 }, count: 1 },
      ],
    });
  })(),
  ...[...notOffice, [office, 'the office'] as [Actor, string]].map(([as, label]) =>
    call('refresh_mastery_rollups', as, `${label} cannot rebuild the mastery rollups`, 'deny', { args: {}, given: givenFor(as) }),
  ),
  call('refresh_volunteer_rollups', 'service', 'the service role rebuilds the volunteering rollups from attendance', 'allow', { args: {} }),
  ...[...notOffice, [office, 'the office'] as [Actor, string]].map(([as, label]) =>
    call('refresh_volunteer_rollups', as, `${label} cannot rebuild the volunteering rollups`, 'deny', { args: {}, given: givenFor(as) }),
  ),
];

const year = { p_year: 2026 };
const dashboardCases = (fn: 'dashboard_schools' | 'dashboard_months' | 'dashboard_volunteering', figures: string, result?: RpcCase['result']): RpcCase[] => [
  call(fn, office, `the office reads the city's ${figures}`, 'allow', { args: year, ...(result ? { result } : {}) }),
  ...[...notOffice, ['service', 'the service role'] as [Actor, string]].map(([as, label]) =>
    call(fn, as, `${label} cannot read the city's ${figures}`, 'deny', {
      args: year,
      given: givenFor(as),
      ...(as === 'anon' ? {} : { refusal: 'QYFOR' }),
    }),
  ),
];

/** The dashboard functions' cases. */
export const dashboardRpcCases: RpcCase[] = [
  ...refreshCases,
  ...dashboardCases('dashboard_schools', 'figures per school'),
  // One row per month of the school year, September to August.
  ...dashboardCases('dashboard_months', 'figures per month', {
    columns: ['month', 'hours_delivered', 'lessons_mastered'],
    rows: Array.from({ length: 12 }, () => ({})),
  }),
  ...dashboardCases('dashboard_volunteering', 'volunteering figures'),
];
