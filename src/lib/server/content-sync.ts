import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Db } from './db/client.ts';
import { parse } from 'yaml';
import { formatIssues } from '../content/format-issues.ts';
import { lessonSchema, quizSchema } from '../content/schemas.ts';

/** What `public.sync_content` takes: every quiz bank with its questions, every lesson. */
// A type, not an interface, so it is assignable to the generated `Json` of the function argument.
export type ContentPayload = {
  quizzes: ({ id: string } & ReturnType<typeof quizSchema.parse>)[];
  lessons: { id: string; band: string; grades: number[]; title: string; quiz: string; required: boolean; order: number; classHours: number }[];
};

async function files(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function validate<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('astro/zod').z.ZodError } }, file: string, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(formatIssues(file, result.error));
  return result.data;
}

/**
 * Reads and validates the quiz banks and lessons under `root` (default `content/`) with the
 * same schemas as the site build, so a file the build would refuse is never synced.
 */
export async function readContentPayload(root = 'content'): Promise<ContentPayload> {
  const quizzes: ContentPayload['quizzes'] = [];
  for (const file of await files(join(root, 'quizzes'), '.yaml')) {
    const id = relative(join(root, 'quizzes'), file).replace(/\.yaml$/, '');
    quizzes.push({ id, ...validate(quizSchema, file, parse(await readFile(file, 'utf8'))) });
  }
  const quizIds = new Set(quizzes.map((q) => q.id));
  const lessons: ContentPayload['lessons'] = [];
  for (const file of await files(join(root, 'lessons'), '.mdx')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(await readFile(file, 'utf8'))?.[1] ?? '';
    const data = validate(lessonSchema, file, parse(front));
    const id = relative(join(root, 'lessons'), file).replace(/\.mdx$/, '');
    if (!quizIds.has(data.quiz)) throw new Error(`${file}: quiz "${data.quiz}" 在 content/quizzes 里不存在`);
    lessons.push({ id, band: data.band, grades: data.grades, title: data.title, quiz: data.quiz, required: data.required, order: data.order, classHours: data.classHours });
  }
  return { quizzes, lessons };
}

/** Upserts the content into the database through the service-role client; returns the counts. */
export async function syncContent(db: Db, payload: ContentPayload): Promise<{ quizzes: number; questions: number; lessons: number }> {
  const { data, error } = await db.rpc('sync_content', { p_payload: payload });
  if (error) throw new Error(`内容同步失败: ${error.message}`);
  // The grade map (which grades each lesson is for) has a function of its own, added with it.
  const grades = await db.rpc('sync_lesson_grades', { p_lessons: payload.lessons });
  if (grades.error) throw new Error(`内容同步失败: ${grades.error.message}`);
  return data as { quizzes: number; questions: number; lessons: number };
}
