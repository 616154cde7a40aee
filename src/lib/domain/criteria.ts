import type { DemonstrationLevel } from './catalog';

/** The part of the criteria that scoring needs. */
export interface CriteriaShape {
  areas: { items: { points: number; levels: readonly DemonstrationLevel[] }[] }[];
}

/**
 * The full mark of a level: the points of every item that level is scored on.
 * @example maxScore({ areas: [{ items: [{ points: 5, levels: ['municipal'] }] }] }, 'municipal') // 5
 */
export function maxScore(criteria: CriteriaShape, level: DemonstrationLevel): number {
  return criteria.areas
    .flatMap((area) => area.items)
    .filter((item) => item.levels.includes(level))
    .reduce((sum, item) => sum + item.points, 0);
}
