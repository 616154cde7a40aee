import { getCollection, type CollectionEntry } from 'astro:content';
import { bands, type Band } from '~/lib/domain/catalog';
import { schoolGradeOfClass, schoolGrades, type SchoolGrade } from '~/lib/domain/grades';
import { byTeachingOrder, lessonsOfGrade } from './curriculum';

export type Lesson = CollectionEntry<'lessons'>;

/** The URL path of a lesson: `/lessons/<band>/<slug>/`. */
export function lessonHref(lesson: Lesson): string {
  return `/lessons/${lesson.id}/`;
}

/**
 * All lessons in teaching order, grouped by band (every band present, possibly empty).
 * Fails the build when a lesson sits in another band's folder, so the URL never lies.
 */
export async function lessonsByBand(): Promise<Map<Band, Lesson[]>> {
  const lessons = await getCollection('lessons');
  const grouped = new Map<Band, Lesson[]>(bands.map((band) => [band, []]));
  for (const lesson of lessons) {
    const folder = lesson.id.split('/')[0];
    if (folder !== lesson.data.band) {
      throw new Error(`content/lessons/${lesson.id}: band 是 ${lesson.data.band}，但文件放在 ${folder}/ 目录下`);
    }
    grouped.get(lesson.data.band)?.push(lesson);
  }
  for (const list of grouped.values()) list.sort(byYear);
  return grouped;
}

/** Grade, then term, then order: the order a pupil meets a band's lessons. */
function byYear(a: Lesson, b: Lesson): number {
  return Math.min(...a.data.grades) - Math.min(...b.data.grades) || byTeachingOrder(a, b);
}

/** Every lesson, checked for its folder, youngest grade first. */
export async function allLessons(): Promise<Lesson[]> {
  return [...(await lessonsByBand()).values()].flat();
}

/** Every lesson's route under `/lessons/<band>/<slug>/`, with the lesson as its prop: the static paths of a lesson's pages. */
export async function lessonPaths(): Promise<{ params: { band: string; slug: string }; props: { lesson: Lesson } }[]> {
  return (await allLessons()).map((lesson) => {
    const [band = '', slug = ''] = lesson.id.split('/');
    return { params: { band, slug }, props: { lesson } };
  });
}

/** The lessons of each school grade of the curriculum map, in teaching order. */
export async function lessonsByGrade(): Promise<Map<SchoolGrade, Lesson[]>> {
  const lessons = await allLessons();
  return new Map(schoolGrades.map((grade) => [grade, lessonsOfGrade(lessons, grade)]));
}

/** The lessons of a class's grade (grade and school stage as the class records them), in teaching order. */
export async function lessonsOfClass(grade: number, stage: string): Promise<Lesson[]> {
  return lessonsOfGrade(await allLessons(), schoolGradeOfClass(grade, stage));
}
