import { describe, expect, test } from 'vitest';
import { sumHours } from './ledger';

describe('sumHours', () => {
  test('adds tenths without floating-point drift', () => {
    expect(sumHours([0.1, 0.2, 0.7])).toBe(1);
    expect(sumHours([1.5, 0.5, 0.1])).toBe(2.1);
    expect(sumHours([])).toBe(0);
  });
});
