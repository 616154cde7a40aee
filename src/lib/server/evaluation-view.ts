import type { Db } from '~/lib/server/db/client';
import { t, type MessageKey } from '~/i18n';
import { dimensions, evaluationFigures, type Cell, type Dimension, type Figure } from '~/lib/domain/evaluation';
import type { Effect } from '~/lib/domain/stats';
import { surveyScales, type SurveyScale } from '~/lib/content/schemas';
import { mustList } from './db/service';
import { roundResults } from './db/evaluation';
import type { Sheet } from './export';

/** The figures of a round grouped for the pages and exports, with a label for every group. */
export interface EvaluationView {
  byDimension: { dimension: Dimension; figures: Figure[] }[];
  label: (f: Pick<Figure, 'dimension' | 'groupKey'>) => string;
}

/** Loads a round's results as the caller may see them and names each group. */
export async function loadEvaluationView(db: Db, roundId: string, ownSchool: string | null): Promise<EvaluationView> {
  const [rows, districts, schools] = await Promise.all([roundResults(db, roundId), db.from('districts').select('district_id, name'), db.from('schools').select('school_id, name')]);
  const names = new Map([
    ...mustList(districts, '读取区县失败').map((d) => [d.district_id, d.name] as const),
    ...mustList(schools, '读取学校失败').map((s) => [s.school_id, s.name] as const),
  ]);
  const figures = evaluationFigures(rows);
  const label = ({ dimension, groupKey }: Pick<Figure, 'dimension' | 'groupKey'>): string => {
    if (dimension === 'all') return ownSchool ? (names.get(ownSchool) ?? t('evaluation.school')) : t('evaluation.city');
    if (dimension === 'band') return t(`band.${groupKey}` as MessageKey);
    if (dimension === 'grade') {
      const [band = '', grade = ''] = groupKey.split(':');
      return `${t(`band.${band}` as MessageKey)} · ${t('me.grade', { grade })}`;
    }
    return names.get(groupKey) ?? groupKey;
  };
  return {
    byDimension: dimensions.map((dimension) => ({ dimension, figures: figures.filter((f) => f.dimension === dimension) })).filter((d) => d.figures.length > 0),
    label,
  };
}

/** One decimal for means and intervals (0-100), two for effects. */
export const one = (v: number): string => v.toFixed(1);
export const two = (v: number): string => v.toFixed(2);

/** A cell as text: the mean with its interval, or why it is withheld. */
export function cellText(cell: Cell): string {
  if (cell.withheld === 'open') return t('evaluation.withheldOpen');
  if (!cell.summary) return cell.responses > 0 ? t('evaluation.withheldSmall') : '—';
  return cell.ci ? `${one(cell.summary.mean)}（${one(cell.ci.lower)}–${one(cell.ci.upper)}）` : one(cell.summary.mean);
}

/** An effect as text: g with its interval, or a dash. */
export function effectText(effect: Effect | null): string {
  return effect ? `${two(effect.g)}（${two(effect.lower)}–${two(effect.upper)}）` : '—';
}

export const scaleLabel = (scale: SurveyScale): string => t(`evaluation.scale.${scale}` as MessageKey);
export const dimensionLabel = (dimension: Dimension): string => t(`evaluation.by.${dimension}` as MessageKey);

/** The header of every results table and sheet. */
export function resultHeader(): string[] {
  return [
    t('evaluation.group'),
    t('evaluation.scaleHead'),
    t('evaluation.pre'),
    t('evaluation.n'),
    t('evaluation.post'),
    t('evaluation.n'),
    t('evaluation.postOnly'),
    t('evaluation.n'),
    t('evaluation.change'),
    t('evaluation.testing'),
  ];
}

/** A figure as a table row: texts for the page and the exports alike (withheld cells stay withheld). */
export function resultRow(f: Figure, label: string): string[] {
  const n = (c: Cell): string => String(c.responses);
  return [
    label,
    scaleLabel(f.scale),
    cellText(f.cells.pre),
    n(f.cells.pre),
    cellText(f.cells.post),
    n(f.cells.post),
    cellText(f.cells.post_only),
    n(f.cells.post_only),
    effectText(f.change),
    effectText(f.testing),
  ];
}

/** One sheet per dimension, scales in survey order within each group. */
export function resultSheets(view: EvaluationView): Sheet[] {
  return view.byDimension.map(({ dimension, figures }) => ({
    name: dimensionLabel(dimension),
    header: resultHeader(),
    rows: [...figures]
      .sort((a, b) => view.label(a).localeCompare(view.label(b), 'zh-CN') || surveyScales.indexOf(a.scale) - surveyScales.indexOf(b.scale))
      .map((f) => resultRow(f, view.label(f))),
  }));
}
