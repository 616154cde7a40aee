import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from '~/lib/zod-zh';
import { adultLogin, passwordProblem, studentLogin, type LoginIdentifier } from '~/lib/domain/login';
import { deleteSessionCookie, isSecureOrigin, setSessionCookie } from '~/lib/server/auth/cookie';
import { hashPassword, verifyPassword } from '~/lib/server/auth/password';
import { createSession, invalidateAllSessions, invalidateSession } from '~/lib/server/auth/session';
import { deviceCookie, deviceCookieDays, deviceNonceFor, readDeviceMarks, withDeviceMark } from '~/lib/server/auth/device-cookie';
import { blockMessage, rateKeys, recordFailure } from '~/lib/server/auth/rate-limit';
import { signIn, wrongCredentials } from '~/lib/server/auth/sign-in';
import { requestAddress } from '~/lib/server/http/client-address';
import { config } from '~/lib/server/config';
import { roleHome } from '~/lib/server/auth/user';
import { LoginTakenError, loginTakenMessage, passwordHashOf, registerVolunteer, setPassword, signInLookup } from '~/lib/server/db/accounts';
import { databaseSessionStore } from '~/lib/server/db/sessions';
import { serviceClient } from '~/lib/server/db/service';
import { asActionError } from '~/lib/server/http/action-guards';
import { completePasswordReset, requestPasswordReset as sendResetLink, ResetUnavailable, resetLinkLogin } from '~/lib/server/password-reset';

const password = z.string().min(1, { error: '请输入密码' }).max(64, { error: '密码最多 64 位' });
/** Only same-site paths, so a crafted link cannot send a user elsewhere after sign-in. */
const next = z
  .string()
  .max(200)
  .regex(/^\/(?!\/)[\w\-./?=&%]*$/, { error: '跳转地址无效' })
  .optional();

async function startSession(context: ActionAPIContext, userId: string): Promise<void> {
  const { token, expiresAt } = await createSession(databaseSessionStore(serviceClient()), userId);
  setSessionCookie(context.cookies, context.url, token, expiresAt);
}

async function signInWith(context: ActionAPIContext, id: LoginIdentifier, secret: string, target: string | undefined): Promise<{ redirect: string }> {
  const cookieSecret = config().SUPABASE_JWT_SECRET;
  const marks = readDeviceMarks(cookieSecret, context.cookies.get(deviceCookie)?.value);
  const result = await signIn(serviceClient(), { id, password: secret, ip: requestAddress(context), deviceNonce: (accountKey) => deviceNonceFor(marks, accountKey) });
  if (!result.ok) throw new ActionError({ code: result.status === 429 ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED', message: result.message });
  context.cookies.set(deviceCookie, withDeviceMark(cookieSecret, marks, result.accountKey), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureOrigin(context.url),
    path: '/',
    maxAge: deviceCookieDays * 24 * 3600,
  });
  await startSession(context, result.userId);
  if (result.mustChangePassword) return { redirect: '/account/password/?first=1' };
  return { redirect: target ?? roleHome[result.role] };
}

/** Students: school code + student number + password. */
export const signInStudent = defineAction({
  accept: 'form',
  input: z.object({
    schoolCode: z.string().trim().min(1, { error: '请输入学校代码' }).max(16, { error: '学校代码最多 16 位' }),
    studentNumber: z.string().trim().min(1, { error: '请输入学号' }).max(20, { error: '学号最多 20 位' }),
    password,
    next,
  }),
  handler: async (input, context) => {
    const id = studentLogin(input.schoolCode, input.studentNumber);
    if (!id) throw new ActionError({ code: 'UNAUTHORIZED', message: wrongCredentials });
    return signInWith(context, id, input.password, input.next);
  },
});

/** Adults: mobile number or e-mail + password. */
export const signInAdult = defineAction({
  accept: 'form',
  input: z.object({
    account: z.string().trim().min(1, { error: '请输入手机号或邮箱' }).max(120, { error: '账号最多 120 个字符' }),
    password,
    next,
  }),
  handler: async (input, context) => {
    const id = adultLogin(input.account);
    if (!id) throw new ActionError({ code: 'BAD_REQUEST', message: '请输入 11 位手机号或有效的邮箱地址' });
    return signInWith(context, id, input.password, input.next);
  },
});

/** Signs out this device, or with `everywhere` every device of the account. */
export const signOut = defineAction({
  accept: 'form',
  input: z.object({ everywhere: z.enum(['on']).optional() }),
  handler: async (input, context) => {
    const store = databaseSessionStore(serviceClient());
    const { user, sessionId } = context.locals;
    if (user && input.everywhere) await invalidateAllSessions(store, user.id);
    else if (sessionId) await invalidateSession(store, sessionId);
    deleteSessionCookie(context.cookies);
    return { redirect: '/' };
  },
});

/** Changes the password; required at a student's first sign-in. Other devices are signed out. */
export const changePassword = defineAction({
  accept: 'form',
  input: z
    .object({ current: password, next: z.string().max(64, { error: '密码最多 64 位' }), repeat: z.string().max(64) })
    .refine((v) => v.next === v.repeat, { error: '两次输入的新密码不一样', path: ['repeat'] })
    .refine((v) => v.next !== v.current, { error: '新密码不能和原密码一样', path: ['next'] }),
  handler: async (input, context) => {
    const user = context.locals.user;
    if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: '请先登录' });
    const db = serviceClient();
    const stored = await passwordHashOf(db, user.id);
    if (!stored || !(await verifyPassword(stored.passwordHash, input.current))) throw new ActionError({ code: 'BAD_REQUEST', message: '原密码不对' });
    const problem = passwordProblem(input.next, { login: stored.login });
    if (problem) throw new ActionError({ code: 'BAD_REQUEST', message: problem });
    await setPassword(db, user.id, await hashPassword(input.next));
    const store = databaseSessionStore(db);
    await invalidateAllSessions(store, user.id);
    await startSession(context, user.id);
    return { redirect: roleHome[user.role] };
  },
});

/** Volunteers register themselves with a name, a mobile number or e-mail, and a password; `next` brings them back (to the event they came from). */
export const registerAsVolunteer = defineAction({
  accept: 'form',
  input: z
    .object({
      displayName: z.string().trim().min(1, { error: '请填写称呼' }).max(20, { error: '称呼最多 20 个字' }),
      account: z.string().trim().min(1, { error: '请输入手机号或邮箱' }).max(120, { error: '账号最多 120 个字符' }),
      password: z.string().max(64, { error: '密码最多 64 位' }),
      repeat: z.string().max(64),
      consent: z.literal('on', { error: '请阅读并同意隐私政策' }),
      next,
    })
    .refine((v) => v.password === v.repeat, { error: '两次输入的密码不一样', path: ['repeat'] }),
  handler: async (input, context) => {
    const id = adultLogin(input.account);
    if (!id) throw new ActionError({ code: 'BAD_REQUEST', message: '请输入 11 位手机号或有效的邮箱地址' });
    const problem = passwordProblem(input.password, { login: id.login });
    if (problem) throw new ActionError({ code: 'BAD_REQUEST', message: problem });
    // Registration says when a login is taken (the volunteer must be told to sign in instead, and
    // there is no SMS or mail channel to tell them privately); such answers count as failures of
    // the address, so the sign-in throttle bounds how many logins one address can test.
    const db = serviceClient();
    const keys = rateKeys(`${id.kind}:${id.login}`, requestAddress(context));
    const lookup = await signInLookup(db, id, keys);
    if (lookup.block === 'ip') throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: blockMessage('ip', lookup.retryAfter) ?? '' });
    if (lookup.credential) {
      await recordFailure(db, keys);
      throw new ActionError({ code: 'CONFLICT', message: loginTakenMessage(id) });
    }
    try {
      const userId = await registerVolunteer(db, { displayName: input.displayName, id, passwordHash: await hashPassword(input.password) });
      await startSession(context, userId);
    } catch (error) {
      if (error instanceof LoginTakenError) throw new ActionError({ code: 'CONFLICT', message: error.message });
      throw error;
    }
    return { redirect: input.next ?? roleHome.volunteer };
  },
});

/** 忘记密码: an adult asks for a reset link; the answer is the same whether the account exists or not. */
export const requestPasswordReset = defineAction({
  accept: 'form',
  input: z.object({ account: z.string().trim().min(1, { error: '请输入手机号或邮箱' }).max(120, { error: '账号最多 120 个字符' }) }),
  handler: async (input) => {
    const id = adultLogin(input.account);
    if (!id) throw new ActionError({ code: 'BAD_REQUEST', message: '请输入 11 位手机号或有效的邮箱地址' });
    try {
      await sendResetLink(serviceClient(), id);
    } catch (error) {
      if (error instanceof ResetUnavailable) throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: error.message });
      throw error;
    }
    return { sent: true, kind: id.kind };
  },
});

/** Sets a new password from a reset link, once; signs the account out everywhere. */
export const resetPassword = defineAction({
  accept: 'form',
  input: z
    .object({ token: z.string().max(200), next: z.string().max(64, { error: '密码最多 64 位' }), repeat: z.string().max(64) })
    .refine((v) => v.next === v.repeat, { error: '两次输入的新密码不一样', path: ['repeat'] }),
  handler: async (input) => {
    const db = serviceClient();
    const login = await resetLinkLogin(db, input.token);
    if (!login) throw new ActionError({ code: 'BAD_REQUEST', message: '这个重置链接已失效，请重新申请' });
    const problem = passwordProblem(input.next, { login });
    if (problem) throw new ActionError({ code: 'BAD_REQUEST', message: problem });
    await completePasswordReset(db, input.token, await hashPassword(input.next)).catch(asActionError);
    return { redirect: '/login/?reset=1' };
  },
});
