import { AsyncLocalStorage } from 'node:async_hooks';
import { sha256Hex } from './tokens';
import type { SessionUser } from './user';
import { setNewest } from '~/lib/server/bounded-map';

/**
 * Sessions this server checked in full lately, so a signed-in request need not read its session
 * before its own query (issue 15). A copy is never trusted on its own: the request's JWT names the
 * session (`sid`) and PostgREST's pre-request function (`private.check_session`) refuses every
 * query of a session that no longer holds, in the query's own transaction. A request that makes no
 * such query, or asks the service-role client for anything, has its session checked in full first
 * (`sessionConfirmed`). So sign-out, sign-out everywhere, a disabled account and a password
 * change take effect at once for every later request, on this server or any other.
 */
export interface CachedSession {
  id: string;
  user: SessionUser;
  expiresAt: Date;
  checkedAt: number;
}

/** How long a full check is reused; after that the next request checks (and slides) in full again. */
export const cacheForMs = 60_000;
const maxEntries = 10_000;
const entries = new Map<string, CachedSession>();

const keyOf = (token: string): string => sha256Hex(token);

/** The copy for this cookie token, when it is fresh and the database can refuse it per query. */
export function cachedSession(token: string, now = Date.now()): CachedSession | null {
  if (enabled !== true) return null;
  const key = keyOf(token);
  const entry = entries.get(key);
  if (!entry) return null;
  if (now - entry.checkedAt >= cacheForMs || now >= entry.expiresAt.getTime()) {
    entries.delete(key);
    return null;
  }
  return entry;
}

export function rememberSession(token: string, session: Omit<CachedSession, 'checkedAt'>, now = Date.now()): void {
  const key = keyOf(token);
  setNewest(entries, key, { ...session, checkedAt: now }, maxEntries);
}

export function forgetToken(token: string): void {
  entries.delete(keyOf(token));
}

/** Drops the copies of one session (signed out here). */
export function forgetSession(sessionId: string): void {
  for (const [key, entry] of entries) if (entry.id === sessionId) entries.delete(key);
}

/** Drops the copies of every session of a user (signed out everywhere, password changed). */
export function forgetUser(userId: string): void {
  for (const [key, entry] of entries) if (entry.user.id === userId) entries.delete(key);
}

/** Whether copies may be used: only once a probe showed the database refuses a dead session per query. */
let enabled: boolean | undefined;
let probing: Promise<void> | undefined;

/**
 * Runs `probe` once per process (it must resolve true only if a JWT naming a session that does
 * not exist is refused); until it has, and if it fails, every request is checked in full.
 */
export function enableWhen(probe: () => Promise<boolean>): void {
  if (enabled !== undefined || probing) return;
  probing = probe()
    .then(
      (ok) => {
        enabled = ok;
        if (!ok) console.warn('[session] PostgREST does not run private.check_session (pgrst.db_pre_request): every request checks its session in full');
      },
      () => undefined, // the backend did not answer: probe again at a later request
    )
    .finally(() => {
      probing = undefined;
    });
}

/** For tests: forget everything and whether the probe ran. */
export function resetSessionCache(state?: boolean): void {
  entries.clear();
  enabled = state;
  probing = undefined;
}

/** What one request knows about its session while it runs. */
export interface RequestSession {
  /** True once a query as this user passed the database's check, or a full check did. */
  confirmed: boolean;
  /** True once the database or a full check refused the session. */
  rejected: boolean;
  /** A full check of the session (reads it with the service client); true when it holds. */
  check: () => Promise<boolean>;
  pending?: Promise<boolean>;
}

const current = new AsyncLocalStorage<RequestSession>();

export function withRequestSession<T>(session: RequestSession, run: () => Promise<T>): Promise<T> {
  return current.run(session, run);
}

/** Notes a reply of PostgREST to a query made with this request's user JWT. */
export function noteUserReply(status: number): void {
  const session = current.getStore();
  if (!session) return;
  if (status === 401) session.rejected = true;
  else if (status >= 200 && status < 300) session.confirmed = true;
}

/**
 * Resolves once this request's session is known to hold (checking it in full when only a copy
 * was used); throws when it does not. Outside a request, or without a session, resolves at once.
 */
export async function sessionConfirmed(): Promise<void> {
  const session = current.getStore();
  if (!session || session.confirmed) return;
  if (session.rejected) throw new SessionEndedError();
  // The full check reads through the service client itself: run it outside this request's context.
  session.pending ??= current.exit(() => session.check());
  const ok = await session.pending;
  if (ok) session.confirmed = true;
  else session.rejected = true;
  if (!ok) throw new SessionEndedError();
}

export class SessionEndedError extends Error {
  constructor() {
    super('登录已失效，请重新登录');
    this.name = 'SessionEndedError';
  }
}

/** A session as the per-request JWT names it (claims `sid`, `sub`, `app_role`, `school_id`; '' for none). */
export interface SessionClaim {
  sid: string;
  sub: string;
  app_role: string;
  school_id: string;
}

type CheckMany = (claims: SessionClaim[]) => Promise<Set<string>>;
const waiting: { claim: SessionClaim; done: (holds: boolean | undefined) => void }[] = [];
let flushing = false;
const batchSize = 500;

/**
 * Confirms this request's session together with those of the other requests waiting at the same
 * moment, in one read (`checkMany` answers which still hold, by private.check_session's rule).
 * For requests answered from a shared copy that make no query of their own (a classroom poll):
 * each waits for a read that starts after it arrived, so an ended session is refused at once, as
 * a query would be. One read runs at a time; requests arriving meanwhile go into the next. When
 * the read fails, the request stays unconfirmed and the middleware checks it in full.
 */
export async function confirmTogether(claim: SessionClaim, checkMany: CheckMany): Promise<void> {
  const session = current.getStore();
  if (!session || session.confirmed || session.rejected) return;
  const holds = await new Promise<boolean | undefined>((done) => {
    waiting.push({ claim, done });
    if (flushing) return;
    flushing = true;
    // After this turn of the event loop, so requests arriving together share the read; outside
    // this request's context, as the read uses the service client, which would wait for its check.
    setImmediate(() => current.exit(() => void flushWaiting(checkMany)));
  });
  if (holds === true) session.confirmed = true;
  else if (holds === false) session.rejected = true;
}

async function flushWaiting(checkMany: CheckMany): Promise<void> {
  try {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, batchSize);
      try {
        const holding = await checkMany(batch.map((w) => w.claim));
        for (const w of batch) w.done(holding.has(w.claim.sid));
      } catch {
        for (const w of batch) w.done(undefined);
      }
    }
  } finally {
    flushing = false;
  }
}
