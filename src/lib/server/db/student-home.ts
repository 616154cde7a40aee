import { type Db, rpcJson } from './client';
import { type Contest, type ContestRow, toContest } from './contests';
import type { Assignment, CertificateStatus, LessonProgress } from './learning';
import type { ClassSummary } from './schools';

/** The student's own class as the home page shows it. */
export type StudentClass = Omit<ClassSummary, 'studentCount'>;

/** Everything the student home reads, from one call. */
export interface StudentHome {
  /** Their class when it is not archived, as RLS shows it to them. */
  own: StudentClass | undefined;
  /** Their progress per lesson, keyed by lesson id. */
  progress: Map<string, LessonProgress>;
  /** The lessons assigned to their class, soonest due first. */
  assigned: Assignment[];
  /** The lessons they were taught in class, newest first: lesson id to the day. */
  taught: Map<string, string>;
  certificate: CertificateStatus;
  /** Every contest window open now, soonest closing first (the page keeps its level's). */
  contests: Contest[];
}

interface HomeRow {
  class: { class_id: string; name: string; grade: number; school_year: number; school_name: string; stage: string } | null;
  progress: { lesson_id: string; attempts: number; best_percent: number; mastered: boolean }[];
  assignments: { lesson_id: string; due_on: string | null }[];
  taught: { lesson_id: string; taught_on: string }[];
  certificate: { band: string | null; school_year: number; required: number; mastered: number; code: string | null };
  contests: ContestRow[];
}

/**
 * The signed-in student's home in one round trip (`public.student_home()`, issue 15): their class,
 * progress, the class's assignments, the lessons taught in class, the certificate standing and the
 * open contests.
 */
export async function studentHome(db: Db): Promise<StudentHome> {
  const row = await rpcJson<HomeRow>(db, 'student_home', {}, '读取学习主页失败');
  const c = row.class;
  return {
    own: c ? { classId: c.class_id, name: c.name, grade: c.grade, schoolYear: c.school_year, schoolName: c.school_name, stage: c.stage } : undefined,
    progress: new Map(row.progress.map((p) => [p.lesson_id, { lessonId: p.lesson_id, attempts: p.attempts, bestPercent: p.best_percent, mastered: p.mastered }])),
    assigned: row.assignments.map((a) => ({ lessonId: a.lesson_id, dueOn: a.due_on })),
    taught: new Map(row.taught.map((t) => [t.lesson_id, t.taught_on])),
    certificate: {
      band: row.certificate.band,
      schoolYear: row.certificate.school_year,
      required: row.certificate.required,
      mastered: row.certificate.mastered,
      code: row.certificate.code,
    },
    contests: row.contests.map(toContest),
  };
}
