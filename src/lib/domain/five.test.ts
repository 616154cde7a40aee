import { describe, expect, test } from 'vitest';
import { missingItems, type BoardFacts } from './five';

const complete: BoardFacts = {
  statuses: { plan: 'done', syllabus: 'done', teachers: 'done', hours: 'done', materials: 'done' },
  planTerms: ['上学期', '下学期'],
  grades: [3, 5],
  gradesWithLessons: [3, 5],
  teachers: [{ name: '陈老师', trained: true }],
  classesShort: [],
  materials: ['《中小学生毒品预防专题教育》读本'],
};

describe('missingItems', () => {
  test('returns nothing when every item is done and the data agrees', () => {
    expect(missingItems(complete)).toEqual([]);
  });

  test('returns every item not marked done, with its status', () => {
    expect(missingItems({ ...complete, statuses: { ...complete.statuses, hours: 'in_progress', plan: 'missing' } })).toEqual(['教学计划：未落实', '课时：落实中']);
  });

  test('returns gaps the data shows even when the school marked the item done', () => {
    const gaps = missingItems({
      ...complete,
      planTerms: ['上学期'],
      gradesWithLessons: [3],
      teachers: [{ name: '刘老师', trained: false }],
      classesShort: [{ name: '五年级（2）班', short: 1.5 }],
      materials: [],
    });
    expect(gaps).toEqual([
      '教学计划：只覆盖了 1 个学期（应覆盖上、下两个学期）',
      '教学大纲：5 年级还没有布置任何禁毒课程',
      '师资：刘老师 尚未参加培训',
      '课时：五年级（2）班 还差 1.5 课时',
      '教材：还没有登记使用的教材',
    ]);
  });

  test('returns a missing teacher list as a gap', () => {
    expect(missingItems({ ...complete, teachers: [] })).toContain('师资：还没有登记任课教师');
  });
});
