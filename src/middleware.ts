import { defineMiddleware } from 'astro:middleware';
import { deleteSessionCookie, sessionCookie, setSessionCookie } from './lib/server/auth/cookie';
import { validateSessionToken } from './lib/server/auth/session';
import { databaseSessionStore } from './lib/server/db/sessions';
import { serviceClient } from './lib/server/db/service';
import { userClient } from './lib/server/db/user-client';
import { localiseActionError } from './lib/server/http/action-errors';
import { badRequestForBody } from './lib/server/http/body-guard';

/** Paths a user who must change their password may still open. */
const passwordChangePaths = ['/account/password/', '/_actions/auth.changePassword', '/_actions/auth.signOut', '/logout/'];

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
  const path = context.url.pathname.endsWith('/') || context.url.pathname.startsWith('/_actions/') ? context.url.pathname : `${context.url.pathname}/`;
  if (user?.mustChangePassword && !passwordChangePaths.includes(path) && context.request.method === 'GET') {
    return context.redirect('/account/password/?first=1');
  }
  const response = await next();
  return context.url.pathname.startsWith('/_actions/') ? localiseActionError(response) : response;
});
