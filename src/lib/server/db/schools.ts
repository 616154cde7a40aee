import type { Db } from '~/lib/server/db/client';
import { must, mustList } from './service';

export interface ClassSummary {
  classId: string;
  name: string;
  grade: number;
  schoolYear: number;
  schoolName: string;
  stage: string;
  studentCount: number;
}

interface ClassRow {
  class_id: string;
  name: string;
  grade: number;
  school_year: number;
  school: { name: string; stage: string } | null;
  students: { count: number }[];
}

const classColumns = 'class_id, name, grade, school_year, school:schools(name, stage), students(count)';

function toSummary(row: ClassRow): ClassSummary {
  return {
    classId: row.class_id,
    name: row.name,
    grade: row.grade,
    schoolYear: row.school_year,
    schoolName: row.school?.name ?? '',
    stage: row.school?.stage ?? '',
    studentCount: row.students[0]?.count ?? 0,
  };
}

/**
 * The classes RLS lets this user see that are not archived: a teacher's, a student's own, a school's;
 * of one school when `schoolId` is given (the office sees every class of the city, past PostgREST's cap).
 */
export async function visibleClasses(db: Db, schoolId?: string): Promise<ClassSummary[]> {
  const query = db.from('classes').select(classColumns).is('archived_at', null);
  const rows = mustList(await (schoolId ? query.eq('school_id', schoolId) : query).order('grade').order('name'), '读取班级失败');
  return rows.map(toSummary);
}

/** The classes a teacher teaches (RLS would also show a school admin the whole school). */
export async function taughtClasses(db: Db, teacherId: string): Promise<ClassSummary[]> {
  const rows = mustList(
    await db.from('classes').select(`${classColumns}, class_teachers!inner(teacher_id)`).eq('class_teachers.teacher_id', teacherId).is('archived_at', null).order('grade'),
    '读取班级失败',
  );
  return rows.map(toSummary);
}

export interface PersonSummary {
  userId: string;
  displayName: string;
  role: string;
}

/** Staff of the user's school, as RLS shows them. */
export async function schoolStaff(db: Db, schoolId: string): Promise<PersonSummary[]> {
  const rows = mustList(
    await db.from('users').select('user_id, display_name, role').eq('school_id', schoolId).in('role', ['teacher', 'school_admin']).order('display_name'),
    '读取教师失败',
  );
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, role: r.role }));
}

export interface SchoolSummary {
  schoolId: string;
  code: string;
  name: string;
  stage: string;
  districtName: string;
}

/** Every school with its district (public data). */
export async function allSchools(db: Db): Promise<SchoolSummary[]> {
  const rows = mustList(await db.from('schools').select('school_id, code, name, stage, district:districts(name)').order('name'), '读取学校失败');
  return rows.map((r) => ({ schoolId: r.school_id, code: r.code, name: r.name, stage: r.stage, districtName: r.district?.name ?? '' }));
}

/** The name of a school, or null. */
export async function schoolName(db: Db, schoolId: string): Promise<string | null> {
  const row = must(await db.from('schools').select('name').eq('school_id', schoolId).maybeSingle<{ name: string }>(), '读取学校失败');
  return row?.name ?? null;
}
