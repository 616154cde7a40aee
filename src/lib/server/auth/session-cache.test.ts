import { afterEach, describe, expect, test } from 'vitest';
import {
  cachedSession,
  cacheForMs,
  confirmTogether,
  forgetSession,
  forgetUser,
  noteUserReply,
  rememberSession,
  resetSessionCache,
  sessionConfirmed,
  withRequestSession,
  type RequestSession,
  type SessionClaim,
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

describe('sessions confirmed together (polls answered from a shared copy)', () => {
  const claim = (sid: string): SessionClaim => ({ sid, sub: `user-${sid}`, app_role: 'student', school_id: '' });
  const never = async (): Promise<boolean> => {
    throw new Error('no full check expected');
  };

  test('requests waiting at the same moment are confirmed or refused by one read', async () => {
    const reads: string[][] = [];
    const checkMany = async (claims: SessionClaim[]): Promise<Set<string>> => {
      reads.push(claims.map((c) => c.sid));
      return new Set(['a', 'c']);
    };
    const sessions = ['a', 'b', 'c'].map(() => request(never));
    await Promise.all(sessions.map((session, i) => withRequestSession(session, () => confirmTogether(claim(['a', 'b', 'c'][i] ?? ''), checkMany))));
    expect(reads).toEqual([['a', 'b', 'c']]);
    expect(sessions.map((s) => [s.confirmed, s.rejected])).toEqual([
      [true, false],
      [false, true],
      [true, false],
    ]);
  });

  test('a request arriving while a read runs waits for the next read, which starts after it arrived', async () => {
    const reads: string[][] = [];
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      release = resolve;
    });
    const checkMany = async (claims: SessionClaim[]): Promise<Set<string>> => {
      reads.push(claims.map((c) => c.sid));
      if (reads.length === 1) await first;
      return new Set(reads.length === 1 ? ['a', 'b'] : []);
    };
    const [a, b] = [request(never), request(never)];
    const waitA = withRequestSession(a, () => confirmTogether(claim('a'), checkMany));
    await new Promise((resolve) => setImmediate(resolve));
    // b's session ends after the first read began: that read's answer must not confirm it.
    const waitB = withRequestSession(b, () => confirmTogether(claim('b'), checkMany));
    release();
    await Promise.all([waitA, waitB]);
    expect(reads).toEqual([['a'], ['b']]);
    expect(a.confirmed).toBe(true);
    expect(b.rejected).toBe(true);
  });

  test('a failed read leaves the request unconfirmed, for the full check; a confirmed request reads nothing', async () => {
    const failing = request(never);
    await withRequestSession(failing, () => confirmTogether(claim('a'), async () => Promise.reject(new Error('down'))));
    expect([failing.confirmed, failing.rejected]).toEqual([false, false]);
    const done = { ...request(never), confirmed: true };
    let reads = 0;
    await withRequestSession(done, () =>
      confirmTogether(claim('a'), async () => {
        reads++;
        return new Set();
      }),
    );
    expect(reads).toBe(0);
  });
});
