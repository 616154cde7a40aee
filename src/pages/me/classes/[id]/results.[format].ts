import type { APIRoute } from 'astro';
import { loadClassResults, resultRows } from '~/lib/server/class-results';
import { classAccess, classInfo } from '~/lib/server/db/teaching';
import { downloadHeaders, toCsv, toXlsx } from '~/lib/server/export';
import { isUuid } from '~/lib/domain/ids';

export const prerender = false;

/** Class results as CSV or XLSX with Chinese headers, for the class's teachers and school staff. */
export const GET: APIRoute = async ({ params, locals }) => {
  const user = locals.user;
  if (!user || !['teacher', 'school_admin', 'office'].includes(user.role)) return new Response('请先以教师身份登录', { status: 401 });
  const db = await locals.db();
  const [info, access] = isUuid(params.id ?? '') ? await Promise.all([classInfo(db, params.id ?? ''), classAccess(db, params.id ?? '')]) : [null, null];
  if (!info) return new Response('找不到这个班级', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (!access) return new Response('你不能查看这个班级', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const { header, rows } = resultRows(await loadClassResults(await locals.db(), info));
  const name = `${info.name}-禁毒课程成绩`;
  if (params.format === 'csv') return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
  if (params.format === 'xlsx') {
    const body = await toXlsx('成绩', header, rows);
    return new Response(body, { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
  }
  return new Response('只支持 csv 和 xlsx', { status: 404 });
};
