// Demonstration-school files in the RLS matrix: a school reads only its own file, the office
// reads every file, visitors see approved files and nothing inside them, and nobody writes the
// tables directly (every write goes through a function that checks the file's state).
// Register in rls-matrix.ts and rls-matrix-common.ts as described in the lead's notes:
//   tables += demonstrationTables; primaryKeys += demonstrationPrimaryKeys;
//   RpcFunction |= DemonstrationRpc; tableCases += demonstrationTableCases;
//   rpcCases += demonstrationRpcCases; call setUpDemonstrationFixture after setUpLearningFixture.
import type { Actor, Given, Row, RpcCase, TableCase } from './rls-matrix-common.ts';
import { id, nonService, office, school11, school12, schoolAdmin, student, teacher, who } from './rls-matrix-common.ts';

export const demonstrationTables = [
  'demonstration_levels', 'demonstration_criteria', 'demonstration_files', 'demonstration_items', 'demonstration_evidence', 'demonstration_events',
] as const;
export type DemonstrationTable = (typeof demonstrationTables)[number];
export const demonstrationPrimaryKeys: Record<DemonstrationTable, string[]> = {
  demonstration_levels: ['level'], demonstration_criteria: ['item_id'], demonstration_files: ['file_id'],
  demonstration_items: ['file_id', 'item_id'], demonstration_evidence: ['evidence_id'], demonstration_events: ['event_id'],
};
export type DemonstrationRpc =
  | 'sync_demonstration_criteria' | 'open_demonstration_file' | 'save_demonstration_item' | 'submit_demonstration_file'
  | 'approve_demonstration_file' | 'reopen_demonstration_file' | 'demonstration_approved_counts';

/** Table cases whose table is one of the demonstration tables (TableCase once they are registered). */
export type DemonstrationTableCase = Omit<TableCase, 'table' | 'given'> & { table: DemonstrationTable; given?: { table: DemonstrationTable | Given['table']; values: Row }[] };
export type DemonstrationRpcCase = Omit<RpcCase, 'fn' | 'given' | 'cleanup'> & {
  fn: DemonstrationRpc; given?: { table: DemonstrationTable | Given['table']; values: Row }[]; cleanup: { table: DemonstrationTable; match: Row }[];
};

const admin12 = id(121);
const item = 'rls-demo-item';
/** School 11's draft, school 12's approved file and school 12's draft, in years no real file uses. */
export const ownDraft = id(9101);
export const otherApproved = id(9102);
export const otherDraft = id(9103);
const evidence = id(9111);

const file = (fileId: string, schoolId: string, year: number, status: string, by: string): Row => ({
  file_id: fileId, school_id: schoolId, level: 'municipal', school_year: year, status, created_by: by,
});
/** Rows the suites insert (if absent) before the cases, as the owner or the service role. */
export const demonstrationFixtureRows: { table: DemonstrationTable; values: Row }[] = [
  { table: 'demonstration_levels', values: { level: 'municipal', label: '市级示范学校', pass_score: 80 } },
  { table: 'demonstration_criteria', values: { item_id: item, area_id: 'rls', title: '测试条目', points: 5, levels: ['municipal'], sort_order: 999 } },
  { table: 'demonstration_files', values: file(ownDraft, school11, 2019, 'draft', schoolAdmin.userId) },
  { table: 'demonstration_files', values: file(otherApproved, school12, 2019, 'approved', admin12) },
  { table: 'demonstration_files', values: file(otherDraft, school12, 2020, 'draft', admin12) },
  ...[ownDraft, otherApproved, otherDraft].map((fileId) => ({ table: 'demonstration_items' as const, values: { file_id: fileId, item_id: item, points: 5, status: 'met', self_score: 4 } })),
  { table: 'demonstration_evidence', values: { evidence_id: evidence, file_id: ownDraft, item_id: item, storage_key: 'rlsdemoevidencekey01', original_name: '文件.pdf', content_type: 'application/pdf', size_bytes: 10, uploaded_by: schoolAdmin.userId } },
  { table: 'demonstration_evidence', values: { evidence_id: id(9112), file_id: otherDraft, item_id: item, storage_key: 'rlsdemoevidencekey02', original_name: '文件.pdf', content_type: 'application/pdf', size_bytes: 10, uploaded_by: admin12 } },
  { table: 'demonstration_events', values: { event_id: 910001, file_id: ownDraft, actor_id: schoolAdmin.userId, action: 'open', to_status: 'draft' } },
  { table: 'demonstration_events', values: { event_id: 910002, file_id: otherDraft, actor_id: admin12, action: 'open', to_status: 'draft' } },
];

/** Sets up the demonstration fixture; safe to repeat. */
export async function setUpDemonstrationFixture(db: { insertIfAbsent(row: { table: string; values: Row }): Promise<void> }): Promise<void> {
  for (const row of demonstrationFixtureRows) await db.insertIfAbsent(row);
}

type Spec = Pick<DemonstrationTableCase, 'match'> & Partial<Pick<DemonstrationTableCase, 'values'>>;
function casesOf(table: DemonstrationTable, build: (b: { allow: (op: TableCase['op'], as: Actor, name: string, spec: Spec) => DemonstrationTableCase; deny: (op: TableCase['op'], as: Actor, name: string, spec: Spec) => DemonstrationTableCase }) => DemonstrationTableCase[]): DemonstrationTableCase[] {
  const make = (expect: 'allow' | 'deny') => (op: TableCase['op'], as: Actor, name: string, spec: Spec): DemonstrationTableCase => ({ name, table, op, as, expect, ...spec });
  return build({ allow: make('allow'), deny: make('deny') });
}

const criteriaTables = (['demonstration_levels', 'demonstration_criteria'] as const).flatMap((table) => casesOf(table, ({ allow, deny }) => {
  const match = table === 'demonstration_levels' ? { level: 'municipal' } : { item_id: item };
  return [
    ...nonService.map((as) => allow('select', as, `${who(as)} reads the ${table.replace('demonstration_', '')}`, { match })),
    ...[schoolAdmin, office].flatMap((as) => [
      deny('update', as, `${who(as)} cannot change the synced ${table.replace('demonstration_', '')}`, { match, values: table === 'demonstration_levels' ? { pass_score: 1 } : { points: 30 } }),
      deny('delete', as, `${who(as)} cannot remove the synced ${table.replace('demonstration_', '')}`, { match }),
    ]),
  ];
}));

const files = casesOf('demonstration_files', ({ allow, deny }) => [
  allow('select', 'anon', 'a visitor sees an approved file on the public list', { match: { file_id: otherApproved } }),
  deny('select', 'anon', 'a visitor cannot see a draft', { match: { file_id: ownDraft } }),
  allow('select', schoolAdmin, 'a school admin reads their own school\'s draft', { match: { file_id: ownDraft } }),
  deny('select', schoolAdmin, 'a school admin cannot read another school\'s draft', { match: { file_id: otherDraft } }),
  allow('select', schoolAdmin, 'a school admin sees another school\'s approved file', { match: { file_id: otherApproved } }),
  deny('select', teacher, 'a teacher cannot read the school\'s draft file', { match: { file_id: ownDraft } }),
  deny('select', student, 'a student cannot read the school\'s draft file', { match: { file_id: ownDraft } }),
  allow('select', office, 'the office reads every school\'s draft', { match: { file_id: otherDraft } }),
  deny('insert', schoolAdmin, 'a school admin cannot insert a file directly', { match: {}, values: { ...file(id(9199), school11, 2021, 'approved', schoolAdmin.userId) } }),
  deny('update', schoolAdmin, 'a school admin cannot approve their own file directly', { match: { file_id: ownDraft }, values: { status: 'approved' } }),
  deny('update', office, 'the office cannot skip the review functions', { match: { file_id: otherDraft }, values: { status: 'approved' } }),
  deny('delete', schoolAdmin, 'a school admin cannot delete their file', { match: { file_id: ownDraft } }),
]);

const inside = (['demonstration_items', 'demonstration_evidence', 'demonstration_events'] as const).flatMap((table) => casesOf(table, ({ allow, deny }) => [
  allow('select', schoolAdmin, `a school admin reads their own file's ${table.replace('demonstration_', '')}`, { match: { file_id: ownDraft } }),
  deny('select', schoolAdmin, `a school admin cannot read another school's ${table.replace('demonstration_', '')}`, { match: { file_id: otherDraft } }),
  allow('select', office, `the office reads a file's ${table.replace('demonstration_', '')}`, { match: { file_id: ownDraft } }),
  deny('select', 'anon', `a visitor cannot read the ${table.replace('demonstration_', '')} of any file`, { match: { file_id: ownDraft } }),
  deny('select', teacher, `a teacher cannot read the ${table.replace('demonstration_', '')} of the school's file`, { match: { file_id: ownDraft } }),
  deny('delete', schoolAdmin, `a school admin cannot delete ${table.replace('demonstration_', '')} directly`, { match: { file_id: ownDraft } }),
]));

const itemWrites = casesOf('demonstration_items', ({ deny }) => [
  deny('select', 'anon', 'a visitor cannot read the items of an approved file', { match: { file_id: otherApproved } }),
  deny('select', schoolAdmin, 'a school admin cannot read the items of another school\'s approved file', { match: { file_id: otherApproved } }),
  deny('update', schoolAdmin, 'a school admin cannot give themselves an office score', { match: { file_id: ownDraft }, values: { office_score: 5 } }),
  deny('update', office, 'the office cannot score outside the review function', { match: { file_id: ownDraft }, values: { office_score: 5 } }),
]);

export const demonstrationTableCases: DemonstrationTableCase[] = [...criteriaTables, ...files, ...inside, ...itemWrites];

const call = (fn: DemonstrationRpc, as: Actor, name: string, expect: 'allow' | 'deny', args: Row, refusal?: string): DemonstrationRpcCase =>
  ({ name, fn, as, expect, args, cleanup: [], ...(refusal && as !== 'anon' ? { refusal } : {}) });

export const demonstrationRpcCases: DemonstrationRpcCase[] = [
  call('sync_demonstration_criteria', office, 'the office cannot sync the criteria (the server does)', 'deny', { p_payload: { levels: {}, items: [] } }),
  call('open_demonstration_file', 'anon', 'a visitor cannot open a file', 'deny', { p_level: 'municipal', p_school_year: 2022 }),
  call('open_demonstration_file', teacher, 'a teacher cannot open a file', 'deny', { p_level: 'municipal', p_school_year: 2022 }, 'QYFOR'),
  call('save_demonstration_item', schoolAdmin, 'a school admin cannot save into another school\'s file', 'deny', { p_file_id: otherDraft, p_item_id: item, p_status: 'met', p_self_score: 5, p_notes: '', p_links: [] }, 'QYFOR'),
  call('save_demonstration_item', schoolAdmin, 'a school admin cannot score above the item\'s points', 'deny', { p_file_id: ownDraft, p_item_id: item, p_status: 'met', p_self_score: 6, p_notes: '', p_links: [] }, 'QYBAD'),
  call('save_demonstration_item', schoolAdmin, 'a school admin cannot store a javascript: link', 'deny', { p_file_id: ownDraft, p_item_id: item, p_status: 'met', p_self_score: 4, p_notes: '', p_links: ['javascript:alert(1)'] }, 'QYBAD'),
  call('save_demonstration_item', admin12Actor(), 'nobody edits an approved file', 'deny', { p_file_id: otherApproved, p_item_id: item, p_status: 'met', p_self_score: 1, p_notes: '', p_links: [] }, 'QYCLO'),
  call('approve_demonstration_file', schoolAdmin, 'a school admin cannot approve their own file', 'deny', { p_file_id: ownDraft, p_comment: '' }, 'QYFOR'),
  call('approve_demonstration_file', office, 'the office cannot approve a file that was never submitted', 'deny', { p_file_id: ownDraft, p_comment: '' }, 'QYCLO'),
  call('reopen_demonstration_file', office, 'the office cannot reopen without a reason', 'deny', { p_file_id: otherApproved, p_comment: '' }, 'QYBAD'),
  ...(['anon', schoolAdmin, office] as Actor[]).map((as) => call('demonstration_approved_counts', as, `${who(as)} reads the approved counts`, 'allow', {})),
];

function admin12Actor(): Actor {
  return { userId: admin12, appRole: 'school_admin', schoolId: school12 };
}
