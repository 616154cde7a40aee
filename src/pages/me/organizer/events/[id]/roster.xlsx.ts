import type { APIRoute } from 'astro';
import { downloadHeaders } from '~/lib/server/export';
import { rosterFor, rosterXlsx } from '~/lib/server/roster-export';

export const prerender = false;

/** The roster as an Excel workbook, for the event's organizer. */
export const GET: APIRoute = async (context) => {
  const found = await rosterFor(context);
  if (found instanceof Response) return found;
  return new Response(await rosterXlsx(found.event, found.lines), {
    headers: downloadHeaders(`${found.event.title}-报名名单.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  });
};
