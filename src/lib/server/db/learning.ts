import { type Db, rpc } from '~/lib/server/db/client';
import { fromPostgrest } from './errors';
import { must, mustList, mustOne } from './service';

export interface LessonProgress {
  lessonId: string;
  attempts: number;
  bestPercent: number;
  mastered: boolean;
}

/** The signed-in student's progress per lesson, keyed by lesson id (RLS: their own rows). */
export async function myProgress(db: Db, studentId: string): Promise<Map<string, LessonProgress>> {
  const rows = mustList(await db.from('lesson_progress').select('lesson_id, attempts, best_percent, mastered_at').eq('student_id', studentId), '读取学习进度失败');
  return new Map(rows.map((r) => [r.lesson_id, { lessonId: r.lesson_id, attempts: r.attempts, bestPercent: r.best_percent, mastered: r.mastered_at !== null }]));
}

/** The signed-in pupil's progress on a quiz's lesson (public.my_quiz_progress, by GET), or null before the first attempt. */
export async function lessonProgress(db: Db, quizId: string): Promise<LessonProgress | null> {
  const [row] = await rpc(db, 'my_quiz_progress', { p_quiz_id: quizId }, '读取学习进度失败', { get: true });
  return row ? { lessonId: row.lesson_id, attempts: row.attempts, bestPercent: row.best_percent, mastered: row.mastered } : null;
}

export interface Assignment {
  lessonId: string;
  dueOn: string | null;
}

/** The lessons assigned to a class, soonest due first (RLS: members, teachers and staff). */
export async function classAssignments(db: Db, classId: string): Promise<Assignment[]> {
  const rows = mustList(
    await db.from('assignments').select('lesson_id, due_on').eq('class_id', classId).order('due_on', { ascending: true, nullsFirst: false }),
    '读取布置的课程失败',
  );
  return rows.map((r) => ({ lessonId: r.lesson_id, dueOn: r.due_on }));
}

export interface CertificateStatus {
  band: string | null;
  schoolYear: number;
  required: number;
  mastered: number;
  code: string | null;
}

/** Where the signed-in student stands for this school year's certificate. */
export async function certificateStatus(db: Db): Promise<CertificateStatus> {
  const row = mustOne(
    await db.rpc('certificate_status').single<{ band: string | null; school_year: number; required: number; mastered: number; code: string | null }>(),
    '读取证书状态失败',
  );
  return { band: row.band, schoolYear: row.school_year, required: row.required, mastered: row.mastered, code: row.code };
}

/** Issues this year's certificate (or returns the existing code). */
export async function issueCertificate(db: Db): Promise<string> {
  const { data, error } = await db.rpc('issue_certificate');
  if (error) throw fromPostgrest(error, '领取证书失败');
  return data;
}

export interface VerifiedCertificate {
  schoolName: string;
  schoolYear: number;
  band: string;
  nameInitial: string;
  issuedAt: string;
}

/** The public facts of a certificate code, or null (anon may call this). */
export async function verifyCertificate(db: Db, code: string): Promise<VerifiedCertificate | null> {
  const row = must(
    await db.rpc('verify_certificate', { p_code: code }).maybeSingle<{ school_name: string; school_year: number; band: string; name_initial: string; issued_at: string }>(),
    '查询证书失败',
  );
  return row ? { schoolName: row.school_name, schoolYear: row.school_year, band: row.band, nameInitial: row.name_initial, issuedAt: row.issued_at } : null;
}
