/**
 * Knowledge-contest figures for one school: participation among the students of the level,
 * and pass rate, excellent rate and average score among those who took part. A school with
 * fewer than `minCell` students shows no rates, so no child's result can be read off a tiny
 * group (the office's suppression rule).
 */
export interface ContestCounts {
  students: number;
  participants: number;
  passed: number;
  excellent: number;
  /** Sum of each participant's best percent. */
  scoreSum: number;
}

export interface ContestRates {
  participationRate: number | null;
  passRate: number | null;
  excellentRate: number | null;
  averageScore: number | null;
  suppressed: boolean;
}

export const minCell = 5;

const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

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
    averageScore: c.participants === 0 ? null : Math.round((c.scoreSum * 10) / c.participants) / 10,
    suppressed: false,
  };
}

/**
 * The school year (starting 1 September, Beijing time) a moment falls in.
 * @example schoolYearOf(new Date('2027-06-26T08:00:00+08:00')) // 2026
 */
export function schoolYearOf(at: Date): number {
  const beijing = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  return beijing.getUTCFullYear() - (beijing.getUTCMonth() < 8 ? 1 : 0);
}
