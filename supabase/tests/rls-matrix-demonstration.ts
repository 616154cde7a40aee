// The matrix for the demonstration-school tables (supabase/migrations/20261129002000_demonstration.sql):
// the levels and criteria synced from content, a school's files with their items, evidence and
// log, and the functions that write them. Everyone reads the levels and criteria; a school admin
// reads their own school's files in full and the office every file; everyone else, visitors
// included, sees approved files (the public list) and nothing inside them. Nobody but the
// service role writes any of these tables directly: every write goes through a function that
// checks the caller and the file's state. Both suites first set up the fixture below (fixed ids,
// written only if absent); deletes only ever target `given` rows.
import {
  account,
  casesOf,
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
  student,
  tag,
  teacher,
  uuid,
  volunteer,
  who,
} from './rls-matrix-common.ts';
import type { Account, Actor, Given, Row, RpcCase, RpcFunction, TableCase } from './rls-matrix-common.ts';
import type { FixtureTarget } from './rls-matrix-learning.ts';

const schoolAdmin121 = account(121, 'school_admin', 12); // 第一中学 (school 12)
const everyone: Actor[] = [...nonService, 'service'];

/** A school admin of school 11 whose account the office has disabled; their token still works until it expires. */
const disabledAdmin = ((): { as: Account; given: Given[] } => {
  const row: Row = { ...newUser('school_admin', school11), disabled_at: '2026-06-01T00:00:00+00:00' };
  return { as: { userId: String(row['user_id']), appRole: 'school_admin', schoolId: school11 }, given: [given('users', row)] };
})();

// ---------------------------------------------------------------------------------------------
// The fixture: the municipal level and one criterion of it; school 11's draft, school 12's
// approved file and school 12's draft, in years no real file uses, each with that criterion as
// its item, one piece of evidence and one log entry.

const item = 'rls-demo-item';
const ownDraft = id(9101);
const otherApproved = id(9102);
const otherDraft = id(9103);
/** The evidence and the log entry of each fixture file. */
const evidenceOf = (fileId: string): string => (fileId === ownDraft ? id(9111) : fileId === otherDraft ? id(9112) : id(9113));
const eventOf = (fileId: string): number => (fileId === ownDraft ? 910_001 : fileId === otherDraft ? 910_002 : 910_003);
/** Who acts for each school: its school admin. */
const adminOf = (schoolId: string): string => (schoolId === school12 ? schoolAdmin121.userId : schoolAdmin.userId);

const file = (fileId: string, schoolId: string, year: number, status: string): Row => ({
  file_id: fileId,
  school_id: schoolId,
  level: 'municipal',
  school_year: year,
  status,
  created_by: adminOf(schoolId),
});
const evidenceRow = (evidenceId: string, fileId: string, by: string, storageKey: string, itemId = item): Row => ({
  evidence_id: evidenceId,
  file_id: fileId,
  item_id: itemId,
  storage_key: storageKey,
  original_name: '文件.pdf',
  content_type: 'application/pdf',
  size_bytes: 10,
  uploaded_by: by,
});

const fixtureRows: Given[] = [
  given('demonstration_levels', { level: 'municipal', label: '市级示范学校', pass_score: 80 }),
  given('demonstration_criteria', { item_id: item, area_id: 'rls', title: '测试条目', points: 5, levels: ['municipal'], sort_order: 999 }),
  given('demonstration_files', file(ownDraft, school11, 2019, 'draft')),
  given('demonstration_files', file(otherApproved, school12, 2019, 'approved')),
  given('demonstration_files', file(otherDraft, school12, 2020, 'draft')),
  ...[ownDraft, otherApproved, otherDraft].map((fileId) => given('demonstration_items', { file_id: fileId, item_id: item, points: 5, status: 'met', self_score: 4 })),
  given('demonstration_evidence', evidenceRow(evidenceOf(ownDraft), ownDraft, schoolAdmin.userId, 'rlsdemoevidencekey01')),
  given('demonstration_evidence', evidenceRow(evidenceOf(otherDraft), otherDraft, schoolAdmin121.userId, 'rlsdemoevidencekey02')),
  given('demonstration_evidence', evidenceRow(evidenceOf(otherApproved), otherApproved, schoolAdmin121.userId, 'rlsdemoevidencekey03')),
  given('demonstration_events', { event_id: eventOf(ownDraft), file_id: ownDraft, actor_id: schoolAdmin.userId, action: 'open', to_status: 'draft' }),
  given('demonstration_events', { event_id: eventOf(otherDraft), file_id: otherDraft, actor_id: schoolAdmin121.userId, action: 'open', to_status: 'draft' }),
  given('demonstration_events', {
    event_id: eventOf(otherApproved),
    file_id: otherApproved,
    actor_id: office.userId,
    action: 'approve',
    from_status: 'submitted',
    to_status: 'approved',
  }),
];

/** Sets up the demonstration fixture as the owner or the service role; safe to repeat. */
export async function setUpDemonstrationFixture(db: Pick<FixtureTarget, 'insertIfAbsent'>): Promise<void> {
  for (const row of fixtureRows) await db.insertIfAbsent(row);
}

// ---------------------------------------------------------------------------------------------
// Fresh rows for one case each.

/**
 * School years for fresh files, 2030 to 2100 (the fixture's are 2019 and 2020), taken in turn
 * from a place that changes every load, so a run's committed files hardly ever meet an earlier
 * run's (a school has one file per level and year).
 */
const newYear = ((): (() => number) => {
  let next = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return () => 2030 + (next++ % 71);
})();
const newFile = (schoolId: string, status = 'draft'): Row => file(uuid(), schoolId, newYear(), status);
/** A criterion of the municipal level only (the race tests open provincial files, so no file they open takes it up). */
const newCriterion = (): Row => ({ item_id: `rls-${tag()}`, area_id: 'rls', title: `临时条目${tag()}`, points: 5, levels: ['municipal'], sort_order: 999 });
/** Log ids far above any the identity hands out, different every load. */
const newEventId = ((): (() => number) => {
  let next = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000) * 1000;
  return () => next++;
})();
const schoolOfFile = (fileId: string): string => (fileId === ownDraft ? school11 : school12);

/** A row of the table inside `fileId`, with the rows it needs, for an insert. */
function freshInside(table: InsideTable, fileId: string): { values: Row; given: Given[] } {
  const by = adminOf(schoolOfFile(fileId));
  if (table === 'demonstration_items') {
    const criterion = newCriterion();
    return { values: { file_id: fileId, item_id: criterion['item_id'] ?? null, points: 5 }, given: [given('demonstration_criteria', criterion)] };
  }
  if (table === 'demonstration_evidence') return { values: evidenceRow(uuid(), fileId, by, `rls-demo-evidence-${tag()}`), given: [] };
  return { values: { event_id: newEventId(), file_id: fileId, actor_id: by, action: 'approve', from_status: 'submitted', to_status: 'approved' }, given: [] };
}
/** A row of the table inside `fileId` that exists for one case (to be deleted), matched by its key. */
function doomedInside(table: InsideTable, fileId: string): Pick<TableCase, 'match' | 'given'> {
  const { values, given: rows } = freshInside(table, fileId);
  const key =
    table === 'demonstration_items'
      ? { file_id: fileId, item_id: values['item_id'] ?? null }
      : table === 'demonstration_evidence'
        ? { evidence_id: values['evidence_id'] ?? null }
        : { event_id: values['event_id'] ?? null };
  return { match: key, given: [...rows, given(table, values)] };
}

// ---------------------------------------------------------------------------------------------
// Table cases.

// The levels: everyone reads them and their pass marks; only the sync function writes them.
// There are only two levels and the server syncs both on every start (the race tests start it
// on the shared server), so no level is ever free to add or to remove without harming the files
// that use it; and the PostgREST suite removes what an insert case names, whatever the outcome.
// So the inserts name a level that cannot exist: the others are refused by the grant (42501,
// which comes before the check), while the service role gets past every grant and policy and
// is stopped only by the table's own check; likewise its delete only by the files' foreign key.
const levels = casesOf('demonstration_levels', ({ allow, deny }) => {
  const municipal = { level: 'municipal' };
  const national = { level: 'national', label: '国家级示范学校', pass_score: 120 };
  return [
    ...everyone.map((as) => allow('select', as, `${who(as)} reads the levels and their pass marks`, { match: municipal })),
    ...nonService.flatMap((as) => [
      deny('insert', as, `${who(as)} cannot add a level`, { match: {}, values: national }),
      deny('update', as, `${who(as)} cannot change a pass mark`, { match: municipal, values: { pass_score: 1 } }),
      deny('delete', as, `${who(as)} cannot remove a level`, { match: municipal }),
    ]),
    deny('insert', 'service', 'the service role gets past the grants and policies when it adds a level, and only the check turns away a level that does not exist', {
      match: {},
      values: national,
      refusal: '23514',
    }),
    allow('update', 'service', 'the service role changes a level', { match: municipal, values: { label: '市级示范学校（改）' } }),
    deny('delete', 'service', 'the service role gets past the grants and policies when it removes a level, and only the files of that level keep it', {
      match: municipal,
      refusal: '23503',
    }),
  ];
});

// The criteria: everyone reads them; only the sync function (or the service role) writes them.
const criteria = readByAll({
  table: 'demonstration_criteria',
  key: 'item_id',
  noun: 'criterion',
  plural: 'criteria',
  fresh: newCriterion,
  rename: { title: '测试条目（改）' },
  target: { item_id: item },
  writers: ['service'],
});

// The files: the public list (approved files) for everyone; drafts for their school's admin and
// the office only. Opened, submitted, approved, returned and reopened only by the functions.
const files = casesOf('demonstration_files', ({ allow, deny }) => {
  const doomed = (schoolId: string, status: string): Pick<TableCase, 'match' | 'given'> => {
    const row = newFile(schoolId, status);
    return { match: { file_id: row['file_id'] ?? null }, given: [given('demonstration_files', row)] };
  };
  const approve = { status: 'approved' };
  return [
    allow('select', 'anon', 'a visitor sees an approved file on the public list', { match: { file_id: otherApproved } }),
    deny('select', 'anon', 'a visitor cannot see a draft', { match: { file_id: ownDraft } }),
    ...[student, teacher].flatMap((as) => [
      allow('select', as, `${who(as)} sees an approved file on the public list`, { match: { file_id: otherApproved } }),
      deny('select', as, `${who(as)} cannot read the school's draft file`, { match: { file_id: ownDraft } }),
    ]),
    ...[volunteer, organizer].flatMap((as) => [
      allow('select', as, `${who(as)} sees an approved file on the public list`, { match: { file_id: otherApproved } }),
      deny('select', as, `${who(as)} cannot see a draft`, { match: { file_id: ownDraft } }),
    ]),
    allow('select', schoolAdmin, "a school admin reads their own school's draft", { match: { file_id: ownDraft } }),
    deny('select', schoolAdmin, "a school admin cannot read another school's draft", { match: { file_id: otherDraft } }),
    allow('select', schoolAdmin, "a school admin sees another school's approved file", { match: { file_id: otherApproved } }),
    allow('select', schoolAdmin121, "a school admin of the other school reads their own school's draft", { match: { file_id: otherDraft } }),
    deny('select', schoolAdmin121, "a school admin of the other school cannot read this school's draft", { match: { file_id: ownDraft } }),
    deny('select', disabledAdmin.as, "a disabled school admin no longer reads their school's draft", { match: { file_id: ownDraft }, given: disabledAdmin.given }),
    allow('select', office, "the office reads every school's draft", { match: { file_id: otherDraft } }),
    allow('select', 'service', 'the service role reads every file', { match: { file_id: ownDraft } }),

    deny('insert', schoolAdmin, 'a school admin cannot insert a file directly', { match: {}, values: newFile(school11, 'approved') }),
    ...nonService.filter((as) => as !== schoolAdmin).map((as) => deny('insert', as, `${who(as)} cannot open a file directly`, { match: {}, values: newFile(school11) })),
    allow('insert', 'service', 'the service role opens a file directly', { match: {}, values: newFile(school12) }),

    deny('update', schoolAdmin, 'a school admin cannot approve their own file directly', { match: { file_id: ownDraft }, values: approve }),
    deny('update', office, 'the office cannot skip the review functions', { match: { file_id: otherDraft }, values: approve }),
    ...nonService
      .filter((as) => as !== schoolAdmin && as !== office)
      .map((as) => deny('update', as, `${who(as)} cannot take an approved file off the public list`, { match: { file_id: otherApproved }, values: { status: 'draft' } })),
    allow('update', 'service', 'the service role changes a file directly', { match: { file_id: ownDraft }, values: { reopened: true } }),

    deny('delete', schoolAdmin, "a school admin cannot delete their school's file", doomed(school11, 'draft')),
    deny('delete', office, 'the office cannot delete a file', doomed(school12, 'draft')),
    ...nonService.filter((as) => as !== schoolAdmin && as !== office).map((as) => deny('delete', as, `${who(as)} cannot delete an approved file`, doomed(school12, 'approved'))),
    allow('delete', 'service', 'the service role deletes a file', doomed(school11, 'draft')),
  ];
});

// Inside a file (its items, evidence and log): its school's admin and the office read them,
// nobody else, not even for an approved file; only the functions write them.
type InsideTable = 'demonstration_items' | 'demonstration_evidence' | 'demonstration_events';
const nouns: Record<InsideTable, string> = { demonstration_items: 'items', demonstration_evidence: 'evidence', demonstration_events: 'log' };
/** The fixture row of the table inside `fileId`, by its key. */
const fixtureKey = (table: InsideTable, fileId: string): Row =>
  table === 'demonstration_items' ? { file_id: fileId, item_id: item } : table === 'demonstration_evidence' ? { evidence_id: evidenceOf(fileId) } : { event_id: eventOf(fileId) };
const changes: Record<InsideTable, Row> = {
  demonstration_items: { self_score: 5 },
  demonstration_evidence: { original_name: '改名.pdf' },
  demonstration_events: { to_status: 'approved' },
};

const inside = (['demonstration_items', 'demonstration_evidence', 'demonstration_events'] as const).flatMap((table) =>
  casesOf(table, ({ allow, deny }) => {
    const noun = nouns[table];
    const the = `the ${noun}`;
    const insert = (as: Actor, name: string, fileId: string): TableCase => deny('insert', as, name, { match: {}, ...freshInside(table, fileId) });
    return [
      allow('select', schoolAdmin, `a school admin reads their own file's ${noun}`, { match: { file_id: ownDraft } }),
      deny('select', schoolAdmin, `a school admin cannot read another school's ${noun}`, { match: { file_id: otherDraft } }),
      deny('select', schoolAdmin, `a school admin cannot read ${the} of another school's approved file`, { match: { file_id: otherApproved } }),
      allow('select', schoolAdmin121, `a school admin of the other school reads ${the} of their own school's file`, { match: { file_id: otherDraft } }),
      deny('select', disabledAdmin.as, `a disabled school admin no longer reads ${the} of their school's file`, { match: { file_id: ownDraft }, given: disabledAdmin.given }),
      allow('select', office, `the office reads a file's ${noun}`, { match: { file_id: ownDraft } }),
      allow('select', office, `the office reads ${the} of an approved file`, { match: { file_id: otherApproved } }),
      allow('select', 'service', `the service role reads ${the} of every file`, { match: { file_id: otherDraft } }),
      deny('select', 'anon', `a visitor cannot read ${the} of any file`, { match: { file_id: ownDraft } }),
      deny('select', 'anon', `a visitor cannot read ${the} of an approved file`, { match: { file_id: otherApproved } }),
      deny('select', teacher, `a teacher cannot read ${the} of the school's file`, { match: { file_id: ownDraft } }),
      deny('select', student, `a student cannot read ${the} of the school's file`, { match: { file_id: ownDraft } }),
      ...[teacher, student, volunteer, organizer].map((as) => deny('select', as, `${who(as)} cannot read ${the} of an approved file`, { match: { file_id: otherApproved } })),

      insert(schoolAdmin, `a school admin cannot add ${noun === 'items' ? 'an item' : noun === 'evidence' ? 'evidence' : 'a log entry'} to their own file directly`, ownDraft),
      insert(office, `the office cannot add to ${the} of a file directly`, otherDraft),
      ...nonService.filter((as) => as !== schoolAdmin && as !== office).map((as) => insert(as, `${who(as)} cannot add to ${the} of a file`, ownDraft)),
      allow('insert', 'service', `the service role adds to ${the} of a file directly`, { match: {}, ...freshInside(table, otherDraft) }),

      ...(table === 'demonstration_items'
        ? [
            deny('update', schoolAdmin, 'a school admin cannot give themselves an office score', { match: fixtureKey(table, ownDraft), values: { office_score: 5 } }),
            deny('update', office, 'the office cannot score outside the review function', { match: fixtureKey(table, ownDraft), values: { office_score: 5 } }),
          ]
        : [
            deny('update', schoolAdmin, `a school admin cannot change ${the} of their own file directly`, { match: fixtureKey(table, ownDraft), values: changes[table] }),
            deny('update', office, `the office cannot change ${the} of a file directly`, { match: fixtureKey(table, ownDraft), values: changes[table] }),
          ]),
      ...nonService
        .filter((as) => as !== schoolAdmin && as !== office)
        .map((as) => deny('update', as, `${who(as)} cannot change ${the} of a file`, { match: fixtureKey(table, ownDraft), values: changes[table] })),
      allow('update', 'service', `the service role changes ${the} of a file directly`, { match: fixtureKey(table, otherDraft), values: changes[table] }),

      deny('delete', schoolAdmin, `a school admin cannot delete ${noun === 'log' ? 'log entries' : noun} directly`, doomedInside(table, ownDraft)),
      ...nonService.filter((as) => as !== schoolAdmin).map((as) => deny('delete', as, `${who(as)} cannot delete from ${the} of a file`, doomedInside(table, ownDraft))),
      allow('delete', 'service', `the service role deletes from ${the} of a file`, doomedInside(table, otherDraft)),
    ];
  }),
);

/** The demonstration tables' cases, grouped by table in the order of `demonstrationTables`. */
export const demonstrationTableCases: TableCase[] = [...levels, ...criteria, ...files, ...inside];

// ---------------------------------------------------------------------------------------------
// Function cases.

const call = (fn: RpcFunction, as: Actor, name: string, expect: 'allow' | 'deny', args: Row, refusal?: string): RpcCase => ({
  name,
  fn,
  as,
  expect,
  args,
  cleanup: [],
  ...(refusal && as !== 'anon' ? { refusal } : {}),
});

export const demonstrationRpcCases: RpcCase[] = [
  call('sync_demonstration_criteria', office, 'the office cannot sync the criteria (the server does)', 'deny', { p_payload: { levels: {}, items: [] } }),
  call('open_demonstration_file', 'anon', 'a visitor cannot open a file', 'deny', { p_level: 'municipal', p_school_year: 2022 }),
  call('open_demonstration_file', teacher, 'a teacher cannot open a file', 'deny', { p_level: 'municipal', p_school_year: 2022 }, 'QYFOR'),
  call(
    'save_demonstration_item',
    schoolAdmin,
    "a school admin cannot save into another school's file",
    'deny',
    { p_file_id: otherDraft, p_item_id: item, p_status: 'met', p_self_score: 5, p_notes: '', p_links: [] },
    'QYFOR',
  ),
  call(
    'save_demonstration_item',
    schoolAdmin,
    "a school admin cannot score above the item's points",
    'deny',
    { p_file_id: ownDraft, p_item_id: item, p_status: 'met', p_self_score: 6, p_notes: '', p_links: [] },
    'QYBAD',
  ),
  call(
    'save_demonstration_item',
    schoolAdmin,
    'a school admin cannot store a javascript: link',
    'deny',
    { p_file_id: ownDraft, p_item_id: item, p_status: 'met', p_self_score: 4, p_notes: '', p_links: ['javascript:alert(1)'] },
    'QYBAD',
  ),
  call(
    'save_demonstration_item',
    schoolAdmin121,
    'nobody edits an approved file',
    'deny',
    { p_file_id: otherApproved, p_item_id: item, p_status: 'met', p_self_score: 1, p_notes: '', p_links: [] },
    'QYCLO',
  ),
  call('approve_demonstration_file', schoolAdmin, 'a school admin cannot approve their own file', 'deny', { p_file_id: ownDraft, p_comment: '' }, 'QYFOR'),
  call('approve_demonstration_file', office, 'the office cannot approve a file that was never submitted', 'deny', { p_file_id: ownDraft, p_comment: '' }, 'QYCLO'),
  call('reopen_demonstration_file', office, 'the office cannot reopen without a reason', 'deny', { p_file_id: otherApproved, p_comment: '' }, 'QYBAD'),
  ...(['anon', schoolAdmin, office] as Actor[]).map((as) => call('demonstration_approved_counts', as, `${who(as)} reads the approved counts`, 'allow', {})),
];
