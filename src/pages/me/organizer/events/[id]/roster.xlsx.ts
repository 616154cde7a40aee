import type { APIRoute } from 'astro';
import { rosterFor, rosterXlsx } from '../../../../../lib/server/roster-export';

export const prerender = false;

/** The roster as an Excel workbook, for the event's organizer. */
export const GET: APIRoute = async (context) => {
  const found = await rosterFor(context);
  if (found instanceof Response) return found;
  return new Response(await rosterXlsx(found.event, found.lines), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="roster-${found.event.eventId.slice(0, 8)}.xlsx"`, 'cache-control': 'no-store',
    },
  });
};
