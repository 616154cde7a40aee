import { expect, test } from 'vitest';
import { classroomTables, lessonId, setUpLesson } from './classroom-fixture.ts';
import { describeMatrix, insertIfAbsent, matrixGaps } from './sql-cases.ts';
import { id } from './rls-matrix-common';

/**
 * Row level security of the classroom-mode tables (20261204120000_classroom_sessions.sql): every
 * table × role × operation with its allow or deny, each case in a transaction that is rolled
 * back, on PGlite always and on PostgreSQL when DATABASE_URL is set, by the runner in sql-cases.ts.
 * The functions that write these tables are tested in classroom.sql.test.ts; here nobody but the
 * service role writes.
 */
type Table = (typeof classroomTables)[number];
type Op = 'select' | 'insert' | 'update' | 'delete';
type Row = Record<string, string | number | boolean | null>;
interface Account {
  userId: string;
  appRole: string;
}
type Actor = Account | 'anon' | 'service';
interface Case {
  name: string;
  table: Table;
  op: Op;
  as: Actor;
  expect: 'allow' | 'deny';
  match: Row;
  values?: Row;
}

const office: Account = { userId: id(101), appRole: 'office' };
const admin: Account = { userId: id(111), appRole: 'school_admin' }; // 实验小学, classes 201 and 202
const admin121: Account = { userId: id(121), appRole: 'school_admin' }; // 第一中学
const teacher: Account = { userId: id(112), appRole: 'teacher' }; // class 201
const teacher113: Account = { userId: id(113), appRole: 'teacher' }; // class 202, same school
const pupil: Account = { userId: id(1001), appRole: 'student' }; // class 201, joined and answered
const classmate: Account = { userId: id(1002), appRole: 'student' }; // class 201, did not join
const stranger: Account = { userId: id(1201), appRole: 'student' }; // class 203 of the other school
const organizer: Account = { userId: id(131), appRole: 'organizer' };
const volunteer: Account = { userId: id(141), appRole: 'volunteer' };

// The fixture: an ended session of class 201 that pupil 1001 joined and answered, and one of
// class 203 (the other school) with its pupil's answer. Fixed ids, written only if absent.
const session201 = id(900_601);
const session203 = id(900_602);
const question201 = id(900_611);
const question203 = id(900_612);
const fixture: [Table, Row][] = [
  [
    'classroom_sessions',
    {
      classroom_session_id: session201,
      class_id: id(201),
      school_id: id(11),
      lesson_id: lessonId,
      teacher_id: teacher.userId,
      join_code: '100201',
      ended_at: '2026-11-20T03:00:00Z',
      minutes: 40,
    },
  ],
  [
    'classroom_sessions',
    {
      classroom_session_id: session203,
      class_id: id(203),
      school_id: id(12),
      lesson_id: lessonId,
      teacher_id: id(122),
      join_code: '100203',
      ended_at: '2026-11-20T03:00:00Z',
      minutes: 45,
    },
  ],
  ['classroom_participants', { classroom_session_id: session201, student_id: pupil.userId }],
  ['classroom_participants', { classroom_session_id: session203, student_id: stranger.userId }],
  ['classroom_questions', { classroom_question_id: question201, classroom_session_id: session201, question_id: 'cf-single', position: 1, closed_at: '2026-11-20T02:50:00Z' }],
  ['classroom_questions', { classroom_question_id: question203, classroom_session_id: session203, question_id: 'cf-single', position: 1, closed_at: '2026-11-20T02:50:00Z' }],
  ['classroom_answers', { classroom_question_id: question201, student_id: pupil.userId, response: '"b"', correct: true }],
  ['classroom_answers', { classroom_question_id: question203, student_id: stranger.userId, response: '"a"', correct: false }],
  ['lessons_taught_in_class', { student_id: pupil.userId, lesson_id: lessonId, classroom_session_id: session201, taught_on: '2026-11-20' }],
  ['lessons_taught_in_class', { student_id: stranger.userId, lesson_id: lessonId, classroom_session_id: session203, taught_on: '2026-11-20' }],
];

/** Per table: the row of class 201, the row of class 203, a fresh row to insert and a change. */
const targets: Record<Table, { own: Row; other: Row; fresh: () => Row; change: Row }> = {
  classroom_sessions: {
    own: { classroom_session_id: session201 },
    other: { classroom_session_id: session203 },
    fresh: () => ({
      classroom_session_id: crypto.randomUUID(),
      class_id: id(201),
      school_id: id(11),
      lesson_id: lessonId,
      teacher_id: teacher.userId,
      join_code: '123456',
      ended_at: '2026-11-21T03:00:00Z',
      minutes: 40,
    }),
    change: { minutes: 1 },
  },
  classroom_participants: {
    own: { classroom_session_id: session201, student_id: pupil.userId },
    other: { classroom_session_id: session203, student_id: stranger.userId },
    fresh: () => ({ classroom_session_id: session201, student_id: classmate.userId }),
    change: { joined_at: '2026-11-20T02:00:00Z' },
  },
  classroom_questions: {
    own: { classroom_question_id: question201 },
    other: { classroom_question_id: question203 },
    fresh: () => ({ classroom_question_id: crypto.randomUUID(), classroom_session_id: session201, question_id: 'cf-multiple', position: 2, closed_at: '2026-11-20T02:55:00Z' }),
    change: { hands: '{"a": 40}' },
  },
  classroom_answers: {
    own: { classroom_question_id: question201, student_id: pupil.userId },
    other: { classroom_question_id: question203, student_id: stranger.userId },
    fresh: () => ({ classroom_question_id: question201, student_id: classmate.userId, response: '"b"', correct: true }),
    change: { correct: false },
  },
  lessons_taught_in_class: {
    own: { student_id: pupil.userId, lesson_id: lessonId },
    other: { student_id: stranger.userId, lesson_id: lessonId },
    fresh: () => ({ student_id: classmate.userId, lesson_id: lessonId, classroom_session_id: session201, taught_on: '2026-11-20' }),
    change: { taught_on: '2026-11-19' },
  },
};

const who = (a: Actor): string => (a === 'anon' ? 'a visitor' : a === 'service' ? 'the service role' : `${a.appRole} ${a.userId.slice(-4)}`);

/** Who reads which row of class 201 (own) and of the other school (other). */
const readers: [Actor, Table[], Table[]][] = [
  // [actor, tables where it reads class 201's row, tables where it reads the other school's row]
  ['anon', [], []],
  [pupil, [...classroomTables], []],
  [classmate, ['classroom_sessions', 'classroom_questions'], []],
  [stranger, [], [...classroomTables]],
  [teacher, [...classroomTables], []],
  [teacher113, [], []],
  [admin, [...classroomTables], []],
  [admin121, [], [...classroomTables]],
  [volunteer, [], []],
  [organizer, [], []],
  [
    office,
    ['classroom_sessions', 'classroom_participants', 'classroom_questions', 'lessons_taught_in_class'],
    ['classroom_sessions', 'classroom_participants', 'classroom_questions', 'lessons_taught_in_class'],
  ],
  ['service', [...classroomTables], [...classroomTables]],
];

const cases: Case[] = classroomTables.flatMap((table) => {
  const t = targets[table];
  const reads = readers.flatMap(([as, own, other]): Case[] => [
    { name: `${who(as)} ${own.includes(table) ? 'reads' : 'cannot read'} class 201's row`, table, op: 'select', as, expect: own.includes(table) ? 'allow' : 'deny', match: t.own },
    {
      name: `${who(as)} ${other.includes(table) ? 'reads' : 'cannot read'} the other school's row`,
      table,
      op: 'select',
      as,
      expect: other.includes(table) ? 'allow' : 'deny',
      match: t.other,
    },
  ]);
  const writes = readers.flatMap(([as]): Case[] => {
    const expect = as === 'service' ? 'allow' : 'deny';
    const can = as === 'service' ? '' : 'cannot ';
    return [
      { name: `${who(as)} ${can}write a row directly`, table, op: 'insert', as, expect, match: {}, values: t.fresh() },
      { name: `${who(as)} ${can}change a row directly`, table, op: 'update', as, expect, match: t.own, values: t.change },
      { name: `${who(as)} ${can}delete a row`, table, op: 'delete', as, expect, match: t.own },
    ];
  });
  return [...reads, ...writes];
});

test('the classroom matrix covers every table, role and operation with an allow or a deny', () => {
  const { missing, repeated } = matrixGaps(classroomTables, cases);
  expect(missing).toEqual([]);
  // Every table has a read allowed to someone besides the service role, and one denied.
  for (const table of classroomTables) {
    const reads = cases.filter((c) => c.table === table && c.op === 'select' && c.as !== 'service');
    expect(reads.some((c) => c.expect === 'allow') && reads.some((c) => c.expect === 'deny')).toBe(true);
  }
  expect(repeated).toEqual([]);
});

describeMatrix('classroom RLS on $name', {
  tables: classroomTables,
  cases,
  setUp: async (db) => {
    await setUpLesson({ run: async (sql, params) => (await db.run(sql, params)).rows, close: () => db.close() });
    for (const [table, values] of fixture) await insertIfAbsent(db, { table, values });
  },
});
