import type { APIRoute } from 'astro';
import { isUuid } from '~/lib/domain/ids';
import { roundById } from '~/lib/server/db/evaluation';
import { loadEvaluationView, resultSheets } from '~/lib/server/evaluation-view';
import { downloadHeaders, toCsv, toXlsxBook } from '~/lib/server/export';

export const prerender = false;

/**
 * A round's results as XLSX (one sheet per way of cutting them) or CSV (every sheet one after
 * another, the cut in the first column). Office and school admins; withheld cells stay withheld.
 */
export const GET: APIRoute = async ({ params, locals }) => {
  const user = locals.user;
  if (user?.role !== 'office' && user?.role !== 'school_admin') return new Response('只有市禁毒办和学校管理员可以导出评估结果', { status: 403 });
  if (params.format !== 'csv' && params.format !== 'xlsx') return new Response('只支持 csv 和 xlsx', { status: 404 });
  const roundId = params.roundId ?? '';
  const db = await locals.db();
  const round = isUuid(roundId) ? await roundById(db, roundId) : null;
  if (!round) return new Response('找不到这次效果评估', { status: 404 });
  const sheets = resultSheets(await loadEvaluationView(db, roundId, user.role === 'school_admin' ? user.schoolId : null));
  const name = `${round.title}（效果评估）`;
  if (params.format === 'csv') {
    const header = ['维度', ...(sheets[0]?.header ?? [])];
    return new Response(
      toCsv(
        header,
        sheets.flatMap((s) => s.rows.map((r) => [s.name, ...r])),
      ),
      { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') },
    );
  }
  return new Response(await toXlsxBook(sheets), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
};
