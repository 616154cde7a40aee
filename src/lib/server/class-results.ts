import { getCollection } from 'astro:content';
import type { SupabaseClient } from '@supabase/supabase-js';
import { lessonsByBand, lessonsOfClass, type Lesson } from '../content/lessons';
import { classAssignments, type Assignment, type LessonProgress } from './db/learning';
import { classProgress, itemAnalysis, type ItemStat } from './db/results';
import { roster, type ClassInfo, type RosterStudent } from './db/teaching';

export interface ClassResults {
  students: RosterStudent[];
  /** The lessons shown: the assigned ones, or the class's grade's when nothing is assigned. */
  lessons: Lesson[];
  bandLessons: Lesson[];
  assignments: Assignment[];
  progress: Map<string, Map<string, LessonProgress>>;
  items: (ItemStat & { stem: string; wrongText: string })[];
}

/** Everything the results page and its exports show, read under the teacher's RLS. */
export async function loadClassResults(db: SupabaseClient, info: ClassInfo): Promise<ClassResults> {
  const [students, assignments, grouped, quizzes, bandLessons] = await Promise.all([
    roster(db, info.classId), classAssignments(db, info.classId), lessonsByBand(), getCollection('quizzes'), lessonsOfClass(info.grade, info.stage),
  ]);
  const all = [...grouped.values()].flat();
  const lessons = assignments.length > 0 ? assignments.flatMap((a) => all.filter((l) => l.id === a.lessonId)) : bandLessons;
  const ids = students.map((s) => s.userId);
  const [progress, stats] = await Promise.all([classProgress(db, ids), itemAnalysis(db, ids)]);
  // Stems and option texts come from the content on the server; teachers see the common wrong answer, not the key.
  const questions = new Map(quizzes.flatMap((q) => q.data.questions.map((question) => [question.id, question] as const)));
  const items = stats.map((s) => {
    const q = questions.get(s.questionId);
    const wrong = s.commonWrong;
    const wrongText =
      wrong === null ? '' : typeof wrong === 'boolean' ? (wrong ? '对' : '错')
        : (q?.options ?? []).filter((o) => (Array.isArray(wrong) ? wrong : [wrong]).includes(o.id)).map((o) => o.text).join('；');
    return { ...s, stem: q?.stem ?? s.questionId, wrongText };
  });
  return { students, lessons, bandLessons, assignments, progress, items };
}

/** One row per student for the exports: number, name, then per lesson best score and attempts. */
export function resultRows(r: ClassResults): { header: string[]; rows: (string | number)[][] } {
  const header = ['学号', '姓名', ...r.lessons.flatMap((l) => [`${l.data.title}·最好成绩`, `${l.data.title}·次数`, `${l.data.title}·掌握`]), '已掌握课数'];
  const rows = r.students.map((s) => {
    const p = r.progress.get(s.userId);
    const cells = r.lessons.flatMap((l) => {
      const x = p?.get(l.id);
      return x ? [x.bestPercent, x.attempts, x.mastered ? '是' : '否'] : ['', 0, '否'];
    });
    return [s.studentNumber, s.displayName, ...cells, r.lessons.filter((l) => p?.get(l.id)?.mastered).length];
  });
  return { header, rows };
}
