import { postgrestMaxRows } from '~/lib/server/runtime/postgrest';
import { mustList } from './service';

/**
 * Every row of a read that may pass PostgREST's cap (`max_rows`, 1,000 on Supabase and in every
 * mode here), page by page. `page` builds the same query for rows `from`..`to` (inclusive); it
 * must order by a unique key, or rows could repeat or go missing between pages.
 * @example await allRows((from, to) => db.from('units').select('unit_id').order('unit_id').range(from, to), '读取单位失败')
 */
export async function allRows<T>(
  page: (from: number, to: number) => PromiseLike<{ data: T[] | null; error: { message: string } | null }>,
  what: string,
  size = postgrestMaxRows,
): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; ; from += size) {
    const rows = mustList(await page(from, from + size - 1), what);
    out.push(...rows);
    if (rows.length < size) return out;
  }
}
