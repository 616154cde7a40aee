/**
 * Knowledge-contest figures for one school: participation among the students of the level,
 * and pass rate, excellent rate and average score among those who took part. A school with
 * fewer than `minCell` students shows no rates, and a rate or average over fewer than
 * `minCell` participants is `small`, so no child's result can be read off a tiny group (the
 * office's suppression rule).
 */
export interface ContestCounts {
  students: number;
  participants: number;
  passed: number;
  excellent: number;
  /** Sum of each participant's best percent. */
  scoreSum: number;
}

export const minCell = 5;

/** The mark of a rate or average left out because fewer than `minCell` pupils stand behind it. */
export const small = 'small';

/**
 * A rate or average over a group of pupils: the figure, `null` when the group is empty, or
 * `small` when 1 to 4 pupils stand behind it (one child's result must not be readable).
 */
export type Share = number | null | typeof small;

/**
 * A percentage with one decimal, suppressed over fewer than `minCell` pupils.
 * @example share(1, 17) // 5.9
 * @example share(1, 1)  // 'small'
 */
export function share(part: number, whole: number): Share {
  if (whole === 0) return null;
  if (whole < minCell) return small;
  return Math.round((part * 1000) / whole) / 10;
}

/** A figure as a page shows it: "—" for none, the suppression note for a small group. */
export function shareText(v: Share, unit = '%'): string {
  if (v === null) return '—';
  if (v === small) return '<5人';
  return `${v}${unit}`;
}

export interface ContestRates {
  participationRate: Share;
  passRate: Share;
  excellentRate: Share;
  averageScore: Share;
  /** Fewer than `minCell` students of the level: no figure at all. */
  suppressed: boolean;
}

/**
 * @example contestRates({ students: 40, participants: 30, passed: 27, excellent: 9, scoreSum: 2400 })
 * // { participationRate: 75, passRate: 90, excellentRate: 30, averageScore: 80, suppressed: false }
 */
export function contestRates(c: ContestCounts): ContestRates {
  if (c.students < minCell) {
    return { participationRate: null, passRate: null, excellentRate: null, averageScore: null, suppressed: true };
  }
  return {
    participationRate: share(c.participants, c.students),
    passRate: share(c.passed, c.participants),
    excellentRate: share(c.excellent, c.participants),
    averageScore: c.participants === 0 ? null : c.participants < minCell ? small : Math.round((c.scoreSum * 10) / c.participants) / 10,
    suppressed: false,
  };
}

/**
 * The school year (starting 1 September, Beijing time) a moment falls in; SQL `private.school_year_of`
 * says the same (parity-tested in supabase/tests/one-owner.sql.test.ts).
 * @example schoolYearOf(new Date('2027-06-26T08:00:00+08:00')) // 2026
 */
export function schoolYearOf(at: Date): number {
  const beijing = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  return beijing.getUTCFullYear() - (beijing.getUTCMonth() < 8 ? 1 : 0);
}
