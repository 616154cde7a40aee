import { describe, expect, test } from 'vitest';
import { classHours, defaultRequiredHours, requiredHours, schoolHours, sumHours } from './ledger';

describe('requiredHours', () => {
  test('returns the city setting for the grade, else the syllabus minimum of 2', () => {
    const settings = new Map([[7, 4]]);
    expect(requiredHours(7, settings)).toBe(4);
    expect(requiredHours(3, settings)).toBe(defaultRequiredHours);
  });
});

describe('sumHours', () => {
  test('adds tenths without floating-point drift', () => {
    expect(sumHours([0.1, 0.2, 0.7])).toBe(1);
    expect(sumHours([1.5, 0.5, 0.1])).toBe(2.1);
    expect(sumHours([])).toBe(0);
  });
});

describe('classHours', () => {
  test('returns met when delivered reaches the requirement', () => {
    expect(classHours({ classId: 'c', name: '三年级（1）班', grade: 3, sessions: [1, 1] }, new Map())).toMatchObject({ delivered: 2, required: 2, short: 0, met: true });
  });

  test('returns the shortfall in hours', () => {
    expect(classHours({ classId: 'c', name: 'x', grade: 7, sessions: [1, 0.5] }, new Map([[7, 3]]))).toMatchObject({ delivered: 1.5, short: 1.5, met: false });
  });

  test('returns the hours classroom sessions recorded apart, within the delivered hours', () => {
    expect(classHours({ classId: 'c', name: 'x', grade: 3, sessions: [1, 1, 0.5], platformSessions: [1, 0.5] }, new Map())).toMatchObject({ delivered: 2.5, platform: 1.5 });
    expect(
      schoolHours([
        { delivered: 2, platform: 1, required: 2, met: true },
        { delivered: 1, required: 2, met: false },
      ]).platform,
    ).toBe(1);
  });

  test('counts a surplus as met with nothing short', () => {
    expect(classHours({ classId: 'c', name: 'x', grade: 1, sessions: [2, 2] }, new Map())).toMatchObject({ delivered: 4, short: 0, met: true });
  });
});

describe('schoolHours', () => {
  test('returns coverage as the share of classes that met their hours', () => {
    const result = schoolHours([
      { delivered: 4, required: 2, met: true },
      { delivered: 0, required: 2, met: false },
      { delivered: 2, required: 2, met: true },
    ]);
    expect(result).toEqual({ classes: 3, classesMet: 2, delivered: 6, platform: 0, required: 6, coverage: 66, covered: false });
  });

  test('counts a school as covered only when every class met its hours', () => {
    expect(schoolHours([{ delivered: 2, required: 2, met: true }]).covered).toBe(true);
    expect(schoolHours([])).toMatchObject({ coverage: null, covered: false });
  });
});
