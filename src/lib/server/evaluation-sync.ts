import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db/client.ts';
import { parse } from 'yaml';
import { formatIssues } from '../content/format-issues.ts';
import { surveySchema, type SurveyData } from '../content/schemas.ts';

/** A survey as `public.sync_evaluation_surveys` takes it: what scoring needs, no wording. */
// A type, not an interface, so it is assignable to the generated `Json` of the function argument.
export type SurveyRow = {
  id: string;
  version: number;
  title: string;
  bands: string[];
  points: number;
  items: { id: string; scale: string; key?: boolean; reverse?: boolean }[];
};

/** Every `content/surveys/<id>.yaml`, validated by the build's schema; a bad file throws naming it. */
export async function readSurveys(root = 'content'): Promise<(SurveyData & { id: string })[]> {
  const folder = join(root, 'surveys');
  const files = (await readdir(folder)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const result = surveySchema.safeParse(parse(await readFile(join(folder, file), 'utf8')));
      if (!result.success) throw new Error(formatIssues(join(folder, file), result.error));
      return { id: file.replace(/\.yaml$/, ''), ...result.data };
    }),
  );
}

/** The scoring rows of a survey: each item's scale, key (knowledge) or reverse mark. */
export function surveyRow(survey: SurveyData & { id: string }): SurveyRow {
  return {
    id: survey.id,
    version: survey.version,
    title: survey.title,
    bands: [...survey.bands],
    points: survey.points,
    items: survey.scales.flatMap((scale) =>
      scale.items.map((item) => (scale.id === 'knowledge' ? { id: item.id, scale: scale.id, key: item.key ?? false } : { id: item.id, scale: scale.id, reverse: item.reverse })),
    ),
  };
}

/** Upserts every survey version through the service-role client; returns how many were written. */
export async function syncSurveys(db: Db, surveys: readonly (SurveyData & { id: string })[]): Promise<number> {
  const { data, error } = await db.rpc('sync_evaluation_surveys', { p_surveys: surveys.map(surveyRow) });
  if (error) throw new Error(`效果评估问卷同步失败: ${error.message}`);
  return data as number;
}
