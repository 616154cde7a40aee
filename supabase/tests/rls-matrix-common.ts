// What every part of the RLS matrix shares: the tables, roles and operations, the shape of a
// case, the seed accounts the cases run as, and the builders of cases that several tables use.
// The cases themselves live in rls-matrix-accounts.ts, rls-matrix-learning.ts,
// rls-matrix-teaching.ts, rls-matrix-dashboard.ts and rls-matrix-demonstration.ts; rls-matrix.ts
// gathers them for the suites.
import type { AppRole as AnyAppRole } from '../../src/lib/server/auth/user.ts';

/** The roles of the shared matrix; the unit manager's cases live in rls-matrix-workplaces.ts. */
type AppRole = Exclude<AnyAppRole, 'unit_manager'>;

export const accountTables = ['districts', 'schools', 'users', 'credentials', 'sessions', 'login_attempts', 'classes', 'class_teachers', 'students'] as const;
export const learningTables = ['quizzes', 'questions', 'lessons', 'contests', 'attempts', 'attempt_answers', 'lesson_progress', 'assignments', 'certificates'] as const;
export const teachingTables = ['hours_requirements', 'class_sessions', 'class_session_edits', 'teacher_training', 'five_implementations'] as const;
export const dashboardTables = ['annual_targets', 'student_mastery', 'monthly_mastery'] as const;
export const demonstrationTables = [
  'demonstration_levels',
  'demonstration_criteria',
  'demonstration_files',
  'demonstration_items',
  'demonstration_evidence',
  'demonstration_events',
] as const;
/** In foreign-key order: a table only references tables before it. */
export const tables = [...accountTables, ...learningTables, ...teachingTables, ...dashboardTables, ...demonstrationTables] as const;
export type Table = (typeof tables)[number];
export const operations = ['select', 'insert', 'update', 'delete'] as const;
export type Operation = (typeof operations)[number];
export const roles = ['anon', 'student', 'teacher', 'school_admin', 'volunteer', 'organizer', 'office', 'service_role'] as const;
export type Role = (typeof roles)[number];

/** Functions with an execute grant narrower than Supabase's default (everyone), or a check of the caller's role. */
export type RpcFunction =
  | 'sign_in_lookup'
  | 'record_login_failure'
  | 'clear_login_failures'
  | 'register_volunteer'
  | 'create_staff_account'
  | 'sync_content'
  | 'quiz_question_ids'
  | 'start_attempt'
  | 'submit_attempt'
  | 'claim_practice_draw'
  | 'certificate_status'
  | 'issue_certificate'
  | 'verify_certificate'
  | 'contest_school_stats'
  | 'create_class'
  | 'import_roster'
  | 'reset_student_password'
  | 'move_student'
  | 'archive_class'
  | 'class_first_passwords'
  | 'reset_student_passwords'
  | 'class_access'
  | 'refresh_mastery_rollups'
  | 'refresh_volunteer_rollups'
  | 'dashboard_schools'
  | 'dashboard_months'
  | 'dashboard_volunteering'
  | 'sync_demonstration_criteria'
  | 'open_demonstration_file'
  | 'save_demonstration_item'
  | 'submit_demonstration_file'
  | 'approve_demonstration_file'
  | 'reopen_demonstration_file'
  | 'demonstration_approved_counts';
/** The functions that return rows (`returns table`); the others return one value. */
export const tableFunctions: readonly RpcFunction[] = [
  'sign_in_lookup',
  'start_attempt',
  'certificate_status',
  'verify_certificate',
  'contest_school_stats',
  'dashboard_schools',
  'dashboard_months',
  'demonstration_approved_counts',
  'class_first_passwords',
  'reset_student_passwords',
];

/** A column value: arrays go to `text[]` columns, unless the column is listed in `jsonColumns`. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Row = Record<string, Value>;
/** jsonb columns: SQL sends their values as JSON text, PostgREST as they are. */
export const jsonColumns: Partial<Record<Table, string[]>> = {
  questions: ['options', 'answer'],
  attempt_answers: ['response'],
  class_session_edits: ['before', 'after'],
};
/** jsonb arguments: SQL sends them as JSON text (node-postgres would send an array as a PostgreSQL array), PostgREST as they are. */
export const jsonArgs: Partial<Record<RpcFunction, string[]>> = {
  sync_content: ['p_payload'],
  submit_attempt: ['p_responses'],
  import_roster: ['p_students'],
  reset_student_passwords: ['p_students'],
};

/** A signed-in user: `sub` of the JWT; appRole and schoolId only decorate the token, policies read the users table. */
export interface Account {
  userId: string;
  appRole: AppRole;
  schoolId: string | null;
}
/** Who runs the statement: a user (role authenticated), a visitor (anon) or the server's service role. */
export type Actor = Account | 'anon' | 'service';

/** A row the service role creates before the case and removes afterwards. Carries its primary key. */
export interface Given {
  table: Table;
  values: Row;
}

/**
 * Rows a write or call must leave behind: right after it, before anything is undone, a
 * service-role read finds exactly `count` rows of `table` matching `match` (0: none is left).
 */
export interface Leaves {
  table: Table;
  match: Row;
  count: number;
}

/**
 * One statement on one table. select: allow = at least one matching row visible, deny = none
 * visible or permission denied. insert: allow = created, deny = error 42501. update/delete:
 * allow = at least one row affected, deny = error 42501 or no row affected and the row unchanged.
 * A write a trigger (or, past every grant and policy, a constraint) turns away with its own
 * SQLSTATE is a deny where the case names that `refusal`.
 */
export interface TableCase {
  name: string;
  table: Table;
  op: Operation;
  as: Actor;
  expect: 'allow' | 'deny';
  /** Equality filter for select, update and delete; `{}` is the whole table. */
  match: Row;
  /** The inserted row (with its primary key), or the columns an update sets. */
  values?: Row;
  given?: Given[];
  /**
   * The SQLSTATE a trigger raises itself to turn this write away (QYFOR, QYBAD), or, for the
   * service role, the constraint that alone stops it (23514, 23503) where no row is free to write.
   */
  refusal?: string;
  /** For an allow: what the statement must leave behind as well. */
  leaves?: Leaves[];
}

/**
 * A call of a restricted function; allow = no error (and, with `result`, that result), deny =
 * error 42501, or the function's own refusal where the case names one.
 */
export interface RpcCase {
  name: string;
  fn: RpcFunction;
  args: Row;
  as: Actor;
  expect: 'allow' | 'deny';
  /** The SQLSTATE the function raises itself to turn this caller away (QYFOR, QYNOF). */
  refusal?: string;
  /** Rows the service role creates before the call and removes after it, as for table cases. */
  given?: Given[];
  /** Rows a successful call leaves behind, for suites whose writes commit; removed before `given`. */
  cleanup: { table: Table; match: Row }[];
  /**
   * What an allowed call returns, as rows (a function returning one value gives one row with
   * a column named after the function): every row has exactly `columns`, and the rows, each
   * cut to the keys of its expected row, equal `rows`.
   */
  result?: { columns: string[]; rows: Row[] };
  /** For an allow: what the call must leave behind as well. */
  leaves?: Leaves[];
}

/** Primary keys, so a suite whose writes commit can restore an updated row. */
export const primaryKeys: Record<Table, string[]> = {
  districts: ['district_id'],
  schools: ['school_id'],
  users: ['user_id'],
  credentials: ['user_id'],
  sessions: ['session_id'],
  login_attempts: ['attempt_id'],
  classes: ['class_id'],
  class_teachers: ['class_id', 'teacher_id'],
  students: ['user_id'],
  quizzes: ['quiz_id'],
  questions: ['question_id'],
  lessons: ['lesson_id'],
  contests: ['contest_id'],
  attempts: ['attempt_id'],
  attempt_answers: ['attempt_id', 'question_id'],
  lesson_progress: ['student_id', 'lesson_id'],
  assignments: ['assignment_id'],
  certificates: ['certificate_id'],
  hours_requirements: ['school_year', 'grade'],
  class_sessions: ['session_id'],
  class_session_edits: ['edit_id'],
  teacher_training: ['user_id'],
  five_implementations: ['school_id', 'school_year', 'item'],
  annual_targets: ['school_year', 'metric'],
  student_mastery: ['student_id'],
  monthly_mastery: ['school_id', 'month'],
  demonstration_levels: ['level'],
  demonstration_criteria: ['item_id'],
  demonstration_files: ['file_id'],
  demonstration_items: ['file_id', 'item_id'],
  demonstration_evidence: ['evidence_id'],
  demonstration_events: ['event_id'],
};

/** Seed ids follow scripts/demo-accounts.mjs. */
export const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const account = (n: number, appRole: AppRole, school: number | null): Account => ({
  userId: id(n),
  appRole,
  schoolId: school === null ? null : id(school),
});

export const district1 = id(1);
export const district2 = id(2);
export const school11 = id(11); // 清源实验小学: classes 201 and 202
export const school12 = id(12); // 清源第一中学: class 203
export const class201 = id(201);
export const class202 = id(202);
export const class203 = id(203);
export const office = account(101, 'office', null);
export const schoolAdmin = account(111, 'school_admin', 11); // 实验小学 (school 11)
export const teacher = account(112, 'teacher', 11); // teaches class 201 of school 11
export const student = account(1001, 'student', 11); // in class 201
export const organizer = account(131, 'organizer', null);
export const volunteer = account(141, 'volunteer', null);
export const signedIn: Account[] = [student, teacher, schoolAdmin, volunteer, organizer, office];
/** Everyone but the service role. */
export const nonService: Actor[] = ['anon', ...signedIn];

/** The role a case runs as. */
export function roleOf(actor: Actor): Role {
  return actor === 'anon' ? 'anon' : actor === 'service' ? 'service_role' : actor.appRole;
}

export const who = (actor: Actor): string =>
  ({
    anon: 'a visitor',
    student: 'a student',
    teacher: 'a teacher',
    school_admin: 'a school admin',
    volunteer: 'a volunteer',
    organizer: 'an organizer',
    office: 'the office',
    service_role: 'the service role',
  })[roleOf(actor)];

// Fresh values per module load, so committed writes never collide with an earlier run's.
const runTag = crypto.randomUUID().slice(0, 8);
let serial = 0;
export const tag = (): string => `${runTag}${(serial++).toString(36)}`;
export const uuid = (): string => crypto.randomUUID();

export const newUser = (role: AppRole, schoolId: string | null = null): Row => ({
  user_id: uuid(),
  role,
  display_name: `临时${tag()}`,
  school_id: schoolId,
});
export const given = (table: Table, values: Row): Given => ({ table, values });

/**
 * A teacher of class 201 whose account the office has disabled. Sign-in refuses such accounts,
 * but a token minted minutes earlier still works until it expires, so the policies must refuse too.
 */
export const disabledTeacher = ((): { as: Account; given: Given[] } => {
  const row: Row = { ...newUser('teacher', school11), disabled_at: '2026-06-01T00:00:00+00:00' };
  const userId = String(row['user_id']);
  return {
    as: { userId, appRole: 'teacher', schoolId: school11 },
    given: [given('users', row), given('class_teachers', { class_id: class201, teacher_id: userId })],
  };
})();

type Spec = Pick<TableCase, 'match'> & Partial<Pick<TableCase, 'values' | 'given' | 'refusal' | 'leaves'>>;
export type Build = (op: Operation, as: Actor, name: string, spec: Spec) => TableCase;
/** Builds the cases of one table: `allow('select', teacher, 'a teacher reads …', { match })`. */
export function casesOf(table: Table, build: (expect: { allow: Build; deny: Build }) => TableCase[]): TableCase[] {
  const make =
    (expect: 'allow' | 'deny'): Build =>
    (op, as, name, spec) => ({ name, table, op, as, expect, ...spec });
  return build({ allow: make('allow'), deny: make('deny') });
}

/** Tables everyone reads and only `writers` write (the office's districts, the synced content). */
export function readByAll({
  table,
  key,
  noun,
  plural = `${noun}s`,
  fresh,
  rename,
  target,
  writers,
}: {
  table: Table;
  key: string;
  noun: string;
  plural?: string;
  fresh: () => Row;
  rename: Row;
  target: Row;
  writers: Actor[];
}): TableCase[] {
  const doomed = (): Spec => {
    const row = fresh();
    return { match: { [key]: row[key] ?? null }, given: [given(table, row)] };
  };
  return casesOf(table, ({ allow, deny }) => [
    ...[...nonService, 'service' as const].map((as) => allow('select', as, `${who(as)} reads the ${plural}`, { match: target })),
    ...writers.flatMap((as) => [
      allow('insert', as, `${who(as)} adds a ${noun}`, { match: {}, values: fresh() }),
      allow('update', as, `${who(as)} renames a ${noun}`, { match: target, values: rename }),
      allow('delete', as, `${who(as)} removes an unused ${noun}`, doomed()),
    ]),
    ...[...nonService, 'service' as const]
      .filter((as) => !writers.includes(as))
      .flatMap((as) => [
        deny('insert', as, `${who(as)} cannot add a ${noun}`, { match: {}, values: fresh() }),
        deny('update', as, `${who(as)} cannot rename a ${noun}`, { match: target, values: rename }),
        deny('delete', as, `${who(as)} cannot remove a ${noun}`, doomed()),
      ]),
  ]);
}

/**
 * Tables with no policy at all: only the service role reads or writes them. `fresh` makes a
 * row (with the rows it needs) for the actor; `noun` names it, as seen by a user or in general.
 */
export function serviceOnly({
  table,
  noun,
  fresh,
  change,
}: {
  table: Table;
  noun: (as: Actor) => string;
  fresh: (as: Actor) => { row: Row; givens: Given[]; match: Row };
  change: Row;
}): TableCase[] {
  return casesOf(table, ({ allow, deny }) =>
    [...nonService, 'service' as const].flatMap((as) => {
      const build = as === 'service' ? allow : deny;
      const verb = as === 'service' ? '' : ' cannot';
      const [read, write, remove, insert] = [fresh(as), fresh(as), fresh(as), fresh(as)];
      const name = (action: string): string => `${who(as)}${verb} ${action}${verb ? '' : 's'} ${noun(as)}`;
      return [
        build('select', as, name('read'), { match: as === 'anon' ? {} : read.match, given: [...read.givens, given(table, read.row)] }),
        build('insert', as, name('write'), { match: {}, values: insert.row, given: insert.givens }),
        build('update', as, name('change'), { match: write.match, values: change, given: [...write.givens, given(table, write.row)] }),
        build('delete', as, name('delete'), { match: remove.match, given: [...remove.givens, given(table, remove.row)] }),
      ];
    }),
  );
}
