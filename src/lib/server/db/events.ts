import type { Json, Tables } from '~/lib/database.types';
import { type Db, nullArg, rpc } from '~/lib/server/db/client';
import type { Eligibility, EventKind, EventStatus, SignupStatus, VolunteerCategory } from '~/lib/domain/events';
import { DomainError, fromPostgrest } from './errors';
import { mustList } from './service';

/** The editable fields of an event. */
export interface EventFields {
  districtId: string;
  community: string;
  title: string;
  kind: EventKind;
  description: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  cancelCutoff: Date;
  bring: string;
  eligibility: Eligibility;
  contact: string;
}

/** An event as the public list and page show it: its editable fields plus what the app keeps. */
export interface EventRecord extends EventFields {
  eventId: string;
  organizerId: string;
  district: string;
  status: EventStatus;
  cancelReason: string | null;
  seatsTaken: number;
  waitlisted: number;
  hoursConfirmedAt: Date | null;
}

/** One of the signed-in volunteer's sign-ups. */
export interface MySignup {
  eventId: string;
  title: string;
  kind: EventKind;
  startsAt: Date;
  endsAt: Date;
  district: string;
  community: string;
  eventStatus: EventStatus;
  cancelReason: string | null;
  cancelCutoff: Date;
  status: SignupStatus;
  waitlistPosition: number | null;
  hours: number | null;
  hoursConfirmedAt: Date | null;
}

/** A roster line for the organizer. */
export interface RosterLine {
  signupId: string;
  volunteerName: string;
  category: VolunteerCategory | null;
  phone: string | null;
  organization: string | null;
  status: SignupStatus;
  waitlistPosition: number | null;
  signedUpAt: Date;
  checkedInAt: Date | null;
  hours: number | null;
  households: number | null;
}

export interface VolunteerProfile {
  category: VolunteerCategory;
  phone: string | null;
  organization: string | null;
}

const eventColumns =
  'event_id, organizer_id, district_id, community, title, kind, description, starts_at, ends_at, capacity, cancel_cutoff, bring, eligibility, contact, status, cancel_reason, seats_taken, waitlisted, hours_confirmed_at, districts(name)';

const date = (v: string): Date => new Date(v);
const dateOrNull = (v: string | null): Date | null => (v ? new Date(v) : null);
const numOrNull = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** An events row as `eventColumns` selects it. */
type EventRow = Omit<Tables<'events'>, 'created_at' | 'updated_at'> & { districts: { name: string } | null };

// eligibility and status are text columns their check constraints limit to the domain's values (kind is an enum).
function toEvent(r: EventRow): EventRecord {
  return {
    eventId: r.event_id,
    organizerId: r.organizer_id,
    districtId: r.district_id,
    district: r.districts?.name ?? '',
    community: r.community,
    title: r.title,
    kind: r.kind,
    description: r.description ?? '',
    startsAt: date(r.starts_at),
    endsAt: date(r.ends_at),
    capacity: Number(r.capacity),
    cancelCutoff: date(r.cancel_cutoff),
    bring: r.bring ?? '',
    eligibility: r.eligibility as Eligibility,
    contact: r.contact,
    status: r.status as EventStatus,
    cancelReason: r.cancel_reason ?? null,
    seatsTaken: Number(r.seats_taken),
    waitlisted: Number(r.waitlisted),
    hoursConfirmedAt: dateOrNull(r.hours_confirmed_at),
  };
}

/** Upcoming and recent events (from `since`), soonest first; all of an organizer's when `organizerId` is given. */
export async function listEvents(db: Db, options: { since?: Date; organizerId?: string; limit?: number } = {}): Promise<EventRecord[]> {
  let query = db
    .from('events')
    .select(eventColumns)
    .order('starts_at', { ascending: true })
    .limit(options.limit ?? 200);
  if (options.since) query = query.gte('ends_at', options.since.toISOString());
  if (options.organizerId) query = query.eq('organizer_id', options.organizerId);
  return mustList(await query, '读取活动失败').map(toEvent);
}

/** One event, or null. */
export async function getEvent(db: Db, eventId: string): Promise<EventRecord | null> {
  const { data, error } = await db.from('events').select(eventColumns).eq('event_id', eventId).maybeSingle();
  if (error) throw fromPostgrest(error, '读取活动失败');
  return data ? toEvent(data) : null;
}

/** Signs the caller up; confirmed while seats remain, waitlisted after. */
export async function signUp(db: Db, eventId: string): Promise<{ status: 'confirmed' | 'waitlisted'; position: number | null }> {
  const rows = await rpc(db, 'sign_up_for_event', { p_event_id: eventId }, '报名失败');
  const row = rows[0];
  if (!row) throw new Error('报名失败: 没有返回数据');
  return { status: row.signup_status === 'waitlisted' ? 'waitlisted' : 'confirmed', position: row.waitlist_position };
}

/** Cancels the caller's sign-up; returns how many waitlisted were promoted. */
export async function cancelSignup(db: Db, eventId: string): Promise<{ promoted: number }> {
  const rows = await rpc(db, 'cancel_event_signup', { p_event_id: eventId }, '取消报名失败');
  return { promoted: rows[0]?.promoted ?? 0 };
}

/** The caller's sign-ups, newest event first. */
export async function mySignups(db: Db): Promise<MySignup[]> {
  const rows = await rpc(db, 'my_event_signups', {}, '读取报名失败');
  return rows.map((r) => ({
    eventId: r.event_id,
    title: r.title,
    kind: r.kind as EventKind,
    startsAt: date(r.starts_at),
    endsAt: date(r.ends_at),
    district: String(r.district),
    community: r.community,
    eventStatus: r.event_status as EventStatus,
    cancelReason: r.cancel_reason ?? null,
    cancelCutoff: date(r.cancel_cutoff),
    status: r.signup_status as SignupStatus,
    waitlistPosition: numOrNull(r.waitlist_position),
    hours: numOrNull(r.hours),
    hoursConfirmedAt: dateOrNull(r.hours_confirmed_at),
  }));
}

function fieldsJson(f: EventFields): Json {
  return {
    district_id: f.districtId,
    community: f.community,
    title: f.title,
    kind: f.kind,
    description: f.description,
    starts_at: f.startsAt.toISOString(),
    ends_at: f.endsAt.toISOString(),
    capacity: f.capacity,
    cancel_cutoff: f.cancelCutoff.toISOString(),
    bring: f.bring,
    eligibility: f.eligibility,
    contact: f.contact,
  };
}

/** Creates (no id) or edits an event of the caller; returns its id. */
export async function saveEvent(db: Db, eventId: string | null, fields: EventFields): Promise<string> {
  return rpc(db, 'save_event', { p_event_id: nullArg(eventId), p_fields: fieldsJson(fields) }, '保存活动失败');
}

export async function copyEvent(db: Db, eventId: string, startsAt: Date): Promise<string> {
  return rpc(db, 'copy_event', { p_event_id: eventId, p_starts_at: startsAt.toISOString() }, '复制活动失败');
}

export async function cancelEvent(db: Db, eventId: string, reason: string): Promise<void> {
  await rpc(db, 'cancel_event', { p_event_id: eventId, p_reason: reason }, '取消活动失败');
}

export async function setSignupsOpen(db: Db, eventId: string, open: boolean): Promise<void> {
  await rpc(db, 'set_event_signups_open', { p_event_id: eventId, p_open: open }, '修改报名状态失败');
}

/** The roster of an event the caller organizes. */
export async function roster(db: Db, eventId: string): Promise<RosterLine[]> {
  const rows = await rpc(db, 'event_roster', { p_event_id: eventId }, '读取名单失败');
  return rows.map((r) => ({
    signupId: r.signup_id,
    volunteerName: String(r.volunteer_name),
    // The function's columns are nullable; the generator types every one as non-null.
    category: (r.category as VolunteerCategory | null) ?? null,
    phone: r.phone ?? null,
    organization: r.organization ?? null,
    status: r.signup_status as SignupStatus,
    waitlistPosition: numOrNull(r.waitlist_position),
    signedUpAt: date(r.signed_up_at),
    checkedInAt: dateOrNull(r.checked_in_at),
    hours: numOrNull(r.hours),
    households: numOrNull(r.households),
  }));
}

/** The code to show now and when it stops being current. */
export async function checkinCode(db: Db, eventId: string): Promise<{ code: string; validUntil: Date }> {
  const rows = await rpc(db, 'event_checkin_code', { p_event_id: eventId }, '读取签到码失败');
  const row = rows[0];
  if (!row) throw new Error('读取签到码失败: 没有返回数据');
  return { code: row.code, validUntil: new Date(row.valid_until) };
}

/**
 * Checks the caller in. A wrong or expired code comes back from the database as a result row (so
 * the attempt it records is kept) and is raised here as a refusal with the database's message;
 * past the attempt limit the database refuses with QYLIM.
 */
export async function checkIn(db: Db, eventId: string, code: string): Promise<void> {
  const rows = await rpc(db, 'check_in_to_event', { p_event_id: eventId, p_code: code }, '签到失败');
  const row = rows[0];
  if (!row) throw new Error('签到失败: 没有返回数据');
  if (row.outcome === 'wrong') throw new DomainError('BAD_REQUEST', row.message);
  if (row.outcome === 'expired') throw new DomainError('CONFLICT', row.message);
}

export async function markAttendance(db: Db, signupId: string, present: boolean): Promise<void> {
  await rpc(db, 'mark_attendance', { p_signup_id: signupId, p_present: present }, '登记出勤失败');
}

/** Confirms hours for those present; returns how many got hours. */
export async function confirmHours(db: Db, eventId: string, hours: number | null): Promise<number> {
  return rpc(db, 'confirm_event_hours', { p_event_id: eventId, p_hours: nullArg(hours) }, '确认时长失败');
}

export async function logHouseholds(db: Db, input: { eventId: string; community: string; households: number }): Promise<void> {
  await rpc(db, 'log_household_visits', { p_event_id: input.eventId, p_community: input.community, p_households: input.households }, '登记入户数失败');
}

/** A household-visit entry of the signed-in volunteer, with whether they may still change it. */
export interface MyHouseholdVisit {
  visitId: string;
  eventId: string;
  community: string;
  households: number;
  createdAt: Date;
  /** False once the event's hours are confirmed: then only the organizer or the office can change it. */
  editable: boolean;
}

/** The caller's own household-visit entries (row level security keeps it to theirs), oldest first. */
export async function myHouseholdVisits(db: Db, userId: string): Promise<MyHouseholdVisit[]> {
  const rows = mustList(
    await db
      .from('household_visits')
      .select('visit_id, event_id, community, households, created_at, events(hours_confirmed_at)')
      .eq('volunteer_id', userId)
      .order('created_at', { ascending: true }),
    '读取入户登记失败',
  );
  return rows.map((r) => ({
    visitId: r.visit_id,
    eventId: r.event_id,
    community: r.community,
    households: Number(r.households),
    createdAt: date(r.created_at),
    editable: !r.events?.hours_confirmed_at,
  }));
}

/** A household-visit entry of an event, as its organizer sees it. */
export interface EventHouseholdVisit {
  visitId: string;
  volunteerName: string;
  community: string;
  households: number;
}

/**
 * The household-visit entries of an event the caller organizes (row level security lets the
 * organizer read them), oldest first, each with the volunteer's name from the event's roster:
 * the organizer cannot read users, but sees who signed up.
 */
export async function eventHouseholdVisits(db: Db, eventId: string, lines: RosterLine[]): Promise<EventHouseholdVisit[]> {
  const [visits, signups] = await Promise.all([
    db.from('household_visits').select('visit_id, volunteer_id, community, households').eq('event_id', eventId).order('created_at', { ascending: true }),
    db.from('event_signups').select('signup_id, volunteer_id').eq('event_id', eventId),
  ]);
  const nameOf = new Map(lines.map((l) => [l.signupId, l.volunteerName]));
  const signupOf = new Map(mustList(signups, '读取报名记录失败').map((r) => [r.volunteer_id, r.signup_id]));
  return mustList(visits, '读取入户登记失败').map((r) => ({
    visitId: r.visit_id,
    community: r.community,
    households: Number(r.households),
    volunteerName: nameOf.get(signupOf.get(r.volunteer_id) ?? '') ?? '—',
  }));
}

/** Corrects a household-visit entry (the volunteer's own until the hours are confirmed; the organizer's or office's any time). */
export async function updateHouseholdVisit(db: Db, input: { visitId: string; community: string; households: number }): Promise<void> {
  await rpc(db, 'update_household_visit', { p_visit_id: input.visitId, p_community: input.community, p_households: input.households }, '修改入户数失败');
}

/** Removes a household-visit entry, on the same terms as a correction. */
export async function deleteHouseholdVisit(db: Db, visitId: string): Promise<void> {
  await rpc(db, 'delete_household_visit', { p_visit_id: visitId }, '删除入户登记失败');
}

/** The caller's profile, or null before they fill it in. */
export async function getProfile(db: Db, userId: string): Promise<VolunteerProfile | null> {
  const { data, error } = await db.from('volunteer_profiles').select('category, phone, organization').eq('user_id', userId).maybeSingle();
  if (error) throw fromPostgrest(error, '读取志愿者资料失败');
  return data ? { category: data.category as VolunteerCategory, phone: data.phone, organization: data.organization } : null;
}

export async function saveProfile(db: Db, userId: string, profile: VolunteerProfile): Promise<void> {
  const { error } = await db
    .from('volunteer_profiles')
    .upsert({ user_id: userId, category: profile.category, phone: profile.phone, organization: profile.organization, updated_at: new Date().toISOString() });
  if (error) throw fromPostgrest(error, '保存志愿者资料失败');
}

/** Households reached, per district and community, for the office: summed by `household_reach` in SQL. */
export async function householdReach(db: Db): Promise<{ district: string; community: string; households: number; visits: number }[]> {
  const rows = mustList(await db.rpc('household_reach'), '读取入户数据失败');
  return rows
    .map((r) => ({ district: r.district_name, community: r.community, households: r.households, visits: r.visits }))
    .sort((a, b) => a.district.localeCompare(b.district, 'zh-CN') || b.households - a.households);
}

/** The districts an event can be in. */
export async function districts(db: Db): Promise<{ id: string; name: string }[]> {
  return mustList(await db.from('districts').select('district_id, name').order('name'), '读取区失败').map((d) => ({ id: String(d.district_id), name: String(d.name) }));
}
