import { hedgesG, meanCi, type Effect, type Interval, type Summary } from './stats';
import { surveyScales, type SurveyScale } from '~/lib/content/schemas';

/** Whose answers a cell holds: the pretest of pretested classes, their posttest, or the posttest of the others. */
export const samples = ['pre', 'post', 'post_only'] as const;
export type Sample = (typeof samples)[number];
/** Ways the results are cut. A school admin sees `all` (their school), `band` and `grade`. */
export const dimensions = ['all', 'band', 'grade', 'district', 'school'] as const;
export type Dimension = (typeof dimensions)[number];
/** Why a cell shows no figures: its window is still open, or it has (or would reveal) fewer than 10 answers. */
export type Withheld = 'open' | 'small' | null;

/** A row of `public.evaluation_results`. */
export interface ResultRow {
  dimension: Dimension;
  groupKey: string;
  parentKey: string;
  sample: Sample;
  responses: number;
  withheld: Withheld;
  scale: SurveyScale;
  mean: number | null;
  sd: number | null;
}

/** One sample of one group on one scale, as the pages show it. */
export interface Cell {
  responses: number;
  withheld: Withheld;
  summary: Summary | null;
  ci: Interval | null;
}

/** One group on one scale: the three samples, the change from pre to post, and the testing effect. */
export interface Figure {
  dimension: Dimension;
  groupKey: string;
  parentKey: string;
  scale: SurveyScale;
  cells: Record<Sample, Cell>;
  /** Hedges' g of the pretested classes' posttest over their pretest (matched at class level). */
  change: Effect | null;
  /** Hedges' g of the pretested classes' posttest over the others' posttest: what the pretest itself did. */
  testing: Effect | null;
}

const emptyCell: Cell = { responses: 0, withheld: 'small', summary: null, ci: null };

function cellOf(row: ResultRow | undefined): Cell {
  if (!row) return emptyCell;
  if (row.withheld || row.mean === null || row.sd === null) return { responses: row.responses, withheld: row.withheld ?? 'small', summary: null, ci: null };
  const summary = { n: row.responses, mean: row.mean, sd: row.sd };
  return { responses: row.responses, withheld: null, summary, ci: meanCi(summary) };
}

/**
 * Turns the result rows into figures per group and scale: by dimension, then group, then the
 * surveys' order of scales. Withheld cells stay without figures, and so does every
 * effect that would need one.
 */
export function evaluationFigures(rows: readonly ResultRow[]): Figure[] {
  const groups = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const key = `${row.dimension}\u0000${row.groupKey}\u0000${row.scale}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const figures = [...groups.values()].map((group): Figure => {
    const first = group[0] as ResultRow;
    const cells = Object.fromEntries(samples.map((s) => [s, cellOf(group.find((r) => r.sample === s))])) as Record<Sample, Cell>;
    const effect = (a: Cell, b: Cell): Effect | null => (a.summary && b.summary ? hedgesG(a.summary, b.summary) : null);
    return {
      dimension: first.dimension,
      groupKey: first.groupKey,
      parentKey: first.parentKey,
      scale: first.scale,
      cells,
      change: effect(cells.post, cells.pre),
      testing: effect(cells.post, cells.post_only),
    };
  });
  return figures.sort(
    (a, b) =>
      dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension) || a.groupKey.localeCompare(b.groupKey) || surveyScales.indexOf(a.scale) - surveyScales.indexOf(b.scale),
  );
}
