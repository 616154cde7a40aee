import { SignJWT } from 'jose';
import type { AppRole } from './user';
import { setNewest } from '~/lib/server/bounded-map';

/** Claims the database reads: role for PostgREST, sub for auth.uid(), the app role and school for convenience. */
export interface DbTokenInput {
  userId: string;
  appRole: AppRole;
  schoolId: string | null;
  /** The session the request came with: PostgREST's pre-request (`private.check_session`) refuses the token once it ends. */
  sessionId?: string | undefined;
  secret: string;
  minutes: number;
}

const keys = new Map<string, Uint8Array>();

/**
 * Mints the short-lived JWT that a per-request supabase-js client carries, so PostgREST
 * switches to `authenticated` and RLS sees the user. Policies read the role from the users
 * table, not from this token, so a changed role takes effect at once.
 */
export async function mintDbToken(input: DbTokenInput): Promise<string> {
  let key = keys.get(input.secret);
  if (!key) {
    key = new TextEncoder().encode(input.secret);
    keys.set(input.secret, key);
  }
  return new SignJWT({ role: 'authenticated', app_role: input.appRole, school_id: input.schoolId, ...(input.sessionId ? { sid: input.sessionId } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.userId)
    .setIssuedAt()
    .setIssuer('qingyuan')
    .setAudience('authenticated')
    .setExpirationTime(`${input.minutes}m`)
    .sign(key);
}

const minted = new Map<string, { token: string; renewAt: number }>();
const maxMinted = 10_000;

/**
 * The same token for the same session, user, role and school until half its lifetime has passed:
 * signing one per request is work done once. A token names its session, so it is refused the
 * moment the session ends, whatever its own expiry.
 */
export async function dbTokenFor(input: DbTokenInput, now = Date.now()): Promise<string> {
  if (!input.sessionId) return mintDbToken(input);
  const key = `${input.sessionId}|${input.userId}|${input.appRole}|${input.schoolId ?? ''}|${input.minutes}`;
  const hit = minted.get(key);
  if (hit && now < hit.renewAt) return hit.token;
  const token = await mintDbToken(input);
  setNewest(minted, key, { token, renewAt: now + (input.minutes * 60_000) / 2 }, maxMinted);
  return token;
}
