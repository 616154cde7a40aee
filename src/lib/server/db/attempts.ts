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

/** What a draw is made from: the quiz's live question ids and how many to draw. */
interface DrawSource {
  ids: string[];
  count: number;
  at: number;
}

/**
 * The draw sources read lately, per quiz (and contest), so a start makes one call instead of
 * three. They change only when the content is synced or the office edits a contest; a start
 * drawn from a stale copy is refused by `start_attempt` (it checks every id and the count) and is
 * drawn again once from fresh ones.
 */
const drawSources = new Map<string, DrawSource>();
const drawSourceMs = 30_000;

async function drawSource(db: Db, input: { quizId: string; contestId?: string | undefined }): Promise<DrawSource> {
  const [ids, size] = await Promise.all([
    db.rpc('quiz_question_ids', { p_quiz_id: input.quizId }),
    input.contestId
      ? db.from('contests').select('count:question_count').eq('contest_id', input.contestId).maybeSingle<{ count: number }>()
      : db.from('quizzes').select('count:draw_count').eq('quiz_id', input.quizId).maybeSingle<{ count: number }>(),
  ]);
  if (ids.error) throw fromPostgrest(ids.error, '读取题库失败');
  if (size.error) throw fromPostgrest(size.error, '读取题库失败');
  return { ids: (ids.data ?? []) as string[], count: size.data?.count ?? 0, at: Date.now() };
}

/**
 * Starts an attempt for the signed-in student: the server draws from the live question ids
 * with a fresh seed, the database checks and records the draw (and, for a contest, the window
 * and the attempt limit), and the options come back shuffled by the same seed.
 */
export async function startAttempt(db: Db, input: { quizId: string; contestId?: string | undefined }): Promise<StartedAttempt> {
  const key = `${input.quizId}:${input.contestId ?? ''}`;
  const kept = drawSources.get(key);
  const fresh = kept !== undefined && Date.now() - kept.at < drawSourceMs;
  const source = fresh ? kept : await drawSource(db, input);
  if (!fresh) {
    if (drawSources.size > 1000) drawSources.clear();
    drawSources.set(key, source);
  }
  const seed = Math.floor(Math.random() * 2 ** 31);
  const drawn = drawQuestions(
    source.ids.map((id) => ({ id })),
    source.count,
    seed,
  ).map((q) => q.id);
  const started = await db
    .rpc('start_attempt', { p_quiz_id: input.quizId, p_question_ids: drawn, p_seed: seed, p_contest_id: nullArg(input.contestId) })
    .single<{ attempt_id: string; deadline_at: string; questions: PublicQuestion[] }>();
  if (started.error) {
    if (fresh && started.error.code === 'QYBAD') {
      // Drawn from a copy the content or the contest has moved past: draw again from fresh ids.
      drawSources.delete(key);
      return startAttempt(db, input);
    }
    throw fromPostgrest(started.error, '开始答题失败');
  }
  return { attemptId: started.data.attempt_id, deadlineAt: started.data.deadline_at, questions: shuffleOptions(started.data.questions, seed) };
}

/** Submits the answers; the database grades them and records the result. */
export async function submitAttempt(db: Db, attemptId: string, responses: Readonly<Record<string, Response>>): Promise<AttemptResult> {
  return rpcJson(db, 'submit_attempt', { p_attempt_id: attemptId, p_responses: responses }, '提交答案失败');
}
