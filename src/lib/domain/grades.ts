import { gradeRanges, type Band } from './catalog.ts';

/**
 * The school grades a pupil passes through: 1-12 in general schools, and 中职一至三年级 in
 * vocational schools (lessons of the vocational band name them 10-12). The curriculum map, the
 * grade pages and the tests walk this list.
 */

export type Track = 'general' | 'vocational';

export interface SchoolGrade {
  /** The URL key: `1` … `12`, `zhongzhi-1` … `zhongzhi-3`. */
  key: string;
  track: Track;
  /** The grade as lessons write it (vocational 10-12). */
  grade: number;
}

/** The track a band's lessons are taught in. */
export function trackOf(band: Band): Track {
  return band === 'vocational' ? 'vocational' : 'general';
}

/**
 * The URL key of a grade.
 * @example gradeKey('vocational', 11) // 'zhongzhi-2'
 */
export function gradeKey(track: Track, grade: number): string {
  return track === 'vocational' ? `zhongzhi-${grade - 9}` : String(grade);
}

/** Every school grade, youngest first: 1-12, then 中职 1-3. */
export const schoolGrades: readonly SchoolGrade[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ key: String(i + 1), track: 'general' as const, grade: i + 1 })),
  ...[10, 11, 12].map((grade) => ({ key: gradeKey('vocational', grade), track: 'vocational' as const, grade })),
];

/** The band a school grade studies. */
export function bandOfGrade(g: SchoolGrade): Band {
  if (g.track === 'vocational') return 'vocational';
  const found = (Object.entries(gradeRanges) as [Band, readonly [number, number]][]).find(([band, [low, high]]) => band !== 'vocational' && g.grade >= low && g.grade <= high);
  return found ? found[0] : 'senior';
}

/** The school grades a lesson of `band` naming `grades` is for. */
export function gradesOf(band: Band, grades: readonly number[]): SchoolGrade[] {
  const track = trackOf(band);
  return grades.flatMap((grade) => schoolGrades.filter((g) => g.track === track && g.grade === grade));
}

/**
 * The school grade of the curriculum map a class studies, from its grade and its school's stage:
 * a vocational school's 中职一至三年级 may be entered as 1-3 or as 10-12. The database's
 * `private.curriculum_grade` decides the same for mastery and the certificate (parity-tested).
 * @example schoolGradeOfClass(2, 'vocational').key // 'zhongzhi-2'
 */
export function schoolGradeOfClass(grade: number, stage: string): SchoolGrade {
  const vocational = stage === 'vocational';
  const mapped = vocational && grade >= 1 && grade <= 3 ? grade + 9 : grade;
  const found = schoolGrades.find((g) => g.track === (vocational ? 'vocational' : 'general') && g.grade === mapped);
  return found ?? { key: gradeKey(vocational ? 'vocational' : 'general', mapped), track: vocational ? 'vocational' : 'general', grade: mapped };
}
