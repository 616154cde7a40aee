import type { SupabaseClient } from '@supabase/supabase-js';
import { must } from '../db/service';
import { sha256Hex } from './tokens';

/**
 * Sign-in rate limits, stored in Postgres so they hold across server instances: 5 failures
 * per account or 30 per IP address within 15 minutes block further tries until the window
 * passes (the verdict comes from `sign_in_lookup`). Keys are hashed so the table holds no
 * phone numbers or addresses.
 */
export interface RateKeys {
  account: string;
  ip: string;
}

export function rateKeys(login: string, ip: string): RateKeys {
  return { account: sha256Hex(`account:${login}`), ip: sha256Hex(`ip:${ip}`) };
}

/** The Chinese message for a block verdict of the database, or null when sign-in may go ahead. */
export function blockMessage(block: string | null): string | null {
  if (block === 'account') return '这个账号连续登录失败次数太多，请 15 分钟后再试，或请老师/管理员帮忙重置密码。';
  if (block === 'ip') return '这台设备登录失败次数太多，请 15 分钟后再试。';
  return null;
}

export async function recordFailure(db: SupabaseClient, keys: RateKeys): Promise<void> {
  must(await db.rpc('record_login_failure', { p_account_key: keys.account, p_ip_key: keys.ip }), '记录登录失败');
}

export async function clearFailures(db: SupabaseClient, keys: RateKeys): Promise<void> {
  must(await db.rpc('clear_login_failures', { p_account_key: keys.account }), '清除登录记录失败');
}
