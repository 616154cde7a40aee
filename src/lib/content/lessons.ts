import { getCollection, type CollectionEntry } from 'astro:content';
import { bands, type Band } from '../domain/catalog';

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
  for (const list of grouped.values()) list.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
  return grouped;
}
