import { describe, expect, test } from 'vitest';
import {
  createSession,
  invalidateAllSessions,
  invalidateSession,
  renewWhenLeftMs,
  sessionLifetimeMs,
  validateSessionToken,
  type SessionStore,
  type StoredSession,
} from './session';
import { constantTimeEqual, randomSecret, sha256Hex } from './tokens';

const day = 24 * 60 * 60 * 1000;

/** An in-memory store with the same contract as the database one (db/sessions.ts, tested against PostgREST). */
function memoryStore(disabled = new Set<string>()): SessionStore & { rows: Map<string, { secretHash: string; userId: string; expiresAt: Date }> } {
  const rows = new Map<string, { secretHash: string; userId: string; expiresAt: Date }>();
  return {
    rows,
    async insert({ id, secretHash, userId, expiresAt }) {
      rows.set(id, { secretHash, userId, expiresAt });
    },
    async find(id): Promise<StoredSession | null> {
      const row = rows.get(id);
      if (!row) return null;
      return {
        id,
        secretHash: row.secretHash,
        expiresAt: row.expiresAt,
        user: { id: row.userId, role: 'teacher', displayName: '陈老师', schoolId: 's1', mustChangePassword: false, disabled: disabled.has(row.userId) },
      };
    },
    async setExpiry(id, expiresAt) {
      const row = rows.get(id);
      if (row) row.expiresAt = expiresAt;
    },
    async delete(id) {
      rows.delete(id);
    },
    async deleteAllForUser(userId) {
      for (const [id, row] of rows) if (row.userId === userId) rows.delete(id);
    },
  };
}

/** The token with one character changed at `index`. */
function flip(token: string, index: number): string {
  const c = token[index] === 'a' ? 'b' : 'a';
  return token.slice(0, index) + c + token.slice(index + 1);
}

describe('createSession', () => {
  test('returns an id.secret token and stores only the hash of the secret', async () => {
    const store = memoryStore();
    const { token } = await createSession(store, 'u1');
    const [id, secret] = token.split('.');
    expect(token).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
    const row = store.rows.get(id ?? '');
    expect(row?.secretHash).toBe(sha256Hex(secret ?? ''));
    expect(JSON.stringify([...store.rows])).not.toContain(secret);
  });
});

describe('validateSessionToken', () => {
  test('returns the user for a fresh token, without renewing it', async () => {
    const store = memoryStore();
    const now = new Date('2026-11-29T08:00:00Z');
    const { token, expiresAt } = await createSession(store, 'u1', now);
    const session = await validateSessionToken(store, token, now);
    expect(session).toMatchObject({ user: { id: 'u1', role: 'teacher' }, renewed: false, expiresAt });
  });

  test('renews a session used in the second half of its life', async () => {
    const store = memoryStore();
    const start = new Date('2026-11-01T00:00:00Z');
    const { token } = await createSession(store, 'u1', start);
    const later = new Date(start.getTime() + sessionLifetimeMs - renewWhenLeftMs + day);
    const session = await validateSessionToken(store, token, later);
    expect(session?.renewed).toBe(true);
    expect(session?.expiresAt.getTime()).toBe(later.getTime() + sessionLifetimeMs);
  });

  test('returns null for an expired session and deletes it', async () => {
    const store = memoryStore();
    const start = new Date('2026-11-01T00:00:00Z');
    const { token } = await createSession(store, 'u1', start);
    expect(await validateSessionToken(store, token, new Date(start.getTime() + sessionLifetimeMs))).toBeNull();
    expect(store.rows.size).toBe(0);
  });

  test('returns null when any one character of the token differs', async () => {
    const store = memoryStore();
    const { token } = await createSession(store, 'u1');
    for (const index of [0, 12, 23, 25, 36, 48]) {
      expect(await validateSessionToken(store, flip(token, index)), `index ${index}`).toBeNull();
    }
    expect(await validateSessionToken(store, token)).not.toBeNull();
  });

  test('returns null for malformed tokens without a lookup', async () => {
    const store = memoryStore();
    for (const bad of ['', 'abc', 'a.b', `${'a'.repeat(24)}.${'a'.repeat(23)}`, `${'A'.repeat(24)}.${'a'.repeat(24)}`, `${'a'.repeat(24)}.${'a'.repeat(24)}.x`]) {
      expect(await validateSessionToken(store, bad)).toBeNull();
    }
  });

  test('returns null for a disabled user', async () => {
    const store = memoryStore(new Set(['u1']));
    const { token } = await createSession(store, 'u1');
    expect(await validateSessionToken(store, token)).toBeNull();
  });
});

describe('invalidateSession', () => {
  test('ends one session and leaves the others', async () => {
    const store = memoryStore();
    const a = await createSession(store, 'u1');
    const b = await createSession(store, 'u1');
    await invalidateSession(store, a.token.split('.')[0] ?? '');
    expect(await validateSessionToken(store, a.token)).toBeNull();
    expect(await validateSessionToken(store, b.token)).not.toBeNull();
  });
});

describe('invalidateAllSessions', () => {
  test("ends every session of the user and nobody else's", async () => {
    const store = memoryStore();
    const mine = [await createSession(store, 'u1'), await createSession(store, 'u1')];
    const theirs = await createSession(store, 'u2');
    await invalidateAllSessions(store, 'u1');
    for (const s of mine) expect(await validateSessionToken(store, s.token)).toBeNull();
    expect(await validateSessionToken(store, theirs.token)).not.toBeNull();
  });
});

describe('constantTimeEqual', () => {
  test('returns true for equal strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  test('returns false for equal-length strings that differ anywhere', () => {
    expect(constantTimeEqual('abcd', 'abce')).toBe(false);
    expect(constantTimeEqual('abcd', 'xbcd')).toBe(false);
  });

  test('returns false for strings of different lengths, including a prefix', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  test('compares bytes, so look-alike Unicode does not match', () => {
    expect(constantTimeEqual('密码', '密馬')).toBe(false);
    expect(constantTimeEqual('\u00e9', 'e\u0301')).toBe(false);
  });
});

describe('randomSecret', () => {
  test('returns distinct 24-character strings from the reduced alphabet', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomSecret()));
    expect(seen.size).toBe(1000);
    for (const s of seen) expect(s).toMatch(/^[a-km-z2-9]{24}$/);
  });
});
