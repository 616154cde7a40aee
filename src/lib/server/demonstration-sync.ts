import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db/client.ts';
import { parse } from 'yaml';
import { formatIssues } from '../content/format-issues.ts';
import { criteriaSchema, type CriteriaData } from '../content/schemas.ts';

/** What `public.sync_demonstration_criteria` takes: pass marks per level and every item with its points. */
// A type, not an interface, so it is assignable to the generated `Json` of the function argument.
export type CriteriaPayload = {
  levels: Record<string, { label: string; passScore: number }>;
  items: { id: string; area: string; title: string; points: number; levels: string[]; order: number }[];
};

/** Reads and validates `content/demonstration/criteria.yaml` with the build's schema. */
export async function readCriteria(root = 'content'): Promise<CriteriaData> {
  const file = join(root, 'demonstration', 'criteria.yaml');
  const result = criteriaSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!result.success) throw new Error(formatIssues(file, result.error));
  return result.data;
}

/** The criteria as the database stores them. */
export function criteriaPayload(criteria: CriteriaData): CriteriaPayload {
  let order = 0;
  return {
    levels: Object.fromEntries(Object.entries(criteria.levels).map(([level, l]) => [level, { label: l.label, passScore: l.passScore }])),
    items: criteria.areas.flatMap((area) => area.items.map((i) => ({ id: i.id, area: area.id, title: i.title, points: i.points, levels: [...i.levels], order: order++ }))),
  };
}

/** Upserts the criteria through the service-role client; returns the number of items. */
export async function syncCriteria(db: Db, criteria: CriteriaData): Promise<number> {
  const { data, error } = await db.rpc('sync_demonstration_criteria', { p_payload: criteriaPayload(criteria) });
  if (error) throw new Error(`示范学校评估标准同步失败: ${error.message}`);
  return data as number;
}
