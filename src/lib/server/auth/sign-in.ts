import type { Db } from '~/lib/server/db/client';
import type { LoginIdentifier } from '~/lib/domain/login';
import { signInLookup } from '~/lib/server/db/accounts';
import { dummyHash, verifyPassword } from './password';
import { blockMessage, clearFailures, rateKeys, recordFailure } from './rate-limit';
import type { AppRole } from './user';

export type SignInResult = { ok: true; userId: string; role: AppRole; mustChangePassword: boolean; accountKey: string } | { ok: false; status: 401 | 429; message: string };

export const wrongCredentials = '账号或密码不对，请检查后再试。';

/**
 * Checks a sign-in against the throttle and the stored hash. `deviceNonce` gives this device's
 * nonce for an account key when the device signed in to that account before (device cookie). The answer for an unknown
 * account, a wrong password and a disabled account is the same, and an unknown account still
 * costs one hash, so neither the message nor the timing tells which accounts exist.
 */
export async function signIn(db: Db, input: { id: LoginIdentifier; password: string; ip: string; deviceNonce?: (accountKey: string) => string | null }): Promise<SignInResult> {
  const login = `${input.id.kind}:${input.id.login}`;
  const accountKey = rateKeys(login, input.ip).account;
  const keys = rateKeys(login, input.ip, input.deviceNonce?.(accountKey) ?? null);
  const lookup = await signInLookup(db, input.id, keys);
  const blocked = blockMessage(lookup.block, lookup.retryAfter);
  if (blocked) return { ok: false, status: 429, message: blocked };
  const credential = lookup.credential;
  const matches = await verifyPassword(credential?.passwordHash ?? dummyHash, input.password);
  if (!credential || !matches || credential.disabled) {
    await recordFailure(db, keys);
    return { ok: false, status: 401, message: wrongCredentials };
  }
  if (lookup.accountFailures > 0) await clearFailures(db, keys);
  return { ok: true, userId: credential.userId, role: credential.role, mustChangePassword: credential.mustChangePassword, accountKey };
}
