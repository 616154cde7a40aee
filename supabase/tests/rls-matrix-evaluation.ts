// The RLS matrix for the effect-evaluation tables (supabase/migrations/20261204130000_evaluation.sql):
// every table × role × operation with an allow or a deny case, in the case shape of
// rls-matrix-events.ts. Nobody but the service role writes any of these tables (every write goes
// through a function); the office reads rounds, schools and classes, the staff of a school taking
// part their own school's, a pupil their own class's; the surveys (with keys), the responses and
// the markers are read by the service role alone. rls-evaluation.test.ts runs the cases.

export const evaluationTables = [
  'evaluation_surveys',
  'evaluation_rounds',
  'evaluation_round_schools',
  'evaluation_classes',
  'evaluation_responses',
  'evaluation_markers',
] as const;
export type EvaluationTable = (typeof evaluationTables)[number];
type AppRole = 'student' | 'teacher' | 'school_admin' | 'volunteer' | 'organizer' | 'office';
type Operation = 'select' | 'insert' | 'update' | 'delete';
type Value = string | number | boolean | null;
type Row = Record<string, Value>;
interface Account {
  userId: string;
  appRole: AppRole;
  schoolId: string | null;
}
export type Actor = Account | 'anon' | 'service';
interface Given {
  table: EvaluationTable;
  values: Row;
}
export interface EvaluationTableCase {
  name: string;
  table: EvaluationTable;
  op: Operation;
  as: Actor;
  expect: 'allow' | 'deny';
  match: Row;
  values?: Row;
  given?: Given[];
}

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const account = (n: number, appRole: AppRole, school: number | null): Account => ({ userId: id(n), appRole, schoolId: school === null ? null : id(school) });
const student = account(1001, 'student', 11); // class 201 of school 11
const teacher = account(112, 'teacher', 11);
const schoolAdmin = account(111, 'school_admin', 11);
const volunteer = account(141, 'volunteer', null);
const organizer = account(131, 'organizer', null);
const office = account(101, 'office', null);
export const evaluationActors: Actor[] = ['anon', student, teacher, schoolAdmin, volunteer, organizer, office, 'service'];
const who = (a: Actor): string =>
  a === 'anon'
    ? 'a visitor'
    : a === 'service'
      ? 'the service role'
      : { student: 'a student', teacher: 'a teacher', school_admin: 'a school admin', volunteer: 'a volunteer', organizer: 'an organizer', office: 'the office' }[a.appRole];

// The fixture: round 970001 with school 11 (classes 201 pretested, 202 posttest only), round
// 970002 with school 12 (class 203), one response and one marker.
const ownRound = id(970_001);
const otherRound = id(970_002);
const survey: Row = { survey_id: 'rls-survey', version: 1, title: '权限测试问卷', bands: '{junior}', points: 5, items: '[]' };
const round = (roundId: string): Row => ({
  round_id: roundId,
  school_year: 2026,
  title: '权限测试评估',
  bands: '{primary-middle,primary-upper,junior}',
  seed: 1,
  pre_opens_at: '2026-09-01T00:00:00Z',
  pre_closes_at: '2026-09-10T00:00:00Z',
  post_opens_at: '2027-05-01T00:00:00Z',
  post_closes_at: '2027-05-10T00:00:00Z',
});
const arm = (roundId: string, classId: string, schoolId: string, kind: string): Row => ({
  round_id: roundId,
  class_id: classId,
  school_id: schoolId,
  grade: 3,
  band: 'primary-middle',
  survey_id: 'rls-survey',
  survey_version: 1,
  arm: kind,
});
const response = (responseId: string): Row => ({
  response_id: responseId,
  round_id: ownRound,
  class_id: id(201),
  phase: 'post',
  answers: '{}',
  knowledge: 50,
  harm: 50,
  norms: 50,
  refusal: 50,
  intention: 50,
});
const fixture: Given[] = [
  { table: 'evaluation_surveys', values: survey },
  { table: 'evaluation_rounds', values: round(ownRound) },
  { table: 'evaluation_rounds', values: round(otherRound) },
  { table: 'evaluation_round_schools', values: { round_id: ownRound, school_id: id(11) } },
  { table: 'evaluation_round_schools', values: { round_id: otherRound, school_id: id(12) } },
  { table: 'evaluation_classes', values: arm(ownRound, id(201), id(11), 'pretest') },
  { table: 'evaluation_classes', values: arm(ownRound, id(202), id(11), 'posttest_only') },
  { table: 'evaluation_classes', values: arm(otherRound, id(203), id(12), 'pretest') },
  { table: 'evaluation_responses', values: response(id(970_101)) },
  { table: 'evaluation_markers', values: { marker: 'a'.repeat(64) } },
];

/** Writes the fixture rows that are absent (as the owner); safe to repeat. */
export async function setUpEvaluationFixture(insertIfAbsent: (row: Given) => Promise<void>): Promise<void> {
  for (const row of fixture) await insertIfAbsent(row);
}

let serial = 0;
const fresh = (): string => crypto.randomUUID();
/** For each table: a visible target, a row to insert, a change, and a row that exists for one case (to delete). */
const shapes: Record<EvaluationTable, { target: Row; insert: () => { values: Row; given: Given[] }; change: Row; doomed: () => { match: Row; given: Given[] } }> = {
  evaluation_surveys: {
    target: { survey_id: 'rls-survey' },
    insert: () => ({ values: { ...survey, survey_id: `rls-survey-${serial++}` }, given: [] }),
    change: { title: '改名' },
    doomed: () => {
      const s = { ...survey, survey_id: `rls-survey-${serial++}` };
      return { match: { survey_id: s['survey_id'] ?? null }, given: [{ table: 'evaluation_surveys', values: s }] };
    },
  },
  evaluation_rounds: {
    target: { round_id: ownRound },
    insert: () => ({ values: round(fresh()), given: [] }),
    change: { title: '改名的评估' },
    doomed: () => {
      const r = round(fresh());
      return { match: { round_id: r['round_id'] ?? null }, given: [{ table: 'evaluation_rounds', values: r }] };
    },
  },
  evaluation_round_schools: {
    target: { round_id: ownRound, school_id: id(11) },
    insert: () => {
      const r = round(fresh());
      return { values: { round_id: r['round_id'] ?? null, school_id: id(11) }, given: [{ table: 'evaluation_rounds', values: r }] };
    },
    change: { school_id: id(12) },
    doomed: () => {
      const r = round(fresh());
      return {
        match: { round_id: r['round_id'] ?? null },
        given: [
          { table: 'evaluation_rounds', values: r },
          { table: 'evaluation_round_schools', values: { round_id: r['round_id'] ?? null, school_id: id(11) } },
        ],
      };
    },
  },
  evaluation_classes: {
    target: { round_id: ownRound, class_id: id(201) },
    insert: () => {
      const r = round(fresh());
      return { values: arm(String(r['round_id']), id(201), id(11), 'pretest'), given: [{ table: 'evaluation_rounds', values: r }] };
    },
    change: { arm: 'posttest_only' },
    doomed: () => {
      const r = round(fresh());
      return {
        match: { round_id: r['round_id'] ?? null },
        given: [
          { table: 'evaluation_rounds', values: r },
          { table: 'evaluation_classes', values: arm(String(r['round_id']), id(201), id(11), 'pretest') },
        ],
      };
    },
  },
  evaluation_responses: {
    target: { response_id: id(970_101) },
    insert: () => ({ values: response(fresh()), given: [] }),
    change: { harm: 100 },
    doomed: () => {
      const r = response(fresh());
      return { match: { response_id: r['response_id'] ?? null }, given: [{ table: 'evaluation_responses', values: r }] };
    },
  },
  evaluation_markers: {
    target: { marker: 'a'.repeat(64) },
    insert: () => ({ values: { marker: 'b'.repeat(63) + String(serial++ % 10) }, given: [] }),
    change: { marker: 'c'.repeat(64) },
    doomed: () => {
      const m = 'd'.repeat(63) + String(serial++ % 10);
      return { match: { marker: m }, given: [{ table: 'evaluation_markers', values: { marker: m } }] };
    },
  },
};

/** Who reads which fixture rows: an allow target and, where some rows are readable, a deny target. */
const reads: Record<EvaluationTable, (a: Actor) => { allow?: Row; deny: Row | null }> = {
  evaluation_surveys: (a) => (a === 'service' ? { allow: { survey_id: 'rls-survey' }, deny: null } : { deny: { survey_id: 'rls-survey' } }),
  evaluation_rounds: (a) =>
    a === 'service' || (a !== 'anon' && a.appRole === 'office')
      ? { allow: { round_id: otherRound }, deny: null }
      : a !== 'anon' && ['student', 'teacher', 'school_admin'].includes(a.appRole)
        ? { allow: { round_id: ownRound }, deny: { round_id: otherRound } }
        : { deny: { round_id: ownRound } },
  evaluation_round_schools: (a) =>
    a === 'service' || (a !== 'anon' && a.appRole === 'office')
      ? { allow: { round_id: otherRound }, deny: null }
      : a !== 'anon' && ['teacher', 'school_admin'].includes(a.appRole)
        ? { allow: { round_id: ownRound }, deny: { round_id: otherRound } }
        : { deny: { round_id: ownRound } },
  evaluation_classes: (a) =>
    a === 'service' || (a !== 'anon' && a.appRole === 'office')
      ? { allow: { class_id: id(203) }, deny: null }
      : a !== 'anon' && ['teacher', 'school_admin'].includes(a.appRole)
        ? { allow: { class_id: id(202) }, deny: { class_id: id(203) } }
        : a !== 'anon' && a.appRole === 'student'
          ? { allow: { class_id: id(201) }, deny: { class_id: id(202) } }
          : { deny: { round_id: ownRound } },
  evaluation_responses: (a) => (a === 'service' ? { allow: { response_id: id(970_101) }, deny: null } : { deny: {} }),
  evaluation_markers: (a) => (a === 'service' ? { allow: { marker: 'a'.repeat(64) }, deny: null } : { deny: {} }),
};

export const evaluationTableCases: EvaluationTableCase[] = evaluationTables.flatMap((table) =>
  evaluationActors.flatMap((as): EvaluationTableCase[] => {
    const shape = shapes[table];
    const read = reads[table](as);
    const write = as === 'service' ? 'allow' : 'deny';
    const verb = as === 'service' ? '' : ' cannot';
    const cases: EvaluationTableCase[] = [];
    if (read.allow) cases.push({ name: `${who(as)} reads ${table} rows it may see`, table, op: 'select', as, expect: 'allow', match: read.allow });
    if (read.deny) cases.push({ name: `${who(as)} cannot read ${table} rows beyond its own`, table, op: 'select', as, expect: 'deny', match: read.deny });
    const inserted = shape.insert();
    cases.push({
      name: `${who(as)}${verb} insert${verb ? '' : 's'} into ${table}`,
      table,
      op: 'insert',
      as,
      expect: write,
      match: {},
      values: inserted.values,
      given: inserted.given,
    });
    cases.push({ name: `${who(as)}${verb} update${verb ? '' : 's'} ${table}`, table, op: 'update', as, expect: write, match: shape.target, values: shape.change });
    const doomed = shape.doomed();
    cases.push({ name: `${who(as)}${verb} delete${verb ? '' : 's'} from ${table}`, table, op: 'delete', as, expect: write, match: doomed.match, given: doomed.given });
    return cases;
  }),
);
