import { describe, expect, test } from 'vitest';
import { unflatten } from './call-action';

describe('unflatten', () => {
  test('returns the value devalue flattened', () => {
    // What Astro sent for { score: 1, passed: false, results: [{ id: 'a', correct: false }] }.
    expect(unflatten([{ score: 1, passed: 2, results: 3 }, 1, false, [4], { id: 5, correct: 2 }, 'a'])).toEqual({
      score: 1,
      passed: false,
      results: [{ id: 'a', correct: false }],
    });
  });

  test('returns null and undefined for their markers', () => {
    expect(unflatten([{ a: 1, b: -1 }, null])).toEqual({ a: null, b: undefined });
  });

  test('refuses tagged types it does not know', () => {
    expect(() => unflatten([{ at: 1 }, ['Date', '2026-01-01']])).toThrow(/unsupported/);
  });
});
