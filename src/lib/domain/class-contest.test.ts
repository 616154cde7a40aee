import { describe, expect, test } from 'vitest';
import { classContestFigures, rankItems } from './class-contest';

describe('classContestFigures', () => {
  test('gives participation over the class and rates over those who took part', () => {
    const f = classContestFigures({ students: 20, best: [95, 70, 40, 88, 61], passPercent: 60, excellentPercent: 90 });
    expect([f.participants, f.participationRate, f.passRate, f.excellentRate, f.averageScore]).toEqual([5, 25, 80, 20, 70.8]);
  });

  test('suppresses rates and the average when fewer than 5 pupils took part', () => {
    const f = classContestFigures({ students: 17, best: [100], passPercent: 60, excellentPercent: 90 });
    expect(f.participationRate).toBe(5.9);
    expect([f.passRate, f.excellentRate, f.averageScore]).toEqual(['small', 'small', 'small']);
  });

  test('shows no figure at all for a class of fewer than 5 pupils', () => {
    expect(classContestFigures({ students: 4, best: [80, 90], passPercent: 60, excellentPercent: 90 }).suppressed).toBe(true);
  });
});

describe('rankItems', () => {
  test('ranks only questions answered at least 5 times, hardest first', () => {
    const { ranked, few } = rankItems([
      { questionId: 'q1', answered: 1, correct: 0 },
      { questionId: 'q2', answered: 6, correct: 3 },
      { questionId: 'q3', answered: 5, correct: 1 },
      { questionId: 'q4', answered: 4, correct: 4 },
    ]);
    expect(ranked.map((r) => [r.questionId, r.share])).toEqual([
      ['q3', 20],
      ['q2', 50],
    ]);
    expect(few.map((r) => r.questionId)).toEqual(['q1', 'q4']);
  });
});
