import type { AstroGlobal } from 'astro';
import { t } from '~/i18n';
import { requireRole } from './auth/guard';
import type { SessionUser } from './auth/user';
import { classAccess, classInfo, type ClassInfo } from './db/teaching';
import { isUuid } from '~/lib/domain/ids';
import { unavailable } from './unavailable';

/**
 * The class a teacher's or school admin's page is about, or the response to send instead:
 * sign-in for visitors, their home for other roles, the site's not-found page for a class that
 * does not exist and "你不能查看这个班级" for a colleague's class opened by URL. `canManage` is
 * what `class_access` says: its teachers and the school admin manage, the office only reads.
 */
export async function loadClassPage(astro: AstroGlobal): Promise<{ user: SessionUser; info: ClassInfo; canManage: boolean } | Response> {
  const user = requireRole(astro, ['teacher', 'school_admin', 'office']);
  if (user instanceof Response) return user;
  const id = astro.params['id'] ?? '';
  const db = await astro.locals.db();
  const [info, access] = isUuid(id) ? await Promise.all([classInfo(db, id), classAccess(db, id)]) : [null, null];
  const back = { href: '/me/', label: t('unavailable.backToClasses') };
  if (!info) return unavailable(astro, { status: 404, title: t('unavailable.class'), hint: t('unavailable.classHint'), back });
  if (!access) return unavailable(astro, { status: 403, title: t('unavailable.classForbidden'), hint: t('unavailable.classForbiddenHint'), back });
  return { user, info, canManage: access === 'manage' };
}
