import { describe, expect, test } from 'vitest';
import { schoolGrades } from '~/lib/domain/grades';
import { curriculumProblems, lessonsOfGrade, yearTotals, type MapLesson } from './curriculum';

/** Two required lessons for every grade: a map with no problems, to break one way at a time. */
function fullMap(): MapLesson[] {
  return schoolGrades.flatMap((g) => {
    const band =
      g.track === 'vocational'
        ? 'vocational'
        : g.grade <= 2
          ? 'primary-lower'
          : g.grade <= 4
            ? 'primary-middle'
            : g.grade <= 6
              ? 'primary-upper'
              : g.grade <= 9
                ? 'junior'
                : 'senior';
    return [1, 2].map((order) => ({
      id: `${band}/g${g.key}-${order}`,
      data: { title: '课', band, grades: [g.grade], term: order as 1 | 2, order, required: true, classHours: 1, quiz: `q-${g.key}-${order}`, facts: ['jdf-article-2'] },
    }));
  });
}
const quizSizes = (lessons: MapLesson[]): Map<string, number> => new Map(lessons.map((l) => [l.data.quiz, 12]));
const factIds = new Set(['jdf-article-2']);
const check = (lessons: MapLesson[], sizes = quizSizes(lessons)): string[] => curriculumProblems({ lessons, quizSizes: sizes, factIds });

describe('curriculumProblems', () => {
  test('finds nothing wrong with two required lessons in every grade', () => {
    expect(check(fullMap())).toEqual([]);
  });

  test('names a grade with fewer than two required lessons of its own', () => {
    const lessons = fullMap().filter((l) => l.id !== 'junior/g8-2');
    expect(check(lessons)).toEqual([expect.stringMatching(/^8年级只有 1 节必修课/)]);
  });

  test('keeps the vocational grades apart from the senior ones', () => {
    const lessons = fullMap().filter((l) => !l.id.startsWith('vocational/gzhongzhi-2'));
    expect(check(lessons)).toEqual([expect.stringMatching(/^中职2年级只有 0 节必修课/)]);
  });

  test('does not count an optional lesson towards the required ones', () => {
    const lessons = fullMap().map((l) => (l.id === 'primary-lower/g1-1' ? { ...l, data: { ...l.data, required: false } } : l));
    expect(check(lessons)).toEqual([expect.stringMatching(/^1年级只有 1 节必修课/)]);
  });

  test('names a required lesson met in two school years', () => {
    const lessons = fullMap().map((l) => (l.id === 'junior/g7-1' ? { ...l, data: { ...l.data, grades: [7, 8], order: 3 } } : l));
    expect(check(lessons)).toEqual([expect.stringContaining('content/lessons/junior/g7-1.mdx: 必修课用于 2 个年级')]);
  });

  test('names two lessons with the same order in a grade', () => {
    const lessons = fullMap().map((l) => (l.id === 'senior/g10-2' ? { ...l, data: { ...l.data, order: 1 } } : l));
    expect(check(lessons)).toEqual(['10年级：senior/g10-1 和 senior/g10-2 的 order 都是 1']);
  });

  test('names a missing quiz bank, a small one and an unknown fact', () => {
    const lessons = fullMap();
    const sizes = quizSizes(lessons);
    sizes.delete('q-3-1');
    sizes.set('q-3-2', 9);
    const withFact = lessons.map((l) => (l.id === 'primary-middle/g4-1' ? { ...l, data: { ...l.data, facts: ['no-such-fact'] } } : l));
    expect(check(withFact, sizes)).toEqual([
      expect.stringContaining('g3-1.mdx: 题库 content/quizzes/q-3-1.yaml 不存在'),
      expect.stringContaining('g3-2.mdx: 题库 q-3-2 只有 9 题'),
      expect.stringContaining('g4-1.mdx: 引用的事实 no-such-fact 不在事实表里'),
    ]);
  });
});

describe('lessonsOfGrade', () => {
  test('lists a grade’s lessons by term, then order, and an optional two-grade lesson in both', () => {
    const extra: MapLesson = { id: 'junior/extra', data: { title: '选学', band: 'junior', grades: [7, 8], term: 1, order: 5, required: false, classHours: 1, quiz: 'x' } };
    const lessons = [...fullMap(), extra];
    const seventh = schoolGrades.find((g) => g.key === '7');
    const eighth = schoolGrades.find((g) => g.key === '8');
    if (!seventh || !eighth) throw new Error('grades missing');
    expect(lessonsOfGrade(lessons, seventh).map((l) => l.id)).toEqual(['junior/g7-1', 'junior/extra', 'junior/g7-2']);
    expect(lessonsOfGrade(lessons, eighth).map((l) => l.id)).toContain('junior/extra');
    expect(yearTotals(lessonsOfGrade(lessons, seventh))).toEqual({ required: 2, optional: 1, hours: 3, requiredHours: 2 });
  });
});
