import { getEntry } from 'astro:content';
import { drawQuestions } from '../domain/draw';
import { grade, type GradeResult, type Response } from '../domain/grading';
import type { QuestionData, QuizData } from '../content/schemas';
import type { PublicQuestion, RevealedResult } from './db/attempts';

export interface PracticeResult extends Omit<GradeResult, 'results'> {
  results: RevealedResult[];
}

/** Thrown for input the learner can fix; the message is shown as is. */
export class QuizInputError extends Error {}

async function loadBank(quizId: string): Promise<QuizData> {
  const entry = await getEntry('quizzes', quizId);
  if (!entry) throw new QuizInputError(`找不到测验“${quizId}”`);
  return entry.data;
}

function toPublic(question: QuestionData): PublicQuestion {
  return { id: question.id, type: question.type, stem: question.stem, options: question.options ?? [] };
}

/** Draws a practice set: `drawCount` questions with shuffled options, stripped of keys. */
export async function startPractice(quizId: string, seed: number): Promise<{ title: string; passPercent: number; questions: PublicQuestion[] }> {
  const bank = await loadBank(quizId);
  const questions = drawQuestions(bank.questions, bank.drawCount, seed).map(toPublic);
  return { title: bank.title, passPercent: bank.passPercent, questions };
}

/**
 * Grades a practice set. Every asked id must belong to the bank and every answered id must
 * have been asked; nothing is stored.
 */
export async function gradePractice(quizId: string, asked: readonly string[], answers: Readonly<Record<string, Response>>): Promise<PracticeResult> {
  const bank = await loadBank(quizId);
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const unique = [...new Set(asked)];
  const keys = unique.map((id) => {
    const question = byId.get(id);
    if (!question) throw new QuizInputError(`题目“${id}”不在这套测验里`);
    return question;
  });
  const stray = Object.keys(answers).find((id) => !unique.includes(id));
  if (stray) throw new QuizInputError(`题目“${stray}”不在这次练习里`);
  const graded = grade(keys, answers, bank.passPercent);
  return {
    ...graded,
    results: graded.results.map((r) => {
      const question = byId.get(r.id) as QuestionData;
      return { id: r.id, correct: r.correct, answer: question.answer, explanation: question.explanation };
    }),
  };
}
