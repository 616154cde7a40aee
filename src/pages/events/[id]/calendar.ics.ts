import type { APIRoute } from 'astro';
import { icsFor } from '~/lib/domain/ics';
import { getEvent } from '~/lib/server/db/events';
import { isUuid } from '~/lib/domain/ids';
import { publicUrl } from '~/lib/server/http/site';
import { contentDisposition } from '~/lib/server/export';

export const prerender = false;

/** The event as an .ics file for the volunteer's calendar. */
export const GET: APIRoute = async ({ params, locals }) => {
  const id = params.id ?? '';
  const event = isUuid(id) ? await getEvent(await locals.db(), id) : null;
  if (!event) return new Response('找不到这个活动', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const page = publicUrl(`/events/${event.eventId}/`);
  const body = icsFor({
    uid: `${event.eventId}@qingyuan`,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    location: `${event.district} ${event.community}`,
    description: [event.bring && `请携带：${event.bring}`, `组织者联系方式：${event.contact}`, page].filter(Boolean).join('\n'),
    url: page,
    cancelled: event.status === 'cancelled',
  });
  return new Response(body, {
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': contentDisposition(`${event.title}.ics`) },
  });
};
