import { type Db, rpc } from '~/lib/server/db/client';
import { DomainError, fromPostgrest } from './errors';
import { must, mustList } from './service';

export interface ClassInfo {
  classId: string;
  schoolId: string;
  schoolName: string;
  stage: string;
  schoolYear: number;
  grade: number;
  name: string;
  archived: boolean;
}

/** A class the user may see, or null. */
export async function classInfo(db: Db, classId: string): Promise<ClassInfo | null> {
  const row = must(
    await db.from('classes').select('class_id, school_id, school_year, grade, name, archived_at, school:schools(name, stage)').eq('class_id', classId).maybeSingle<{
      class_id: string;
      school_id: string;
      school_year: number;
      grade: number;
      name: string;
      archived_at: string | null;
      school: { name: string; stage: string } | null;
    }>(),
    '读取班级失败',
  );
  if (!row) return null;
  return {
    classId: row.class_id,
    schoolId: row.school_id,
    schoolName: row.school?.name ?? '',
    stage: row.school?.stage ?? '',
    schoolYear: row.school_year,
    grade: row.grade,
    name: row.name,
    archived: row.archived_at !== null,
  };
}

/** What the caller may do with a class: manage it (its teachers, the school admin), read it (the office), or nothing. */
export async function classAccess(db: Db, classId: string): Promise<'manage' | 'read' | null> {
  const access = await rpc(db, 'class_access', { p_class_id: classId }, '读取班级失败');
  return access === 'manage' || access === 'read' ? access : null;
}

export interface RosterStudent {
  userId: string;
  studentNumber: string;
  displayName: string;
}

/** The students of a class, by student number. */
export async function roster(db: Db, classId: string): Promise<RosterStudent[]> {
  const rows = mustList(await db.from('students').select('user_id, student_number, user:users(display_name)').eq('class_id', classId).order('student_number'), '读取名单失败');
  return rows.map((r) => ({ userId: r.user_id, studentNumber: r.student_number, displayName: r.user?.display_name ?? '' }));
}

export const createClass = (db: Db, c: { schoolYear: number; grade: number; name: string }): Promise<string> =>
  rpc(db, 'create_class', { p_school_year: c.schoolYear, p_grade: c.grade, p_name: c.name }, '建班失败');

/** Imports the whole roster or nothing; returns the number of students created. */
export const importRoster = (db: Db, classId: string, students: { studentNumber: string; displayName: string; passwordHash: string }[]): Promise<number> =>
  rpc(db, 'import_roster', { p_class_id: classId, p_students: students }, '导入名单失败');

export const resetStudentPassword = (db: Db, studentId: string, passwordHash: string): Promise<void> =>
  rpc(db, 'reset_student_password', { p_student_id: studentId, p_password_hash: passwordHash }, '重置密码失败');

/** The students of the class who still hold a first password (never signed in and chose their own). */
export async function firstPasswordHolders(db: Db, classId: string): Promise<Set<string>> {
  const rows = await rpc(db, 'class_first_passwords', { p_class_id: classId }, '读取名单失败');
  return new Set(rows.filter((r) => r.first_password).map((r) => r.student_id));
}

/**
 * New first passwords for chosen students of one class, all or nothing, each signed out.
 * With `firstOnly`, students who chose their own password meanwhile are left alone.
 * Returns the ids actually reset.
 */
export async function resetStudentPasswords(db: Db, r: { classId: string; students: { studentId: string; passwordHash: string }[]; firstOnly: boolean }): Promise<string[]> {
  const rows = await rpc(db, 'reset_student_passwords', { p_class_id: r.classId, p_students: r.students, p_first_only: r.firstOnly }, '重置密码失败');
  return rows.map((x) => x.student_id);
}

export const moveStudent = (db: Db, studentId: string, classId: string): Promise<void> => rpc(db, 'move_student', { p_student_id: studentId, p_class_id: classId }, '转班失败');

export const archiveClass = (db: Db, classId: string): Promise<void> => rpc(db, 'archive_class', { p_class_id: classId }, '归档失败');

/** Assigns lessons to a class with one due date (re-assigning updates the date). */
export async function assignLessons(db: Db, input: { classId: string; lessonIds: string[]; dueOn: string | null; userId: string }): Promise<void> {
  const rows = input.lessonIds.map((lessonId) => ({ class_id: input.classId, lesson_id: lessonId, due_on: input.dueOn, assigned_by: input.userId }));
  const { error } = await db.from('assignments').upsert(rows, { onConflict: 'class_id,lesson_id' });
  if (error) throw fromPostgrest(error, '布置课程失败');
}

/**
 * Withdraws an assignment. RLS deletes nothing of a class the user may not change, so a delete
 * that removed no row is refused rather than reported as done.
 */
export async function withdrawAssignment(db: Db, classId: string, lessonId: string): Promise<void> {
  const { data, error } = await db.from('assignments').delete().eq('class_id', classId).eq('lesson_id', lessonId).select('assignment_id');
  if (error) throw fromPostgrest(error, '撤回失败');
  if ((data ?? []).length === 0) throw new DomainError('NOT_FOUND', '没有找到这项布置，或你不能撤回这个班级的布置，什么也没有改变');
}
