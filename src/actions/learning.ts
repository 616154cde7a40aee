import { defineAction } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { schoolYearOf } from '~/lib/domain/contest';
import { createContest } from '~/lib/server/db/contests';
import { refusing, requireRole } from '~/lib/server/http/action-guards';
import { issueCertificate } from '~/lib/server/db/learning';

/** A student collects this year's certificate once every required lesson is mastered. */
export const getCertificate = defineAction({
  accept: 'form',
  handler: async (_input, context) => {
    requireRole(context, ['student'], '只有学生可以领取证书', { visitors: 'refused' });
    return refusing(async () => ({ code: await issueCertificate(await context.locals.db()) }));
  },
});

/** Beijing wall-clock time from a datetime-local field. */
const localTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: '时间格式不对' })
  .transform((v) => new Date(`${v}:00+08:00`));

/** The office sets a contest window for one level. */
export const createContestWindow = defineAction({
  accept: 'form',
  input: z
    .object({
      title: z.string().trim().min(2, { error: '请填写竞赛名称' }).max(60, { error: '名称最多 60 个字' }),
      level: z.enum(['primary', 'secondary'], { error: '请选择组别' }),
      opensAt: localTime,
      closesAt: localTime,
      questionCount: z.coerce.number().int().min(5, { error: '至少 5 题' }).max(40, { error: '最多 40 题' }),
      timeLimitMinutes: z.coerce.number().int().min(1, { error: '至少 1 分钟' }).max(120, { error: '最多 120 分钟' }),
      maxAttempts: z.coerce.number().int().min(1, { error: '至少 1 次' }).max(10, { error: '最多 10 次' }),
    })
    .refine((v) => v.closesAt > v.opensAt, { error: '结束时间要晚于开始时间', path: ['closesAt'] }),
  handler: async (input, context) => {
    const user = requireRole(context, ['office'], '只有市禁毒办可以设置竞赛', { visitors: 'refused' });
    await createContest(await context.locals.db(), { ...input, schoolYear: schoolYearOf(input.opensAt), createdBy: user.id });
    return { title: input.title };
  },
});
