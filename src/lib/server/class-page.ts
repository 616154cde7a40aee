import type { AstroGlobal } from 'astro';
import { requireRole } from './auth/guard';
import type { SessionUser } from './auth/user';
import { classInfo, type ClassInfo } from './db/teaching';
import { isUuid } from '../domain/ids';

/**
 * The class a teacher's or school admin's page is about, or the response to send instead:
 * sign-in for visitors, their home for other roles, 404 for a class they cannot see.
 */
export async function loadClassPage(astro: AstroGlobal): Promise<{ user: SessionUser; info: ClassInfo } | Response> {
  const user = requireRole(astro, ['teacher', 'school_admin', 'office']);
  if (user instanceof Response) return user;
  const id = astro.params['id'] ?? '';
  const info = isUuid(id) ? await classInfo(await astro.locals.db(), id) : null;
  if (!info) return new Response('找不到这个班级，或你没有权限查看。', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return { user, info };
}
