import { describe, expect, test } from 'vitest';
import zh from '~/i18n/zh-CN.json';
import { formatDay, formatMonthDayTime, gradeName, schoolYearLabel, withLabel } from './zh-format';

describe('formatDay', () => {
  test('writes a date with its year as 2026年12月1日', () => {
    expect(formatDay('2026-12-01')).toBe('2026年12月1日');
  });

  test('leaves the year out within the current year', () => {
    expect(formatDay('2026-12-01', { now: new Date('2026-06-01T00:00:00Z') })).toBe('12月1日');
    expect(formatDay('2027-01-05', { now: new Date('2026-06-01T00:00:00Z') })).toBe('2027年1月5日');
  });

  test('reads a moment in Beijing time', () => {
    expect(formatDay(new Date('2026-11-30T17:00:00Z'))).toBe('2026年12月1日');
  });
});

describe('schoolYearLabel', () => {
  test('names both calendar years with an em dash', () => {
    expect(schoolYearLabel(2026)).toBe('2026—2027学年');
  });
});

describe('gradeName', () => {
  test('returns Chinese grade names, never digits', () => {
    expect(gradeName(3)).toBe('三年级');
    expect(gradeName(10)).toBe('高一年级');
  });
});

describe('withLabel', () => {
  test('adds the label once', () => {
    expect(withLabel('禁毒知识竞赛', '小学组')).toBe('禁毒知识竞赛（小学组）');
    expect(withLabel('禁毒知识竞赛（小学组）', '小学组')).toBe('禁毒知识竞赛（小学组）');
  });
});

describe('the Chinese catalogue', () => {
  test('quotes with “” only: no straight double quotes or corner brackets in Chinese strings', () => {
    const offending = Object.entries(zh).filter(([, v]) => /[\u4e00-\u9fff]/.test(v) && /["「」]/.test(v));
    expect(offending).toEqual([]);
  });

  test('writes no grade or school year as bare digits', () => {
    expect(Object.entries(zh).filter(([, v]) => /\{grade\}年级|\{year\} ?学年/.test(v))).toEqual([]);
  });
});

describe('formatMonthDayTime', () => {
  test('writes what toLocaleString writes, in the city time', () => {
    for (const iso of ['2026-12-07T16:00:00Z', '2026-03-01T03:05:09.123+00:00', '2027-01-31T23:59:00Z']) {
      const expected = new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
      expect(formatMonthDayTime(iso)).toBe(expected);
    }
    expect(formatMonthDayTime('2026-12-07T16:00:00Z')).toBe('12月8日 00:00');
  });
});
