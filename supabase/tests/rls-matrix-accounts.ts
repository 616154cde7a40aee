// The matrix for the account tables (supabase/migrations/20261129000100_accounts.sql and the
// migrations after it): districts, schools, users, credentials, sessions, sign-in failures,
// classes, their teachers and students, and the functions of sign-in and account creation.
import type { AppRole } from '../../src/lib/server/auth/user.ts';
import {
  casesOf,
  class201,
  class202,
  class203,
  disabledTeacher,
  district1,
  district2,
  given,
  id,
  newUser,
  nonService,
  office,
  organizer,
  readByAll,
  school11,
  school12,
  schoolAdmin,
  serviceOnly,
  signedIn,
  student,
  tag,
  teacher,
  uuid,
  volunteer,
  who,
} from './rls-matrix-common.ts';
import type { Account, Actor, Given, Row, RpcCase, RpcFunction, TableCase, Value } from './rls-matrix-common.ts';

const newDistrict = (): Row => ({ district_id: uuid(), name: `测试区${tag()}` });
const newSchool = (): Row => ({
  school_id: uuid(),
  district_id: district1,
  code: `T${tag()}`,
  name: `测试学校${tag()}`,
  stage: 'primary',
});
const newClass = (schoolId: string, createdBy: string | null): Row => ({
  class_id: uuid(),
  school_id: schoolId,
  school_year: 2026,
  grade: 4,
  name: `测试班${tag()}`,
  created_by: createdBy,
});
const newCredential = (userId: Value): Row => ({
  user_id: userId,
  login_kind: 'email',
  login: `t${tag()}@qingyuan.test`,
  password_hash: '$argon2id$test',
});
const newSession = (userId: string): Row => ({
  session_id: `test${tag()}`,
  secret_hash: 'a'.repeat(64),
  user_id: userId,
  expires_at: '2030-01-01T00:00:00+00:00',
});
const newAttempt = (): Row => ({ account_key: `test:${tag()}`, ip_key: 'test-ip' });
const ownUserId = (actor: Actor): string => (typeof actor === 'object' ? actor.userId : student.userId);

const districts = readByAll({
  table: 'districts',
  key: 'district_id',
  noun: 'district',
  fresh: newDistrict,
  rename: { name: `改名区${tag()}` },
  target: { district_id: district2 },
  writers: [office, 'service'],
});
const schools = [
  ...readByAll({
    table: 'schools',
    key: 'school_id',
    noun: 'school',
    fresh: newSchool,
    rename: { name: `改名学校${tag()}` },
    target: { school_id: school11 },
    writers: [office, 'service'],
  }),
  ...casesOf('schools', ({ deny }) => [
    deny('update', schoolAdmin, 'a school admin cannot move their school to another district', { match: { school_id: school11 }, values: { district_id: district2 } }),
  ]),
];

const users = casesOf('users', ({ allow, deny }) => {
  const rename = (): Row => ({ display_name: `改名${tag()}` });
  const doomed = (role: Exclude<AppRole, 'unit_manager'>, school: string | null = null): Pick<TableCase, 'match' | 'given'> => {
    const row = newUser(role, school);
    return { match: { user_id: row['user_id'] ?? null }, given: [given('users', row)] };
  };
  const selfVolunteer = newUser('volunteer');
  const throwaway: Account = { userId: String(selfVolunteer['user_id']), appRole: 'volunteer', schoolId: null };
  return [
    deny('select', 'anon', 'a visitor reads no accounts at all', { match: {} }),
    allow('select', student, 'a student reads their own account', { match: { user_id: student.userId } }),
    deny('select', student, 'a student cannot read a classmate', { match: { user_id: id(1002) } }),
    deny('select', student, 'a student cannot read a student of another school', { match: { user_id: id(1201) } }),
    allow('select', teacher, 'a teacher reads a student of their own class', { match: { user_id: id(1001) } }),
    allow('select', teacher, 'a teacher reads a colleague of their school', { match: { user_id: id(113) } }),
    deny('select', teacher, 'a teacher cannot read a student of another school', { match: { user_id: id(1201) } }),
    deny('select', teacher, 'a teacher cannot read a volunteer', { match: { user_id: id(141) } }),
    deny('select', disabledTeacher.as, 'a disabled teacher no longer reads accounts of their school', { match: { user_id: id(1002) }, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads a teacher of their school', { match: { user_id: id(113) } }),
    allow('select', schoolAdmin, 'a school admin reads a student of their school', { match: { user_id: id(1101) } }),
    deny('select', schoolAdmin, 'a school admin cannot read a teacher of another school', { match: { user_id: id(122) } }),
    deny('select', schoolAdmin, 'a school admin cannot read the office account', { match: { user_id: office.userId } }),
    allow('select', volunteer, 'a volunteer reads their own account', { match: { user_id: volunteer.userId } }),
    deny('select', volunteer, 'a volunteer cannot read another volunteer', { match: { user_id: id(142) } }),
    deny('select', volunteer, 'a volunteer cannot read a student', { match: { user_id: id(1001) } }),
    allow('select', organizer, 'an organizer reads their own account', { match: { user_id: organizer.userId } }),
    deny('select', organizer, 'an organizer cannot read a student', { match: { user_id: id(1001) } }),
    allow('select', office, 'the office reads a student of any school', { match: { user_id: id(1201) } }),
    allow('select', office, 'the office reads a volunteer', { match: { user_id: id(141) } }),
    allow('select', 'service', 'the service role reads any account', { match: { user_id: id(1001) } }),

    allow('insert', office, 'the office creates an account', { match: {}, values: newUser('volunteer') }),
    allow('insert', 'service', 'the service role creates an account', { match: {}, values: newUser('teacher', school11) }),
    deny('insert', 'anon', 'a visitor cannot create an account', { match: {}, values: newUser('volunteer') }),
    deny('insert', student, 'a student cannot create an account', { match: {}, values: newUser('student', school11) }),
    deny('insert', teacher, 'a teacher cannot create a student account', { match: {}, values: newUser('student', school11) }),
    deny('insert', schoolAdmin, 'a school admin cannot create a teacher account', { match: {}, values: newUser('teacher', school11) }),
    deny('insert', volunteer, 'a volunteer cannot create an office account', { match: {}, values: newUser('office') }),
    deny('insert', organizer, 'an organizer cannot create a volunteer account', { match: {}, values: newUser('volunteer') }),

    allow('update', student, 'a student renames themselves', { match: { user_id: student.userId }, values: rename() }),
    deny('update', student, 'a student cannot change their own role', { match: { user_id: student.userId }, values: { role: 'office' } }),
    deny('update', student, 'a student cannot rename a classmate', { match: { user_id: id(1002) }, values: rename() }),
    allow('update', teacher, 'a teacher renames themselves', { match: { user_id: teacher.userId }, values: rename() }),
    deny('update', teacher, 'a teacher cannot move themselves to another school', { match: { user_id: teacher.userId }, values: { school_id: school12 } }),
    deny('update', teacher, 'a teacher cannot rename a student of their class', { match: { user_id: id(1002) }, values: rename() }),
    allow('update', schoolAdmin, 'a school admin renames themselves', { match: { user_id: schoolAdmin.userId }, values: rename() }),
    deny('update', schoolAdmin, 'a school admin cannot rename a teacher of their school', { match: { user_id: id(113) }, values: rename() }),
    allow('update', volunteer, 'a volunteer renames themselves', { match: { user_id: volunteer.userId }, values: rename() }),
    deny('update', volunteer, 'a volunteer cannot rename another volunteer', { match: { user_id: id(142) }, values: rename() }),
    allow('update', organizer, 'an organizer renames themselves', { match: { user_id: organizer.userId }, values: rename() }),
    deny('update', organizer, 'an organizer cannot rename a volunteer', { match: { user_id: id(143) }, values: rename() }),
    allow('update', office, 'the office renames any account', { match: { user_id: id(1201) }, values: rename() }),
    deny('update', office, 'the office cannot change a role directly, only display_name is granted', { match: { user_id: id(142) }, values: { role: 'organizer' } }),
    deny('update', office, 'the office cannot disable an account directly', { match: { user_id: id(142) }, values: { disabled_at: '2026-01-01T00:00:00+00:00' } }),
    deny('update', 'anon', 'a visitor cannot rename an account', { match: { user_id: id(1003) }, values: rename() }),
    allow('update', 'service', 'the service role renames any account', { match: { user_id: id(1205) }, values: rename() }),

    deny('delete', 'anon', 'a visitor cannot delete an account', doomed('volunteer')),
    deny('delete', student, 'a student cannot delete a classmate', doomed('student', school11)),
    deny('delete', teacher, 'a teacher cannot delete a student account', doomed('student', school11)),
    deny('delete', schoolAdmin, 'a school admin cannot delete a teacher account', doomed('teacher', school11)),
    deny('delete', throwaway, 'a volunteer cannot delete their own account', { match: { user_id: throwaway.userId }, given: [given('users', selfVolunteer)] }),
    deny('delete', organizer, 'an organizer cannot delete a volunteer', doomed('volunteer')),
    deny('delete', office, 'the office cannot delete an account, only disable it', doomed('volunteer')),
    allow('delete', 'service', 'the service role deletes an account', doomed('volunteer')),
  ];
});

const credentials = serviceOnly({
  table: 'credentials',
  noun: () => 'a password hash',
  fresh: () => {
    const user = newUser('volunteer');
    return { row: newCredential(user['user_id'] ?? null), givens: [given('users', user)], match: { user_id: user['user_id'] ?? null } };
  },
  change: { password_hash: '$argon2id$changed' },
});
const ownCredentials = casesOf('credentials', ({ deny }) =>
  signedIn.map((as) => deny('select', as, `${who(as)} cannot read their own password hash`, { match: { user_id: as.userId } })),
);

const sessions = serviceOnly({
  table: 'sessions',
  noun: (as) => (typeof as === 'object' ? 'their own session' : 'a session'),
  fresh: (as) => {
    const row = newSession(ownUserId(as));
    return { row, givens: [], match: { session_id: row['session_id'] ?? null } };
  },
  change: { expires_at: '2099-01-01T00:00:00+00:00' },
});

const loginAttempts = serviceOnly({
  table: 'login_attempts',
  noun: () => 'sign-in failures',
  fresh: () => {
    const row = newAttempt();
    return { row, givens: [], match: { account_key: row['account_key'] ?? null } };
  },
  change: { ip_key: 'rewritten' },
});

const classes = casesOf('classes', ({ allow, deny }) => {
  const rename = (): Row => ({ name: `改名班${tag()}` });
  const doomed = (): Pick<TableCase, 'match' | 'given'> => {
    const row = newClass(school11, null);
    return { match: { class_id: row['class_id'] ?? null }, given: [given('classes', row)] };
  };
  const taught = newClass(school11, teacher.userId);
  return [
    deny('select', 'anon', 'a visitor reads no classes at all', { match: {} }),
    allow('select', student, 'a student reads their own class', { match: { class_id: class201 } }),
    deny('select', student, 'a student cannot read another class of their school', { match: { class_id: class202 } }),
    deny('select', student, 'a student cannot read a class of another school', { match: { class_id: class203 } }),
    allow('select', teacher, 'a teacher reads a class they teach', { match: { class_id: class201 } }),
    allow('select', teacher, 'a teacher reads another class of their school', { match: { class_id: class202 } }),
    deny('select', teacher, 'a teacher cannot read a class of another school', { match: { class_id: class203 } }),
    deny('select', disabledTeacher.as, 'a disabled teacher no longer reads the class they taught', { match: { class_id: class201 }, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads a class of their school', { match: { class_id: class202 } }),
    deny('select', schoolAdmin, 'a school admin cannot read a class of another school', { match: { class_id: class203 } }),
    deny('select', volunteer, 'a volunteer cannot read classes', { match: { class_id: class201 } }),
    deny('select', organizer, 'an organizer cannot read classes', { match: { class_id: class201 } }),
    allow('select', office, 'the office reads a class of any school', { match: { class_id: class203 } }),
    allow('select', 'service', 'the service role reads any class', { match: { class_id: class201 } }),

    allow('insert', teacher, 'a teacher creates a class in their school', { match: {}, values: newClass(school11, teacher.userId) }),
    deny('insert', teacher, 'a teacher cannot create a class in another school', { match: {}, values: newClass(school12, teacher.userId) }),
    deny('insert', teacher, "a teacher cannot create a class in a colleague's name", { match: {}, values: newClass(school11, id(113)) }),
    allow('insert', schoolAdmin, 'a school admin creates a class in their school', { match: {}, values: newClass(school11, schoolAdmin.userId) }),
    deny('insert', schoolAdmin, 'a school admin cannot create a class in another school', { match: {}, values: newClass(school12, schoolAdmin.userId) }),
    deny('insert', 'anon', 'a visitor cannot create a class', { match: {}, values: newClass(school11, null) }),
    deny('insert', student, 'a student cannot create a class', { match: {}, values: newClass(school11, student.userId) }),
    deny('insert', volunteer, 'a volunteer cannot create a class', { match: {}, values: newClass(school11, volunteer.userId) }),
    deny('insert', organizer, 'an organizer cannot create a class', { match: {}, values: newClass(school11, organizer.userId) }),
    deny('insert', office, 'the office cannot create a class', { match: {}, values: newClass(school11, office.userId) }),
    allow('insert', 'service', 'the service role creates a class', { match: {}, values: newClass(school12, null) }),

    allow('update', teacher, 'a teacher renames a class they teach', { match: { class_id: class201 }, values: rename() }),
    deny('update', teacher, 'a teacher cannot rename a class they do not teach', { match: { class_id: class202 }, values: rename() }),
    deny('update', teacher, 'a teacher cannot rename a class of another school', { match: { class_id: class203 }, values: rename() }),
    deny('update', teacher, 'a teacher cannot move their class to another school', { match: { class_id: class201 }, values: { school_id: school12 } }),
    deny('update', disabledTeacher.as, 'a disabled teacher cannot rename the class they taught', { match: { class_id: class201 }, values: rename(), given: disabledTeacher.given }),
    allow('update', schoolAdmin, 'a school admin renames any class of their school', { match: { class_id: class202 }, values: rename() }),
    deny('update', schoolAdmin, 'a school admin cannot rename a class of another school', { match: { class_id: class203 }, values: rename() }),
    deny('update', 'anon', 'a visitor cannot rename a class', { match: { class_id: class201 }, values: rename() }),
    deny('update', student, 'a student cannot rename their own class', { match: { class_id: class201 }, values: rename() }),
    deny('update', volunteer, 'a volunteer cannot rename a class', { match: { class_id: class201 }, values: rename() }),
    deny('update', organizer, 'an organizer cannot rename a class', { match: { class_id: class201 }, values: rename() }),
    deny('update', office, 'the office cannot rename a class', { match: { class_id: class203 }, values: rename() }),
    allow('update', 'service', 'the service role renames any class', { match: { class_id: class203 }, values: rename() }),

    deny('delete', teacher, 'a teacher cannot delete a class they teach, only archive it', {
      match: { class_id: taught['class_id'] ?? null },
      given: [given('classes', taught), given('class_teachers', { class_id: taught['class_id'] ?? null, teacher_id: teacher.userId })],
    }),
    ...(['anon', student, schoolAdmin, volunteer, organizer, office] as const).map((as) => deny('delete', as, `${who(as)} cannot delete a class`, doomed())),
    allow('delete', 'service', 'the service role deletes a class', doomed()),
  ];
});

const classTeachers = casesOf('class_teachers', ({ allow, deny }) => {
  // Throwaway teachers, so no case depends on (or collides with) the seed's assignments.
  const withTeacher = (school: string, classId: string): { row: Row; match: Row; given: Given[] } => {
    const user = newUser('teacher', school);
    const row = { class_id: classId, teacher_id: user['user_id'] ?? null };
    return { row, match: row, given: [given('users', user)] };
  };
  const assign = (school: string, classId: string, extra: Given[] = []): Pick<TableCase, 'match' | 'values' | 'given'> => {
    const { row, given: users } = withTeacher(school, classId);
    return { match: {}, values: row, given: [...users, ...extra] };
  };
  const assigned = (school: string, classId: string): Pick<TableCase, 'match' | 'given'> => {
    const { row, match, given: users } = withTeacher(school, classId);
    return { match, given: [...users, given('class_teachers', row)] };
  };
  const moveTo202 = { class_id: class202 };
  return [
    deny('select', 'anon', 'a visitor reads no class teachers at all', { match: {} }),
    deny('select', student, 'a student cannot read who teaches their class', { match: { class_id: class201 } }),
    allow('select', teacher, 'a teacher reads who teaches their class', { match: { class_id: class201, teacher_id: teacher.userId } }),
    allow('select', teacher, 'a teacher reads who teaches another class of their school', { match: { class_id: class202 } }),
    deny('select', teacher, 'a teacher cannot read who teaches in another school', { match: { class_id: class203 } }),
    allow('select', schoolAdmin, 'a school admin reads the teachers of a class of their school', { match: { class_id: class202 } }),
    deny('select', schoolAdmin, 'a school admin cannot read the teachers of another school', { match: { class_id: class203 } }),
    deny('select', volunteer, 'a volunteer cannot read class teachers', { match: { class_id: class201 } }),
    deny('select', organizer, 'an organizer cannot read class teachers', { match: { class_id: class201 } }),
    allow('select', office, 'the office reads the teachers of any class', { match: { class_id: class203 } }),
    allow('select', 'service', 'the service role reads class teachers', { match: { class_id: class201 } }),

    allow('insert', schoolAdmin, 'a school admin assigns a teacher of their school', assign(school11, class201)),
    deny('insert', schoolAdmin, 'a school admin cannot assign a teacher of another school', assign(school12, class201)),
    deny('insert', schoolAdmin, 'a school admin cannot assign teachers in another school', assign(school12, class203)),
    deny('insert', schoolAdmin, 'a school admin cannot make a student a class teacher', { match: {}, values: { class_id: class201, teacher_id: id(1002) } }),
    allow('insert', teacher, 'a teacher adds a colleague to a class they teach', assign(school11, class201)),
    deny('insert', teacher, 'a teacher cannot add a colleague to a class they do not teach', assign(school11, class202)),
    deny('insert', teacher, 'a teacher cannot assign themselves to a class they do not teach', { match: {}, values: { class_id: class202, teacher_id: teacher.userId } }),
    deny('insert', disabledTeacher.as, 'a disabled teacher cannot add a colleague to the class they taught', assign(school11, class201, disabledTeacher.given)),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) => deny('insert', as, `${who(as)} cannot assign class teachers`, assign(school11, class201))),
    allow('insert', 'service', 'the service role assigns class teachers', assign(school11, class201)),

    ...nonService.map((as) => deny('update', as, `${who(as)} cannot move a teacher assignment`, { ...assigned(school11, class201), values: moveTo202 })),
    allow('update', 'service', 'the service role moves a teacher assignment', { ...assigned(school11, class201), values: moveTo202 }),

    allow('delete', schoolAdmin, 'a school admin unassigns a teacher of their school', assigned(school11, class201)),
    deny('delete', schoolAdmin, 'a school admin cannot unassign a teacher of another school', assigned(school12, class203)),
    deny('delete', teacher, 'a teacher cannot unassign a colleague from their class', assigned(school11, class201)),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) => deny('delete', as, `${who(as)} cannot unassign class teachers`, assigned(school11, class201))),
    allow('delete', 'service', 'the service role unassigns class teachers', assigned(school11, class201)),
  ];
});

const students = casesOf('students', ({ allow, deny }) => {
  const enrol = (): { user: Row; row: Row } => {
    const user = newUser('student', school11);
    return { user, row: { user_id: user['user_id'] ?? null, school_id: school11, class_id: class201, student_number: `T${tag()}` } };
  };
  const toInsert = (): Pick<TableCase, 'match' | 'values' | 'given'> => {
    const { user, row } = enrol();
    return { match: {}, values: row, given: [given('users', user)] };
  };
  const enrolled = (): Pick<TableCase, 'match' | 'given'> => {
    const { user, row } = enrol();
    return { match: { user_id: user['user_id'] ?? null }, given: [given('users', user), given('students', row)] };
  };
  return [
    deny('select', 'anon', 'a visitor reads no students at all', { match: {} }),
    allow('select', student, 'a student reads their own place', { match: { user_id: student.userId } }),
    deny('select', student, 'a student cannot read a classmate', { match: { user_id: id(1002) } }),
    deny('select', student, 'a student cannot read a student of another school', { match: { user_id: id(1201) } }),
    allow('select', teacher, 'a teacher reads a student of their own class', { match: { user_id: id(1001) } }),
    deny('select', teacher, 'a teacher cannot read a student of a class they do not teach', { match: { user_id: id(1101) } }),
    deny('select', teacher, 'a teacher cannot read a student of another school', { match: { user_id: id(1201) } }),
    deny('select', disabledTeacher.as, 'a disabled teacher no longer reads the students of their class', { match: { user_id: id(1001) }, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads any student of their school', { match: { user_id: id(1101) } }),
    deny('select', schoolAdmin, 'a school admin cannot read a student of another school', { match: { user_id: id(1201) } }),
    deny('select', volunteer, 'a volunteer cannot read students', { match: { user_id: id(1001) } }),
    deny('select', organizer, 'an organizer cannot read students', { match: { user_id: id(1001) } }),
    allow('select', office, 'the office reads a student of any school', { match: { user_id: id(1201) } }),
    allow('select', 'service', 'the service role reads any student', { match: { user_id: id(1001) } }),

    ...nonService.map((as) => deny('insert', as, `${who(as)} cannot enrol a student directly`, toInsert())),
    allow('insert', 'service', 'the service role enrols a student', toInsert()),

    deny('update', 'anon', 'a visitor cannot move a student', { match: { user_id: id(1003) }, values: { class_id: class202 } }),
    deny('update', student, 'a student cannot change their own student number', { match: { user_id: student.userId }, values: { student_number: `T${tag()}` } }),
    deny('update', teacher, 'a teacher cannot move a student of their class', { match: { user_id: id(1002) }, values: { class_id: class202 } }),
    deny('update', schoolAdmin, 'a school admin cannot move a student directly', { match: { user_id: id(1101) }, values: { class_id: class201 } }),
    deny('update', volunteer, 'a volunteer cannot move a student', { match: { user_id: id(1003) }, values: { class_id: class202 } }),
    deny('update', organizer, 'an organizer cannot move a student', { match: { user_id: id(1003) }, values: { class_id: class202 } }),
    deny('update', office, 'the office cannot move a student directly', { match: { user_id: id(1202) }, values: { student_number: `T${tag()}` } }),
    allow('update', 'service', 'the service role changes a student number', { match: { user_id: id(1205) }, values: { student_number: `T${tag()}` } }),

    ...nonService.map((as) => deny('delete', as, `${who(as)} cannot remove a student`, enrolled())),
    allow('delete', 'service', 'the service role removes a student', enrolled()),
  ];
});

/** The account tables' cases, grouped by table in the order of `accountTables`. */
export const accountTableCases: TableCase[] = [
  ...districts,
  ...schools,
  ...users,
  ...credentials,
  ...ownCredentials,
  ...sessions,
  ...loginAttempts,
  ...classes,
  ...classTeachers,
  ...students,
];

const key = (): string => `test:${tag()}`;
const calls: { fn: RpcFunction; does: string; args: () => Pick<RpcCase, 'args' | 'cleanup'> }[] = [
  {
    fn: 'sign_in_lookup',
    does: 'look up a sign-in and its password hash',
    args: () => ({
      args: { p_login_kind: 'email', p_login: 'office@qingyuan.test', p_account_key: key(), p_ip_key: 'test-ip', p_pair_key: key(), p_device_key: null },
      cleanup: [],
    }),
  },
  {
    fn: 'record_login_failure',
    does: 'record a sign-in failure',
    args: () => {
      const account = key();
      return {
        args: { p_account_key: account, p_ip_key: 'test-ip', p_pair_key: key(), p_device_key: null },
        cleanup: [{ table: 'login_attempts', match: { account_key: account } }],
      };
    },
  },
  { fn: 'clear_login_failures', does: 'clear sign-in failures', args: () => ({ args: { p_account_key: key() }, cleanup: [] }) },
  {
    fn: 'register_volunteer',
    does: 'register a volunteer',
    args: () => {
      const name = `临时志愿者${tag()}`;
      return {
        args: { p_display_name: name, p_login_kind: 'email', p_login: `v${tag()}@qingyuan.test`, p_password_hash: '$argon2id$test' },
        cleanup: [{ table: 'users', match: { display_name: name } }], // the credential goes with the user
      };
    },
  },
];

/** A teacher account for school 11, made by create_staff_account; cleanup removes it. */
const staffAccount = (): Pick<RpcCase, 'args' | 'cleanup'> => {
  const name = `临时教师${tag()}`;
  return {
    args: {
      p_role: 'teacher',
      p_display_name: name,
      p_school_id: school11,
      p_login_kind: 'email',
      p_login: `s${tag()}@qingyuan.test`,
      p_password_hash: '$argon2id$test',
    },
    cleanup: [{ table: 'users', match: { display_name: name } }],
  };
};

/** The four service-only functions, called by everyone; then create_staff_account, which only the office may call. */
export const accountRpcCases: RpcCase[] = [
  ...calls.flatMap(({ fn, does, args }) =>
    [...nonService, 'service' as const].map(
      (as): RpcCase => ({
        name: as === 'service' ? `the service role can ${does}` : `${who(as)} cannot ${does}`,
        fn,
        as,
        expect: as === 'service' ? 'allow' : 'deny',
        ...args(),
      }),
    ),
  ),
  ...[...nonService, 'service' as const].map(
    (as): RpcCase => ({
      name: as === office ? 'the office creates a staff account' : `${who(as)} cannot create a staff account`,
      fn: 'create_staff_account',
      as,
      expect: as === office ? 'allow' : 'deny',
      ...staffAccount(),
    }),
  ),
];
