import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { schoolYearOf } from '~/lib/domain/contest';
import { fiveItems, fiveStatuses } from '~/lib/domain/five';
import { refusing as guarded, requireRole } from '~/lib/server/http/action-guards';
import { saveBoardItem, saveTraining } from '~/lib/server/db/schoolwork';

function schoolAdmin(context: ActionAPIContext): { userId: string; schoolId: string } {
  const refusal = '只有学校管理员可以填写五落实';
  const user = requireRole(context, ['school_admin'], refusal);
  if (!user.schoolId) throw new ActionError({ code: 'FORBIDDEN', message: refusal });
  return { userId: user.id, schoolId: user.schoolId };
}

/** Lines of a textarea as a clean list. */
const lines = z
  .string()
  .max(2000, { error: '内容太长' })
  .nullish()
  .transform((v) =>
    (v ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 30),
  );

export const saveFive = defineAction({
  accept: 'form',
  input: z.object({
    item: z.enum(fiveItems, { error: '项目无效' }),
    status: z.enum(fiveStatuses, { error: '请选择状态' }),
    evidence: z.string().trim().max(500, { error: '说明最多 500 个字' }).optional(),
    link: z.union([z.url({ protocol: /^https?$/, error: '链接必须以 http:// 或 https:// 开头' }).max(300), z.literal('')]).optional(),
    terms: z.array(z.enum(['上学期', '下学期'])).optional(),
    materials: lines,
  }),
  handler: async (input, context) => {
    const { userId, schoolId } = schoolAdmin(context);
    await guarded(async () =>
      saveBoardItem(await context.locals.db(), {
        schoolId,
        year: schoolYearOf(new Date()),
        item: input.item,
        status: input.status,
        evidence: input.evidence ?? '',
        link: input.link ?? '',
        terms: input.terms ?? [],
        materials: input.materials,
        userId,
      }),
    );
    return { item: input.item };
  },
});

export const saveTeacher = defineAction({
  accept: 'form',
  input: z.object({
    userId: z.uuid({ error: '教师编号无效' }),
    teaches: z.enum(['on']).optional(),
    trainedOn: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式不对' }), z.literal('')]).optional(),
    course: z.string().trim().max(60, { error: '培训名称最多 60 个字' }).optional(),
  }),
  handler: async (input, context) => {
    const { schoolId } = schoolAdmin(context);
    await guarded(async () =>
      saveTraining(await context.locals.db(), {
        userId: input.userId,
        schoolId,
        teaches: input.teaches === 'on',
        trainedOn: input.trainedOn ? input.trainedOn : null,
        course: input.course ?? '',
      }),
    );
    return { saved: true };
  },
});
