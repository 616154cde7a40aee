import { defineAction } from 'astro:actions';
import { Constants } from '~/lib/database.types';
import { z } from '~/lib/zod-zh';
import { refusing, requireRole } from '~/lib/server/http/action-guards';
import { setTarget } from '~/lib/server/db/dashboard';

export const targetMetrics = Constants.public.Enums.target_metric;

/** The office edits one of a year's targets (percent, or a number of schools). */
export const saveTarget = defineAction({
  accept: 'form',
  input: z
    .object({
      year: z.coerce.number().int().min(2019, { error: '学年不对' }).max(2100, { error: '学年不对' }),
      metric: z.enum(targetMetrics, { error: '指标无效' }),
      value: z.coerce.number({ error: '目标值必须是数字' }).min(0, { error: '目标值不能为负' }),
    })
    .refine((v) => v.metric.startsWith('demonstration') || v.value <= 100, { error: '百分比不能超过 100', path: ['value'] }),
  handler: async (input, context) => {
    requireRole(context, ['office'], '只有市禁毒办可以修改年度目标', { visitors: 'refused' });
    await refusing(async () => setTarget(await context.locals.db(), input.year, input.metric, input.value));
    return { saved: true, year: input.year, metric: input.metric, value: input.value };
  },
});
