import type { SupabaseClient } from '@supabase/supabase-js';
import { mustList } from './service';
import type { LessonProgress } from './learning';

/** Each student's progress per lesson: studentId → lessonId → progress (RLS: the teacher's students). */
export async function classProgress(db: SupabaseClient, studentIds: string[]): Promise<Map<string, Map<string, LessonProgress>>> {
  const out = new Map<string, Map<string, LessonProgress>>(studentIds.map((id) => [id, new Map()]));
  if (studentIds.length === 0) return out;
  const rows = mustList(
    await db.from('lesson_progress').select('student_id, lesson_id, attempts, best_percent, mastered_at').in('student_id', studentIds)
      .returns<{ student_id: string; lesson_id: string; attempts: number; best_percent: number; mastered_at: string | null }[]>(),
    '读取成绩失败',
  );
  for (const r of rows) out.get(r.student_id)?.set(r.lesson_id, { lessonId: r.lesson_id, attempts: r.attempts, bestPercent: r.best_percent, mastered: r.mastered_at !== null });
  return out;
}

export interface ItemStat {
  questionId: string;
  answered: number;
  correct: number;
  /** Whole percent answered correctly. */
  share: number;
  /** The wrong response given most often, as stored (an option id, ids, or true/false). */
  commonWrong: string | string[] | boolean | null;
}

/**
 * Item analysis: for every question the class answered, the share answered correctly and the
 * most frequent wrong answer, hardest first, to spot misconceptions.
 */
export async function itemAnalysis(db: SupabaseClient, studentIds: string[]): Promise<ItemStat[]> {
  if (studentIds.length === 0) return [];
  const rows = mustList(
    await db.from('attempt_answers').select('question_id, correct, response, attempt:attempts!inner(student_id)').in('attempt.student_id', studentIds)
      .returns<{ question_id: string; correct: boolean; response: string | string[] | boolean | null }[]>(),
    '读取答题记录失败',
  );
  const stats = new Map<string, { answered: number; correct: number; wrong: Map<string, { value: ItemStat['commonWrong']; n: number }> }>();
  for (const r of rows) {
    const s = stats.get(r.question_id) ?? { answered: 0, correct: 0, wrong: new Map() };
    s.answered += 1;
    if (r.correct) s.correct += 1;
    else if (r.response !== null) {
      const key = JSON.stringify(Array.isArray(r.response) ? [...r.response].sort() : r.response);
      const w = s.wrong.get(key) ?? { value: r.response, n: 0 };
      w.n += 1;
      s.wrong.set(key, w);
    }
    stats.set(r.question_id, s);
  }
  return [...stats].map(([questionId, s]) => ({
    questionId,
    answered: s.answered,
    correct: s.correct,
    share: Math.floor((s.correct * 100) / s.answered),
    commonWrong: [...s.wrong.values()].sort((a, b) => b.n - a.n)[0]?.value ?? null,
  })).sort((a, b) => a.share - b.share || a.questionId.localeCompare(b.questionId));
}
