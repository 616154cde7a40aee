import type { Enums } from '~/lib/database.types';
import type { Db } from '~/lib/server/db/client';
import type { SchoolCounts } from '~/lib/domain/dashboard';
import { fromPostgrest } from './errors';
import { mustList } from './service';

/** Per-school counts for a school year (office only). */
export async function dashboardSchools(db: Db, year: number): Promise<SchoolCounts[]> {
  const { data, error } = await db.rpc('dashboard_schools', { p_year: year });
  if (error) throw fromPostgrest(error, '读取全市统计失败');
  return (data ?? []).map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name,
    districtName: r.district_name,
    students: r.students,
    studentsMastered: r.students_mastered,
    classes: r.classes,
    classesMet: r.classes_met,
    hoursDelivered: Number(r.hours_delivered),
    contestStudents: r.contest_students,
    contestParticipants: r.contest_participants,
    contestPassed: r.contest_passed,
    contestExcellent: r.contest_excellent,
  }));
}

export interface MonthFigures {
  month: string;
  hours: number;
  lessonsMastered: number;
}

/** Hours delivered and lessons mastered per month of a school year (office only). */
export async function dashboardMonths(db: Db, year: number): Promise<MonthFigures[]> {
  const { data, error } = await db.rpc('dashboard_months', { p_year: year });
  if (error) throw fromPostgrest(error, '读取月度统计失败');
  return (data ?? []).map((r) => ({
    month: r.month.slice(0, 7),
    hours: Number(r.hours_delivered),
    lessonsMastered: r.lessons_mastered,
  }));
}

export interface VolunteerFigures {
  eventsHeld: number;
  activeVolunteers: number;
  volunteerHours: number;
  households: number;
}
export interface Volunteering {
  city: VolunteerFigures;
  /** Every district, by name; a volunteer counts in each district served, once for the city. */
  districts: (VolunteerFigures & { name: string })[];
  /** September to August. */
  months: (VolunteerFigures & { month: string })[];
}

interface VolunteeringRow {
  scope: string;
  district_name: string | null;
  month: string | null;
  events_held: number;
  active_volunteers: number;
  volunteer_hours: number | string;
  households: number;
}

/** Events held, active volunteers, confirmed hours and households reached in a school year (office only). */
export async function dashboardVolunteering(db: Db, year: number): Promise<Volunteering> {
  const { data, error } = await db.rpc('dashboard_volunteering', { p_year: year });
  if (error) throw fromPostgrest(error, '读取志愿服务统计失败');
  const rows = data ?? [];
  const figures = (r: VolunteeringRow | undefined): VolunteerFigures => ({
    eventsHeld: r?.events_held ?? 0,
    activeVolunteers: r?.active_volunteers ?? 0,
    volunteerHours: Number(r?.volunteer_hours ?? 0),
    households: r?.households ?? 0,
  });
  return {
    city: figures(rows.find((r) => r.scope === 'city')),
    districts: rows
      .filter((r) => r.scope === 'district')
      .map((r) => ({ name: r.district_name ?? '', ...figures(r) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    months: rows
      .filter((r) => r.scope === 'month')
      .map((r) => ({ month: (r.month ?? '').slice(0, 7), ...figures(r) }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  };
}

/** The year's targets by metric. */
export async function targets(db: Db, year: number): Promise<Record<string, number>> {
  const rows = mustList(await db.from('annual_targets').select('metric, value').eq('school_year', year), '读取年度目标失败');
  return Object.fromEntries(rows.map((r) => [r.metric, Number(r.value)]));
}

/** The office sets one target (RLS: office only). */
export async function setTarget(db: Db, year: number, metric: Enums<'target_metric'>, value: number): Promise<void> {
  const { error } = await db.from('annual_targets').upsert({ school_year: year, metric, value }, { onConflict: 'school_year,metric' });
  if (error) throw fromPostgrest(error, '保存年度目标失败');
}

/** Demonstration schools approved so far, up to and including a school year, per level. */
export async function approvedDemonstrationSchools(db: Db, year: number): Promise<{ provincial: number; municipal: number }> {
  const { data, error } = await db.rpc('demonstration_approved_counts');
  if (error) throw fromPostgrest(error, '读取示范学校统计失败');
  const rows = data ?? [];
  const total = (level: string): number => rows.filter((r) => r.level === level && r.school_year <= year).reduce((n, r) => n + r.approved, 0);
  return { provincial: total('provincial'), municipal: total('municipal') };
}
