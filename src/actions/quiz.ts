import { defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { gradePractice, QuizInputError, startPractice } from '~/lib/server/quiz-bank';
import { startAttempt, submitAttempt } from '~/lib/server/db/attempts';
import { asActionError as refusal, requireRole } from '~/lib/server/http/action-guards';
import { lessonProgress } from '~/lib/server/db/learning';

const quizId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, { error: '测验编号格式不对' });
const questionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, { error: '题目编号格式不对' });
const response = z.union([z.boolean(), z.string().max(4), z.array(z.string().max(4)).max(8)]);
const answers = z.record(questionId, response).refine((a) => Object.keys(a).length <= 100, { error: '答案太多' });

/** Turns a refusal the user can act on into an ActionError with its Chinese message; anything else stays a 500. */
const asActionError = (error: unknown): never => refusal(error, [[QuizInputError, 'BAD_REQUEST']]);

function requireStudent(context: ActionAPIContext): void {
  requireRole(context, ['student'], '只有学生可以参加计分的测验');
}

/**
 * Practice mode: anyone may practise a lesson or self-check bank (never a contest bank); the
 * draw is signed, so grading reveals the keys of the drawn questions only, once.
 */
export const practiceStart = defineAction({
  input: z.object({ quizId }),
  handler: async ({ quizId }) => startPractice(quizId, Math.floor(Math.random() * 2 ** 32)).catch(asActionError),
});

export const practiceSubmit = defineAction({
  input: z.object({ draw: z.string().min(20).max(4000, { error: '练习编号格式不对' }), answers }),
  handler: async ({ draw, answers }) => gradePractice(draw, answers).catch(asActionError),
});

/** Who is asking and, for a student, their standing on this quiz's lesson; the island picks its mode from this. */
export const status = defineAction({
  input: z.object({ quizId }),
  handler: async ({ quizId }, context) => {
    const user = context.locals.user;
    if (user?.role !== 'student') return { mode: 'practice' as const, signedIn: user !== null, progress: null };
    return { mode: 'student' as const, signedIn: true, progress: await lessonProgress(await context.locals.db(), quizId) };
  },
});

/** Starts a scored attempt (a lesson quiz, or a contest when contestId is given). */
export const start = defineAction({
  input: z.object({ quizId, contestId: z.uuid({ error: '竞赛编号格式不对' }).optional() }),
  handler: async (input, context) => {
    requireStudent(context);
    return startAttempt(await context.locals.db(), input).catch(asActionError);
  },
});

/** Submits a scored attempt; graded in Postgres, which also refuses replays, late and foreign submissions. */
export const submit = defineAction({
  input: z.object({ attemptId: z.uuid({ error: '答题编号格式不对' }), answers }),
  handler: async ({ attemptId, answers }, context) => {
    requireStudent(context);
    return submitAttempt(await context.locals.db(), attemptId, answers).catch(asActionError);
  },
});
