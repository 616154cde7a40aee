import type { APIRoute } from 'astro';
import { rosterCsv, rosterFor } from '../../../../../lib/server/roster-export';

export const prerender = false;

/** The roster as CSV, for the event's organizer. */
export const GET: APIRoute = async (context) => {
  const found = await rosterFor(context);
  if (found instanceof Response) return found;
  return new Response(rosterCsv(found.lines), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="roster-${found.event.eventId.slice(0, 8)}.csv"`, 'cache-control': 'no-store' },
  });
};
