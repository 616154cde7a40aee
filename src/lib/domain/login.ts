import { weakPasswordReason } from './password-strength';
/**
 * Sign-in identifiers, normalised the way `credentials.login` stores them.
 * Adults use a mainland mobile number or an e-mail address; students use their school's
 * code and their student number.
 */

export type LoginIdentifier = { kind: 'phone' | 'email' | 'student'; login: string };

const mobile = /^1[3-9]\d{9}$/;
const email = /^[^\s@]{1,64}@[^\s@]{1,180}\.[^\s@]{2,}$/;

/**
 * Reads what an adult typed: spaces and dashes in a phone number and a +86 prefix are
 * dropped, e-mail is lower-cased. Returns null when it is neither.
 * @example adultLogin(' 138-0013-8000 ') // { kind: 'phone', login: '13800138000' }
 */
export function adultLogin(input: string): LoginIdentifier | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (mobile.test(digits)) return { kind: 'phone', login: digits };
  const lower = trimmed.toLowerCase();
  if (email.test(lower) && lower.length <= 120) return { kind: 'email', login: lower };
  return null;
}

/**
 * A student's login: `SCHOOLCODE/number`, code upper-cased.
 * @example studentLogin('qyxx01', ' 20260301 ') // { kind: 'student', login: 'QYXX01/20260301' }
 */
export function studentLogin(schoolCode: string, studentNumber: string): LoginIdentifier | null {
  const code = schoolCode.trim().toUpperCase();
  const number = studentNumber.trim();
  if (!/^[A-Z0-9]{3,16}$/.test(code) || !/^[A-Za-z0-9-]{1,20}$/.test(number)) return null;
  return { kind: 'student', login: `${code}/${number}` };
}

/**
 * Why a new password is not acceptable, or null when it is. Kept short and kind: most
 * users here are pupils and volunteers, not security staff. `login` is the account's login
 * (`QYXX01/2026030101`, a phone number, an e-mail): the password may not be built from it.
 */
export function passwordProblem(password: string, context: { login?: string } = {}): string | null {
  if (password.length < 8) return '密码至少要 8 位';
  if (password.length > 64) return '密码最多 64 位';
  if (/^(.)\1+$/.test(password)) return '密码不能全是同一个字符';
  if (/^\d+$/.test(password) && /^(0123456789|1234567890|9876543210)/.test(password)) return '密码太简单了，请换一个';
  if (context.login && password.toLowerCase().includes(context.login.toLowerCase().split('/').pop() ?? '\0')) return '密码不能包含账号或学号';
  return weakPasswordReason(password, context.login ? [context.login] : []);
}
