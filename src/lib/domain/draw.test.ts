import { describe, expect, test } from 'vitest';
import { drawQuestions, seededRandom, shuffle } from './draw';

const bank = Array.from({ length: 10 }, (_, i) => ({
  id: `q${i}`,
  options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
}));

describe('drawQuestions', () => {
  test('returns the asked number of distinct questions', () => {
    for (let seed = 0; seed < 50; seed++) {
      const ids = drawQuestions(bank, 5, seed).map((q) => q.id);
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
    }
  });

  test('returns the same draw for the same seed and another for another seed', () => {
    const a = drawQuestions(bank, 5, 42);
    expect(drawQuestions(bank, 5, 42)).toEqual(a);
    expect(drawQuestions(bank, 5, 43).map((q) => q.id)).not.toEqual(a.map((q) => q.id));
  });

  test('returns the whole bank when it is smaller than the count', () => {
    expect(drawQuestions(bank.slice(0, 3), 5, 1)).toHaveLength(3);
  });

  test('shuffles options without losing any', () => {
    const drawn = drawQuestions(bank, 10, 7);
    for (const q of drawn) expect(q.options.map((o) => o.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(drawn.some((q) => q.options.map((o) => o.id).join('') !== 'abcd')).toBe(true);
  });

  test('leaves the bank untouched', () => {
    drawQuestions(bank, 5, 3);
    expect(bank[0]?.options.map((o) => o.id).join('')).toBe('abcd');
  });
});

describe('shuffle', () => {
  test('returns a permutation', () => {
    expect(shuffle([1, 2, 3, 4, 5], seededRandom(9)).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('seededRandom', () => {
  test('returns floats in [0, 1)', () => {
    const random = seededRandom(123);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
