import type { Db } from '~/lib/server/db/client';
import type { FiveItem, FiveStatus } from '~/lib/domain/five';
import type { ClassHours } from '~/lib/domain/ledger';
import { fromPostgrest } from './errors';
import { type ClassHoursRow, toClassHours } from './ledger';
import { allRows } from './all-rows';
import { mustList } from './service';

export interface BoardItem {
  item: FiveItem;
  status: FiveStatus;
  evidence: string;
  link: string;
  terms: string[];
  materials: string[];
  updatedAt: string | null;
}

/** The school's 五落实 board for a year; items never filled come back as missing. */
export async function board(db: Db, schoolIds: string[], year: number): Promise<Map<string, Map<FiveItem, BoardItem>>> {
  const rows = mustList(
    await db.from('five_implementations').select('school_id, item, status, evidence, link, terms, materials, updated_at').in('school_id', schoolIds).eq('school_year', year),
    '读取五落实失败',
  );
  const out = new Map<string, Map<FiveItem, BoardItem>>(schoolIds.map((id) => [id, new Map()]));
  for (const r of rows) {
    out.get(r.school_id)?.set(r.item, {
      item: r.item,
      status: r.status,
      evidence: r.evidence ?? '',
      link: r.link ?? '',
      terms: r.terms,
      materials: r.materials,
      updatedAt: r.updated_at,
    });
  }
  return out;
}

/** Saves one item of the board (the school admin's own school; RLS checks). */
export async function saveBoardItem(
  db: Db,
  input: { schoolId: string; year: number; item: FiveItem; status: FiveStatus; evidence: string; link: string; terms: string[]; materials: string[]; userId: string },
): Promise<void> {
  const { error } = await db.from('five_implementations').upsert(
    {
      school_id: input.schoolId,
      school_year: input.year,
      item: input.item,
      status: input.status,
      evidence: input.evidence || null,
      link: input.link || null,
      terms: input.terms,
      materials: input.materials,
      updated_by: input.userId,
      updated_at: new Date().toISOString(),
    },
    { onConflict: 'school_id,school_year,item' },
  );
  if (error) throw fromPostgrest(error, '保存五落实失败');
}

export interface TeacherRecord {
  userId: string;
  name: string;
  teaches: boolean;
  trainedOn: string | null;
  course: string;
}

/** The school's teachers with their prevention-teaching and training record. */
export async function teacherRecords(db: Db, schoolId: string): Promise<TeacherRecord[]> {
  const [staff, training] = await Promise.all([
    mustList(await db.from('users').select('user_id, display_name').eq('school_id', schoolId).eq('role', 'teacher').order('display_name'), '读取教师失败'),
    mustList(await db.from('teacher_training').select('user_id, trained_on, course, teaches_prevention').eq('school_id', schoolId), '读取培训记录失败'),
  ]);
  const byUser = new Map(training.map((r) => [r.user_id, r]));
  return staff.map((s) => ({
    userId: s.user_id,
    name: s.display_name,
    teaches: byUser.get(s.user_id)?.teaches_prevention ?? false,
    trainedOn: byUser.get(s.user_id)?.trained_on ?? null,
    course: byUser.get(s.user_id)?.course ?? '',
  }));
}

export async function saveTraining(db: Db, input: { userId: string; schoolId: string; teaches: boolean; trainedOn: string | null; course: string }): Promise<void> {
  const { error } = await db.from('teacher_training').upsert(
    {
      user_id: input.userId,
      school_id: input.schoolId,
      teaches_prevention: input.teaches,
      trained_on: input.trainedOn,
      course: input.course || null,
      updated_at: new Date().toISOString(),
    },
    { onConflict: 'user_id' },
  );
  if (error) throw fromPostgrest(error, '保存培训记录失败');
}

/** Grades with at least one lesson assigned this year, per school (of the schools asked for). */
export async function gradesWithLessons(db: Db, year: number, schoolIds: string[]): Promise<Map<string, Set<number>>> {
  // Every class's assignments: past PostgREST's cap in a large school, so read page by page.
  const rows = await allRows(
    (from, to) =>
      db
        .from('assignments')
        .select('class:classes!inner(school_id, grade, school_year)')
        .eq('class.school_year', year)
        .in('class.school_id', schoolIds)
        .order('assignment_id')
        .range(from, to),
    '读取布置的课程失败',
  );
  const out = new Map<string, Set<number>>();
  for (const r of rows) out.set(r.class.school_id, (out.get(r.class.school_id) ?? new Set()).add(r.class.grade));
  return out;
}

/** The classes of some schools in a year, not archived, with their hours standing (`class_hours` in SQL), grouped by school. */
export async function hoursBySchool(db: Db, year: number, schoolIds: string[]): Promise<Map<string, ClassHours[]>> {
  const out = new Map<string, ClassHours[]>();
  if (schoolIds.length === 0) return out;
  const rows = mustList(
    await db.rpc('class_hours', { p_year: year }).in('school_id', schoolIds).eq('archived', false).order('grade').order('name'),
    '读取班级课时失败',
  ) as ClassHoursRow[];
  for (const r of rows) out.set(r.school_id, [...(out.get(r.school_id) ?? []), toClassHours(r)]);
  return out;
}

/** A school's classes and hours in a year, as `school_hours` counts them. */
export interface SchoolHours {
  classes: number;
  classesMet: number;
  /** Share of classes that met their requirement, in whole percent (floored); null without classes. */
  coverage: number | null;
  delivered: number;
  /** Of the delivered hours, those classroom sessions recorded. */
  platform: number;
}

/** Per school, the year's live classes and hours the caller may see (`school_hours` in SQL), by school id. */
export async function schoolHours(db: Db, year: number): Promise<Map<string, SchoolHours>> {
  const rows = mustList(await db.rpc('school_hours', { p_year: year }), '读取学校课时失败') as {
    school_id: string;
    classes: number;
    classes_met: number;
    coverage: number | null;
    delivered: number | string;
    platform: number | string;
  }[];
  return new Map(
    rows.map((r) => [r.school_id, { classes: r.classes, classesMet: r.classes_met, coverage: r.coverage, delivered: Number(r.delivered), platform: Number(r.platform) }]),
  );
}
