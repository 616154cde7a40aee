import { t, type MessageKey } from '~/i18n';
import { gradesOf, type SchoolGrade } from '~/lib/domain/grades';
import type { Band } from '~/lib/domain/catalog';

/**
 * Chinese names of grades and terms as schools write them: 三年级, 高一年级, 中职一年级, 上学期.
 * @example gradeLabel({ key: 'zhongzhi-1', track: 'vocational', grade: 10 }) // '中职一年级'
 */
export function gradeLabel(grade: SchoolGrade): string {
  return t(`grade.${grade.key}` as MessageKey);
}

/** The grades of a lesson, joined: 三年级、四年级. */
export function lessonGradesLabel(band: Band, grades: readonly number[]): string {
  return gradesOf(band, grades).map(gradeLabel).join('、');
}

/** 上学期 or 下学期. */
export function termLabel(term: 1 | 2): string {
  return t(term === 1 ? 'term.1' : 'term.2');
}

/** The URL of a grade's page. */
export function gradeHref(grade: SchoolGrade): string {
  return `/grades/${grade.key}/`;
}
