import type { Db } from '~/lib/server/db/client';
import type { FiveItem, FiveStatus } from '~/lib/domain/five';
import type { ClassHours } from '~/lib/domain/ledger';
import { fromPostgrest } from './errors';
import { classHoursFor } from './ledger';
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
    out.get(r.school_id)?.set(r.item as FiveItem, {
      item: r.item as FiveItem,
      status: r.status as FiveStatus,
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

/** Grades with at least one lesson assigned this year, per school. */
export async function gradesWithLessons(db: Db, year: number): Promise<Map<string, Set<number>>> {
  const rows = mustList(await db.from('assignments').select('class:classes!inner(school_id, grade, school_year)').eq('class.school_year', year), '读取布置的课程失败');
  const out = new Map<string, Set<number>>();
  for (const r of rows) out.set(r.class.school_id, (out.get(r.class.school_id) ?? new Set()).add(r.class.grade));
  return out;
}

/** Every visible class of the year with its hours standing, grouped by school. */
export async function hoursBySchool(db: Db, year: number): Promise<Map<string, ClassHours[]>> {
  const classes = mustList(await db.from('classes').select('class_id, name, grade, school_id').eq('school_year', year).is('archived_at', null), '读取班级失败');
  const standing = await classHoursFor(
    db,
    classes.map((c) => ({ classId: c.class_id, name: c.name, grade: c.grade })),
    year,
  );
  const out = new Map<string, ClassHours[]>();
  classes.forEach((c, i) => {
    const s = standing[i];
    if (s) out.set(c.school_id, [...(out.get(c.school_id) ?? []), s]);
  });
  return out;
}
