// The matrix for the learning tables (supabase/migrations/20261129000400_learning.sql) and the
// functions that start, grade and certify (20261129000500_learning_functions.sql). The seed has
// no content, attempts or certificates, so both suites first set up the fixture below: fixed
// ids, written only if absent, so a shared server stays the same however often the suites run.
import { join } from 'node:path';
import { readContentPayload } from '../../src/lib/server/content-sync.ts';
import {
  account,
  casesOf,
  class201,
  class202,
  class203,
  disabledTeacher,
  given,
  id,
  nonService,
  office,
  organizer,
  readByAll,
  school11,
  schoolAdmin,
  serviceOnly,
  student,
  tag,
  teacher,
  uuid,
  volunteer,
  who,
} from './rls-matrix-common.ts';
import type { Actor, Given, Row, RpcCase, RpcFunction, Table, TableCase, Value } from './rls-matrix-common.ts';

// ---------------------------------------------------------------------------------------------
// The fixture: one lesson quiz with three questions, a lesson for class 201's band and one for
// class 203's, a contest, and for student 1001 (class 201, school 11) and student 1201 (class
// 203, school 12) a graded attempt with its answers, their progress and a certificate; and an
// assignment for class 201.

const quizId = 'rls-quiz';
const questionIds = ['rls-quiz-1', 'rls-quiz-2', 'rls-quiz-3'];
const lessonPrimary = 'primary-middle/rls-lesson'; // class 201: grade 3 at a primary school
const lessonJunior = 'junior/rls-lesson'; // class 203: grade 7 at a junior school
const contestId = id(900_102); // was 900_101 with a lesson bank; a new id, so a test database kept from before gets the new row
const attempt1001 = id(900_001);
const attempt1201 = id(900_002);
const assignment201 = id(900_201);
const certificate1001 = id(900_301);
const certificate1201 = id(900_302);
const code1001 = 'RLSCERTAA2';
const code1201 = 'RLSCERTBB3';

const classmate = account(1002, 'student', 11); // class 201, like `student`
const student1201 = account(1201, 'student', 12); // class 203, school 12
const teacher113 = account(113, 'teacher', 11); // teaches class 202 of school 11
const teacher122 = account(122, 'teacher', 12); // teaches class 203 of school 12
const schoolAdmin121 = account(121, 'school_admin', 12); // 第一中学 (school 12): no primary classes

const fixtureContent = {
  quizzes: [
    {
      id: quizId,
      title: '权限测试小测验',
      kind: 'lesson',
      bands: ['primary-middle', 'junior'],
      drawCount: 3,
      passPercent: 60,
      questions: [
        {
          id: 'rls-quiz-1',
          type: 'single',
          stem: '陌生人递来一杯饮料，应该怎么做？',
          options: [
            { id: 'a', text: '说不，然后离开' },
            { id: 'b', text: '尝一口' },
          ],
          answer: 'a',
          explanation: '来历不明的饮料不喝。',
          topic: 'refusal',
          difficulty: 1,
        },
        {
          id: 'rls-quiz-2',
          type: 'multiple',
          stem: '哪些做法能保护自己？',
          options: [
            { id: 'a', text: '拒绝' },
            { id: 'b', text: '好奇试试' },
            { id: 'c', text: '告诉大人' },
          ],
          answer: ['a', 'c'],
          explanation: '拒绝，并告诉信任的大人。',
          topic: 'refusal',
          difficulty: 2,
        },
        { id: 'rls-quiz-3', type: 'truefalse', stem: '拒绝别人是没礼貌的。', answer: false, explanation: '拒绝是在保护自己。', topic: 'refusal', difficulty: 1 },
      ],
    },
  ],
  lessons: [
    { id: lessonPrimary, band: 'primary-middle', title: '权限测试课（小学中段）', quiz: quizId, required: false, order: 99, classHours: 0.5 },
    { id: lessonJunior, band: 'junior', title: '权限测试课（初中）', quiz: quizId, required: false, order: 99, classHours: 0.5 },
  ],
};

// sync_content retires whatever its payload leaves out. On a shared server (CI's) other suites
// run the app on the site's content at the same time, so the fixture is synced together with
// that content rather than alone; the app's own sync retires the fixture, which no case minds.
const content = await readContentPayload(join(import.meta.dirname, '..', '..', 'content'));
/** What the fixture (and the service role's sync case) syncs: the site's content and the fixture's. */
const syncPayload = JSON.parse(
  JSON.stringify({
    quizzes: [...content.quizzes, ...fixtureContent.quizzes],
    lessons: [...content.lessons, ...fixtureContent.lessons],
  }),
) as Value;

const graded = (attemptId: string, studentId: string, lessonId: string): Given[] => [
  given('attempts', {
    attempt_id: attemptId,
    student_id: studentId,
    quiz_id: quizId,
    lesson_id: lessonId,
    contest_id: null,
    question_ids: questionIds,
    seed: 1,
    started_at: '2026-10-08T02:00:00+00:00',
    deadline_at: '2026-10-08T02:30:00+00:00',
    submitted_at: '2026-10-08T02:10:00+00:00',
    score: 2,
    total: 3,
    percent: 66,
    passed: true,
  }),
  given('attempt_answers', { attempt_id: attemptId, question_id: 'rls-quiz-1', response: 'a', correct: true }),
  given('attempt_answers', { attempt_id: attemptId, question_id: 'rls-quiz-2', response: ['a', 'b'], correct: false }),
  given('attempt_answers', { attempt_id: attemptId, question_id: 'rls-quiz-3', response: false, correct: true }),
  given('lesson_progress', {
    student_id: studentId,
    lesson_id: lessonId,
    attempts: 1,
    best_percent: 66,
    mastered_at: '2026-10-08T02:10:00+00:00',
    last_attempt_at: '2026-10-08T02:10:00+00:00',
  }),
];
const certificate = (certificateId: string, studentId: string, band: string, code: string): Given =>
  given('certificates', {
    certificate_id: certificateId,
    student_id: studentId,
    school_year: 2024,
    band,
    code,
    issued_at: '2025-06-30T02:00:00+00:00',
  });

/** The fixture's rows, in foreign-key order, after the content sync. */
const fixtureRows: Given[] = [
  given('contests', {
    contest_id: contestId,
    title: '权限测试竞赛',
    school_year: 2026,
    level: 'primary',
    // The real primary bank (synced with the content): its bands say which pupils the contest is for.
    quiz_id: 'contest-primary',
    opens_at: '2026-09-01T00:00:00+00:00',
    closes_at: '2026-09-02T00:00:00+00:00',
    created_by: office.userId,
  }),
  ...graded(attempt1001, student.userId, lessonPrimary),
  ...graded(attempt1201, student1201.userId, lessonJunior),
  given('assignments', { assignment_id: assignment201, class_id: class201, lesson_id: lessonPrimary, due_on: '2026-12-31', assigned_by: teacher.userId }),
  certificate(certificate1001, student.userId, 'primary-middle', code1001),
  certificate(certificate1201, student1201.userId, 'junior', code1201),
];

/** How a suite writes the fixture: the content sync, and rows inserted unless they exist. */
export interface FixtureTarget {
  sync(payload: Value): Promise<void>;
  insertIfAbsent(row: Given): Promise<void>;
}
/** Sets up the learning fixture as the owner or the service role; safe to repeat. */
export async function setUpLearningFixture(db: FixtureTarget): Promise<void> {
  await db.sync(syncPayload);
  for (const row of fixtureRows) await db.insertIfAbsent(row);
}

// ---------------------------------------------------------------------------------------------
// Fresh rows for one case each.

const seedNumber = (): number => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newCode = (): string => Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => codeAlphabet[b % codeAlphabet.length]).join('');
/** The school year (starting 1 September, Beijing time) of now, as private.school_year_of has it. */
const schoolYearNow = ((): number => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric' }).formatToParts(new Date());
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return part('month') < 9 ? part('year') - 1 : part('year');
})();

const newQuiz = (): Row => ({
  quiz_id: `rls-${tag()}`,
  title: `测试题库${tag()}`,
  kind: 'self-check',
  bands: ['primary-middle'],
  draw_count: 2,
  pass_percent: 60,
});
const newQuestion = (quiz = quizId, questionId = `rls-q-${tag()}`): Row => ({
  question_id: questionId,
  quiz_id: quiz,
  type: 'single',
  stem: '遇到可疑的“糖果”，应该怎么做？',
  options: [
    { id: 'a', text: '不吃，告诉大人' },
    { id: 'b', text: '尝一尝' },
  ],
  answer: 'a',
  explanation: '来历不明的东西不吃。',
  topic: 'refusal',
  difficulty: 1,
});
const newLesson = (): Row => ({
  lesson_id: `primary-middle/rls-${tag()}`,
  band: 'primary-middle',
  title: `测试课${tag()}`,
  quiz_id: quizId,
  required: false,
  sort_order: 99,
  class_hours: 0.5,
});
const newContest = (): Row => ({
  contest_id: uuid(),
  title: `测试竞赛${tag()}`,
  school_year: 2026,
  level: 'secondary',
  quiz_id: quizId,
  opens_at: '2026-12-01T00:00:00+00:00',
  closes_at: '2026-12-02T00:00:00+00:00',
});
/** An attempt started but not submitted, open until 2099. */
const openAttempt = (studentId: string): Row => ({
  attempt_id: uuid(),
  student_id: studentId,
  quiz_id: quizId,
  question_ids: questionIds,
  seed: seedNumber(),
  deadline_at: '2099-01-01T00:00:00+00:00',
});
/** A self-check quiz of two live questions, made for one case, so no content sync can retire it meanwhile. */
const ownQuiz = (): { quiz: string; questionIds: string[]; questions: Row[]; given: Given[] } => {
  const quiz = newQuiz();
  const quizKey = String(quiz['quiz_id']);
  const questions = [
    newQuestion(quizKey, `${quizKey}-1`),
    { ...newQuestion(quizKey, `${quizKey}-2`), type: 'truefalse', stem: '毒品只要试一次就不会上瘾。', options: [], answer: false },
  ];
  return {
    quiz: quizKey,
    questionIds: questions.map((q) => String(q['question_id'])),
    questions,
    given: [given('quizzes', quiz), ...questions.map((q) => given('questions', q))],
  };
};

// ---------------------------------------------------------------------------------------------
// Table cases.

const quizzes = readByAll({
  table: 'quizzes',
  key: 'quiz_id',
  noun: 'quiz',
  plural: 'quizzes',
  fresh: newQuiz,
  rename: { title: `改名测验${tag()}` },
  target: { quiz_id: quizId },
  writers: ['service'],
});
const lessons = readByAll({
  table: 'lessons',
  key: 'lesson_id',
  noun: 'lesson',
  fresh: newLesson,
  rename: { title: `改名课${tag()}` },
  target: { lesson_id: lessonPrimary },
  writers: ['service'],
});
const contests = readByAll({
  table: 'contests',
  key: 'contest_id',
  noun: 'contest',
  fresh: newContest,
  rename: { title: `改名竞赛${tag()}` },
  target: { contest_id: contestId },
  writers: [office, 'service'],
});

// The answer keys: no browser-facing role reads a question, not even of a quiz it has taken.
const questions = [
  ...serviceOnly({
    table: 'questions',
    noun: () => 'a question with its answer key',
    fresh: () => {
      const row = newQuestion();
      return { row, givens: [], match: { question_id: row['question_id'] ?? null } };
    },
    change: { answer: 'b' },
  }),
  ...casesOf('questions', ({ deny }) => [
    deny('select', student, 'a student cannot read the keys of the quiz they took', { match: { quiz_id: quizId } }),
    deny('select', teacher, 'a teacher cannot read the keys of a quiz their class takes', { match: { quiz_id: quizId } }),
    deny('select', office, 'the office cannot read the keys of a quiz either', { match: { quiz_id: quizId } }),
  ]),
];

/**
 * Tables of one student's learning record, read by the student, the teachers of their class,
 * their school admin and the office, and written only by the security definer functions.
 * `own` matches student 1001's fixture rows, `otherSchool` student 1201's; `fresh` makes a
 * row (and the rows it needs) for a student.
 */
function studentRecords({
  table,
  noun,
  own,
  otherSchool,
  fresh,
  change,
}: {
  table: Table;
  noun: string;
  own: Row;
  otherSchool: Row;
  fresh: (studentId: string) => { row: Row; givens: Given[]; match: Row };
  change: { does: string; match: Row; values: Row };
}): TableCase[] {
  const classmates = (): Pick<TableCase, 'match' | 'given'> => {
    const { row, givens, match } = fresh(classmate.userId);
    return { match, given: [...givens, given(table, row)] };
  };
  const toInsert = (): Pick<TableCase, 'match' | 'values' | 'given'> => {
    const { row, givens } = fresh(student.userId);
    return { match: {}, values: row, given: givens };
  };
  const changed = { match: change.match, values: change.values };
  return casesOf(table, ({ allow, deny }) => [
    deny('select', 'anon', `a visitor cannot read ${noun}`, { match: own }),
    allow('select', student, `a student reads their own ${noun}`, { match: own }),
    deny('select', student, `a student cannot read a classmate's ${noun}`, classmates()),
    deny('select', student, `a student cannot read the ${noun} of a student of another school`, { match: otherSchool }),
    allow('select', teacher, `a teacher reads the ${noun} of a student of their class`, { match: own }),
    deny('select', teacher113, `a teacher of another class cannot read the ${noun} of this class`, { match: own }),
    deny('select', teacher, `a teacher cannot read the ${noun} of a student of another school`, { match: otherSchool }),
    allow('select', teacher122, `a teacher of the other school reads the ${noun} of their own class`, { match: otherSchool }),
    deny('select', disabledTeacher.as, `a disabled teacher no longer reads the ${noun} of their class`, { match: own, given: disabledTeacher.given }),
    allow('select', schoolAdmin, `a school admin reads the ${noun} of a student of their school`, { match: own }),
    deny('select', schoolAdmin, `a school admin cannot read the ${noun} of another school`, { match: otherSchool }),
    deny('select', volunteer, `a volunteer cannot read ${noun}`, { match: own }),
    deny('select', organizer, `an organizer cannot read ${noun}`, { match: own }),
    allow('select', office, `the office reads the ${noun} of a student of any school`, { match: otherSchool }),
    allow('select', 'service', `the service role reads ${noun}`, { match: own }),

    ...nonService.map((as) => deny('insert', as, `${who(as)} cannot record ${noun} directly`, toInsert())),
    allow('insert', 'service', `the service role records ${noun}`, toInsert()),

    ...nonService.map((as) => deny('update', as, `${who(as)} cannot ${change.does}`, changed)),
    allow('update', 'service', `the service role can ${change.does}`, changed),

    ...nonService.map((as) => deny('delete', as, `${who(as)} cannot delete ${noun}`, classmates())),
    allow('delete', 'service', `the service role deletes ${noun}`, classmates()),
  ]);
}

const attempts = studentRecords({
  table: 'attempts',
  noun: 'quiz attempts',
  own: { attempt_id: attempt1001 },
  otherSchool: { attempt_id: attempt1201 },
  fresh: (studentId) => {
    const row = openAttempt(studentId);
    return { row, givens: [], match: { attempt_id: row['attempt_id'] ?? null } };
  },
  change: { does: 'raise the score of an attempt', match: { attempt_id: attempt1001 }, values: { score: 3, percent: 100 } },
});

const attemptAnswers = studentRecords({
  table: 'attempt_answers',
  noun: 'graded answers',
  own: { attempt_id: attempt1001 },
  otherSchool: { attempt_id: attempt1201 },
  fresh: (studentId) => {
    const attempt = openAttempt(studentId);
    const row = { attempt_id: attempt['attempt_id'] ?? null, question_id: 'rls-quiz-1', response: 'a', correct: true };
    return { row, givens: [given('attempts', attempt)], match: { attempt_id: row.attempt_id } };
  },
  change: { does: 'mark a wrong answer right', match: { attempt_id: attempt1001, question_id: 'rls-quiz-2' }, values: { correct: true } },
});

// A contest answer of the student's own: sealed while a window on the bank is open or still to
// come (one early finisher could hand the keys to classmates), readable once every window closed.
const contestAnswer = (closesAt: string): Pick<TableCase, 'match' | 'given'> => {
  const contest: Row = { ...newContest(), level: 'primary', opens_at: '2026-09-01T00:00:00+00:00', closes_at: closesAt };
  const attempt: Row = { ...openAttempt(student.userId), contest_id: contest['contest_id'] ?? null };
  return {
    match: { attempt_id: attempt['attempt_id'] ?? null },
    given: [
      given('contests', contest),
      given('attempts', attempt),
      given('attempt_answers', { attempt_id: attempt['attempt_id'] ?? null, question_id: 'rls-quiz-1', response: 'a', correct: true }),
    ],
  };
};
const sealedAnswers = casesOf('attempt_answers', ({ allow, deny }) => [
  deny('select', student, 'a student cannot read their own contest answers while a window on the bank is open or upcoming', contestAnswer('2099-01-01T00:00:00+00:00')),
  allow('select', student, 'a student reads their own contest answers once every window on the bank has closed', contestAnswer('2026-09-02T00:00:00+00:00')),
  deny('select', teacher, "a teacher cannot read their students' contest answers while a window on the bank is open or upcoming", contestAnswer('2099-01-01T00:00:00+00:00')),
  allow('select', teacher, "a teacher reads their students' contest answers once every window on the bank has closed", contestAnswer('2026-09-02T00:00:00+00:00')),
  allow('select', office, 'the office reads contest answers while the window is open', contestAnswer('2099-01-01T00:00:00+00:00')),
]);

const lessonProgress = studentRecords({
  table: 'lesson_progress',
  noun: 'lesson progress',
  own: { student_id: student.userId, lesson_id: lessonPrimary },
  otherSchool: { student_id: student1201.userId, lesson_id: lessonJunior },
  fresh: (studentId) => {
    // The junior lesson: students of class 201 have fixture progress on the primary one only.
    const row = { student_id: studentId, lesson_id: lessonJunior, attempts: 1, best_percent: 100, mastered_at: '2026-10-09T02:00:00+00:00' };
    return { row, givens: [], match: { student_id: studentId, lesson_id: lessonJunior } };
  },
  change: { does: 'raise a best score', match: { student_id: student.userId, lesson_id: lessonPrimary }, values: { best_percent: 100 } },
});

const certificates = studentRecords({
  table: 'certificates',
  noun: 'certificates',
  own: { certificate_id: certificate1001 },
  otherSchool: { certificate_id: certificate1201 },
  fresh: (studentId) => {
    // 2023: the fixture's certificates are of 2024, one per student and year.
    const row = { certificate_id: uuid(), student_id: studentId, school_year: 2023, band: 'primary-middle', code: newCode() };
    return { row, givens: [], match: { certificate_id: row.certificate_id } };
  },
  change: { does: 'change the band on a certificate', match: { certificate_id: certificate1001 }, values: { band: 'senior' } },
});

const assignments = casesOf('assignments', ({ allow, deny }) => {
  // Fresh assignments are of the junior lesson: class 201 already has the primary one, once per class and lesson.
  const newAssignment = (classId: string, by: string | null): Row => ({
    assignment_id: uuid(),
    class_id: classId,
    lesson_id: lessonJunior,
    due_on: '2027-01-15',
    assigned_by: by,
  });
  const toInsert = (classId: string, by: string | null, extra: Given[] = []): Pick<TableCase, 'match' | 'values' | 'given'> => ({
    match: {},
    values: newAssignment(classId, by),
    given: extra,
  });
  const held = (classId: string, extra: Given[] = []): Pick<TableCase, 'match' | 'given'> => {
    const row = newAssignment(classId, null);
    return { match: { assignment_id: row['assignment_id'] ?? null }, given: [...extra, given('assignments', row)] };
  };
  const own = { assignment_id: assignment201 };
  const later = { due_on: '2027-01-31' };
  const disabled = disabledTeacher.as;
  return [
    deny('select', 'anon', 'a visitor cannot read assignments', { match: own }),
    allow('select', student, 'a student reads the assignments of their class', { match: own }),
    deny('select', student, 'a student cannot read the assignments of another class of their school', held(class202)),
    deny('select', student1201, 'a student of another school cannot read the assignments of this class', { match: own }),
    allow('select', teacher, 'a teacher reads the assignments of a class they teach', { match: own }),
    allow('select', teacher113, 'a teacher reads the assignments of another class of their school', { match: own }),
    deny('select', teacher122, 'a teacher of another school cannot read the assignments of this class', { match: own }),
    deny('select', disabled, 'a disabled teacher no longer reads the assignments of the class they taught', { match: own, given: disabledTeacher.given }),
    allow('select', schoolAdmin, 'a school admin reads the assignments of a class of their school', { match: own }),
    deny('select', schoolAdmin, 'a school admin cannot read the assignments of another school', held(class203)),
    deny('select', volunteer, 'a volunteer cannot read assignments', { match: own }),
    deny('select', organizer, 'an organizer cannot read assignments', { match: own }),
    allow('select', office, 'the office reads the assignments of any class', held(class203)),
    allow('select', 'service', 'the service role reads assignments', { match: own }),

    allow('insert', teacher, 'a teacher assigns a lesson to a class they teach', toInsert(class201, teacher.userId)),
    deny('insert', teacher, 'a teacher cannot assign a lesson to a class they do not teach', toInsert(class202, teacher.userId)),
    deny('insert', teacher, "a teacher cannot assign a lesson in a colleague's name", toInsert(class201, teacher113.userId)),
    deny('insert', teacher113, 'a teacher of another class cannot assign a lesson to this class', toInsert(class201, teacher113.userId)),
    deny('insert', disabled, 'a disabled teacher cannot assign a lesson to the class they taught', toInsert(class201, disabled.userId, disabledTeacher.given)),
    allow('insert', schoolAdmin, 'a school admin assigns a lesson to any class of their school', toInsert(class202, schoolAdmin.userId)),
    deny('insert', schoolAdmin, 'a school admin cannot assign a lesson to a class of another school', toInsert(class203, schoolAdmin.userId)),
    deny('insert', 'anon', 'a visitor cannot assign a lesson', toInsert(class201, null)),
    deny('insert', student, 'a student cannot assign a lesson to their own class', toInsert(class201, student.userId)),
    deny('insert', volunteer, 'a volunteer cannot assign a lesson', toInsert(class201, volunteer.userId)),
    deny('insert', organizer, 'an organizer cannot assign a lesson', toInsert(class201, organizer.userId)),
    deny('insert', office, 'the office cannot assign a lesson to a class', toInsert(class203, office.userId)),
    allow('insert', 'service', 'the service role assigns a lesson', toInsert(class203, null)),

    allow('update', teacher, 'a teacher moves the due date of an assignment of their class', { match: own, values: later }),
    deny('update', teacher, 'a teacher cannot move an assignment to a class they do not teach', { match: own, values: { class_id: class202 } }),
    deny('update', teacher113, 'a teacher of another class cannot move the due date of this class', { match: own, values: later }),
    deny('update', teacher122, 'a teacher of another school cannot move the due date of this class', { match: own, values: later }),
    deny('update', disabled, 'a disabled teacher cannot move the due date of the class they taught', { match: own, values: later, given: disabledTeacher.given }),
    allow('update', schoolAdmin, 'a school admin moves the due date of an assignment in their school', { match: own, values: later }),
    deny('update', schoolAdmin, 'a school admin cannot move the due date of an assignment of another school', { ...held(class203), values: later }),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) =>
      deny('update', as, `${who(as)} cannot move the due date of an assignment`, { match: own, values: later }),
    ),
    allow('update', 'service', 'the service role moves the due date of an assignment', { match: own, values: later }),

    allow('delete', teacher, 'a teacher withdraws an assignment of their class', held(class201)),
    deny('delete', teacher113, 'a teacher of another class cannot withdraw an assignment of this class', held(class201)),
    deny('delete', teacher122, 'a teacher of another school cannot withdraw an assignment of this class', held(class201)),
    deny('delete', disabled, 'a disabled teacher cannot withdraw an assignment of the class they taught', held(class201, disabledTeacher.given)),
    allow('delete', schoolAdmin, 'a school admin withdraws an assignment of any class of their school', held(class202)),
    deny('delete', schoolAdmin, 'a school admin cannot withdraw an assignment of another school', held(class203)),
    ...(['anon', student, volunteer, organizer, office] as const).map((as) => deny('delete', as, `${who(as)} cannot withdraw an assignment`, held(class201))),
    allow('delete', 'service', 'the service role withdraws an assignment', held(class201)),
  ];
});

/** The learning tables' cases, grouped by table in the order of `learningTables`. */
export const learningTableCases: TableCase[] = [
  ...quizzes,
  ...questions,
  ...lessons,
  ...contests,
  ...attempts,
  ...attemptAnswers,
  ...sealedAnswers,
  ...lessonProgress,
  ...assignments,
  ...certificates,
];

// ---------------------------------------------------------------------------------------------
// Function cases. anon has no execute grant on any of them but verify_certificate (42501); the
// others refuse a caller with their own SQLSTATE, which counts as a deny where the case names it.

const everyone: Actor[] = [...nonService, 'service'];
type Call = Omit<RpcCase, 'fn' | 'as' | 'expect' | 'name' | 'cleanup'> & Partial<Pick<RpcCase, 'cleanup'>>;
const call = (fn: RpcFunction, as: Actor, name: string, expect: 'allow' | 'deny', spec: Call): RpcCase => ({ name, fn, as, expect, cleanup: [], ...spec });
/** A deny: anon is turned away by the missing grant, everyone else by the function's `refusal`. */
const refused = (fn: RpcFunction, as: Actor, name: string, refusal: string, spec: Call): RpcCase => call(fn, as, name, 'deny', as === 'anon' ? spec : { ...spec, refusal });

const syncCases = everyone.map((as) =>
  as === 'service'
    ? call('sync_content', as, 'the service role syncs the content', 'allow', { args: { p_payload: syncPayload } })
    : call('sync_content', as, `${who(as)} cannot sync the content`, 'deny', { args: { p_payload: syncPayload } }),
);

const questionIdCases = everyone.map((as) => {
  const quiz = ownQuiz();
  const spec = { args: { p_quiz_id: quiz.quiz }, given: quiz.given };
  return as === 'anon'
    ? call('quiz_question_ids', as, 'a visitor cannot list the question ids of a quiz', 'deny', spec)
    : call('quiz_question_ids', as, `${who(as)} lists the question ids of a quiz and nothing more`, 'allow', {
        ...spec,
        result: { columns: ['quiz_question_ids'], rows: [{ quiz_question_ids: quiz.questionIds }] },
      });
});

const startCases = everyone.map((as) => {
  const quiz = ownQuiz();
  const seed = seedNumber();
  const spec: Call = {
    args: { p_quiz_id: quiz.quiz, p_question_ids: quiz.questionIds, p_seed: seed },
    given: quiz.given,
    cleanup: [{ table: 'attempts', match: { seed } }],
  };
  // What the student may see of each question: no answer, no explanation.
  const shown = quiz.questions.map((q) => ({ id: q['question_id'] ?? null, type: q['type'] ?? null, stem: q['stem'] ?? null, options: q['options'] ?? null }));
  return as === student
    ? call('start_attempt', as, 'a student starts an attempt and receives no answer keys', 'allow', {
        ...spec,
        result: { columns: ['attempt_id', 'deadline_at', 'questions'], rows: [{ questions: shown }] },
      })
    : refused('start_attempt', as, `${who(as)} cannot start an attempt`, 'QYFOR', spec);
});

// submit_attempt has no role check: it finds only the caller's own attempt, so anyone else gets QYNOF.
const submitCases = [classmate, ...everyone].map((as) => {
  const attempt = openAttempt(student.userId);
  const spec: Call = {
    args: { p_attempt_id: attempt['attempt_id'] ?? null, p_responses: { 'rls-quiz-1': 'a', 'rls-quiz-2': ['a', 'c'], 'rls-quiz-3': false } },
    given: [given('attempts', attempt)], // its answers go with it
  };
  return as === student
    ? call('submit_attempt', as, 'a student submits their own attempt', 'allow', spec)
    : as === classmate
      ? refused('submit_attempt', as, "a classmate cannot submit someone else's attempt", 'QYNOF', spec)
      : refused('submit_attempt', as, `${who(as)} cannot submit a student's attempt`, 'QYNOF', spec);
});

// Practice draws are claimed by the server alone (service role), once.
const claimArgs = (): Call => ({ args: { p_nonce: uuid(), p_expires_at: '2099-01-01T00:00:00+00:00' } });
const claimCases = [
  ...nonService.map((as) => call('claim_practice_draw', as, `${who(as)} cannot mark a practice draw as graded`, 'deny', claimArgs())),
  call('claim_practice_draw', 'service', 'the service role marks a practice draw as graded', 'allow', {
    ...claimArgs(),
    result: { columns: ['claim_practice_draw'], rows: [{ claim_practice_draw: true }] },
  }),
];

const statusCases = [
  call('certificate_status', student, 'a student reads their certificate standing', 'allow', {
    args: {},
    result: { columns: ['band', 'school_year', 'required', 'mastered', 'code'], rows: [{ band: 'primary-middle', school_year: schoolYearNow }] },
  }),
  call('certificate_status', 'anon', 'a visitor cannot read a certificate standing', 'deny', { args: {} }),
];

const issueCases = everyone.map((as) => {
  if (as !== student) return refused('issue_certificate', as, `${who(as)} cannot claim a certificate`, 'QYFOR', { args: {} });
  // This year's certificate is already there, so the call hands back its code and writes nothing.
  const code = newCode();
  return call('issue_certificate', as, 'a student claims their certificate of this school year', 'allow', {
    args: {},
    given: [given('certificates', { certificate_id: uuid(), student_id: student.userId, school_year: schoolYearNow, band: 'primary-middle', code })],
    result: { columns: ['issue_certificate'], rows: [{ issue_certificate: code }] },
  });
});

// Public verification shows the school, the year, the band and the name's first character
// (and when it was issued): never the full name, the student's id or anything else.
const verified = {
  columns: ['school_name', 'school_year', 'band', 'name_initial', 'issued_at'],
  rows: [{ school_name: '清源实验小学', school_year: 2024, band: 'primary-middle', name_initial: '王' }],
};
const verifyCases = [
  ...everyone.map((as) =>
    call('verify_certificate', as, `${who(as)} verifies a certificate and learns only its school, year, band and initial`, 'allow', {
      args: { p_code: code1001 },
      result: verified,
    }),
  ),
  call('verify_certificate', 'anon', 'a visitor verifies a certificate code typed in lower case', 'allow', {
    args: { p_code: code1001.toLowerCase() },
    result: verified,
  }),
  call('verify_certificate', 'anon', 'a visitor learns nothing from an unknown certificate code', 'allow', {
    args: { p_code: 'ZZZZZZZZZZ' },
    result: { columns: verified.columns, rows: [] },
  }),
];

// The fixture contest uses the primary bank (grades 3-6): only school 11 has such classes.
const statsColumns = ['school_id', 'school_name', 'district_name', 'students', 'participants', 'passed', 'excellent', 'score_sum'];
const stats = { args: { p_contest_id: contestId } };
const statsCases = [
  call('contest_school_stats', office, 'the office reads the contest figures of every school', 'allow', {
    ...stats,
    result: { columns: statsColumns, rows: [{ school_id: school11 }] },
  }),
  call('contest_school_stats', schoolAdmin, 'a school admin reads the contest figures of their school', 'allow', {
    ...stats,
    result: { columns: statsColumns, rows: [{ school_id: school11 }] },
  }),
  call('contest_school_stats', schoolAdmin121, 'a school admin reads no figures of another school', 'allow', {
    ...stats,
    result: { columns: statsColumns, rows: [] },
  }),
  ...everyone.filter((as) => as !== office && as !== schoolAdmin).map((as) => refused('contest_school_stats', as, `${who(as)} cannot read contest figures`, 'QYFOR', stats)),
];

/** The learning functions' cases. */
export const learningRpcCases: RpcCase[] = [
  ...syncCases,
  ...questionIdCases,
  ...startCases,
  ...submitCases,
  ...claimCases,
  ...statusCases,
  ...issueCases,
  ...verifyCases,
  ...statsCases,
];
