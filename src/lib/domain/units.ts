import { Constants, type Enums } from '~/lib/database.types';

/**
 * Units (workplaces, villages and communities) and education sites: their kinds, the courses a
 * kind of unit is pointed to first, and the arithmetic of the unit and office pages. The rules
 * that must hold against crafted requests (limits, one completion a year) live in Postgres
 * (supabase/migrations/20261204140100_unit_completions.sql); this file only shapes figures.
 */

/** Kinds of unit the office registers. */
export const unitKinds = Constants.public.Enums.unit_kind;
export type UnitKind = Enums<'unit_kind'>;

/** The courses (target-group pages) a unit of each kind takes first; every course stays open to every unit. */
export const coursesForKind: Record<UnitKind, readonly string[]> = {
  logistics: ['logistics'],
  entertainment: ['entertainment'],
  transport: ['transport'],
  chemical: ['precursor-chemicals'],
  enterprise: ['migrant-workers'],
  community: ['families', 'migrant-workers'],
};

/** Kinds of education site (阵地). */
export const siteKinds = Constants.public.Enums.site_kind;
export type SiteKind = Enums<'site_kind'>;

/** A village or an urban community, the places education sites serve. */
export type PlaceKind = Enums<'place_kind'>;

/** The 六进 kinds of volunteer event, in the campaign's order: 进机关、进学校、进社区、进家庭、进企业、进场所. */
export const sixIntoKinds = ['office', 'school', 'community', 'family', 'enterprise', 'venue'] as const satisfies readonly Enums<'event_kind'>[];
export type SixIntoKind = (typeof sixIntoKinds)[number];

/** A worker's name as the check form takes it: trimmed, 1-20 characters, no control characters. */
export function workerNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return '请填写姓名';
  if ([...trimmed].length > 20 || trimmed.length > 40) return '姓名最多 20 个字';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return '姓名里有无法识别的字符';
  return null;
}

/** One completion as the manager's pages read it. */
export interface CompletionRow {
  courseId: string;
  completedAt: Date;
}

/** Completions of a year by course and month (1-12), plus each course's total. */
export interface CourseMonths {
  courseId: string;
  months: number[];
  total: number;
}

/** The month (1-12) of an instant in the city's time zone. */
export function localMonth(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(at));
}

/**
 * Counts completions by course and month, courses in the order given (unknown ones after).
 * @example byCourseAndMonth([{ courseId: 'logistics', completedAt: new Date('2026-03-02T02:00:00Z') }], ['logistics'])[0].months[2] // 1
 */
export function byCourseAndMonth(rows: readonly CompletionRow[], courseOrder: readonly string[]): CourseMonths[] {
  const table = new Map<string, number[]>(courseOrder.map((id) => [id, Array(12).fill(0) as number[]]));
  for (const row of rows) {
    const months = table.get(row.courseId) ?? (Array(12).fill(0) as number[]);
    const m = localMonth(row.completedAt) - 1;
    months[m] = (months[m] ?? 0) + 1;
    table.set(row.courseId, months);
  }
  return [...table].map(([courseId, months]) => ({ courseId, months, total: months.reduce((a, b) => a + b, 0) }));
}

/** Per district: places, covered places and the rate (one decimal), against the year's target. */
export interface CoverageRow {
  districtName: string;
  places: number;
  covered: number;
  rate: number | null;
  met: boolean | null;
}

/**
 * Whether each district meets the year's coverage target; a district without places has no rate.
 * @example meetsTarget([{ districtName: '城南区', places: 10, covered: 8, rate: 80 }], 80)[0].met // true
 */
export function meetsTarget(rows: readonly Omit<CoverageRow, 'met'>[], target: number | null): CoverageRow[] {
  return rows.map((r) => ({ ...r, met: r.rate === null || target === null ? null : r.rate >= target }));
}

/** The city line: all places, all covered, the rate to one decimal (null without places). */
export function cityCoverage(rows: readonly { places: number; covered: number }[]): { places: number; covered: number; rate: number | null } {
  const places = rows.reduce((a, r) => a + r.places, 0);
  const covered = rows.reduce((a, r) => a + r.covered, 0);
  return { places, covered, rate: places === 0 ? null : Math.round((covered * 1000) / places) / 10 };
}
