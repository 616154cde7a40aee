import { defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { hashPassword } from '~/lib/server/auth/password';
import { refusing as guarded, requireRole } from '~/lib/server/http/action-guards';
import { addDistrict, addSchool, schoolStages } from '~/lib/server/db/places';
import { resetStaffPassword, setStaffDisabled } from '~/lib/server/db/staff';

/** Only the office; anyone else gets a Chinese refusal before any query. */
function office(context: ActionAPIContext): void {
  requireRole(context, ['office'], '只有市禁毒办可以管理账号、学校和区');
}

/**
 * A new first password, 12 characters that cannot be mistaken for one another, shown once to the
 * office to hand over in person or by phone; the account must change it at the next sign-in.
 */
function staffFirstPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => alphabet[b % alphabet.length]).join('');
}

const userId = z.uuid({ error: '账号编号不对' });

/** The office gives one staff account a new first password and signs it out everywhere. */
export const resetStaffPasswordAction = defineAction({
  accept: 'form',
  input: z.object({ userId, displayName: z.string().max(40).optional() }),
  handler: async (input, context) => {
    office(context);
    const password = staffFirstPassword();
    await guarded(async () => resetStaffPassword(await context.locals.db(), input.userId, await hashPassword(password)));
    return { userId: input.userId, displayName: input.displayName ?? '', password };
  },
});

/** The office disables or re-enables one staff account. */
export const setStaffDisabledAction = defineAction({
  accept: 'form',
  input: z.object({ userId, disabled: z.enum(['1', '0'], { error: '操作不对' }), displayName: z.string().max(40).optional() }),
  handler: async (input, context) => {
    office(context);
    await guarded(async () => setStaffDisabled(await context.locals.db(), input.userId, input.disabled === '1'));
    return { displayName: input.displayName ?? '', disabled: input.disabled === '1' };
  },
});

/** The office adds a district. */
export const addDistrictAction = defineAction({
  accept: 'form',
  input: z.object({ name: z.string().trim().min(2, { error: '请填写区的名称（至少 2 个字）' }).max(40, { error: '区的名称最多 40 个字' }) }),
  handler: async (input, context) => {
    office(context);
    await guarded(async () => addDistrict(await context.locals.db(), input.name));
    return { name: input.name };
  },
});

/** The office adds a school with the code its pupils sign in with. */
export const addSchoolAction = defineAction({
  accept: 'form',
  input: z.object({
    districtId: z.uuid({ error: '请选择区' }),
    name: z.string().trim().min(2, { error: '请填写学校名称（至少 2 个字）' }).max(60, { error: '学校名称最多 60 个字' }),
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{3,16}$/, { error: '学校代码为 3–16 位字母或数字' }),
    stage: z.enum(schoolStages, { error: '请选择学段' }),
  }),
  handler: async (input, context) => {
    office(context);
    await guarded(async () => addSchool(await context.locals.db(), input));
    return { name: input.name, code: input.code };
  },
});
