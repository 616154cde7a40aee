import { describe, expect, test } from 'vitest';
import { contestRates, schoolYearOf, share, shareText, small } from './contest';

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
    expect(contestRates({ students: 7, participants: 6, passed: 1, excellent: 0, scoreSum: 400 })).toMatchObject({
      participationRate: 85.7,
      passRate: 16.7,
      averageScore: 66.7,
    });
  });

  test('suppresses pass, excellent and average over fewer than 5 participants', () => {
    // Issue 18: 1 of 17 pupils took part; their 100 must not show as the school's pass rate or average.
    expect(contestRates({ students: 17, participants: 1, passed: 1, excellent: 1, scoreSum: 100 })).toEqual({
      participationRate: 5.9,
      passRate: small,
      excellentRate: small,
      averageScore: small,
      suppressed: false,
    });
    expect(contestRates({ students: 17, participants: 5, passed: 5, excellent: 0, scoreSum: 400 })).toMatchObject({ passRate: 100, averageScore: 80 });
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

describe('share', () => {
  test('returns null for an empty base, small under 5 and the rate from 5', () => {
    expect([share(0, 0), share(1, 1), share(4, 4), share(1, 5)]).toEqual([null, small, small, 20]);
  });
});

describe('shareText', () => {
  test('returns a dash, the suppression mark or the figure with its unit', () => {
    expect([shareText(null), shareText(small), shareText(12.5), shareText(3, ' 所')]).toEqual(['—', '<5人', '12.5%', '3 所']);
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
