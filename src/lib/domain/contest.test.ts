import { describe, expect, test } from 'vitest';
import { contestRates, schoolYearOf } from './contest';

describe('contestRates', () => {
  test('returns participation over students and the other rates over participants', () => {
    expect(contestRates({ students: 40, participants: 30, passed: 27, excellent: 9, scoreSum: 2400 })).toEqual({
      participationRate: 75,
      passRate: 90,
      excellentRate: 30,
      averageScore: 80,
      suppressed: false,
    });
  });

  test('rounds to one decimal place', () => {
    expect(contestRates({ students: 7, participants: 3, passed: 1, excellent: 0, scoreSum: 200 })).toMatchObject({
      participationRate: 42.9,
      passRate: 33.3,
      averageScore: 66.7,
    });
  });

  test('returns no rates but participation when nobody took part', () => {
    expect(contestRates({ students: 10, participants: 0, passed: 0, excellent: 0, scoreSum: 0 })).toMatchObject({
      participationRate: 0,
      passRate: null,
      averageScore: null,
    });
  });

  test('suppresses a school with fewer than 5 students of the level', () => {
    expect(contestRates({ students: 4, participants: 4, passed: 4, excellent: 4, scoreSum: 400 })).toMatchObject({ suppressed: true, passRate: null });
  });
});

describe('schoolYearOf', () => {
  test('returns the year that started on 1 September', () => {
    expect(schoolYearOf(new Date('2026-09-01T00:00:00+08:00'))).toBe(2026);
    expect(schoolYearOf(new Date('2026-08-31T23:59:00+08:00'))).toBe(2025);
    expect(schoolYearOf(new Date('2027-06-26T10:00:00+08:00'))).toBe(2026);
  });

  test('uses Beijing time, not UTC', () => {
    expect(schoolYearOf(new Date('2026-08-31T16:30:00Z'))).toBe(2026);
  });
});
