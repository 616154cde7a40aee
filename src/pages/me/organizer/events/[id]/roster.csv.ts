import type { APIRoute } from 'astro';
import { downloadHeaders } from '~/lib/server/export';
import { rosterCsv, rosterFor } from '~/lib/server/roster-export';

export const prerender = false;

/** The roster as CSV, for the event's organizer. */
export const GET: APIRoute = async (context) => {
  const found = await rosterFor(context);
  if (found instanceof Response) return found;
  return new Response(rosterCsv(found.lines), {
    headers: downloadHeaders(`${found.event.title}-报名名单.csv`, 'text/csv; charset=utf-8'),
  });
};
