import { type Db, nullArg } from '~/lib/server/db/client';
import { must } from '~/lib/server/db/service';
import { sha256Hex } from './tokens';

/**
 * Sign-in throttling, stored in Postgres so it holds across server instances; the verdict comes
 * from `sign_in_lookup` (see its migration, 20261204100100): growing delays for one account from
 * one address, a limit for one account from many addresses and for one address, and none of them
 * for a device the account signed in on before. Keys are hashed so the table holds no phone
 * numbers, addresses or cookies.
 */
export interface RateKeys {
  account: string;
  ip: string;
  pair: string;
  /** The hash of this device's nonce for the account; null on a device it never signed in on. */
  device: string | null;
}

export function rateKeys(login: string, ip: string, deviceNonce: string | null = null): RateKeys {
  return {
    account: sha256Hex(`account:${login}`),
    ip: sha256Hex(`ip:${ip}`),
    pair: sha256Hex(`pair:${login}\n${ip}`),
    device: deviceNonce === null ? null : sha256Hex(`device:${deviceNonce}`),
  };
}

/** Why the database holds a sign-in back: the account on this address, the account, or the address. */
export type Block = 'pair' | 'account' | 'ip';

function wait(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

/** The Chinese message for a verdict of the database, or null when sign-in may go ahead. */
export function blockMessage(block: string | null, retryAfter: number): string | null {
  if (block === 'pair') return `密码错了好几次，请 ${wait(retryAfter)}后再试；忘记密码可以请老师或管理员帮忙重置。`;
  if (block === 'account') return `这个账号最近在多处登录失败，为了安全，请在以前登录过的设备上登录，或 ${wait(retryAfter)}后再试。`;
  if (block === 'ip') return `这个网络的登录失败次数太多，请 ${wait(retryAfter)}后再试。`;
  return null;
}

export async function recordFailure(db: Db, keys: RateKeys): Promise<void> {
  must(await db.rpc('record_login_failure', { p_account_key: keys.account, p_ip_key: keys.ip, p_pair_key: keys.pair, p_device_key: nullArg(keys.device) }), '记录登录失败');
}

export async function clearFailures(db: Db, keys: RateKeys): Promise<void> {
  must(await db.rpc('clear_login_failures', { p_account_key: keys.account }), '清除登录记录失败');
}
