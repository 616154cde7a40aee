import { ActionError, defineAction } from 'astro:actions';
import { requireRole } from '~/lib/server/http/action-guards';
import { z } from '~/lib/zod-zh';
import { adultLogin, passwordProblem } from '~/lib/domain/login';
import { hashPassword } from '~/lib/server/auth/password';
import { AccountInputError, createStaffAccount, LoginTakenError, staffRoles } from '~/lib/server/db/accounts';

/** The office creates teachers, school admins, organizers and office staff with a first password. */
export const createStaff = defineAction({
  accept: 'form',
  input: z.object({
    role: z.enum(staffRoles, { error: '请选择有效的角色' }),
    displayName: z.string().trim().min(1, { error: '请填写姓名或称呼' }).max(20, { error: '称呼最多 20 个字' }),
    account: z.string().trim().min(1, { error: '请输入手机号或邮箱' }).max(120, { error: '账号最多 120 个字符' }),
    schoolId: z.union([z.uuid({ error: '请选择学校' }), z.literal('')]).optional(),
    password: z.string().max(64, { error: '密码最多 64 位' }),
  }),
  handler: async (input, context) => {
    requireRole(context, ['office'], '只有市禁毒办可以创建工作人员账号');
    const id = adultLogin(input.account);
    if (!id) throw new ActionError({ code: 'BAD_REQUEST', message: '请输入 11 位手机号或有效的邮箱地址' });
    const problem = passwordProblem(input.password, { login: id.login });
    if (problem) throw new ActionError({ code: 'BAD_REQUEST', message: `初始密码：${problem}` });
    try {
      const userId = await createStaffAccount(await context.locals.db(), {
        role: input.role,
        displayName: input.displayName,
        schoolId: input.schoolId ? input.schoolId : null,
        id,
        passwordHash: await hashPassword(input.password),
      });
      return { userId, displayName: input.displayName };
    } catch (error) {
      if (error instanceof LoginTakenError) throw new ActionError({ code: 'CONFLICT', message: error.message });
      if (error instanceof AccountInputError) throw new ActionError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
  },
});
