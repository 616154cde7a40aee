import { constantTimeEqual, randomSecret, sha256Hex } from './tokens';
import type { SessionUser } from './user';

/** How long a session lives without use, and when a use pushes the expiry out again. */
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
export const renewWhenLeftMs = 15 * 24 * 60 * 60 * 1000;

export interface StoredSession {
  id: string;
  secretHash: string;
  expiresAt: Date;
  user: SessionUser & { disabled: boolean };
}

/** Where sessions live; the database store is in `db/sessions.ts`, tests may pass another. */
export interface SessionStore {
  insert(session: { id: string; secretHash: string; userId: string; expiresAt: Date }): Promise<void>;
  find(id: string): Promise<StoredSession | null>;
  setExpiry(id: string, expiresAt: Date): Promise<void>;
  delete(id: string): Promise<void>;
  deleteAllForUser(userId: string): Promise<void>;
}

export interface ValidSession {
  id: string;
  expiresAt: Date;
  user: SessionUser;
  /** True when this validation pushed the expiry out; the cookie should be re-sent. */
  renewed: boolean;
}

const tokenPattern = /^[a-z2-9]{24}\.[a-z2-9]{24}$/;

/**
 * Creates a session and returns the token for the cookie (`id.secret`). Only the SHA-256 of
 * the secret is stored, so a leaked sessions table signs nobody in.
 */
export async function createSession(store: SessionStore, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const id = randomSecret();
  const secret = randomSecret();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await store.insert({ id, secretHash: sha256Hex(secret), userId, expiresAt });
  return { token: `${id}.${secret}`, expiresAt };
}

/**
 * Checks a cookie token: the session must exist, its secret must match in constant time,
 * it must not have expired and its user must not be disabled. A session used in the second
 * half of its life is renewed (sliding expiry). Returns null for anything else.
 */
export async function validateSessionToken(store: SessionStore, token: string, now = new Date()): Promise<ValidSession | null> {
  if (!tokenPattern.test(token)) return null;
  const [id = '', secret = ''] = token.split('.');
  const session = await store.find(id);
  if (!session) return null;
  if (!constantTimeEqual(sha256Hex(secret), session.secretHash)) return null;
  if (now.getTime() >= session.expiresAt.getTime() || session.user.disabled) {
    await store.delete(id);
    return null;
  }
  let expiresAt = session.expiresAt;
  let renewed = false;
  if (expiresAt.getTime() - now.getTime() < renewWhenLeftMs) {
    expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    await store.setExpiry(id, expiresAt);
    renewed = true;
  }
  const { disabled: _disabled, ...user } = session.user;
  return { id, expiresAt, user, renewed };
}

/** Ends one session (sign out). */
export async function invalidateSession(store: SessionStore, sessionId: string): Promise<void> {
  await store.delete(sessionId);
}

/** Ends every session of a user (sign out everywhere, password change). */
export async function invalidateAllSessions(store: SessionStore, userId: string): Promise<void> {
  await store.deleteAllForUser(userId);
}
