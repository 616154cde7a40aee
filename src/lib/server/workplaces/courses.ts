import { getCollection, getEntry, type CollectionEntry } from 'astro:content';

/** A target-group page as a workplace course. */
export interface Course {
  id: string;
  title: string;
  summary: string;
  minutes: number;
  checkCount: number;
  quizId: string;
}

function toCourse(entry: CollectionEntry<'audiences'>): Course {
  const d = entry.data;
  return { id: entry.id, title: d.title, summary: d.summary, minutes: d.course.minutes, checkCount: d.course.checkCount, quizId: d.selfCheck };
}

/** Every course, in the order of the target-group pages. */
export async function allCourses(): Promise<Course[]> {
  return (await getCollection('audiences')).sort((a, b) => a.data.order - b.data.order).map(toCourse);
}

/** One course with its entry (for rendering), or null for an id that is not one. */
export async function courseEntry(id: string): Promise<{ course: Course; entry: CollectionEntry<'audiences'> } | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(id)) return null;
  const entry = await getEntry('audiences', id);
  return entry ? { course: toCourse(entry), entry } : null;
}

/** Course titles by id, for tables and exports. */
export async function courseTitles(): Promise<Map<string, string>> {
  return new Map((await allCourses()).map((c) => [c.id, c.title]));
}
