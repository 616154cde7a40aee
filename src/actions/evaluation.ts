import { ActionError, defineAction } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { isUuid } from '~/lib/domain/ids';
import { bands } from '~/lib/domain/catalog';
import { asActionError, requireRole } from '~/lib/server/http/action-guards';
import { openRound as openRoundInDb, releaseSurvey, submitSurvey } from '~/lib/server/db/evaluation';

const localTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: '时间格式不对' })
  .transform((v) => new Date(`${v}:00+08:00`));
const uuid = (what: string): z.ZodType<string> => z.string().refine(isUuid, { error: `${what}不对` });
const phase = z.enum(['pre', 'post'], { error: '阶段只能是前测或后测' });

/** Turns a database refusal into an ActionError carrying its Chinese message. */
const refused = (error: unknown): never => asActionError(error);

/** The office opens an evaluation round; the database draws the classes. */
export const openRound = defineAction({
  accept: 'form',
  input: z
    .object({
      title: z.string().trim().min(2, { error: '请填写名称（2-60 个字）' }).max(60, { error: '请填写名称（2-60 个字）' }),
      schoolYear: z.coerce.number().int().min(2019, { error: '学年不对' }).max(2100, { error: '学年不对' }),
      bands: z.array(z.enum(bands, { error: '学段无效' }), { error: '请至少选择一个学段' }).min(1, { error: '请至少选择一个学段' }),
      schoolIds: z.array(uuid('学校'), { error: '请至少选择一所学校' }).min(1, { error: '请至少选择一所学校' }),
      preOpensAt: localTime,
      preClosesAt: localTime,
      postOpensAt: localTime,
      postClosesAt: localTime,
      seed: z.preprocess(
        (v) => (v === '' ? undefined : v),
        z.coerce
          .number()
          .int({ error: '随机种子必须是整数' })
          .min(0, { error: '随机种子必须是 0 到 2147483647 的整数' })
          .max(2147483647, { error: '随机种子必须是 0 到 2147483647 的整数' })
          .optional(),
      ),
    })
    .refine((v) => v.preClosesAt > v.preOpensAt, { error: '前测结束要晚于前测开始', path: ['preClosesAt'] })
    .refine((v) => v.postOpensAt >= v.preClosesAt, { error: '后测开始不能早于前测结束', path: ['postOpensAt'] })
    .refine((v) => v.postClosesAt > v.postOpensAt, { error: '后测结束要晚于后测开始', path: ['postClosesAt'] }),
  handler: async (input, context) => {
    requireRole(context, ['office'], '只有市禁毒办可以开启效果评估', { visitors: 'refused' });
    try {
      return { roundId: await openRoundInDb(await context.locals.db(), input), title: input.title };
    } catch (error) {
      return refused(error);
    }
  },
});

/** A teacher releases the pretest or posttest to the class's phones. */
export const release = defineAction({
  accept: 'form',
  input: z.object({ roundId: uuid('评估轮次'), classId: uuid('班级'), phase }),
  handler: async (input, context) => {
    if (!context.locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: '请先登录' });
    try {
      await releaseSurvey(await context.locals.db(), input.roundId, input.classId, input.phase);
    } catch (error) {
      return refused(error);
    }
    return { phase: input.phase };
  },
});

/** A pupil answers; every item comes as a field named `a-<item id>` with its value 1-5. */
export const submit = defineAction({
  accept: 'form',
  input: z.object({ roundId: uuid('评估轮次'), classId: uuid('班级'), phase }).catchall(z.unknown()),
  handler: async (input, context) => {
    requireRole(context, ['student'], '只有学生可以填写效果评估问卷', { visitors: 'refused' });
    const answers: Record<string, number> = {};
    for (const [key, value] of Object.entries(input)) {
      const match = /^a-([a-z][a-z0-9-]{0,30})$/.exec(key);
      if (!match?.[1]) continue;
      if (typeof value !== 'string' || !/^[1-5]$/.test(value)) throw new ActionError({ code: 'BAD_REQUEST', message: '答案无效，请重新选择' });
      answers[match[1]] = Number(value);
    }
    try {
      await submitSurvey(await context.locals.db(), { roundId: input.roundId, classId: input.classId, phase: input.phase, answers });
    } catch (error) {
      return refused(error);
    }
    return { done: true };
  },
});
