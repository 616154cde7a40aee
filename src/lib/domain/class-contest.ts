import { contestRates, minCell, type ContestCounts, type ContestRates } from './contest';

/**
 * One class's figures in one contest, from each pupil's best percent: participation over the
 * class's pupils, pass and excellent rates and the average over those who took part, with the
 * same suppression as the school figures (no rate over fewer than 5 pupils).
 * @example classContestFigures({ students: 17, best: [95, 70, 40, 88, 61], passPercent: 60, excellentPercent: 90 }).passRate // 80
 */
export function classContestFigures(input: { students: number; best: readonly number[]; passPercent: number; excellentPercent: number }): ContestCounts & ContestRates {
  const counts: ContestCounts = {
    students: input.students,
    participants: input.best.length,
    passed: input.best.filter((p) => p >= input.passPercent).length,
    excellent: input.best.filter((p) => p >= input.excellentPercent).length,
    scoreSum: input.best.reduce((a, b) => a + b, 0),
  };
  return { ...counts, ...contestRates(counts) };
}

/** A question's figures in the item analysis. */
export interface ItemFigures {
  questionId: string;
  answered: number;
  correct: number;
}

/**
 * Splits questions into those answered often enough to rank (at least `minCell` answers), hardest
 * first, and the rest in a stable order without a rate: a question answered once is not "0 %".
 * @example rankItems([{ questionId: 'a', answered: 1, correct: 0 }]).few.length // 1
 */
export function rankItems<T extends ItemFigures>(items: readonly T[], minAnswers = minCell): { ranked: (T & { share: number })[]; few: T[] } {
  const ranked = items
    .filter((i) => i.answered >= minAnswers)
    .map((i) => ({ ...i, share: Math.floor((i.correct * 100) / i.answered) }))
    .sort((a, b) => a.share - b.share || a.questionId.localeCompare(b.questionId));
  const few = items.filter((i) => i.answered < minAnswers).sort((a, b) => a.questionId.localeCompare(b.questionId));
  return { ranked, few };
}
