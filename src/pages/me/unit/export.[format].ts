import type { APIRoute } from 'astro';
import { downloadHeaders, toCsv, toXlsx } from '~/lib/server/export';
import { courseTitles } from '~/lib/server/workplaces/courses';
import { myUnit, unitCompletions } from '~/lib/server/workplaces/units';
import { rosterHeader, rosterRows } from '~/lib/server/workplaces/roster';
import { plainText as plain } from '~/lib/server/http/stored-file';

export const prerender = false;

/** The unit's roster of the year as CSV or XLSX (cells a spreadsheet would run as formulas are neutralised). */
export const GET: APIRoute = async ({ params, locals }) => {
  if (!locals.user) return plain(401, '请先登录');
  if (locals.user.role !== 'unit_manager') return plain(403, '只有单位管理员可以导出本单位名单');
  const format = params['format'];
  if (format !== 'csv' && format !== 'xlsx') return plain(404, '只能导出 csv 或 xlsx');
  const db = await locals.db();
  const unit = await myUnit(db);
  if (!unit) return plain(404, '找不到你管理的单位');
  const year = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const rows = rosterRows(await unitCompletions(db, unit.unitId, year), await courseTitles());
  const name = `${unit.name}-${year}年禁毒培训名单`;
  if (format === 'csv') return new Response(toCsv(rosterHeader, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
  return new Response(await toXlsx('培训名单', rosterHeader, rows), {
    headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  });
};
