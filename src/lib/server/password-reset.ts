import { randomBytes } from 'node:crypto';
import type { Db } from '~/lib/server/db/client';
import type { LoginIdentifier } from '~/lib/domain/login';
import { sha256Hex } from './auth/tokens';
import { DomainError, fromPostgrest } from './db/errors';
import { publicUrl } from './http/site';
import { channelFor } from './reset-channels';

/** What a reset link's token looks like (32 random bytes, base64url); anything else is refused before a query. */
const tokenShape = /^[A-Za-z0-9_-]{20,100}$/;

/** The channel is set up but could not deliver (the mail server is down): worth saying, not a 500. */
export class ResetUnavailable extends Error {}

/**
 * Sends a one-time reset link to an adult login when the account exists and its channel (e-mail,
 * SMS) is set up. Says nothing about whether it did: the visitor always hears the same.
 */
export async function requestPasswordReset(db: Db, id: LoginIdentifier): Promise<void> {
  const channel = channelFor(id);
  if (!channel) return;
  const token = randomBytes(32).toString('base64url');
  const { data, error } = await db.rpc('request_password_reset', { p_login_kind: id.kind, p_login: id.login, p_token_hash: sha256Hex(token) });
  if (error) throw fromPostgrest(error, '申请重置密码失败');
  if (data !== true) return;
  try {
    await channel.send(id.login, publicUrl(`/account/reset/?token=${token}`));
  } catch (cause) {
    console.error('password reset: sending failed', cause);
    throw new ResetUnavailable('重置链接暂时发不出去，请稍后再试，或联系市禁毒办重置密码');
  }
}

/** The login a reset link belongs to while it can be used, else null. */
export async function resetLinkLogin(db: Db, token: string): Promise<string | null> {
  if (!tokenShape.test(token)) return null;
  const { data, error } = await db.rpc('password_reset_login', { p_token_hash: sha256Hex(token) });
  if (error) throw fromPostgrest(error, '读取重置链接失败');
  return typeof data === 'string' ? data : null;
}

/** Uses a reset link: the new password hash replaces the old one and every session ends. */
export async function completePasswordReset(db: Db, token: string, passwordHash: string): Promise<void> {
  if (!tokenShape.test(token)) throw new DomainError('BAD_REQUEST', '这个重置链接已失效，请重新申请');
  const { error } = await db.rpc('complete_password_reset', { p_token_hash: sha256Hex(token), p_password_hash: passwordHash });
  if (error) throw fromPostgrest(error, '重置密码失败');
}
