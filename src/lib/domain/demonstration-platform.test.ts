import { describe, expect, test } from 'vitest';
import { platformChecks, type PlatformFacts } from './demonstration-platform';

const hours = (name: string, delivered: number, required = 2) => ({
  classId: name,
  name,
  grade: 3,
  delivered,
  platform: 0,
  required,
  short: Math.max(0, required - delivered),
  met: delivered >= required,
});
const facts: PlatformFacts = {
  hours: [hours('三年级（1）班', 2), hours('五年级（2）班', 1)],
  teachers: [
    { teaches: true, trained: true },
    { teaches: true, trained: false },
    { teaches: false, trained: false },
  ],
  grades: [3, 5],
  gradesWithLessons: [3],
};

describe('platformChecks', () => {
  test('sets the ledger beside a claim of 课时 met and marks the class one hour short', () => {
    const c = platformChecks(facts, { 'class-hours': 'met' })['class-hours'];
    expect(c?.lines).toEqual(['课时台账：1 / 2 个班达到本学年要求的课时', '未达到：五年级（2）班（差 1 课时）']);
    expect(c?.short).toBe(true);
  });

  test('does not mark a claim of partial, and names grades without lessons', () => {
    const all = platformChecks(facts, { 'class-hours': 'partial', syllabus: 'met' });
    expect(all['class-hours']?.short).toBe(false);
    expect(all['syllabus']?.lines).toContain('有班级但没有布置课程：五年级');
    expect(all['syllabus']?.short).toBe(true);
    expect(all['teachers']?.lines).toEqual(['平台登记任课教师 2 人，本学年已培训 1 人']);
  });

  test('shows rates only when given, suppressed below 5 pupils', () => {
    expect(platformChecks(facts, {})['platform-completion']).toBeUndefined();
    const withRates = platformChecks({ ...facts, rates: { mastery: 'small', participationRate: 96, passRate: 92 } }, { 'platform-completion': 'met', 'contest-rates': 'met' });
    expect(withRates['platform-completion']).toEqual({ lines: ['平台必修课掌握率：<5人'], short: true });
    expect(withRates['contest-rates']?.short).toBe(false);
  });
});
