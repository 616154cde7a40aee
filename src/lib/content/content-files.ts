import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatIssues } from './format-issues.ts';
import type { QuizFile } from './lesson-lint.ts';
import { factFileSchema, type FactData } from './schemas.ts';

/**
 * Reads the fact table and the quiz banks from a `content/` folder on disk, for the lesson
 * checker and the tests (the site build reads them through Astro's collections instead).
 */

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/** Every fact of `<root>/facts/*.yaml`, with the problems found (schema errors, ids used twice). */
export function readFacts(root = 'content', extraFiles: readonly string[] = []): { facts: (FactData & { file: string })[]; errors: string[] } {
  const facts: (FactData & { file: string })[] = [];
  const errors: string[] = [];
  for (const file of [...yamlFiles(join(root, 'facts')), ...extraFiles]) {
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      errors.push(`${file}: 不是合法的 YAML：${(error as Error).message}`);
      continue;
    }
    const result = factFileSchema.safeParse(raw ?? []);
    if (!result.success) {
      errors.push(formatIssues(file, result.error));
      continue;
    }
    for (const fact of result.data) {
      const other = facts.find((f) => f.id === fact.id);
      if (other) errors.push(`${file}: 事实编号 ${fact.id} 已在 ${other.file} 里用过`);
      else facts.push({ ...fact, file });
    }
  }
  return { facts, errors };
}

/** Every quiz bank of `<root>/quizzes/*.yaml`, parsed but not validated, by id. */
export function readQuizzes(root = 'content'): { quizzes: Map<string, QuizFile>; errors: string[] } {
  const quizzes = new Map<string, QuizFile>();
  const errors: string[] = [];
  for (const file of yamlFiles(join(root, 'quizzes'))) {
    const id =
      file
        .split('/')
        .at(-1)
        ?.replace(/\.yaml$/, '') ?? file;
    try {
      quizzes.set(id, { id, file, raw: parse(readFileSync(file, 'utf8')) });
    } catch (error) {
      errors.push(`${file}: 不是合法的 YAML：${(error as Error).message}`);
    }
  }
  return { quizzes, errors };
}
