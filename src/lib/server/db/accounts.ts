import { type Db, nullArg } from '~/lib/server/db/client';
import type { LoginIdentifier } from '~/lib/domain/login';
import type { RateKeys } from '~/lib/server/auth/rate-limit';
import type { AppRole } from '~/lib/server/auth/user';
import { must, mustOne } from './service';

/** What sign-in needs to know: the rate-limit verdict and, if the login exists, its account. */
export interface SignInLookup {
  block: string | null;
  /** Seconds until the block lifts. */
  retryAfter: number;
  accountFailures: number;
  credential: { userId: string; role: AppRole; passwordHash: string; mustChangePassword: boolean; disabled: boolean } | null;
}

interface LookupRow {
  block: string | null;
  retry_after: number;
  account_failures: number;
  user_id: string | null;
  role: AppRole | null;
  password_hash: string | null;
  must_change_password: boolean | null;
  disabled: boolean | null;
}

/** Looks up a login and its failure counts in one call (service role: a sign-in lookup). */
export async function signInLookup(db: Db, id: LoginIdentifier, keys: RateKeys): Promise<SignInLookup> {
  const row = mustOne(
    await db
      .rpc('sign_in_lookup', {
        p_login_kind: id.kind,
        p_login: id.login,
        p_account_key: keys.account,
        p_ip_key: keys.ip,
        p_pair_key: keys.pair,
        p_device_key: nullArg(keys.device),
      })
      .single<LookupRow>(),
    '读取账号失败',
  );
  const credential =
    row.user_id && row.role && row.password_hash
      ? { userId: row.user_id, role: row.role, passwordHash: row.password_hash, mustChangePassword: row.must_change_password ?? false, disabled: row.disabled ?? false }
      : null;
  return { block: row.block, retryAfter: row.retry_after, accountFailures: row.account_failures, credential };
}

/** The password hash of a user, for checking the current password before a change. */
export async function passwordHashOf(db: Db, userId: string): Promise<{ passwordHash: string; login: string } | null> {
  const row = must(await db.from('credentials').select('password_hash, login').eq('user_id', userId).maybeSingle<{ password_hash: string; login: string }>(), '读取账号失败');
  return row ? { passwordHash: row.password_hash, login: row.login } : null;
}

/** Stores a new password hash and clears the first-sign-in flag. */
export async function setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  must(
    await db.from('credentials').update({ password_hash: passwordHash, must_change_password: false, password_changed_at: new Date().toISOString() }).eq('user_id', userId),
    '保存密码失败',
  );
}

/** Thrown when a volunteer registers with a phone number or e-mail that already has an account. */
export class LoginTakenError extends Error {}

/** What registration says when a login already has an account. */
export function loginTakenMessage(id: LoginIdentifier): string {
  return id.kind === 'phone' ? '这个手机号已经注册过了，请直接登录' : '这个邮箱已经注册过了，请直接登录';
}

/** Creates a volunteer and their credential in one transaction; returns the new user id. */
export async function registerVolunteer(db: Db, input: { displayName: string; id: LoginIdentifier; passwordHash: string }): Promise<string> {
  const { data, error } = await db.rpc('register_volunteer', {
    p_display_name: input.displayName,
    p_login_kind: input.id.kind,
    p_login: input.id.login,
    p_password_hash: input.passwordHash,
  });
  if (error?.code === '23505') throw new LoginTakenError(loginTakenMessage(input.id));
  if (error) throw new Error(`注册失败: ${error.message}`);
  return data;
}

/** Staff roles the office may create. */
export const staffRoles = ['teacher', 'school_admin', 'organizer', 'office'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * The office creates a staff account through its own RLS-bound client; the database checks
 * the caller is the office. Returns the new user id, or throws a Chinese message.
 */
export async function createStaffAccount(
  db: Db,
  input: { role: StaffRole; displayName: string; schoolId: string | null; id: LoginIdentifier; passwordHash: string },
): Promise<string> {
  const { data, error } = await db.rpc('create_staff_account', {
    p_role: input.role,
    p_display_name: input.displayName,
    p_school_id: nullArg(input.schoolId),
    p_login_kind: input.id.kind,
    p_login: input.id.login,
    p_password_hash: input.passwordHash,
  });
  if (error?.code === '23505') throw new LoginTakenError('这个手机号或邮箱已经有账号了');
  if (error?.code === '42501' || error?.code === '22023') throw new AccountInputError(error.message);
  if (error?.code === '23503') throw new AccountInputError('所选学校不存在');
  if (error) throw new Error(`创建账号失败: ${error.message}`);
  return data;
}

/** A refusal from the database that the office can act on; the message is Chinese. */
export class AccountInputError extends Error {}
