// The matrix for the teaching tables (supabase/migrations/20261129000700_teaching.sql): the
// hours required per grade, the class-hours ledger (课时台账) with its edit log, teacher
// training and the 五落实 board; and the class functions create_class, import_roster,
// reset_student_password, class_first_passwords, reset_student_passwords, move_student and archive_class. The seed has none of these rows, so
// both suites first set up the fixture below, as for the learning tables: fixed ids, written
// only if absent. The functions and the ledger only ever write `given` rows or rows of their
// own (a restored ledger entry would log one more edit), so the seed classes and students and
// the fixture's ledger stay as they are; updates of the other fixture rows are undone as usual.
import {
  account,
  casesOf,
  class201,
  class202,
  class203,
  disabledTeacher,
  given,
  id,
  newUser,
  nonService,
  office,
  organizer,
  school11,
  school12,
  schoolAdmin,
  student,
  tag,
  teacher,
  uuid,
  volunteer,
  who,
} from './rls-matrix-common.ts';
import type { Actor, Given, Leaves, Row, RpcCase, RpcFunction, TableCase, Value } from './rls-matrix-common.ts';
import type { FixtureTarget } from './rls-matrix-learning.ts';

const teacher113 = account(113, 'teacher', 11); // teaches class 202 of school 11
const teacher122 = account(122, 'teacher', 12); // teaches class 203 of school 12
const schoolAdmin121 = account(121, 'school_admin', 12); // 第一中学 (school 12)
const disabled = disabledTeacher.as; // taught class 201 until the office disabled the account

// ---------------------------------------------------------------------------------------------
// The fixture: the hours required in grade 3 in 2026, a ledger entry for class 201 recorded by
// its teacher 112 and one for class 203 by its teacher 122 (each logged once by the trigger
// when first written), teacher 112's training and the teaching-plan item of school 11's board.

const session201 = id(900_401);
const session203 = id(900_402);
const requirement = { school_year: 2026, grade: 3 };
const training112 = { user_id: teacher.userId };
const boardItem11 = { school_id: school11, school_year: 2026, item: 'plan' };

const fixtureRows: Given[] = [
  given('hours_requirements', { ...requirement, hours: 4 }),
  given('class_sessions', {
    session_id: session201,
    class_id: class201,
    school_id: school11,
    held_on: '2026-10-12',
    topic: '权限测试：学会拒绝',
    hours: 1,
    form: 'lesson',
    teacher_id: teacher.userId,
    recorded_by: teacher.userId,
  }),
  given('class_sessions', {
    session_id: session203,
    class_id: class203,
    school_id: school12,
    held_on: '2026-10-14',
    topic: '权限测试：远离新型毒品',
    hours: 1,
    form: 'class-meeting',
    teacher_id: teacher122.userId,
    recorded_by: teacher122.userId,
  }),
  given('teacher_training', {
    ...training112,
    school_id: school11,
    trained_on: '2026-09-20',
    course: '权限测试：禁毒教育师资培训',
    teaches_prevention: true,
  }),
  given('five_implementations', {
    ...boardItem11,
    status: 'done',
    evidence: '权限测试：本学年禁毒教育教学计划',
    link: 'https://qingyuan.test/plan',
    terms: ['2026秋'],
    updated_by: schoolAdmin.userId,
  }),
];

/** Sets up the teaching fixture as the owner or the service role; safe to repeat. */
export async function setUpTeachingFixture(db: Pick<FixtureTarget, 'insertIfAbsent'>): Promise<void> {
  for (const row of fixtureRows) await db.insertIfAbsent(row);
}

// ---------------------------------------------------------------------------------------------
// Fresh rows for one case each.

const schoolOf: Record<string, string> = { [class201]: school11, [class202]: school11, [class203]: school12 };
const teacherOf: Record<string, string> = { [class201]: teacher.userId, [class202]: teacher113.userId, [class203]: teacher122.userId };

/**
 * Keys of the tables keyed by school year: years 2030 to 2100 (the fixture's is 2026), taken
 * in turn from a place that changes every load, so no two cases of a run share one and a
 * run's committed writes hardly ever meet an earlier run's.
 */
const yearKey = ((): ((per: number) => { year: number; index: number }) => {
  let next = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return (per) => {
    const slot = next++ % (71 * per);
    return { year: 2030 + Math.floor(slot / per), index: slot % per };
  };
})();
const newRequirement = (): Row => {
  const { year, index } = yearKey(12);
  return { school_year: year, grade: index + 1, hours: 3 };
};
const boardItems = ['plan', 'syllabus', 'teachers', 'hours', 'materials'];
const newBoardItem = (schoolId: string): Row => {
  const { year, index } = yearKey(boardItems.length);
  return { school_id: schoolId, school_year: year, item: boardItems[index] ?? 'plan', status: 'in_progress', evidence: `测试${tag()}` };
};
const boardKey = (row: Row): Row => ({ school_id: row['school_id'] ?? null, school_year: row['school_year'] ?? null, item: row['item'] ?? null });

/** A session in the past, without school_id (the trigger fills it in) and recorded by the teacher unless told. */
const newSession = (classId: string, teacherId: string, recordedBy: string = teacherId): Row => ({
  session_id: uuid(),
  class_id: classId,
  held_on: '2026-11-02',
  topic: `权限测试${tag()}`,
  hours: 1,
  form: 'lesson',
  teacher_id: teacherId,
  recorded_by: recordedBy,
});
/** A ledger entry of the class's seed teacher, written for one case by the service role (and so logged once). */
const heldSession = (classId: string, extra: Given[] = []): { match: Row; given: Given[] } => {
  const row: Row = { ...newSession(classId, teacherOf[classId] ?? teacher.userId), school_id: schoolOf[classId] ?? school11 };
  return { match: { session_id: row['session_id'] ?? null }, given: [...extra, given('class_sessions', row)] };
};
/** The ledger entry a case inserts or targets. */
const sessionIdOf = (spec: Partial<Pick<TableCase, 'match' | 'values'>>): Value => spec.values?.['session_id'] ?? spec.match?.['session_id'] ?? null;

/** A throwaway teacher of the school, and a training record of them filed under `filedUnder`. */
const trainee = (school: string, filedUnder = school): { user: Row; row: Row } => {
  const user = newUser('teacher', school);
  return {
    user,
    row: { user_id: user['user_id'] ?? null, school_id: filedUnder, trained_on: '2026-10-20', course: `测试培训${tag()}`, teaches_prevention: true },
  };
};

// ---------------------------------------------------------------------------------------------
// Table cases.

// Required hours: every signed-in user reads them (the dashboards compare against them); the office sets them.
const hoursRequirements = casesOf('hours_requirements', ({ allow, deny }) => {
  const doomed = (): Pick<TableCase, 'match' | 'given'> => {
    const row = newRequirement();
    return { match: { school_year: row['school_year'] ?? null, grade: row['grade'] ?? null }, given: [given('hours_requirements', row)] };
  };
  const raise = { hours: 6 };
  const writers: Actor[] = [office, 'service'];
  const others = [...nonService, 'service' as const].filter((as) => !writers.includes(as));
  return [
    deny('select', 'anon', 'a visitor cannot read the hours required per grade', { match: requirement }),
    ...[...nonService, 'service' as const].filter((as) => as !== 'anon').map((as) => allow('select', as, `${who(as)} reads the hours required per grade`, { match: requirement })),
    ...writers.flatMap((as) => [
      allow('insert', as, `${who(as)} sets the hours required in a grade`, { match: {}, values: newRequirement() }),
      allow('update', as, `${who(as)} changes the hours required in a grade`, { match: requirement, values: raise }),
      allow('delete', as, `${who(as)} removes the hours required in a grade`, doomed()),
    ]),
    ...others.flatMap((as) => [
      deny('insert', as, `${who(as)} cannot set the hours required in a grade`, { match: {}, values: newRequirement() }),
      deny('update', as, `${who(as)} cannot change the hours required in a grade`, { match: requirement, values: raise }),
      deny('delete', as, `${who(as)} cannot remove the hours required in a grade`, doomed()),
    ]),
  ];
});

// The ledger: read by the class's teachers, the school's admin and the office; written by
// those who manage the class (its teachers, the school admin), never deleted but by the
// service role. The trigger turns other writers away with QYFOR before the policies are asked,
// and bad entries (in the future, taught by someone not of the school) with QYBAD.
const classSessions = casesOf('class_sessions', ({ allow, deny }) => {
  const own = { session_id: session201 };
  const otherSchool = { session_id: session203 };
  const record = (classId: string, teacherId: string, extra: Row = {}, givens: Given[] = []): Pick<TableCase, 'match' | 'values' | 'given'> => ({
    match: {},
    values: { ...newSession(classId, teacherId), ...extra },
    given: givens,
  });
  /** The edits of a ledger entry (and matching `match`) there must be afterwards. */
  const edits = (spec: Partial<Pick<TableCase, 'match' | 'values'>>, match: Row, count: number): Leaves => ({
    table: 'class_session_edits',
    match: { session_id: sessionIdOf(spec), ...match },
    count,
  });
  const fix = { hours: 2 };

  const recorded = record(class201, teacher.userId);
  const filed = record(class201, teacher.userId, { school_id: school12, recorded_by: teacher113.userId });
  const byAdmin = record(class202, teacher113.userId, { recorded_by: schoolAdmin.userId });
  const byService = record(class203, teacher122.userId);
  const corrected = heldSession(class201);
  const keptRecorder = heldSession(class201);
  return [
    deny('select', 'anon', 'a visitor reads no ledger at all', { match: {} }),
    deny('select', student, 'a student cannot read the ledger of their class', { match: own }),
    allow('select', teacher, 'a teacher reads the ledger of a class they teach', { match: own }),
    deny('select', teacher113, 'a teacher of another class cannot read the ledger of this class', { match: own }),
    deny('select', teacher, 'a teacher cannot read the ledger of another school', { match: otherSchool }),
    allow('select', teacher122, 'a teacher of the other school reads the ledger of their own class', { match: otherSchool }),
    deny('select', disabled, 'a disabled teacher no longer reads the ledger of the class they taught', { match: own, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads the ledger of any class of their school', heldSession(class202)),
    deny('select', schoolAdmin, 'a school admin cannot read the ledger of another school', { match: otherSchool }),
    deny('select', schoolAdmin121, 'a school admin of another school cannot read this ledger', { match: own }),
    deny('select', volunteer, 'a volunteer cannot read the ledger', { match: own }),
    deny('select', organizer, 'an organizer cannot read the ledger', { match: own }),
    allow('select', office, 'the office reads the ledger of any school', { match: otherSchool }),
    allow('select', 'service', 'the service role reads the ledger', { match: own }),

    allow('insert', teacher, 'a teacher records a session of a class they teach, and the log holds exactly that one edit, theirs', {
      ...recorded,
      leaves: [edits(recorded, {}, 1), edits(recorded, { action: 'insert', edited_by: teacher.userId }, 1)],
    }),
    allow('insert', teacher, "a teacher's session is filed under the class's school and the teacher's name, whatever the row says", {
      ...filed,
      leaves: [{ table: 'class_sessions', match: { session_id: sessionIdOf(filed), school_id: school11, recorded_by: teacher.userId }, count: 1 }],
    }),
    deny('insert', teacher, 'a teacher cannot record a session of a class they do not teach', { ...record(class202, teacher113.userId), refusal: 'QYFOR' }),
    deny('insert', teacher, 'a teacher cannot record a session of a class of another school', { ...record(class203, teacher122.userId), refusal: 'QYFOR' }),
    deny('insert', teacher, 'a teacher cannot record a session on a future date', { ...record(class201, teacher.userId, { held_on: '2099-06-01' }), refusal: 'QYBAD' }),
    deny('insert', teacher, 'a teacher cannot record a session taught by a teacher of another school', { ...record(class201, teacher122.userId), refusal: 'QYBAD' }),
    deny('insert', teacher, 'a teacher cannot record a session taught by a student', { ...record(class201, student.userId), refusal: 'QYBAD' }),
    deny('insert', teacher113, 'a teacher of another class cannot record a session of this class', { ...record(class201, teacher113.userId), refusal: 'QYFOR' }),
    deny('insert', teacher122, 'a teacher of another school cannot record a session of this class', { ...record(class201, teacher122.userId), refusal: 'QYFOR' }),
    deny('insert', disabled, 'a disabled teacher cannot record a session of the class they taught', {
      ...record(class201, disabled.userId, {}, disabledTeacher.given),
      refusal: 'QYFOR',
    }),
    allow('insert', schoolAdmin, 'a school admin records a session of any class of their school, logged as their edit', {
      ...byAdmin,
      leaves: [edits(byAdmin, { action: 'insert', edited_by: schoolAdmin.userId }, 1)],
    }),
    deny('insert', schoolAdmin, 'a school admin cannot record a session of another school', { ...record(class203, teacher122.userId), refusal: 'QYFOR' }),
    deny('insert', 'anon', 'a visitor cannot record a session', record(class201, teacher.userId)),
    ...([student, volunteer, organizer] as const).map((as) => deny('insert', as, `${who(as)} cannot record a session`, { ...record(class201, teacher.userId), refusal: 'QYFOR' })),
    deny('insert', office, 'the office cannot record a session', { ...record(class203, teacher122.userId), refusal: 'QYFOR' }),
    allow('insert', 'service', 'the service role records a session, logged once under its recorder', {
      ...byService,
      leaves: [edits(byService, { action: 'insert', edited_by: teacher122.userId }, 1)],
    }),

    allow('update', teacher, 'a teacher corrects a session of their class, and the log gains exactly one edit, theirs', {
      ...corrected,
      values: fix,
      leaves: [edits(corrected, {}, 2), edits(corrected, { action: 'update', edited_by: teacher.userId }, 1)],
    }),
    allow('update', teacher, 'a teacher corrects a session, but who recorded it stays', {
      ...keptRecorder,
      values: { topic: `改正${tag()}`, recorded_by: teacher113.userId },
      leaves: [{ table: 'class_sessions', match: { session_id: sessionIdOf(keptRecorder), recorded_by: teacher.userId }, count: 1 }],
    }),
    deny('update', teacher, 'a teacher cannot move a session of their class to a class they do not teach', {
      ...heldSession(class201),
      values: { class_id: class202 },
      refusal: 'QYFOR',
    }),
    deny('update', teacher, 'a teacher cannot move a session of their class to a future date', { ...heldSession(class201), values: { held_on: '2099-06-01' }, refusal: 'QYBAD' }),
    deny('update', teacher113, 'a teacher of another class cannot correct a session of this class', { ...heldSession(class201), values: fix }),
    deny('update', teacher122, 'a teacher of another school cannot correct a session of this class', { ...heldSession(class201), values: fix }),
    deny('update', disabled, 'a disabled teacher cannot correct a session of the class they taught', { ...heldSession(class201, disabledTeacher.given), values: fix }),
    allow('update', schoolAdmin, 'a school admin corrects a session of any class of their school', { ...heldSession(class202), values: fix }),
    deny('update', schoolAdmin, 'a school admin cannot correct a session of another school', { ...heldSession(class203), values: fix }),
    deny('update', schoolAdmin, 'a school admin cannot move a session to a class of another school', {
      ...heldSession(class202),
      values: { class_id: class203 },
      refusal: 'QYFOR',
    }),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) =>
      deny('update', as, `${who(as)} cannot correct a session`, { ...heldSession(as === office ? class203 : class201), values: fix }),
    ),
    allow('update', 'service', 'the service role corrects a session', { ...heldSession(class203), values: fix }),

    ...nonService.map((as) => deny('delete', as, `${who(as)} cannot delete a session, only correct it`, heldSession(class201))),
    deny('delete', schoolAdmin, 'a school admin cannot delete a session of a class of their school', heldSession(class202)),
    deny('delete', office, 'the office cannot delete a session of any school', heldSession(class203)),
    allow('delete', 'service', 'the service role deletes a session', heldSession(class201)),
  ];
});

// The edit log: read by whoever reads the ledger entry, written only by the ledger's trigger
// (or the service role). Its `after` is a plain number where a case writes it directly, so
// the PostgREST suite can find the row again by its values.
const classSessionEdits = casesOf('class_session_edits', ({ allow, deny }) => {
  const own = { session_id: session201 };
  const otherSchool = { session_id: session203 };
  const forged = (by: string): Pick<TableCase, 'match' | 'values' | 'given'> => {
    const held = heldSession(class201);
    return { match: {}, values: { session_id: sessionIdOf(held), edited_by: by, action: 'update', after: 1 }, given: held.given };
  };
  const byOf = (as: Actor): string => (typeof as === 'object' ? as.userId : teacher.userId);
  const rewrite = { edited_by: teacher113.userId };
  return [
    deny('select', 'anon', 'a visitor reads no edits at all', { match: {} }),
    deny('select', student, "a student cannot read the edits of their class's ledger", { match: own }),
    allow('select', teacher, 'a teacher reads the edits of the ledger of a class they teach', { match: own }),
    deny('select', teacher113, "a teacher of another class cannot read the edits of this class's ledger", { match: own }),
    deny('select', teacher, "a teacher cannot read the edits of another school's ledger", { match: otherSchool }),
    deny('select', disabled, 'a disabled teacher no longer reads the edits of the class they taught', { match: own, given: disabledTeacher.given }),
    allow('select', schoolAdmin, "a school admin reads the edits of their school's ledger", { match: own }),
    deny('select', schoolAdmin, "a school admin cannot read the edits of another school's ledger", { match: otherSchool }),
    deny('select', volunteer, 'a volunteer cannot read the edits of a ledger', { match: own }),
    deny('select', organizer, 'an organizer cannot read the edits of a ledger', { match: own }),
    allow('select', office, "the office reads the edits of any school's ledger", { match: otherSchool }),
    allow('select', 'service', 'the service role reads the edits', { match: own }),

    ...nonService.map((as) => deny('insert', as, `${who(as)} cannot write an edit directly`, forged(byOf(as)))),
    allow('insert', 'service', 'the service role writes an edit', forged(teacher.userId)),
    ...nonService.map((as) => deny('update', as, `${who(as)} cannot change who made an edit`, { ...heldSession(class201), values: rewrite })),
    allow('update', 'service', 'the service role changes who made an edit', { ...heldSession(class201), values: rewrite }),
    ...nonService.map((as) => deny('delete', as, `${who(as)} cannot erase an edit`, heldSession(class201))),
    allow('delete', 'service', 'the service role erases an edit', heldSession(class201)),
  ];
});

// Teacher training: read by the staff of the school and the office, written by its admin.
const teacherTraining = casesOf('teacher_training', ({ allow, deny }) => {
  const toInsert = (school: string, filedUnder = school): Pick<TableCase, 'match' | 'values' | 'given'> => {
    const { user, row } = trainee(school, filedUnder);
    return { match: {}, values: row, given: [given('users', user)] };
  };
  const held = (school: string): Pick<TableCase, 'match' | 'given'> => {
    const { user, row } = trainee(school);
    return { match: { user_id: row['user_id'] ?? null }, given: [given('users', user), given('teacher_training', row)] };
  };
  const retrained = { trained_on: '2026-10-25' };
  return [
    deny('select', 'anon', 'a visitor reads no teacher training at all', { match: {} }),
    deny('select', student, 'a student cannot read the teacher training of their school', { match: training112 }),
    allow('select', teacher, 'a teacher reads their own training record', { match: training112 }),
    allow('select', teacher113, 'a teacher reads the training of a colleague of their school', { match: training112 }),
    deny('select', teacher122, "a teacher of another school cannot read this school's teacher training", { match: training112 }),
    deny('select', teacher, 'a teacher cannot read the teacher training of another school', held(school12)),
    deny('select', disabled, 'a disabled teacher no longer reads the teacher training of their school', { match: training112, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads the teacher training of their school', { match: training112 }),
    deny('select', schoolAdmin121, "a school admin of another school cannot read this school's teacher training", { match: training112 }),
    deny('select', volunteer, 'a volunteer cannot read teacher training', { match: training112 }),
    deny('select', organizer, 'an organizer cannot read teacher training', { match: training112 }),
    allow('select', office, 'the office reads the teacher training of any school', held(school12)),
    allow('select', 'service', 'the service role reads teacher training', { match: training112 }),

    allow('insert', schoolAdmin, 'a school admin records the training of a teacher of their school', toInsert(school11)),
    deny('insert', schoolAdmin, 'a school admin cannot record training in another school', toInsert(school12)),
    deny('insert', schoolAdmin, 'a school admin cannot file a teacher of another school under their own school', toInsert(school12, school11)),
    deny('insert', schoolAdmin121, 'a school admin of another school cannot record training in this school', toInsert(school11)),
    deny('insert', teacher, "a teacher cannot record a colleague's training", toInsert(school11)),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) => deny('insert', as, `${who(as)} cannot record teacher training`, toInsert(school11))),
    allow('insert', 'service', 'the service role records teacher training', toInsert(school12)),

    allow('update', schoolAdmin, 'a school admin updates the training of a teacher of their school', { match: training112, values: retrained }),
    deny('update', schoolAdmin, 'a school admin cannot move a training record to another school', { match: training112, values: { school_id: school12 } }),
    deny('update', schoolAdmin, 'a school admin cannot hand a training record to a teacher of another school', { match: training112, values: { user_id: teacher122.userId } }),
    deny('update', schoolAdmin, 'a school admin cannot update the training of another school', { ...held(school12), values: retrained }),
    deny('update', schoolAdmin121, "a school admin of another school cannot update this school's training", { match: training112, values: retrained }),
    deny('update', teacher, 'a teacher cannot update their own training record', { match: training112, values: retrained }),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) =>
      deny('update', as, `${who(as)} cannot update teacher training`, { match: training112, values: retrained }),
    ),
    allow('update', 'service', 'the service role updates teacher training', { match: training112, values: retrained }),

    allow('delete', schoolAdmin, 'a school admin removes a training record of their school', held(school11)),
    deny('delete', schoolAdmin, 'a school admin cannot remove a training record of another school', held(school12)),
    deny('delete', teacher, "a teacher cannot remove a colleague's training record", held(school11)),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) => deny('delete', as, `${who(as)} cannot remove teacher training`, held(school11))),
    allow('delete', 'service', 'the service role removes teacher training', held(school11)),
  ];
});

// The 五落实 board: read by the staff of the school and the office, filled in and updated by
// its admin; items are never removed but by the service role.
const fiveImplementations = casesOf('five_implementations', ({ allow, deny }) => {
  const toInsert = (school: string, by: string | null): Pick<TableCase, 'match' | 'values'> => ({ match: {}, values: { ...newBoardItem(school), updated_by: by } });
  const held = (school: string): Pick<TableCase, 'match' | 'given'> => {
    const row = newBoardItem(school);
    return { match: boardKey(row), given: [given('five_implementations', row)] };
  };
  const progress = { status: 'in_progress' };
  return [
    deny('select', 'anon', 'a visitor reads no 五落实 board at all', { match: {} }),
    deny('select', student, 'a student cannot read the 五落实 board of their school', { match: boardItem11 }),
    allow('select', teacher, 'a teacher reads the 五落实 board of their school', { match: boardItem11 }),
    deny('select', teacher122, "a teacher of another school cannot read this school's 五落实 board", { match: boardItem11 }),
    deny('select', teacher, 'a teacher cannot read the 五落实 board of another school', held(school12)),
    deny('select', disabled, 'a disabled teacher no longer reads the 五落实 board of their school', { match: boardItem11, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads the 五落实 board of their school', { match: boardItem11 }),
    deny('select', schoolAdmin121, "a school admin of another school cannot read this school's 五落实 board", { match: boardItem11 }),
    deny('select', volunteer, 'a volunteer cannot read a 五落实 board', { match: boardItem11 }),
    deny('select', organizer, 'an organizer cannot read a 五落实 board', { match: boardItem11 }),
    allow('select', office, 'the office reads the 五落实 board of any school', held(school12)),
    allow('select', 'service', 'the service role reads the 五落实 boards', { match: boardItem11 }),

    allow('insert', schoolAdmin, "a school admin fills in an item of their school's 五落实 board", toInsert(school11, schoolAdmin.userId)),
    deny('insert', schoolAdmin, 'a school admin cannot fill in the 五落实 board of another school', toInsert(school12, schoolAdmin.userId)),
    deny('insert', teacher, 'a teacher cannot fill in the 五落实 board of their school', toInsert(school11, teacher.userId)),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) =>
      deny('insert', as, `${who(as)} cannot fill in a 五落实 board`, toInsert(school11, typeof as === 'object' ? as.userId : null)),
    ),
    allow('insert', 'service', 'the service role fills in a 五落实 board', toInsert(school12, null)),

    allow('update', schoolAdmin, "a school admin updates an item of their school's 五落实 board", { match: boardItem11, values: progress }),
    deny('update', schoolAdmin, 'a school admin cannot move an item of the 五落实 board to another school', { match: boardItem11, values: { school_id: school12 } }),
    deny('update', schoolAdmin, 'a school admin cannot update the 五落实 board of another school', { ...held(school12), values: progress }),
    deny('update', schoolAdmin121, "a school admin of another school cannot update this school's 五落实 board", { match: boardItem11, values: progress }),
    deny('update', teacher, 'a teacher cannot update the 五落实 board of their school', { match: boardItem11, values: progress }),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) =>
      deny('update', as, `${who(as)} cannot update a 五落实 board`, { match: boardItem11, values: progress }),
    ),
    allow('update', 'service', 'the service role updates a 五落实 board', { match: boardItem11, values: progress }),

    deny('delete', schoolAdmin, "a school admin cannot remove an item of their school's 五落实 board, only update it", held(school11)),
    ...(['anon', student, teacher, volunteer, organizer, office] as const).map((as) => deny('delete', as, `${who(as)} cannot remove an item of a 五落实 board`, held(school11))),
    allow('delete', 'service', 'the service role removes an item of a 五落实 board', held(school11)),
  ];
});

/** The teaching tables' cases, grouped by table in the order of `teachingTables`. */
export const teachingTableCases: TableCase[] = [...hoursRequirements, ...classSessions, ...classSessionEdits, ...teacherTraining, ...fiveImplementations];

// ---------------------------------------------------------------------------------------------
// Function cases. anon has no execute grant on any of them (42501); everyone else who may not
// manage the class, the service role included (it has no user), gets the function's QYFOR.

type Call = Omit<RpcCase, 'fn' | 'as' | 'expect' | 'name' | 'cleanup'> & Partial<Pick<RpcCase, 'cleanup'>>;
const call = (fn: RpcFunction, as: Actor, name: string, expect: 'allow' | 'deny', spec: Call): RpcCase => ({ name, fn, as, expect, cleanup: [], ...spec });
/** A deny: anon is turned away by the missing grant, everyone else by the function's `refusal`. */
const refused = (fn: RpcFunction, as: Actor, name: string, refusal: string, spec: Call): RpcCase => call(fn, as, name, 'deny', as === 'anon' ? spec : { ...spec, refusal });
/** Those who manage none of the classes at hand, with what they are called in a case name. */
const outsiders: [Actor, string][] = [
  ['anon', 'a visitor'],
  [student, 'a student'],
  [teacher113, 'a teacher of another class'],
  [teacher122, 'a teacher of another school'],
  [schoolAdmin121, 'a school admin of another school'],
  [volunteer, 'a volunteer'],
  [organizer, 'an organizer'],
  [office, 'the office'],
  ['service', 'the service role'],
];

/** A throwaway student of class 201 with a credential and a session, as reset and move need. */
const pupil = (): { userId: string; given: Given[] } => {
  const user = newUser('student', school11);
  const userId = String(user['user_id']);
  const number = `T${tag()}`;
  return {
    userId,
    given: [
      given('users', user),
      given('students', { user_id: userId, school_id: school11, class_id: class201, student_number: number }),
      given('credentials', { user_id: userId, login_kind: 'student', login: `QYXX01/${number}`, password_hash: '$argon2id$old', must_change_password: false }),
      given('sessions', { session_id: `test${tag()}`, secret_hash: 'a'.repeat(64), user_id: userId, expires_at: '2030-01-01T00:00:00+00:00' }),
    ],
  };
};
/** A throwaway class of school 11 (archived if told), taught by `teachers`. */
const throwawayClass = (teachers: string[], archived = false): { classId: string; given: Given[] } => {
  const classId = uuid();
  return {
    classId,
    given: [
      given('classes', {
        class_id: classId,
        school_id: school11,
        school_year: 2026,
        grade: 4,
        name: `测试班${tag()}`,
        created_by: null,
        archived_at: archived ? '2026-07-01T00:00:00+00:00' : null,
      }),
      ...teachers.map((teacherId) => given('class_teachers', { class_id: classId, teacher_id: teacherId })),
    ],
  };
};

const newClassArgs = (): { args: Row; name: string } => {
  const name = `测试班${tag()}`;
  return { name, args: { p_school_year: 2026, p_grade: 4, p_name: name } };
};
const createCases: RpcCase[] = [
  ...(
    [
      [teacher, 'a teacher creates a class in their school'],
      [teacher122, 'a teacher of the other school creates a class in their own school'],
      [schoolAdmin, 'a school admin creates a class in their school'],
    ] as const
  ).map(([as, name]) => {
    const { args, name: className } = newClassArgs();
    return call('create_class', as, name, 'allow', {
      args,
      cleanup: [{ table: 'classes', match: { name: className } }], // its teachers go with it
      result: { columns: ['create_class'], rows: [{}] },
      leaves: [{ table: 'classes', match: { name: className, school_id: as.schoolId, created_by: as.userId }, count: 1 }],
    });
  }),
  refused('create_class', teacher, 'a teacher cannot create a second class of the same name in a school year', 'QYBAD', {
    args: { p_school_year: 2026, p_grade: 3, p_name: '三年级（1）班' },
    cleanup: [],
  }),
  ...[...outsiders.filter(([as]) => as !== teacher113 && as !== teacher122 && as !== schoolAdmin121), [disabled, 'a disabled teacher'] as [Actor, string]].map(([as, label]) => {
    const { args, name: className } = newClassArgs();
    return refused('create_class', as, `${label} cannot create a class`, 'QYFOR', {
      args,
      cleanup: [{ table: 'classes', match: { name: className } }],
      ...(as === disabled ? { given: disabledTeacher.given } : {}),
    });
  }),
];

const roster = (classId: string, number = `T${tag()}`): Call & { leaves: NonNullable<RpcCase['leaves']> } => {
  const displayName = `临时学生${tag()}`;
  return {
    args: { p_class_id: classId, p_students: [{ studentNumber: number, displayName, passwordHash: '$argon2id$test' }] },
    cleanup: [{ table: 'users', match: { display_name: displayName } }], // the credential and the place go with the account
    leaves: [
      { table: 'students', match: { student_number: number, school_id: schoolOf[classId] ?? school11, class_id: classId }, count: 1 },
      { table: 'credentials', match: { login_kind: 'student', login: `QYXX01/${number}`, must_change_password: true }, count: 1 },
    ],
  };
};
const imported = { columns: ['import_roster'], rows: [{ import_roster: 1 }] };
const importCases: RpcCase[] = [
  call('import_roster', teacher, 'a teacher imports a roster into a class they teach', 'allow', { ...roster(class201), result: imported }),
  call('import_roster', schoolAdmin, 'a school admin imports a roster into any class of their school', 'allow', { ...roster(class202), result: imported }),
  refused('import_roster', teacher, 'a teacher cannot import a roster into a class they do not teach', 'QYFOR', roster(class202)),
  refused('import_roster', teacher, 'a teacher cannot import a student number already taken in the school', 'QYBAD', roster(class201, '2026050201')),
  ((): RpcCase => {
    const archived = throwawayClass([teacher.userId], true);
    return refused('import_roster', schoolAdmin, 'a school admin cannot import a roster into an archived class', 'QYBAD', { ...roster(archived.classId), given: archived.given });
  })(),
  refused('import_roster', disabled, 'a disabled teacher cannot import a roster into the class they taught', 'QYFOR', { ...roster(class201), given: disabledTeacher.given }),
  ...outsiders.map(([as, label]) => refused('import_roster', as, `${label} cannot import a roster into this class`, 'QYFOR', roster(class201))),
];

const newHash = '$argon2id$reset';
const resetCases: RpcCase[] = [
  ...(
    [
      [teacher, 'a teacher resets the password of a student of their class and signs them out'],
      [schoolAdmin, 'a school admin resets the password of a student of their school and signs them out'],
    ] as const
  ).map(([as, name]) => {
    const { userId, given: rows } = pupil();
    return call('reset_student_password', as, name, 'allow', {
      args: { p_student_id: userId, p_password_hash: newHash },
      given: rows,
      leaves: [
        { table: 'credentials', match: { user_id: userId, password_hash: newHash, must_change_password: true }, count: 1 },
        { table: 'sessions', match: { user_id: userId }, count: 0 },
      ],
    });
  }),
  ...[...outsiders, [disabled, 'a disabled teacher'] as [Actor, string]].map(([as, label]) => {
    const { userId, given: rows } = pupil();
    return refused('reset_student_password', as, `${label} cannot reset the password of a student of this class`, 'QYFOR', {
      args: { p_student_id: userId, p_password_hash: newHash },
      given: as === disabled ? [...disabledTeacher.given, ...rows] : rows,
    });
  }),
];

/** A throwaway pupil of class 201 still on the first password the teacher printed. */
const firstTimer = (): { userId: string; given: Given[] } => {
  const p = pupil();
  return { userId: p.userId, given: p.given.map((g) => (g.table === 'credentials' ? given('credentials', { ...g.values, must_change_password: true }) : g)) };
};
const chosen = (userId: string): Value[] => [{ studentId: userId, passwordHash: newHash }];
const firstPasswordCases: RpcCase[] = [
  call('class_first_passwords', teacher, 'a teacher sees which students of their class still hold a first password', 'allow', { args: { p_class_id: class201 } }),
  call('class_first_passwords', schoolAdmin, 'a school admin sees which students of a class of their school still hold a first password', 'allow', {
    args: { p_class_id: class202 },
  }),
  ...[...outsiders, [disabled, 'a disabled teacher'] as [Actor, string]].map(([as, label]) =>
    refused('class_first_passwords', as, `${label} cannot see who in this class holds a first password`, 'QYFOR', {
      args: { p_class_id: class201 },
      ...(as === disabled ? { given: disabledTeacher.given } : {}),
    }),
  ),
];
const access = (value: string | null): NonNullable<RpcCase['result']> => ({ columns: ['class_access'], rows: [{ class_access: value }] });
const classAccessCases: RpcCase[] = [
  call('class_access', teacher, 'a teacher manages a class they teach', 'allow', { args: { p_class_id: class201 }, result: access('manage') }),
  call('class_access', schoolAdmin, 'a school admin manages any class of their school', 'allow', { args: { p_class_id: class202 }, result: access('manage') }),
  call('class_access', office, 'the office reads any class', 'allow', { args: { p_class_id: class203 }, result: access('read') }),
  call('class_access', teacher113, 'a teacher of another class of the school is told they have no access to it', 'allow', { args: { p_class_id: class201 }, result: access(null) }),
  call('class_access', schoolAdmin121, 'a school admin of another school is told they have no access to this class', 'allow', {
    args: { p_class_id: class201 },
    result: access(null),
  }),
  call('class_access', disabled, 'a disabled teacher no longer manages the class they taught', 'allow', {
    args: { p_class_id: class201 },
    given: disabledTeacher.given,
    result: access(null),
  }),
  call('class_access', 'anon', 'a visitor cannot ask what they may do with a class', 'deny', { args: { p_class_id: class201 } }),
];
const chosenResetCases: RpcCase[] = [
  ...(
    [
      [teacher, 'a teacher resets the passwords of the students they chose and signs them out'],
      [schoolAdmin, 'a school admin resets the passwords of chosen students of their school and signs them out'],
    ] as const
  ).map(([as, name]) => {
    const { userId, given: rows } = pupil();
    return call('reset_student_passwords', as, name, 'allow', {
      args: { p_class_id: class201, p_students: chosen(userId), p_first_only: false },
      given: rows,
      result: { columns: ['student_id'], rows: [{ student_id: userId }] },
      leaves: [
        { table: 'credentials', match: { user_id: userId, password_hash: newHash, must_change_password: true }, count: 1 },
        { table: 'sessions', match: { user_id: userId }, count: 0 },
      ],
    });
  }),
  ((): RpcCase => {
    const kept = pupil();
    const first = firstTimer();
    return call('reset_student_passwords', teacher, 'reprinting slips gives new first passwords only to students who never chose their own', 'allow', {
      args: { p_class_id: class201, p_students: [...chosen(kept.userId), ...chosen(first.userId)], p_first_only: true },
      given: [...kept.given, ...first.given],
      result: { columns: ['student_id'], rows: [{ student_id: first.userId }] },
      leaves: [
        { table: 'credentials', match: { user_id: kept.userId, password_hash: '$argon2id$old', must_change_password: false }, count: 1 },
        { table: 'sessions', match: { user_id: kept.userId }, count: 1 },
        { table: 'credentials', match: { user_id: first.userId, password_hash: newHash }, count: 1 },
      ],
    });
  })(),
  ((): RpcCase => {
    const { userId, given: rows } = pupil();
    return refused('reset_student_passwords', teacher, 'a teacher cannot reset, through their own class, a student of another class', 'QYBAD', {
      args: { p_class_id: class201, p_students: [...chosen(userId), { studentId: id(1101), passwordHash: newHash }], p_first_only: false },
      given: rows,
    });
  })(),
  refused('reset_student_passwords', teacher, 'a teacher cannot reset an empty choice', 'QYBAD', { args: { p_class_id: class201, p_students: [], p_first_only: false } }),
  ...[...outsiders, [disabled, 'a disabled teacher'] as [Actor, string]].map(([as, label]) => {
    const { userId, given: rows } = pupil();
    return refused('reset_student_passwords', as, `${label} cannot reset chosen passwords in this class`, 'QYFOR', {
      args: { p_class_id: class201, p_students: chosen(userId), p_first_only: false },
      given: as === disabled ? [...disabledTeacher.given, ...rows] : rows,
    });
  }),
];

const moveCases: RpcCase[] = [
  ...(
    [
      [teacher, 'a teacher moves a student of their class to another class of the school'],
      [schoolAdmin, 'a school admin moves a student to another class of their school'],
    ] as const
  ).map(([as, name]) => {
    const { userId, given: rows } = pupil();
    return call('move_student', as, name, 'allow', {
      args: { p_student_id: userId, p_class_id: class202 },
      given: rows,
      leaves: [{ table: 'students', match: { user_id: userId, class_id: class202 }, count: 1 }],
    });
  }),
  ((): RpcCase => {
    const { userId, given: rows } = pupil();
    return refused('move_student', teacher, 'a teacher cannot move a student to a class of another school', 'QYBAD', {
      args: { p_student_id: userId, p_class_id: class203 },
      given: rows,
    });
  })(),
  ((): RpcCase => {
    const { userId, given: rows } = pupil();
    const archived = throwawayClass([], true);
    return refused('move_student', teacher, 'a teacher cannot move a student to an archived class', 'QYBAD', {
      args: { p_student_id: userId, p_class_id: archived.classId },
      given: [...archived.given, ...rows],
    });
  })(),
  ...[...outsiders, [disabled, 'a disabled teacher'] as [Actor, string]].map(([as, label]) => {
    const { userId, given: rows } = pupil();
    return refused('move_student', as, `${label} cannot move a student of this class`, 'QYFOR', {
      args: { p_student_id: userId, p_class_id: class202 },
      given: as === disabled ? [...disabledTeacher.given, ...rows] : rows,
    });
  }),
];

// Always a throwaway class taught by teacher 112 (and the disabled teacher), never a seed class.
const archiveCases: RpcCase[] = [
  ...(
    [
      [teacher, 'a teacher archives a class they teach'],
      [schoolAdmin, 'a school admin archives a class of their school'],
    ] as const
  ).map(([as, name]) => {
    const { classId, given: rows } = throwawayClass([teacher.userId]);
    return call('archive_class', as, name, 'allow', { args: { p_class_id: classId }, given: rows });
  }),
  ...[...outsiders, [disabled, 'a disabled teacher'] as [Actor, string]].map(([as, label]) => {
    const { classId, given: rows } = throwawayClass(as === disabled ? [teacher.userId, disabled.userId] : [teacher.userId]);
    return refused('archive_class', as, `${label} cannot archive this class`, 'QYFOR', {
      args: { p_class_id: classId },
      given: as === disabled ? [...disabledTeacher.given.slice(0, 1), ...rows] : rows,
    });
  }),
];

/** The class functions' cases. */
export const teachingRpcCases: RpcCase[] = [
  ...createCases,
  ...importCases,
  ...resetCases,
  ...firstPasswordCases,
  ...classAccessCases,
  ...chosenResetCases,
  ...moveCases,
  ...archiveCases,
];
