import type { TablesInsert } from '~/lib/database.types';
import { type Db, rpc } from '~/lib/server/db/client';
import type { LoginIdentifier } from '~/lib/domain/login';
import type { PlaceKind, SiteKind, UnitKind } from '~/lib/domain/units';
import { LoginTakenError } from '~/lib/server/db/accounts';
import { allRows } from '~/lib/server/db/all-rows';
import { must, mustList } from '~/lib/server/db/service';

/**
 * Units, their managers and completions, and education sites, through the caller's own client:
 * row level security decides what a manager or the office sees (a manager only their unit).
 */

/** A refusal from the database that the office can act on; the message is Chinese. */
export class UnitInputError extends Error {}

export interface Unit {
  unitId: string;
  districtId: string;
  districtName: string;
  kind: UnitKind;
  name: string;
  contactName: string;
  contactPhone: string;
  qrCode: string;
  qrRotatedAt: Date;
}

interface UnitRow {
  unit_id: string;
  district_id: string;
  kind: UnitKind;
  name: string;
  contact_name: string;
  contact_phone: string;
  qr_code: string;
  qr_rotated_at: string;
  districts: { name: string } | null;
}

const unitColumns = 'unit_id, district_id, kind, name, contact_name, contact_phone, qr_code, qr_rotated_at, districts(name)';
const toUnit = (r: UnitRow): Unit => ({
  unitId: r.unit_id,
  districtId: r.district_id,
  districtName: r.districts?.name ?? '',
  kind: r.kind,
  name: r.name,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  qrCode: r.qr_code,
  qrRotatedAt: new Date(r.qr_rotated_at),
});

/** The units the caller may see (a manager: theirs; the office: all), by district and name. */
export async function visibleUnits(db: Db): Promise<Unit[]> {
  // The office sees every unit of the city: past PostgREST's cap, so read page by page.
  const rows = await allRows((from, to) => db.from('units').select(unitColumns).is('disabled_at', null).order('name').order('unit_id').range(from, to), '读取单位失败');
  return rows.map(toUnit).sort((a, b) => a.districtName.localeCompare(b.districtName, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

/** The calling manager's unit, or null. */
export async function myUnit(db: Db): Promise<Unit | null> {
  const units = await visibleUnits(db);
  return units.length === 1 ? (units[0] ?? null) : null;
}

export async function registerUnit(
  db: Db,
  input: { districtId: string; kind: UnitKind; name: string; contactName: string; contactPhone: string; createdBy: string },
): Promise<string> {
  const { data, error } = await db
    .from('units')
    .insert({
      district_id: input.districtId,
      kind: input.kind,
      name: input.name,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      created_by: input.createdBy,
      // qr_code is set by the database's trigger, whatever the insert says.
    } as TablesInsert<'units'>)
    .select('unit_id')
    .single();
  if (error?.code === '23503') throw new UnitInputError('所选的区不存在');
  if (error) throw new Error(`登记单位失败: ${error.message}`);
  return data.unit_id;
}

export async function createManager(db: Db, input: { unitId: string; displayName: string; id: LoginIdentifier; passwordHash: string }): Promise<string> {
  const { data, error } = await db.rpc('create_unit_manager', {
    p_unit_id: input.unitId,
    p_display_name: input.displayName,
    p_login_kind: input.id.kind,
    p_login: input.id.login,
    p_password_hash: input.passwordHash,
  });
  if (error?.code === '23505') throw new LoginTakenError('这个手机号或邮箱已经有账号了');
  if (error?.code === '42501' || error?.code === '22023') throw new UnitInputError(error.message);
  if (error) throw new Error(`创建账号失败: ${error.message}`);
  return data;
}

export async function rotateCode(db: Db, unitId: string): Promise<string> {
  const data = await rpc(db, 'rotate_unit_code', { p_unit_id: unitId }, '更换二维码失败');
  return data as string;
}

/** One completion as the manager and the office read it (RLS: the unit's manager and the office only). */
export interface Completion {
  completionId: string;
  courseId: string;
  workerName: string;
  phoneLast4: string;
  score: number;
  total: number;
  completedAt: Date;
  slipCode: string;
}

/** A unit's completions of a year, oldest first. */
export async function unitCompletions(db: Db, unitId: string, year: number): Promise<Completion[]> {
  const rows = mustList(
    await db
      .from('unit_completions')
      .select('completion_id, course_id, worker_name, phone_last4, score, total, completed_at, slip_code')
      .eq('unit_id', unitId)
      .eq('year', year)
      .order('completed_at')
      .limit(10000),
    '读取完成名单失败',
  );
  return rows.map((r) => ({
    completionId: r.completion_id,
    courseId: r.course_id,
    workerName: r.worker_name,
    phoneLast4: r.phone_last4,
    score: r.score,
    total: r.total,
    completedAt: new Date(r.completed_at),
    slipCode: r.slip_code,
  }));
}

/** Office figures of a year: units by district and kind, and the 六进 events. */
export interface Participation {
  districtName: string;
  kind: UnitKind;
  units: number;
  activeUnits: number;
  completions: number;
}
export interface SixIntoRow {
  districtName: string;
  kind: string;
  events: number;
}

export async function participation(db: Db, year: number): Promise<Participation[]> {
  const data = await rpc(db, 'unit_participation', { p_year: year }, '读取单位培训统计失败');
  return (data as { district_name: string; kind: UnitKind; units: number; active_units: number; completions: number }[]).map((r) => ({
    districtName: r.district_name,
    kind: r.kind,
    units: r.units,
    activeUnits: r.active_units,
    completions: r.completions,
  }));
}

export async function sixIntoEvents(db: Db, year: number): Promise<SixIntoRow[]> {
  const data = await rpc(db, 'six_into_events', { p_year: year }, '读取六进活动统计失败');
  return (data as { district_name: string; kind: string; events: number }[]).map((r) => ({ districtName: r.district_name, kind: r.kind, events: r.events }));
}

export interface Place {
  placeId: string;
  districtName: string;
  town: string;
  name: string;
  kind: PlaceKind;
}

export async function allPlaces(db: Db): Promise<Place[]> {
  const rows = mustList(await db.from('places').select('place_id, town, name, kind, districts(name)').limit(10000), '读取村和社区失败');
  return rows
    .map((r) => ({ placeId: r.place_id, districtName: r.districts?.name ?? '', town: r.town, name: r.name, kind: r.kind }))
    .sort((a, b) => a.districtName.localeCompare(b.districtName, 'zh') || a.town.localeCompare(b.town, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

export async function addPlace(db: Db, input: { districtId: string; town: string; name: string; kind: PlaceKind }): Promise<string> {
  const { data, error } = await db
    .from('places')
    .insert({ district_id: input.districtId, town: input.town, name: input.name, kind: input.kind })
    .select('place_id')
    .single<{ place_id: string }>();
  if (error?.code === '23505') throw new UnitInputError('这个村或社区已经登记过了');
  if (error?.code === '23503') throw new UnitInputError('所选的区不存在');
  if (error) throw new Error(`登记村或社区失败: ${error.message}`);
  return data.place_id;
}

export interface Site {
  siteId: string;
  placeId: string;
  kind: SiteKind;
  name: string;
  placeName: string;
  town: string;
  districtName: string;
  lastRenewedOn: string | null;
  photos: { photoId: string; width: number | null; height: number | null }[];
}

export async function allSites(db: Db): Promise<Site[]> {
  const rows = mustList(
    await db
      .from('education_sites')
      .select(
        'site_id, place_id, kind, name, places(name, town, districts(name)), site_renewals(renewed_on), site_photos(photo_id, thumbnail_width, thumbnail_height, uploaded_at)',
      )
      .is('retired_at', null)
      .limit(10000),
    '读取阵地失败',
  );
  return rows
    .map((r) => ({
      siteId: r.site_id,
      placeId: r.place_id,
      kind: r.kind,
      name: r.name,
      placeName: r.places?.name ?? '',
      town: r.places?.town ?? '',
      districtName: r.places?.districts?.name ?? '',
      lastRenewedOn:
        r.site_renewals
          .map((x) => x.renewed_on)
          .sort()
          .at(-1) ?? null,
      photos: [...r.site_photos]
        .sort((a, b) => b.uploaded_at.localeCompare(a.uploaded_at))
        .slice(0, 3)
        .map((p) => ({ photoId: p.photo_id, width: p.thumbnail_width, height: p.thumbnail_height })),
    }))
    .sort((a, b) => a.districtName.localeCompare(b.districtName, 'zh') || a.town.localeCompare(b.town, 'zh') || a.placeName.localeCompare(b.placeName, 'zh'));
}

export async function addSite(db: Db, input: { placeId: string; kind: SiteKind; name: string; createdBy: string }): Promise<string> {
  const { data, error } = await db
    .from('education_sites')
    .insert({ place_id: input.placeId, kind: input.kind, name: input.name, created_by: input.createdBy })
    .select('site_id')
    .single<{ site_id: string }>();
  if (error?.code === '23503') throw new UnitInputError('所选的村或社区不存在');
  if (error) throw new Error(`登记阵地失败: ${error.message}`);
  return data.site_id;
}

/** Records a renewal and its photo (already in the evidence store under its key). */
export async function renewSite(
  db: Db,
  input: {
    siteId: string;
    renewedOn: string;
    note: string;
    userId: string;
    photo: { key: string; name: string; type: string; size: number; thumbnail: { key: string; width: number; height: number } };
  },
): Promise<void> {
  const renewal = await db
    .from('site_renewals')
    .insert({ site_id: input.siteId, renewed_on: input.renewedOn, note: input.note, recorded_by: input.userId })
    .select('renewal_id')
    .single<{ renewal_id: string }>();
  if (renewal.error?.code === '23503') throw new UnitInputError('找不到这个阵地');
  if (renewal.error?.code === '23514') throw new UnitInputError('更新日期不能晚于今天，也不能早于2019年');
  if (renewal.error) throw new Error(`记录更新失败: ${renewal.error.message}`);
  must(
    await db.from('site_photos').insert({
      site_id: input.siteId,
      renewal_id: renewal.data.renewal_id,
      storage_key: input.photo.key,
      original_name: input.photo.name,
      content_type: input.photo.type,
      size_bytes: input.photo.size,
      thumbnail_key: input.photo.thumbnail.key,
      thumbnail_width: input.photo.thumbnail.width,
      thumbnail_height: input.photo.thumbnail.height,
      uploaded_by: input.userId,
    }),
    '保存照片失败',
  );
}

/** A photo the caller may read (RLS: the office), for the photo endpoint. */
export async function sitePhoto(db: Db, photoId: string): Promise<{ storageKey: string; contentType: string; originalName: string; thumbnailKey: string | null } | null> {
  const row = must(
    await db
      .from('site_photos')
      .select('storage_key, content_type, original_name, thumbnail_key')
      .eq('photo_id', photoId)
      .maybeSingle<{ storage_key: string; content_type: string; original_name: string; thumbnail_key: string | null }>(),
    '读取照片失败',
  );
  return row && { storageKey: row.storage_key, contentType: row.content_type, originalName: row.original_name, thumbnailKey: row.thumbnail_key };
}

export interface CoverageFigures {
  districtName: string;
  places: number;
  covered: number;
  rate: number | null;
}
export interface UncoveredPlace {
  districtName: string;
  town: string;
  name: string;
  kind: string;
  sites: number;
  lastRenewedOn: string | null;
}

export async function siteCoverage(db: Db, year: number): Promise<CoverageFigures[]> {
  const data = await rpc(db, 'site_coverage', { p_year: year }, '读取阵地覆盖率失败');
  return (data as { district_name: string; places: number; covered: number; rate: number | string | null }[]).map((r) => ({
    districtName: r.district_name,
    places: r.places,
    covered: r.covered,
    rate: r.rate === null ? null : Number(r.rate),
  }));
}

export async function uncoveredPlaces(db: Db, year: number): Promise<UncoveredPlace[]> {
  const data = await rpc(db, 'uncovered_places', { p_year: year }, '读取未覆盖的村和社区失败');
  return (data as { district_name: string; town: string; name: string; kind: string; sites: number; last_renewed_on: string | null }[]).map((r) => ({
    districtName: r.district_name,
    town: r.town,
    name: r.name,
    kind: r.kind,
    sites: r.sites,
    lastRenewedOn: r.last_renewed_on,
  }));
}

/** Districts for the office's forms. */
export async function districtList(db: Db): Promise<{ districtId: string; name: string }[]> {
  const rows = mustList(await db.from('districts').select('district_id, name').order('name'), '读取区失败');
  return rows.map((r) => ({ districtId: r.district_id, name: r.name }));
}
