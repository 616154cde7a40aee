import type { Db } from '~/lib/server/db/client';
import { allRows } from './all-rows';
import type { LessonProgress } from './learning';

/** Each student's progress per lesson: studentId → lessonId → progress (RLS: the teacher's students). */
export async function classProgress(db: Db, studentIds: string[]): Promise<Map<string, Map<string, LessonProgress>>> {
  const out = new Map<string, Map<string, LessonProgress>>(studentIds.map((id) => [id, new Map()]));
  if (studentIds.length === 0) return out;
  // A class of 50 with 30 lessons has 1,500 rows: read page by page past PostgREST's cap.
  const rows = await allRows(
    (from, to) =>
      db
        .from('lesson_progress')
        .select('student_id, lesson_id, attempts, best_percent, mastered_at')
        .in('student_id', studentIds)
        .order('student_id')
        .order('lesson_id')
        .range(from, to),
    '读取成绩失败',
  );
  for (const r of rows) out.get(r.student_id)?.set(r.lesson_id, { lessonId: r.lesson_id, attempts: r.attempts, bestPercent: r.best_percent, mastered: r.mastered_at !== null });
  return out;
}

export interface ItemStat {
  questionId: string;
  /** The lesson the answers were given in, or null for a contest. */
  lessonId: string | null;
  /** The contest the answers were given in, or null for a lesson. */
  contestId: string | null;
  answered: number;
  correct: number;
  /** The wrong response given most often, as stored (an option id, ids, or true/false). */
  commonWrong: string | string[] | boolean | null;
}

/**
 * Item analysis: per lesson (or closed contest) and question, how often the class answered it,
 * how often rightly, and the most frequent wrong answer. Answers in a contest whose window has
 * not closed are left out: they would tell a teacher which answers are right while pupils
 * still sit it (the keys stay sealed until then).
 */
export async function itemAnalysis(db: Db, studentIds: string[]): Promise<ItemStat[]> {
  if (studentIds.length === 0) return [];
  // Every answer of the class: thousands of rows, read page by page past PostgREST's cap.
  const rows = await allRows(
    (from, to) =>
      db
        .from('attempt_answers')
        .select('question_id, correct, response, attempt:attempts!inner(student_id, lesson_id, contest_id, contest:contests(closes_at))')
        .in('attempt.student_id', studentIds)
        .order('attempt_id')
        .order('question_id')
        .range(from, to),
    '读取答题记录失败',
  );
  const now = Date.now();
  const stats = new Map<string, ItemStat & { wrong: Map<string, { value: ItemStat['commonWrong']; n: number }> }>();
  for (const r of rows) {
    const { lesson_id: lessonId, contest_id: contestId, contest } = r.attempt;
    if (contestId && (!contest || Date.parse(contest.closes_at) > now)) continue;
    const key = `${lessonId ?? ''}|${contestId ?? ''}|${r.question_id}`;
    const s = stats.get(key) ?? { questionId: r.question_id, lessonId, contestId, answered: 0, correct: 0, commonWrong: null, wrong: new Map() };
    s.answered += 1;
    if (r.correct) s.correct += 1;
    else if (r.response !== null) {
      const k = JSON.stringify(Array.isArray(r.response) ? [...r.response].sort() : r.response);
      const w = s.wrong.get(k) ?? { value: r.response, n: 0 };
      w.n += 1;
      s.wrong.set(k, w);
    }
    stats.set(key, s);
  }
  return [...stats.values()].map(({ wrong, ...s }) => ({ ...s, commonWrong: [...wrong.values()].sort((a, b) => b.n - a.n)[0]?.value ?? null }));
}
