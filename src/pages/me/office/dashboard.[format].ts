import type { APIRoute } from 'astro';
import { schoolYearOf } from '../../../lib/domain/contest';
import { dashboardRows, loadDashboard } from '../../../lib/server/dashboard-data';
import { downloadHeaders, toCsv, toXlsx } from '../../../lib/server/export';

export const prerender = false;

/** The dashboard's per-school table as CSV or XLSX (office only; suppressed cells stay suppressed). */
export const GET: APIRoute = async ({ params, locals, url }) => {
  if (locals.user?.role !== 'office') return new Response('只有市禁毒办可以导出全市统计', { status: 403 });
  const year = Number(url.searchParams.get('year') ?? schoolYearOf(new Date()));
  if (!Number.isInteger(year) || year < 2019 || year > 2100) return new Response('学年不对', { status: 400 });
  const { header, rows } = dashboardRows(await loadDashboard(await locals.db(), year));
  const name = `${year}学年禁毒教育统计`;
  if (params.format === 'csv') return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
  if (params.format === 'xlsx') return new Response(await toXlsx('统计', header, rows), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
  return new Response('只支持 csv 和 xlsx', { status: 404 });
};
