import { ActionError, defineAction } from 'astro:actions';
import { z } from '../lib/zod-zh';
import { gradePractice, QuizInputError, startPractice } from '../lib/server/quiz-bank';

const quizId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, { error: '测验编号格式不对' });
const questionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, { error: '题目编号格式不对' });
const response = z.union([z.boolean(), z.string().max(4), z.array(z.string().max(4)).max(8)]);

/** Turns a learner-fixable error into a 400 with its Chinese message; anything else stays a 500. */
function asActionError(error: unknown): never {
  if (error instanceof QuizInputError) throw new ActionError({ code: 'BAD_REQUEST', message: error.message });
  throw error;
}

/** Practice mode: anyone may take a quiz; nothing is saved and keys stay on the server until grading. */
export const practiceStart = defineAction({
  input: z.object({ quizId }),
  handler: async ({ quizId }) => startPractice(quizId, Math.floor(Math.random() * 2 ** 32)).catch(asActionError),
});

export const practiceSubmit = defineAction({
  input: z.object({
    quizId,
    asked: z.array(questionId).min(1).max(50),
    answers: z.record(questionId, response).refine((a) => Object.keys(a).length <= 50, { error: '答案太多' }),
  }),
  handler: async ({ quizId, asked, answers }) => gradePractice(quizId, asked, answers).catch(asActionError),
});
