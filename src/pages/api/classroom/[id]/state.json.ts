import { createHash } from 'node:crypto';
import type { APIRoute } from 'astro';
import { isUuid } from '~/lib/domain/ids';
import { DomainError } from '~/lib/server/db/errors';
import { confirmTogether } from '~/lib/server/auth/session-cache';
import { polledState } from '~/lib/server/classroom-poll';
import { serviceClient } from '~/lib/server/db/service';
import { sessionsHolding } from '~/lib/server/db/sessions-holding';

export const prerender = false;

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * The compact state the projector and the phones poll about once a second (no realtime server
 * needed in any backend mode): the database decides what the caller may see; screens of one
 * session share a state for a moment (src/lib/server/classroom-poll.ts). Each answer carries an
 * ETag of its body; a poll that sends it back (If-None-Match) while nothing changed gets an
 * empty 304, so fifty phones on the school's Wi-Fi mostly fetch a few header bytes.
 */
export const GET: APIRoute = async ({ params, locals, request }) => {
  const { user, sessionId } = locals;
  if (!user) return json(401, { message: '请先登录' });
  const id = params['id'] ?? '';
  if (!isUuid(id)) return json(404, { message: '找不到这节课' });
  try {
    // A poll answered from the shared copy has its session confirmed with the others of the moment.
    const confirm = async (): Promise<void> => {
      if (sessionId)
        await confirmTogether({ sid: sessionId, sub: user.id, app_role: user.role, school_id: user.schoolId ?? '' }, (claims) => sessionsHolding(serviceClient(), claims));
    };
    const body = JSON.stringify(await polledState(locals.db, id, user, confirm));
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag, 'cache-control': 'no-store' } });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', etag } });
  } catch (error) {
    if (error instanceof DomainError) return json(error.code === 'FORBIDDEN' ? 403 : 400, { message: error.message });
    throw error;
  }
};
