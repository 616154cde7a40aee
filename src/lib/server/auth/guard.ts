import type { AstroGlobal } from 'astro';
import { roleHome, type AppRole, type SessionUser } from './user';

/**
 * The signed-in user if they hold one of `roles`; otherwise a redirect: visitors to sign-in
 * (coming back here afterwards), other roles to their own home.
 */
export function requireRole(astro: AstroGlobal, roles: readonly AppRole[]): SessionUser | Response {
  const user = astro.locals.user;
  if (!user) return astro.redirect(`/login/?next=${encodeURIComponent(astro.url.pathname)}`);
  if (!roles.includes(user.role)) return astro.redirect(roleHome[user.role]);
  return user;
}
