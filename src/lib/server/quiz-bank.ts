import { getEntry } from 'astro:content';
import { drawQuestions } from '~/lib/domain/draw';
import { grade, type GradeResult, type Response } from '~/lib/domain/grading';
import type { QuestionData, QuizData } from '~/lib/content/schemas';
import { config } from './config';
import { serviceClient } from './db/service';
import type { PublicQuestion, RevealedResult } from '~/lib/domain/quiz';
import { signDraw, verifyDraw } from './draw-token';

export interface PracticeResult extends Omit<GradeResult, 'results'> {
  results: RevealedResult[];
}

export interface PracticeSet {
  title: string;
  passPercent: number;
  questions: PublicQuestion[];
  /** The signed draw; grading accepts these questions only, once. */
  draw: string;
}

/** Thrown for input the learner can fix; the message is shown as is. */
export class QuizInputError extends Error {}

/** Banks a visitor may practise: lesson and self-check banks. Contest banks never are. */
async function loadPracticeBank(quizId: string): Promise<QuizData> {
  const entry = await getEntry('quizzes', quizId);
  if (!entry || entry.data.kind === 'contest') throw new QuizInputError(`找不到可以练习的测验“${quizId}”`);
  return entry.data;
}

function toPublic(question: QuestionData): PublicQuestion {
  return { id: question.id, type: question.type, stem: question.stem, options: question.options ?? [] };
}

/** Draws a practice set: `drawCount` questions with shuffled options, stripped of keys, and signed. */
export async function startPractice(quizId: string, seed: number): Promise<PracticeSet> {
  const bank = await loadPracticeBank(quizId);
  const questions = drawQuestions(bank.questions, bank.drawCount, seed).map(toPublic);
  const { token } = signDraw(config().SUPABASE_JWT_SECRET, { quizId, questionIds: questions.map((q) => q.id) });
  return { title: bank.title, passPercent: bank.passPercent, questions, draw: token };
}

/**
 * Grades a practice set against the questions the server drew for it, once. Every answered id
 * must have been drawn; nothing about the visitor is stored, only that the draw was used.
 */
export async function gradePractice(token: string, answers: Readonly<Record<string, Response>>): Promise<PracticeResult> {
  const draw = verifyDraw(config().SUPABASE_JWT_SECRET, token);
  if (!draw) throw new QuizInputError('这次练习已失效，请重新开始练习');
  const bank = await loadPracticeBank(draw.quizId);
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const keys = draw.questionIds.map((id) => byId.get(id)).filter((q): q is QuestionData => q !== undefined);
  const stray = Object.keys(answers).find((id) => !draw.questionIds.includes(id));
  if (stray) throw new QuizInputError(`题目“${stray}”不在这次练习里`);
  const claimed = await serviceClient().rpc('claim_practice_draw', { p_nonce: draw.nonce, p_expires_at: new Date(draw.expiresAt).toISOString() });
  if (claimed.error) throw new Error(`记录练习失败：${claimed.error.message}`);
  if (claimed.data !== true) throw new QuizInputError('这次练习已经提交过了，请重新开始练习');
  const graded = grade(keys, answers, bank.passPercent);
  return {
    ...graded,
    results: graded.results.map((r) => {
      const question = byId.get(r.id) as QuestionData;
      return { id: r.id, correct: r.correct, answer: question.answer, explanation: question.explanation };
    }),
  };
}
