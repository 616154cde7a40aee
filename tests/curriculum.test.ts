import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { readFacts, readQuizzes } from '~/lib/content/content-files';
import { curriculumProblems, type MapLesson } from '~/lib/content/curriculum';
import { formatIssues } from '~/lib/content/format-issues';
import { splitFrontmatter } from '~/lib/content/mdx';
import { lessonSchema } from '~/lib/content/schemas';
import { listFiles } from './helpers/dist';

/**
 * Walks the curriculum map of content/lessons (issue #11): every grade 1-12 and 中职 1-3 has at
 * least 2 required lessons of its own, no required lesson is met in two school years, no two
 * lessons share a place in a grade's year, every quiz bank exists with at least 10 questions, and
 * every fact a lesson names is in the fact table.
 */

const content = join(process.cwd(), 'content');
const lessons: MapLesson[] = [];
const invalid: string[] = [];
for (const path of listFiles(join(content, 'lessons')).filter((f) => f.endsWith('.mdx'))) {
  const file = `content/lessons/${path}`;
  const result = lessonSchema.safeParse(parse(splitFrontmatter(readFileSync(join(content, 'lessons', path), 'utf8')).front));
  if (result.success) lessons.push({ id: path.replace(/\.mdx$/, ''), data: result.data });
  else invalid.push(formatIssues(file, result.error as z.ZodError));
}

describe('the curriculum map', () => {
  test('reads every lesson', () => {
    expect(invalid).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(30);
  });

  test('gives every grade its own required lessons, each lesson its quiz and its facts', () => {
    const quizSizes = new Map([...readQuizzes(content).quizzes.values()].map((q) => [q.id, ((q.raw as { questions?: unknown[] } | null)?.questions ?? []).length]));
    const factIds = new Set(readFacts(content).facts.map((f) => f.id));
    expect(curriculumProblems({ lessons, quizSizes, factIds })).toEqual([]);
  });
});
