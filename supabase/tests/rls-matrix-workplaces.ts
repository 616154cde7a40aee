// The RLS matrix for units, completions and education sites (issue 14; migrations
// 20261204140000-140200): every new table × role × operation, the unit manager of the fixture
// unit and the manager of another unit included. workplaces.sql.test.ts runs it on PGlite and,
// with DATABASE_URL, on PostgreSQL.

export const workplaceTables = ['units', 'unit_completions', 'places', 'education_sites', 'site_renewals', 'site_photos'] as const;
export type WorkplaceTable = (typeof workplaceTables)[number];
type AppRole = 'student' | 'teacher' | 'school_admin' | 'volunteer' | 'organizer' | 'office' | 'unit_manager';
type Operation = 'select' | 'insert' | 'update' | 'delete';
type Row = Record<string, string | number | boolean | null>;
export interface Account {
  userId: string;
  appRole: AppRole;
}
export type Actor = Account | 'anon' | 'service';
interface Given {
  table: WorkplaceTable | 'users';
  values: Row;
}
export interface WorkplaceCase {
  name: string;
  table: WorkplaceTable;
  op: Operation;
  as: Actor;
  expect: 'allow' | 'deny';
  match: Row;
  values?: Row;
  given?: Given[];
}

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const office: Account = { userId: id(101), appRole: 'office' };
const manager: Account = { userId: id(950_101), appRole: 'unit_manager' }; // manages unit A
const otherManager: Account = { userId: id(950_102), appRole: 'unit_manager' }; // manages unit B
const others: Actor[] = [
  'anon',
  { userId: id(1001), appRole: 'student' },
  { userId: id(112), appRole: 'teacher' },
  { userId: id(111), appRole: 'school_admin' },
  { userId: id(141), appRole: 'volunteer' },
  { userId: id(131), appRole: 'organizer' },
];
const who = (a: Actor): string =>
  a === 'anon'
    ? 'a visitor'
    : a === 'service'
      ? 'the service role'
      : a === manager
        ? 'the unit manager'
        : a === otherManager
          ? "another unit's manager"
          : `a ${a.appRole.replace('_', ' ')}`;

const unitA = id(950_001);
const unitB = id(950_002);
const completionA = id(950_201);
const completionB = id(950_202);
const place = id(950_301);
const site = id(950_401);
const renewal = id(950_501);
const photo = id(950_601);
/** Rows the cases read and try to change (fixed ids, written if absent). */
export const workplaceFixture: Given[] = [
  {
    table: 'units',
    values: { unit_id: unitA, district_id: id(1), kind: 'logistics', name: '顺丰城南网点', contact_name: '李经理', contact_phone: '0571-1234567', created_by: id(101) },
  },
  {
    table: 'units',
    values: { unit_id: unitB, district_id: id(2), kind: 'logistics', name: '城北快递驿站', contact_name: '王经理', contact_phone: '0571-7654321', created_by: id(101) },
  },
  { table: 'users', values: { user_id: manager.userId, role: 'unit_manager', display_name: '李经理', unit_id: unitA } },
  { table: 'users', values: { user_id: otherManager.userId, role: 'unit_manager', display_name: '王经理', unit_id: unitB } },
  {
    table: 'unit_completions',
    values: {
      completion_id: completionA,
      unit_id: unitA,
      course_id: 'logistics',
      year: 2026,
      worker_name: '陈工',
      name_key: '陈工',
      phone_last4: '1111',
      score: 6,
      total: 6,
      slip_code: 'AAAAAAAAAA',
    },
  },
  {
    table: 'unit_completions',
    values: {
      completion_id: completionB,
      unit_id: unitB,
      course_id: 'logistics',
      year: 2026,
      worker_name: '刘工',
      name_key: '刘工',
      phone_last4: '2222',
      score: 5,
      total: 6,
      slip_code: 'BBBBBBBBBB',
    },
  },
  { table: 'places', values: { place_id: place, district_id: id(1), town: '城南街道', name: '权限测试社区', kind: 'community' } },
  { table: 'education_sites', values: { site_id: site, place_id: place, kind: 'board', name: '权限测试宣传栏', created_by: id(101) } },
  { table: 'site_renewals', values: { renewal_id: renewal, site_id: site, renewed_on: '2026-01-05', recorded_by: id(101) } },
  {
    table: 'site_photos',
    values: {
      photo_id: photo,
      site_id: site,
      renewal_id: renewal,
      storage_key: 'rlsphotokey00000000',
      original_name: 'a.jpg',
      content_type: 'image/jpeg',
      size_bytes: 10,
      uploaded_by: id(101),
    },
  },
];

const uuid = (): string => crypto.randomUUID();
const cases: WorkplaceCase[] = [];
const add = (c: WorkplaceCase): void => {
  cases.push(c);
};
const everyoneBut = (allowed: Actor[]): Actor[] => ([...others, office, manager, otherManager, 'service'] as Actor[]).filter((a) => !allowed.includes(a));
const freshUnit = (by: string): Row => ({ unit_id: uuid(), district_id: id(1), kind: 'transport', name: '临时单位', contact_name: '某', contact_phone: '12345', created_by: by });

// units: the office and the unit's own manager read it; only the office registers and edits; nobody deletes.
for (const as of [office, manager, 'service' as const]) add({ name: `${who(as)} reads unit A`, table: 'units', op: 'select', as, expect: 'allow', match: { unit_id: unitA } });
for (const as of everyoneBut([office, manager, 'service']))
  add({ name: `${who(as)} cannot read unit A`, table: 'units', op: 'select', as, expect: 'deny', match: { unit_id: unitA } });
add({ name: 'the office registers a unit', table: 'units', op: 'insert', as: office, expect: 'allow', match: {}, values: freshUnit(office.userId) });
add({ name: 'the service role registers a unit', table: 'units', op: 'insert', as: 'service', expect: 'allow', match: {}, values: freshUnit(office.userId) });
for (const as of everyoneBut([office, 'service']))
  add({
    name: `${who(as)} cannot register a unit`,
    table: 'units',
    op: 'insert',
    as,
    expect: 'deny',
    match: {},
    values: freshUnit(as === 'anon' || as === 'service' ? office.userId : as.userId),
  });
for (const as of [office, 'service' as const])
  add({ name: `${who(as)} renames unit A`, table: 'units', op: 'update', as, expect: 'allow', match: { unit_id: unitA }, values: { name: '顺丰城南网点（新）' } });
for (const as of everyoneBut([office, 'service']))
  add({
    name: `${who(as)} cannot rename unit A or set its code`,
    table: 'units',
    op: 'update',
    as,
    expect: 'deny',
    match: { unit_id: unitA },
    values: as === manager ? { qr_code: 'ABCDEFGHJK' } : { name: '改名' },
  });
add({
  name: "the office cannot set a unit's code by hand",
  table: 'units',
  op: 'update',
  as: office,
  expect: 'deny',
  match: { unit_id: unitA },
  values: { qr_code: 'ABCDEFGHJK' },
});
for (const as of everyoneBut(['service'])) add({ name: `${who(as)} cannot delete a unit`, table: 'units', op: 'delete', as, expect: 'deny', match: { unit_id: unitB } });
add({ name: 'the service role deletes a unit without completions', table: 'units', op: 'delete', as: 'service', expect: 'allow', match: { unit_id: '' }, given: [] });

// unit_completions: a worker's name is read by their unit's manager and the office, nobody else; written only by the functions.
for (const as of [office, manager, 'service' as const])
  add({ name: `${who(as)} reads unit A's completions`, table: 'unit_completions', op: 'select', as, expect: 'allow', match: { completion_id: completionA } });
for (const as of everyoneBut([office, manager, 'service']))
  add({ name: `${who(as)} cannot read unit A's workers`, table: 'unit_completions', op: 'select', as, expect: 'deny', match: { completion_id: completionA } });
add({ name: "the unit manager cannot read another unit's workers", table: 'unit_completions', op: 'select', as: manager, expect: 'deny', match: { completion_id: completionB } });
const freshCompletion = (): Row => ({
  completion_id: uuid(),
  unit_id: unitA,
  course_id: 'logistics',
  year: 2026,
  worker_name: '伪造',
  name_key: '伪造',
  phone_last4: '9999',
  score: 6,
  total: 6,
  slip_code: 'CCCCCCCCCC',
});
add({ name: 'the service role writes a completion', table: 'unit_completions', op: 'insert', as: 'service', expect: 'allow', match: {}, values: freshCompletion() });
for (const as of everyoneBut(['service']))
  add({ name: `${who(as)} cannot write a completion`, table: 'unit_completions', op: 'insert', as, expect: 'deny', match: {}, values: freshCompletion() });
add({
  name: 'the service role corrects a completion',
  table: 'unit_completions',
  op: 'update',
  as: 'service',
  expect: 'allow',
  match: { completion_id: completionA },
  values: { score: 5 },
});
for (const as of everyoneBut(['service']))
  add({ name: `${who(as)} cannot change a completion`, table: 'unit_completions', op: 'update', as, expect: 'deny', match: { completion_id: completionA }, values: { score: 0 } });
add({ name: 'the service role removes a completion', table: 'unit_completions', op: 'delete', as: 'service', expect: 'allow', match: { completion_id: completionB } });
for (const as of everyoneBut(['service']))
  add({ name: `${who(as)} cannot remove a completion`, table: 'unit_completions', op: 'delete', as, expect: 'deny', match: { completion_id: completionA } });

// places, sites, renewals and photos: the office (and the service role) only.
const officeOnly = (table: WorkplaceTable, match: Row, fresh: () => Row, change: Row, ops: { update: boolean; delete: boolean }, doomed: () => Given[]): void => {
  for (const as of everyoneBut([office, 'service'])) {
    add({ name: `${who(as)} cannot read ${table}`, table, op: 'select', as, expect: 'deny', match });
    add({ name: `${who(as)} cannot add to ${table}`, table, op: 'insert', as, expect: 'deny', match: {}, values: fresh() });
    add({ name: `${who(as)} cannot change ${table}`, table, op: 'update', as, expect: 'deny', match, values: change });
    add({ name: `${who(as)} cannot remove from ${table}`, table, op: 'delete', as, expect: 'deny', match });
  }
  for (const as of [office, 'service' as const]) {
    add({ name: `${who(as)} reads ${table}`, table, op: 'select', as, expect: 'allow', match });
    add({ name: `${who(as)} adds to ${table}`, table, op: 'insert', as, expect: 'allow', match: {}, values: fresh() });
    const mayUpdate = as === 'service' || ops.update;
    add({ name: `${who(as)} ${mayUpdate ? 'changes' : 'cannot change'} ${table}`, table, op: 'update', as, expect: mayUpdate ? 'allow' : 'deny', match, values: change });
    const mayDelete = as === 'service' || ops.delete;
    const rows = doomed();
    const key = Object.keys(rows.at(-1)?.values ?? {})[0] ?? '';
    add({
      name: `${who(as)} ${mayDelete ? 'removes' : 'cannot remove'} from ${table}`,
      table,
      op: 'delete',
      as,
      expect: mayDelete ? 'allow' : 'deny',
      match: { [key]: rows.at(-1)?.values[key] ?? null },
      given: rows,
    });
  }
};
const newPlace = (): Row => ({ place_id: uuid(), district_id: id(1), town: '城南街道', name: `临时社区${uuid().slice(0, 6)}`, kind: 'community' });
const newSite = (): Row => ({ site_id: uuid(), place_id: place, kind: 'park', name: '临时公园', created_by: office.userId });
const newRenewal = (): Row => ({ renewal_id: uuid(), site_id: site, renewed_on: '2026-01-06', recorded_by: office.userId });
const newPhoto = (): Row => ({
  photo_id: uuid(),
  site_id: site,
  storage_key: `rlskey${uuid().replaceAll('-', '')}`,
  original_name: 'b.jpg',
  content_type: 'image/jpeg',
  size_bytes: 10,
  uploaded_by: office.userId,
});
officeOnly('places', { place_id: place }, newPlace, { town: '城南新街道' }, { update: true, delete: true }, () => [{ table: 'places', values: newPlace() }]);
officeOnly('education_sites', { site_id: site }, newSite, { name: '改名宣传栏' }, { update: true, delete: false }, () => [{ table: 'education_sites', values: newSite() }]);
officeOnly('site_renewals', { renewal_id: renewal }, newRenewal, { note: '改' }, { update: false, delete: true }, () => [{ table: 'site_renewals', values: newRenewal() }]);
officeOnly('site_photos', { photo_id: photo }, newPhoto, { original_name: 'c.jpg' }, { update: false, delete: true }, () => [{ table: 'site_photos', values: newPhoto() }]);

// The service role deletes a throwaway unit (units with completions or managers are kept by their foreign keys).
const throwaway = freshUnit(office.userId);
const last = cases.find((c) => c.name === 'the service role deletes a unit without completions');
if (last) {
  last.match = { unit_id: throwaway['unit_id'] ?? null };
  last.given = [{ table: 'units', values: throwaway }];
}

export const workplaceCases: readonly WorkplaceCase[] = cases;
