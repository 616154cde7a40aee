import { defineMiddleware } from 'astro:middleware';
import { deleteSessionCookie, sessionCookie, setSessionCookie } from './lib/server/auth/cookie';
import { validateSessionToken } from './lib/server/auth/session';
import { cachedSession, enableWhen, forgetToken, rememberSession, type RequestSession, withRequestSession } from './lib/server/auth/session-cache';
import { databaseRefusesEndedSessions, databaseSessionStore } from './lib/server/db/sessions';
import { serviceClient } from './lib/server/db/service';
import { userClient } from './lib/server/db/user-client';
import { localiseActionError } from './lib/server/http/action-errors';
import { badRequestForBody } from './lib/server/http/body-guard';

/** Paths a user who must change their password may still open, and the actions they may call there. */
const passwordChangePaths = ['/account/password/', '/logout/'];
const passwordChangeActions = ['auth.changePassword', 'auth.signOut'];

/**
 * Validates the session cookie, renews it when the session slid forward, and fills
 * `locals`. Prerendered pages never see a user; on-demand routes do.
 *
 * A session checked in full within the last minute is taken from this server's copy
 * (session-cache.ts) without a read of its own: the request's queries carry the session in their
 * JWT and the database refuses them once it ended; a request that makes none, or that uses the
 * service role, has it checked in full first. A refused session signs the request out.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.sessionId = null;
  let client: ReturnType<typeof userClient> | undefined;
  context.locals.db = () => (client ??= userClient(context.locals.user, context.locals.sessionId));
  if (context.isPrerendered) return next();

  const rejected = await badRequestForBody(context.request, context.url);
  if (rejected) return rejected;

  const token = context.cookies.get(sessionCookie)?.value;
  let session: RequestSession | undefined;
  if (token) {
    enableWhen(databaseRefusesEndedSessions);
    const copy = cachedSession(token);
    if (copy) {
      context.locals.user = copy.user;
      context.locals.sessionId = copy.id;
      session = { confirmed: false, rejected: false, check: async () => (await checkInFull(context, token)) !== null };
    } else {
      const valid = await checkInFull(context, token);
      if (valid) {
        context.locals.user = valid.user;
        context.locals.sessionId = valid.id;
        session = { confirmed: true, rejected: false, check: async () => true };
      } else {
        deleteSessionCookie(context.cookies);
      }
    }
  }

  const user = context.locals.user;
  const isAction = context.url.pathname.startsWith('/_actions/');
  if (user?.mustChangePassword && !mayUseBeforePasswordChange(context.url, isAction)) {
    // Every request but changing the password and signing out: pages, form posts, actions, exports.
    if (isAction) return mustChangePasswordReply();
    return context.redirect('/account/password/?first=1', context.request.method === 'GET' ? 302 : 303);
  }
  const response = session ? await withRequestSession(session, () => next().catch((error: unknown) => (session.rejected ? null : Promise.reject(error)))) : await next();
  if (session && !session.confirmed && !session.rejected) {
    // Nothing this request asked the database confirmed the copy: check in full before answering.
    session.pending ??= session.check();
    if (!(await session.pending)) session.rejected = true;
  }
  if (session?.rejected || !response) {
    if (token) forgetToken(token);
    deleteSessionCookie(context.cookies);
    context.locals.user = null;
    context.locals.sessionId = null;
    return signedOutReply(context.url, context.request.method, isAction);
  }
  // Pages rendered for a request may carry personal data: never kept by a browser or a proxy.
  const kept = response.headers.has('cache-control') ? response : withHeader(response, 'cache-control', 'no-store');
  return isAction ? localiseActionError(kept) : kept;
});

type Context = Parameters<Parameters<typeof defineMiddleware>[0]>[0];

/** Reads the session (one PostgREST call), slides it when due, and keeps a copy for the next minute. */
async function checkInFull(context: Context, token: string) {
  const valid = await validateSessionToken(databaseSessionStore(serviceClient()), token);
  if (!valid) {
    forgetToken(token);
    return null;
  }
  rememberSession(token, { id: valid.id, user: valid.user, expiresAt: valid.expiresAt });
  if (valid.renewed) setSessionCookie(context.cookies, context.url, token, valid.expiresAt);
  return valid;
}

/**
 * The answer to a request whose session ended while it was handled: an action gets 401 in
 * Chinese, a page is asked again (without the cookie, so as a visitor: sign-in where it needs one).
 */
function signedOutReply(url: URL, method: string, isAction: boolean): Response {
  if (isAction) {
    return new Response(JSON.stringify({ type: 'AstroActionError', code: 'UNAUTHORIZED', status: 401, message: '登录已失效，请重新登录' }), {
      status: 401,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const again = method === 'GET' || method === 'HEAD' ? `${url.pathname}${url.search}` : url.pathname;
  return new Response(null, { status: method === 'GET' || method === 'HEAD' ? 302 : 303, headers: { location: again, 'cache-control': 'no-store' } });
}

/** Whether a user who must change their first password may make this request. */
function mayUseBeforePasswordChange(url: URL, isAction: boolean): boolean {
  const action = isAction ? url.pathname.slice('/_actions/'.length) : url.searchParams.get('_action');
  if (action !== null) return passwordChangeActions.includes(action);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return passwordChangePaths.includes(path);
}

/** The response with one more header; a response whose headers are immutable (a redirect) is copied. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

function mustChangePasswordReply(): Response {
  return new Response(JSON.stringify({ type: 'AstroActionError', code: 'FORBIDDEN', status: 403, message: '请先修改初始密码，再继续操作' }), {
    status: 403,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
