// The RLS matrix for the volunteer-event tables (supabase/migrations/20261129001000_events.sql)
// and the event functions (20261129001010_event_functions.sql, 20261129001030_event_fixes.sql): every table × role × operation,
// in the case shape of rls-matrix-common.ts, so the shared suites can take them as they are.
// Targets are rows of the events fixture below (fixed ids, written only if absent) or `given`
// rows that exist for one case only. rls-events.test.ts runs them until they join the matrix.

export const eventTables = ['events', 'volunteer_profiles', 'event_signups', 'household_visits', 'event_checkin_attempts'] as const;
export type EventTable = (typeof eventTables)[number];
type AppRole = 'student' | 'teacher' | 'school_admin' | 'volunteer' | 'organizer' | 'office';
type Operation = 'select' | 'insert' | 'update' | 'delete';
type Value = string | number | boolean | null;
type Row = Record<string, Value>;
interface Account {
  userId: string;
  appRole: AppRole;
  schoolId: string | null;
}
type Actor = Account | 'anon' | 'service';
interface Given {
  table: EventTable | 'users';
  values: Row;
}
export interface EventTableCase {
  name: string;
  table: EventTable;
  op: Operation;
  as: Actor;
  expect: 'allow' | 'deny';
  match: Row;
  values?: Row;
  given?: Given[];
}
export interface EventRpcCase {
  name: string;
  fn: string;
  args: Row;
  as: Actor;
  expect: 'allow' | 'deny';
  refusal?: string;
  given?: Given[];
  cleanup: { table: EventTable; match: Row }[];
}

export const eventPrimaryKeys: Record<EventTable, string[]> = {
  events: ['event_id'],
  volunteer_profiles: ['user_id'],
  event_signups: ['signup_id'],
  household_visits: ['visit_id'],
  event_checkin_attempts: ['attempt_id'],
};

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const account = (n: number, appRole: AppRole, school: number | null): Account => ({ userId: id(n), appRole, schoolId: school === null ? null : id(school) });
const office = account(101, 'office', null);
const schoolAdmin = account(111, 'school_admin', 11);
const teacher = account(112, 'teacher', 11);
const student = account(1001, 'student', 11);
const organizer = account(131, 'organizer', null);
const volunteer = account(141, 'volunteer', null); // 王老师: signed up to the fixture event
const otherVolunteer = account(142, 'volunteer', null); // 张医生: signed up too; their phone is what others must not read
const everyone: Actor[] = ['anon', student, teacher, schoolAdmin, volunteer, organizer, office, 'service'];
const who = (a: Actor): string =>
  a === 'anon'
    ? 'a visitor'
    : a === 'service'
      ? 'the service role'
      : { student: 'a student', teacher: 'a teacher', school_admin: 'a school admin', volunteer: 'a volunteer', organizer: 'an organizer', office: 'the office' }[a.appRole];

// The fixture: an event of organizer 131 (a 进家庭 visit), both demo volunteers signed up with
// profiles, a household visit logged by each, and a wrong check-in code entered by each.
export const fixtureEvent = id(900_401);
const signup141 = id(900_411);
const signup142 = id(900_412);
const visit141 = id(900_421);
const visit142 = id(900_422);
const attempt141 = id(900_431);
const attempt142 = id(900_432);
const fixtureRows: Given[] = [
  {
    table: 'events',
    values: {
      event_id: fixtureEvent,
      organizer_id: organizer.userId,
      district_id: id(1),
      community: '权限测试社区',
      title: '权限测试活动',
      kind: 'family',
      starts_at: '2030-06-26T01:00:00+00:00',
      ends_at: '2030-06-26T03:00:00+00:00',
      capacity: 10,
      cancel_cutoff: '2030-06-25T01:00:00+00:00',
      contact: '0571-0000 0000',
      seats_taken: 2,
    },
  },
  { table: 'volunteer_profiles', values: { user_id: volunteer.userId, category: 'retired_teacher', phone: '13800138001' } },
  { table: 'volunteer_profiles', values: { user_id: otherVolunteer.userId, category: 'retired_doctor', phone: '13800138002' } },
  { table: 'event_signups', values: { signup_id: signup141, event_id: fixtureEvent, volunteer_id: volunteer.userId, status: 'confirmed' } },
  { table: 'event_signups', values: { signup_id: signup142, event_id: fixtureEvent, volunteer_id: otherVolunteer.userId, status: 'confirmed' } },
  { table: 'household_visits', values: { visit_id: visit141, event_id: fixtureEvent, volunteer_id: volunteer.userId, community: '权限测试社区', households: 3 } },
  { table: 'household_visits', values: { visit_id: visit142, event_id: fixtureEvent, volunteer_id: otherVolunteer.userId, community: '权限测试社区', households: 4 } },
  { table: 'event_checkin_attempts', values: { attempt_id: attempt141, event_id: fixtureEvent, volunteer_id: volunteer.userId } },
  { table: 'event_checkin_attempts', values: { attempt_id: attempt142, event_id: fixtureEvent, volunteer_id: otherVolunteer.userId } },
];

/** Writes the fixture rows that are absent (as the owner); safe to run on a shared server any number of times. */
export async function setUpEventsFixture(insertIfAbsent: (row: Given) => Promise<void>): Promise<void> {
  for (const row of fixtureRows) await insertIfAbsent(row);
}

const uuid = (): string => crypto.randomUUID();
const freshEvent = (): Row => ({ ...(fixtureRows[0]?.values ?? {}), event_id: uuid(), title: '临时活动', seats_taken: 0 });
const freshVolunteer = (): Row => ({ user_id: uuid(), role: 'volunteer', display_name: '临时志愿者', school_id: null });

const cases: EventTableCase[] = [];
const add = (table: EventTable, op: Operation, as: Actor, expect: 'allow' | 'deny', name: string, spec: Pick<EventTableCase, 'match'> & Partial<EventTableCase>): void => {
  cases.push({ name, table, op, as, expect, ...spec });
};

// events: everyone reads; only the functions (and the service role) write.
for (const as of everyone) {
  const ok = as === 'service' ? 'allow' : 'deny';
  const can = as === 'service' ? '' : ' cannot';
  add('events', 'select', as, 'allow', `${who(as)} reads the events`, { match: { event_id: fixtureEvent } });
  add('events', 'insert', as, ok, `${who(as)}${can} write an event directly`, { match: {}, values: { ...freshEvent(), organizer_id: organizer.userId } });
  add('events', 'update', as, ok, `${who(as)}${can} change an event directly`, { match: { event_id: fixtureEvent }, values: { seats_taken: 0 } });
  const doomed = freshEvent();
  add('events', 'delete', as, ok, `${who(as)}${can} delete an event`, { match: { event_id: doomed['event_id'] ?? null }, given: [{ table: 'events', values: doomed }] });
}

// volunteer_profiles: the volunteer, organizers of their events, the office; never another volunteer.
const profileOf142 = { user_id: otherVolunteer.userId };
add('volunteer_profiles', 'select', volunteer, 'allow', 'a volunteer reads their own profile', { match: { user_id: volunteer.userId } });
add('volunteer_profiles', 'select', volunteer, 'deny', "a volunteer cannot read another volunteer's phone", { match: profileOf142 });
add('volunteer_profiles', 'select', organizer, 'allow', 'an organizer reads the profiles of volunteers signed up to their events', { match: profileOf142 });
add('volunteer_profiles', 'select', office, 'allow', 'the office reads volunteer profiles', { match: profileOf142 });
add('volunteer_profiles', 'select', 'service', 'allow', 'the service role reads volunteer profiles', { match: profileOf142 });
for (const as of ['anon', student, teacher, schoolAdmin] as Actor[])
  add('volunteer_profiles', 'select', as, 'deny', `${who(as)} cannot read volunteer profiles`, { match: profileOf142 });
{
  const other = { user_id: uuid(), role: 'organizer', display_name: '临时组织者', school_id: null };
  add(
    'volunteer_profiles',
    'select',
    { userId: String(other.user_id), appRole: 'organizer', schoolId: null },
    'deny',
    'an organizer cannot read profiles of volunteers who did not sign up to their events',
    { match: profileOf142, given: [{ table: 'users', values: other }] },
  );
}
{
  const fresh = freshVolunteer();
  const as: Account = { userId: String(fresh['user_id']), appRole: 'volunteer', schoolId: null };
  add('volunteer_profiles', 'insert', as, 'allow', 'a volunteer creates their own profile', {
    match: {},
    values: { user_id: as.userId, category: 'student', phone: null },
    given: [{ table: 'users', values: fresh }],
  });
}
for (const as of everyone.filter((a) => a !== 'service')) {
  const fresh = freshVolunteer();
  add('volunteer_profiles', 'insert', as, 'deny', `${who(as)} cannot create a profile for someone else`, {
    match: {},
    values: { user_id: String(fresh['user_id']), category: 'other' },
    given: [{ table: 'users', values: fresh }],
  });
}
{
  const fresh = freshVolunteer();
  add('volunteer_profiles', 'insert', 'service', 'allow', 'the service role creates a profile', {
    match: {},
    values: { user_id: String(fresh['user_id']), category: 'other' },
    given: [{ table: 'users', values: fresh }],
  });
}
add('volunteer_profiles', 'update', volunteer, 'allow', 'a volunteer edits their own profile', { match: { user_id: volunteer.userId }, values: { organization: '退休教师协会' } });
add('volunteer_profiles', 'update', volunteer, 'deny', "a volunteer cannot edit another volunteer's profile", { match: profileOf142, values: { phone: '13900000000' } });
add('volunteer_profiles', 'update', 'service', 'allow', 'the service role edits a profile', { match: profileOf142, values: { organization: '市医院' } });
for (const as of ['anon', student, teacher, schoolAdmin, organizer, office] as Actor[])
  add('volunteer_profiles', 'update', as, 'deny', `${who(as)} cannot edit a volunteer profile`, { match: profileOf142, values: { phone: '13900000000' } });
for (const as of everyone) {
  const ok = as === 'service' ? 'allow' : 'deny';
  add('volunteer_profiles', 'delete', as, ok, `${who(as)}${as === 'service' ? '' : ' cannot'} delete a volunteer profile`, { match: profileOf142 });
}

// event_signups, household_visits and event_checkin_attempts: the volunteer, the event's organizer, the office; written by the functions.
const rowTables = [
  ['event_signups', 'signup_id', signup141, signup142, 'sign-up'],
  ['household_visits', 'visit_id', visit141, visit142, 'household visit'],
  ['event_checkin_attempts', 'attempt_id', attempt141, attempt142, 'wrong check-in code'],
] as const;
for (const [table, key, mine, theirs, noun] of rowTables) {
  add(table, 'select', volunteer, 'allow', `a volunteer reads their own ${noun}`, { match: { [key]: mine } });
  add(table, 'select', volunteer, 'deny', `a volunteer cannot read another volunteer's ${noun}`, { match: { [key]: theirs } });
  add(table, 'select', organizer, 'allow', `an organizer reads the ${noun}s of their events`, { match: { [key]: theirs } });
  add(table, 'select', office, 'allow', `the office reads ${noun}s`, { match: { [key]: theirs } });
  add(table, 'select', 'service', 'allow', `the service role reads ${noun}s`, { match: { [key]: theirs } });
  for (const as of ['anon', student, teacher, schoolAdmin] as Actor[]) add(table, 'select', as, 'deny', `${who(as)} cannot read ${noun}s`, { match: { [key]: theirs } });
  for (const as of everyone) {
    const ok = as === 'service' ? 'allow' : 'deny';
    const can = as === 'service' ? '' : ' cannot';
    const fresh = freshVolunteer();
    const row: Row =
      table === 'event_signups'
        ? { signup_id: uuid(), event_id: fixtureEvent, volunteer_id: String(fresh['user_id']), status: 'confirmed' }
        : table === 'household_visits'
          ? { visit_id: uuid(), event_id: fixtureEvent, volunteer_id: String(fresh['user_id']), community: '权限测试社区', households: 1 }
          : { attempt_id: uuid(), event_id: fixtureEvent, volunteer_id: String(fresh['user_id']) };
    const change: Row = table === 'event_signups' ? { status: 'attended' } : table === 'household_visits' ? { households: 99 } : { attempted_at: '2000-01-01T00:00:00+00:00' };
    add(table, 'insert', as, ok, `${who(as)}${can} write a ${noun} directly`, { match: {}, values: row, given: [{ table: 'users', values: fresh }] });
    add(table, 'update', as, ok, `${who(as)}${can} change a ${noun} directly`, { match: { [key]: mine }, values: change });
    add(table, 'delete', as, ok, `${who(as)}${can} delete a ${noun}`, { match: { [key]: mine } });
  }
}

{
  const other = { user_id: uuid(), role: 'organizer', display_name: '临时组织者', school_id: null };
  add(
    'event_checkin_attempts',
    'select',
    { userId: String(other.user_id), appRole: 'organizer', schoolId: null },
    'deny',
    "an organizer cannot read the wrong check-in codes of another organizer's event",
    { match: { attempt_id: attempt142 }, given: [{ table: 'users', values: other }] },
  );
}

export const eventTableCases: EventTableCase[] = cases;

/** An event whose hours are confirmed, with a household visit of volunteer 141: rows for one case. */
function confirmedEventWithVisit(): { visitId: string; given: Given[] } {
  const eventId = uuid();
  const visitId = uuid();
  return {
    visitId,
    given: [
      {
        table: 'events',
        values: {
          ...freshEvent(),
          event_id: eventId,
          title: '已确认时长的活动',
          starts_at: '2020-06-26T01:00:00+00:00',
          ends_at: '2020-06-26T03:00:00+00:00',
          cancel_cutoff: '2020-06-25T01:00:00+00:00',
          status: 'closed',
          hours_confirmed_at: '2020-06-26T04:00:00+00:00',
          seats_taken: 1,
        },
      },
      {
        table: 'event_signups',
        values: { signup_id: uuid(), event_id: eventId, volunteer_id: volunteer.userId, status: 'attended', hours: 2, hours_confirmed_at: '2020-06-26T04:00:00+00:00' },
      },
      { table: 'household_visits', values: { visit_id: visitId, event_id: eventId, volunteer_id: volunteer.userId, community: '权限测试社区', households: 6 } },
    ],
  };
}
const correct = (visitId: string): Row => ({ p_visit_id: visitId, p_community: '更正后的社区', p_households: 5 });
const otherOrganizer = { user_id: uuid(), role: 'organizer', display_name: '临时组织者', school_id: null };

/** Who may correct or remove a household-visit entry (update_household_visit, delete_household_visit). */
const visitRpcCases: EventRpcCase[] = [];
for (const [fn, verb, args] of [
  ['update_household_visit', 'correct', correct],
  ['delete_household_visit', 'remove', (visitId: string): Row => ({ p_visit_id: visitId })],
] as const) {
  visitRpcCases.push(
    { name: `a volunteer can ${verb} their own household visit before the hours are confirmed`, fn, args: args(visit141), as: volunteer, expect: 'allow', cleanup: [] },
    { name: `a volunteer cannot ${verb} another volunteer's household visit`, fn, args: args(visit142), as: volunteer, expect: 'deny', refusal: 'QYFOR', cleanup: [] },
    { name: `an organizer can ${verb} a household visit of their event`, fn, args: args(visit142), as: organizer, expect: 'allow', cleanup: [] },
    {
      name: `another organizer cannot ${verb} a household visit`,
      fn,
      args: args(visit142),
      as: { userId: String(otherOrganizer.user_id), appRole: 'organizer', schoolId: null },
      expect: 'deny',
      refusal: 'QYFOR',
      given: [{ table: 'users', values: otherOrganizer }],
      cleanup: [],
    },
    { name: `a student cannot ${verb} a household visit`, fn, args: args(visit141), as: student, expect: 'deny', refusal: 'QYFOR', cleanup: [] },
    { name: `a visitor cannot ${verb} a household visit`, fn, args: args(visit141), as: 'anon', expect: 'deny', cleanup: [] },
  );
  const locked = confirmedEventWithVisit();
  visitRpcCases.push({
    name: `a volunteer cannot ${verb} their household visit once the hours are confirmed`,
    fn,
    args: args(locked.visitId),
    as: volunteer,
    expect: 'deny',
    refusal: 'QYCLO',
    given: locked.given,
    cleanup: [],
  });
  const byOrganizer = confirmedEventWithVisit();
  visitRpcCases.push({
    name: `the organizer can still ${verb} a household visit after the hours are confirmed`,
    fn,
    args: args(byOrganizer.visitId),
    as: organizer,
    expect: 'allow',
    given: byOrganizer.given,
    cleanup: [],
  });
  const byOffice = confirmedEventWithVisit();
  visitRpcCases.push({
    name: `the office can still ${verb} a household visit after the hours are confirmed`,
    fn,
    args: args(byOffice.visitId),
    as: office,
    expect: 'allow',
    given: byOffice.given,
    cleanup: [],
  });
}

/** Functions with a narrower grant than everyone, or a check of the caller. */
export const eventRpcCases: EventRpcCase[] = [
  { name: 'a visitor cannot sign up', fn: 'sign_up_for_event', args: { p_event_id: fixtureEvent }, as: 'anon', expect: 'deny', cleanup: [] },
  {
    name: 'a student cannot sign up for a volunteer event',
    fn: 'sign_up_for_event',
    args: { p_event_id: fixtureEvent },
    as: student,
    expect: 'deny',
    refusal: 'QYFOR',
    cleanup: [],
  },
  { name: 'an organizer reads the roster of their event', fn: 'event_roster', args: { p_event_id: fixtureEvent }, as: organizer, expect: 'allow', cleanup: [] },
  { name: 'the office reads a roster', fn: 'event_roster', args: { p_event_id: fixtureEvent }, as: office, expect: 'allow', cleanup: [] },
  {
    name: "a volunteer cannot read a roster (other volunteers' phones)",
    fn: 'event_roster',
    args: { p_event_id: fixtureEvent },
    as: volunteer,
    expect: 'deny',
    refusal: 'QYFOR',
    cleanup: [],
  },
  { name: 'a visitor cannot read a roster', fn: 'event_roster', args: { p_event_id: fixtureEvent }, as: 'anon', expect: 'deny', cleanup: [] },
  { name: 'a volunteer cannot show the check-in code', fn: 'event_checkin_code', args: { p_event_id: fixtureEvent }, as: volunteer, expect: 'deny', refusal: 'QYFOR', cleanup: [] },
  { name: 'a volunteer cannot create an event', fn: 'save_event', args: { p_event_id: null, p_fields: '{}' }, as: volunteer, expect: 'deny', refusal: 'QYFOR', cleanup: [] },
  {
    name: 'a volunteer cannot cancel an event',
    fn: 'cancel_event',
    args: { p_event_id: fixtureEvent, p_reason: '' },
    as: volunteer,
    expect: 'deny',
    refusal: 'QYFOR',
    cleanup: [],
  },
  {
    name: 'a volunteer cannot mark attendance',
    fn: 'mark_attendance',
    args: { p_signup_id: signup142, p_present: true },
    as: volunteer,
    expect: 'deny',
    refusal: 'QYFOR',
    cleanup: [],
  },
  { name: 'a volunteer lists their own sign-ups', fn: 'my_event_signups', args: {}, as: volunteer, expect: 'allow', cleanup: [] },
  { name: 'a visitor has no sign-ups to list', fn: 'my_event_signups', args: {}, as: 'anon', expect: 'deny', cleanup: [] },
  {
    name: 'a visitor cannot log household visits',
    fn: 'log_household_visits',
    args: { p_event_id: fixtureEvent, p_community: 'x', p_households: 1 },
    as: 'anon',
    expect: 'deny',
    cleanup: [],
  },
  { name: 'a visitor cannot check in', fn: 'check_in_to_event', args: { p_event_id: fixtureEvent, p_code: '000000' }, as: 'anon', expect: 'deny', cleanup: [] },
  ...visitRpcCases,
];
