import { afterEach, describe, expect, test } from 'vitest';
import {
  cachedSession,
  cacheForMs,
  forgetSession,
  forgetUser,
  noteUserReply,
  rememberSession,
  resetSessionCache,
  sessionConfirmed,
  withRequestSession,
  type RequestSession,
} from './session-cache';

const user = { id: 'u1', role: 'student' as const, displayName: '小明', schoolId: null, mustChangePassword: false };
const copy = { id: 's1', user, expiresAt: new Date(Date.now() + 86_400_000) };
const request = (check: () => Promise<boolean>): RequestSession => ({ confirmed: false, rejected: false, check });

afterEach(() => resetSessionCache());

describe('copies of checked sessions', () => {
  test('are not used before the database showed it refuses ended sessions', () => {
    resetSessionCache(undefined);
    rememberSession('a.b', copy);
    expect(cachedSession('a.b')).toBeNull();
    resetSessionCache(false);
    rememberSession('a.b', copy);
    expect(cachedSession('a.b')).toBeNull();
  });

  test('last a minute, answer only the exact token, and go with sign-out here', () => {
    resetSessionCache(true);
    const now = Date.now();
    rememberSession('a.b', copy, now);
    expect(cachedSession('a.b', now + 1000)?.id).toBe('s1');
    expect(cachedSession('a.c', now + 1000)).toBeNull();
    expect(cachedSession('a.b', now + cacheForMs)).toBeNull();
    rememberSession('a.b', copy);
    forgetSession('s1');
    expect(cachedSession('a.b')).toBeNull();
    rememberSession('a.b', copy);
    forgetUser('u1');
    expect(cachedSession('a.b')).toBeNull();
  });
});

describe('a request answered from a copy', () => {
  test('is confirmed by a query the database let through, refused by a 401', async () => {
    const ok = request(async () => true);
    await withRequestSession(ok, async () => noteUserReply(200));
    expect(ok).toMatchObject({ confirmed: true, rejected: false });
    const refused = request(async () => true);
    await withRequestSession(refused, async () => noteUserReply(401));
    expect(refused.rejected).toBe(true);
  });

  test('checks in full once before the service role is used, and fails when the session ended', async () => {
    let checks = 0;
    const alive = request(async () => {
      checks++;
      return true;
    });
    await withRequestSession(alive, () => Promise.all([sessionConfirmed(), sessionConfirmed()]));
    expect(checks).toBe(1);
    expect(alive.confirmed).toBe(true);
    const ended = request(async () => false);
    await expect(withRequestSession(ended, () => sessionConfirmed())).rejects.toThrow('登录已失效');
    expect(ended.rejected).toBe(true);
    await expect(sessionConfirmed()).resolves.toBeUndefined(); // outside a request: nothing to check
  });
});
