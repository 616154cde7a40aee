import { defineMiddleware } from 'astro:middleware';
import { deleteSessionCookie, sessionCookie, setSessionCookie } from './lib/server/auth/cookie';
import { validateSessionToken } from './lib/server/auth/session';
import { databaseSessionStore } from './lib/server/db/sessions';
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
 */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.sessionId = null;
  let client: ReturnType<typeof userClient> | undefined;
  context.locals.db = () => (client ??= userClient(context.locals.user));
  if (context.isPrerendered) return next();

  const rejected = await badRequestForBody(context.request, context.url);
  if (rejected) return rejected;

  const token = context.cookies.get(sessionCookie)?.value;
  if (token) {
    const session = await validateSessionToken(databaseSessionStore(serviceClient()), token);
    if (session) {
      context.locals.user = session.user;
      context.locals.sessionId = session.id;
      if (session.renewed) setSessionCookie(context.cookies, context.url, token, session.expiresAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }

  const user = context.locals.user;
  const isAction = context.url.pathname.startsWith('/_actions/');
  if (user?.mustChangePassword && !mayUseBeforePasswordChange(context.url, isAction)) {
    // Every request but changing the password and signing out: pages, form posts, actions, exports.
    if (isAction) return mustChangePasswordReply();
    return context.redirect('/account/password/?first=1', context.request.method === 'GET' ? 302 : 303);
  }
  const response = await next();
  // Pages rendered for a request may carry personal data: never kept by a browser or a proxy.
  const kept = response.headers.has('cache-control') ? response : withHeader(response, 'cache-control', 'no-store');
  return isAction ? localiseActionError(kept) : kept;
});

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
