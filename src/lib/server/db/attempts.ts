import { type Db, nullArg, rpcJson } from '~/lib/server/db/client';
import { drawQuestions, shuffleOptions } from '~/lib/domain/draw';
import type { PublicQuestion, RevealedResult } from '~/lib/domain/quiz';
import type { Response } from '~/lib/domain/grading';
import { fromPostgrest } from './errors';

export interface StartedAttempt {
  attemptId: string;
  deadlineAt: string;
  questions: PublicQuestion[];
}

export interface AttemptResult {
  score: number;
  total: number;
  percent: number;
  passed: boolean;
  passPercent: number;
  results: RevealedResult[];
}

/**
 * Starts an attempt for the signed-in student: the server draws from the live question ids
 * with a fresh seed, the database checks and records the draw (and, for a contest, the window
 * and the attempt limit), and the options come back shuffled by the same seed.
 */
export async function startAttempt(db: Db, input: { quizId: string; contestId?: string | undefined }): Promise<StartedAttempt> {
  const [ids, size] = await Promise.all([
    db.rpc('quiz_question_ids', { p_quiz_id: input.quizId }),
    input.contestId
      ? db.from('contests').select('count:question_count').eq('contest_id', input.contestId).maybeSingle<{ count: number }>()
      : db.from('quizzes').select('count:draw_count').eq('quiz_id', input.quizId).maybeSingle<{ count: number }>(),
  ]);
  if (ids.error) throw fromPostgrest(ids.error, '读取题库失败');
  if (size.error) throw fromPostgrest(size.error, '读取题库失败');
  const seed = Math.floor(Math.random() * 2 ** 31);
  const drawn = drawQuestions(
    ((ids.data ?? []) as string[]).map((id) => ({ id })),
    size.data?.count ?? 0,
    seed,
  ).map((q) => q.id);
  const started = await db
    .rpc('start_attempt', { p_quiz_id: input.quizId, p_question_ids: drawn, p_seed: seed, p_contest_id: nullArg(input.contestId) })
    .single<{ attempt_id: string; deadline_at: string; questions: PublicQuestion[] }>();
  if (started.error) throw fromPostgrest(started.error, '开始答题失败');
  return { attemptId: started.data.attempt_id, deadlineAt: started.data.deadline_at, questions: shuffleOptions(started.data.questions, seed) };
}

/** Submits the answers; the database grades them and records the result. */
export async function submitAttempt(db: Db, attemptId: string, responses: Readonly<Record<string, Response>>): Promise<AttemptResult> {
  return rpcJson(db, 'submit_attempt', { p_attempt_id: attemptId, p_responses: responses }, '提交答案失败');
}
