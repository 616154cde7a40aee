import type { Band } from '../domain/catalog.ts';
import { gradesOf, schoolGrades, type SchoolGrade } from '../domain/grades.ts';

/**
 * The curriculum map: which lessons each school grade studies in a year, in teaching order, and
 * what is wrong with the map as a whole (a grade short of required lessons, two lessons in one
 * place, a missing quiz or fact). Pure: the callers read the content.
 */

export interface MapLesson {
  /** `<band>/<slug>`. */
  id: string;
  data: {
    title: string;
    band: Band;
    grades: readonly number[];
    term: 1 | 2;
    order: number;
    required: boolean;
    classHours: number;
    quiz: string;
    facts?: readonly string[] | undefined;
  };
}

/** Required lessons a grade needs in a school year (《中小学生毒品预防专题教育大纲》: at least 2 class hours). */
export const requiredPerGrade = 2;

/** Teaching order within a year: term, then order, then id. */
export function byTeachingOrder(a: MapLesson, b: MapLesson): number {
  return a.data.term - b.data.term || a.data.order - b.data.order || a.id.localeCompare(b.id);
}

/** The lessons of one school grade, in teaching order. */
export function lessonsOfGrade<T extends MapLesson>(lessons: readonly T[], grade: SchoolGrade): T[] {
  return lessons.filter((l) => gradesOf(l.data.band, l.data.grades).some((g) => g.key === grade.key)).sort(byTeachingOrder);
}

/** Class hours and counts of a grade's year. */
export function yearTotals(lessons: readonly MapLesson[]): { required: number; optional: number; hours: number; requiredHours: number } {
  const required = lessons.filter((l) => l.data.required);
  return {
    required: required.length,
    optional: lessons.length - required.length,
    hours: lessons.reduce((n, l) => n + l.data.classHours, 0),
    requiredHours: required.reduce((n, l) => n + l.data.classHours, 0),
  };
}

export interface MapInput {
  lessons: readonly MapLesson[];
  /** Question count of every quiz bank, by id. */
  quizSizes: ReadonlyMap<string, number>;
  factIds: ReadonlySet<string>;
}

/** Every problem of the curriculum map, as Chinese sentences naming the grade or the lesson. */
export function curriculumProblems({ lessons, quizSizes, factIds }: MapInput): string[] {
  const problems: string[] = [];
  for (const grade of schoolGrades) {
    const own = lessonsOfGrade(lessons, grade);
    const required = own.filter((l) => l.data.required);
    const name = grade.track === 'vocational' ? `中职${grade.grade - 9}年级` : `${grade.grade}年级`;
    if (required.length < requiredPerGrade) {
      problems.push(`${name}只有 ${required.length} 节必修课（${required.map((l) => l.id).join('、') || '无'}），至少要 ${requiredPerGrade} 节`);
    }
    const seen = new Map<number, string>();
    for (const lesson of own) {
      const other = seen.get(lesson.data.order);
      if (other) problems.push(`${name}：${other} 和 ${lesson.id} 的 order 都是 ${lesson.data.order}`);
      else seen.set(lesson.data.order, lesson.id);
    }
  }
  for (const lesson of lessons) {
    const file = `content/lessons/${lesson.id}.mdx`;
    if (lesson.data.required && lesson.data.grades.length !== 1) {
      problems.push(`${file}: 必修课用于 ${lesson.data.grades.length} 个年级（${lesson.data.grades.join('、')}），学生会在两个学年遇到同一节必修课`);
    }
    const size = quizSizes.get(lesson.data.quiz);
    if (size === undefined) problems.push(`${file}: 题库 content/quizzes/${lesson.data.quiz}.yaml 不存在`);
    else if (size < 10) problems.push(`${file}: 题库 ${lesson.data.quiz} 只有 ${size} 题，至少要 10 题`);
    for (const id of lesson.data.facts ?? []) if (!factIds.has(id)) problems.push(`${file}: 引用的事实 ${id} 不在事实表里`);
  }
  return problems;
}
