import type { APIRoute } from 'astro';
import { schoolYearOf } from '~/lib/domain/contest';
import { schoolYearLabel } from '~/lib/domain/zh-format';
import { dashboardSheets, dashboardTables, loadDashboard, type DashboardTable } from '~/lib/server/dashboard-data';
import { downloadHeaders, toCsv, toXlsxBook } from '~/lib/server/export';

export const prerender = false;

const isTable = (v: string): v is DashboardTable => (dashboardTables as readonly string[]).includes(v);

/**
 * The dashboard as XLSX (one sheet per table) or one table as CSV (`table`: schools, the default,
 * targets, districts, months or volunteering). Office only; suppressed cells stay suppressed.
 */
export const GET: APIRoute = async ({ params, locals, url }) => {
  if (locals.user?.role !== 'office') return new Response('只有市禁毒办可以导出全市统计', { status: 403 });
  const year = Number(url.searchParams.get('year') ?? schoolYearOf(new Date()));
  if (!Number.isInteger(year) || year < 2019 || year > 2100) return new Response('学年不对', { status: 400 });
  const table = url.searchParams.get('table') ?? 'schools';
  if (!isTable(table)) return new Response('没有这张统计表', { status: 400 });
  if (params.format !== 'csv' && params.format !== 'xlsx') return new Response('只支持 csv 和 xlsx', { status: 404 });
  const sheets = dashboardSheets(await loadDashboard(await locals.db(), year));
  const name = `${schoolYearLabel(year)}禁毒教育统计`;
  if (params.format === 'csv') {
    const { header, rows, name: sheet } = sheets[table];
    return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}（${sheet}）.csv`, 'text/csv; charset=utf-8') });
  }
  const book = await toXlsxBook(dashboardTables.map((t) => sheets[t]));
  return new Response(book, { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
};
