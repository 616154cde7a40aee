import { defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import * as classroom from '~/lib/server/db/classroom';
import { refusing as guarded, requireRole } from '~/lib/server/http/action-guards';

// Classroom mode. Every rule (who runs, who joins, once per question, while open) is the
// database's; these actions check the shape of the input and pass refusals on in Chinese.

const sessionId = z.uuid({ error: '课堂编号格式不对' });
const questionId = z.uuid({ error: '题目编号格式不对' });
const classId = z.uuid({ error: '请选择班级' });
const lessonId = z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/, { error: '请选择一节课' });
const bankQuestionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: '题目编号格式不对' })
  .max(80);
const optionId = z.string().regex(/^[a-z0-9]{1,8}$/, { error: '选项格式不对' });
const joinCode = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { error: '课堂码是 6 位数字' }));

const teacher = (context: ActionAPIContext): void => {
  requireRole(context, ['teacher', 'school_admin'], '只有任课教师可以上课');
};
const pupil = (context: ActionAPIContext): void => {
  requireRole(context, ['student'], '只有学生可以加入课堂');
};

/** "上课": starts a session for one of the teacher's classes (a form: the page goes on to the projector). */
export const start = defineAction({
  accept: 'form',
  input: z.object({ classId, lessonId }),
  handler: async ({ classId, lessonId }, context) => {
    teacher(context);
    return guarded(async () => classroom.startClassroom(await context.locals.db(), classId, lessonId));
  },
});

/** A pupil joins with the projector's code (a form, so it works before the island loads). */
export const join = defineAction({
  accept: 'form',
  input: z.object({ code: joinCode }),
  handler: async ({ code }, context) => {
    pupil(context);
    return { sessionId: await guarded(async () => classroom.joinClassroom(await context.locals.db(), code)) };
  },
});

export const ask = defineAction({
  input: z.object({ sessionId, questionId: bankQuestionId }),
  handler: async ({ sessionId, questionId }, context) => {
    teacher(context);
    return { questionId: await guarded(async () => classroom.openClassroomQuestion(await context.locals.db(), sessionId, questionId)) };
  },
});

/** Stops answers, or stops them and reveals the distribution and the key. */
export const close = defineAction({
  input: z.object({ questionId, reveal: z.boolean() }),
  handler: async ({ questionId, reveal }, context) => {
    teacher(context);
    await guarded(async () => classroom.closeClassroomQuestion(await context.locals.db(), questionId, reveal));
    return { closed: true };
  },
});

export const hands = defineAction({
  input: z.object({
    questionId,
    counts: z.record(
      optionId,
      z.number({ error: '举手人数必须是数字' }).int({ error: '举手人数是整数' }).min(0, { error: '举手人数不能小于 0' }).max(200, { error: '举手人数最多 200' }),
    ),
  }),
  handler: async ({ questionId, counts }, context) => {
    teacher(context);
    await guarded(async () => classroom.recordHands(await context.locals.db(), questionId, counts));
    return { saved: true };
  },
});

export const answer = defineAction({
  input: z.object({
    sessionId,
    questionId,
    response: z.union([optionId, z.array(optionId).min(1, { error: '请至少选一项' }).max(8), z.boolean()], { error: '请先选择答案' }),
  }),
  handler: async (input, context) => {
    pupil(context);
    await guarded(async () => classroom.answerClassroomQuestion(await context.locals.db(), input));
    return { answered: true };
  },
});

/** 下课: ends the session, recording the class hour unless `record` is false. */
export const end = defineAction({
  input: z.object({ sessionId, record: z.boolean() }),
  handler: async ({ sessionId, record }, context) => {
    teacher(context);
    return { ledgerEntryId: await guarded(async () => classroom.endClassroom(await context.locals.db(), sessionId, record)) };
  },
});
