import { describe, expect, test } from 'vitest';
import { grade, isCorrect, type AnswerKey } from './grading';

const single: AnswerKey = { id: 's', type: 'single', answer: 'b' };
const multiple: AnswerKey = { id: 'm', type: 'multiple', answer: ['a', 'c'] };
const truefalse: AnswerKey = { id: 't', type: 'truefalse', answer: false };

describe('isCorrect', () => {
  test('returns true for the keyed option of a single-choice question', () => {
    expect(isCorrect(single, 'b')).toBe(true);
    expect(isCorrect(single, 'a')).toBe(false);
  });

  test('returns true for a multiple-choice set in any order', () => {
    expect(isCorrect(multiple, ['c', 'a'])).toBe(true);
  });

  test('gives no partial credit: a missing or an extra option is wrong', () => {
    expect(isCorrect(multiple, ['a'])).toBe(false);
    expect(isCorrect(multiple, ['a', 'b', 'c'])).toBe(false);
    expect(isCorrect(multiple, ['a', 'a'])).toBe(false);
  });

  test('compares true/false as booleans, not strings', () => {
    expect(isCorrect(truefalse, false)).toBe(true);
    expect(isCorrect(truefalse, 'false')).toBe(false);
  });

  test('returns false for a missing or mistyped response', () => {
    expect(isCorrect(single, undefined)).toBe(false);
    expect(isCorrect(single, ['b'])).toBe(false);
    expect(isCorrect(multiple, 'a')).toBe(false);
  });
});

describe('grade', () => {
  test('returns the score, a floored percent and the pass flag', () => {
    const result = grade([single, multiple, truefalse], { s: 'b', m: ['a', 'c'], t: true }, 60);
    expect(result).toMatchObject({ score: 2, total: 3, percent: 66, passed: true });
    expect(result.results.map((r) => r.correct)).toEqual([true, true, false]);
  });

  test('does not round 79.x up to a pass at 80', () => {
    const keys = Array.from({ length: 6 }, (_, i): AnswerKey => ({ id: `q${i}`, type: 'truefalse', answer: true }));
    const responses = { q0: true, q1: true, q2: true, q3: true, q4: true, q5: false };
    expect(grade(keys, responses, 80)).toMatchObject({ percent: 83, passed: true });
    expect(grade(keys.slice(0, 5), { q0: true, q1: true, q2: true, q3: true, q4: false }, 81)).toMatchObject({ percent: 80, passed: false });
  });

  test('counts unanswered questions as wrong and marks them unanswered', () => {
    const result = grade([single, truefalse], { s: 'b' }, 50);
    expect(result.results[1]).toEqual({ id: 't', correct: false, answered: false });
  });

  test('never passes an empty attempt', () => {
    expect(grade([], {}, 0)).toMatchObject({ total: 0, percent: 0, passed: false });
  });
});
