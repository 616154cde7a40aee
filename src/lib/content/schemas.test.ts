import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { formatIssues } from './format-issues';
import { audienceSchema, campaignSchema, criteriaSchema, lessonSchema, pageSchema, quizSchema } from './schemas';

/** Reads a fixture's data: the YAML file itself, or an MDX file's frontmatter. */
function load(path: string): unknown {
  const text = readFileSync(fileURLToPath(new URL(`./__fixtures__/${path}`, import.meta.url)), 'utf8');
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  return parse(front ? (front[1] ?? '') : text);
}

const cases: { collection: string; schema: z.ZodType; ext: string; field: string }[] = [
  { collection: 'lessons', schema: lessonSchema, ext: 'mdx', field: 'band' },
  { collection: 'quizzes', schema: quizSchema, ext: 'yaml', field: 'questions.0.answer' },
  { collection: 'campaigns', schema: campaignSchema, ext: 'mdx', field: 'activityKits' },
  { collection: 'audiences', schema: audienceSchema, ext: 'mdx', field: 'contacts' },
  { collection: 'demonstration', schema: criteriaSchema, ext: 'yaml', field: 'levels.provincial.passScore' },
  { collection: 'pages', schema: pageSchema, ext: 'mdx', field: 'updated' },
];

describe.each(cases)('the $collection schema', ({ collection, schema, ext, field }) => {
  test('accepts the valid fixture', () => {
    const result = schema.safeParse(load(`${collection}/valid.${ext}`));
    expect(result.error?.issues).toBeUndefined();
  });

  test(`rejects the invalid fixture, naming the file and the field ${field}`, () => {
    const file = `content/${collection}/invalid.${ext}`;
    const result = schema.safeParse(load(`${collection}/invalid.${ext}`));
    expect(result.success).toBe(false);
    const message = formatIssues(file, result.error as z.ZodError);
    expect(message).toContain(file);
    expect(message).toContain(`  ${field}:`);
  });
});

describe('quizSchema', () => {
  const base = { title: '题库', bands: ['junior'] };
  const question = { id: 'q-01', stem: '题干', explanation: '解析', topic: 'law', difficulty: 1 };
  const options = [{ id: 'a', text: '甲' }, { id: 'b', text: '乙' }, { id: 'c', text: '丙' }];

  test('rejects a multiple-choice key with a single option', () => {
    const result = quizSchema.safeParse({ ...base, questions: [{ ...question, type: 'multiple', options, answer: ['a'] }] });
    expect(result.success).toBe(false);
  });

  test('rejects a true/false question with options', () => {
    const result = quizSchema.safeParse({ ...base, questions: [{ ...question, type: 'truefalse', options, answer: true }] });
    expect(result.success).toBe(false);
  });

  test('rejects duplicate question ids', () => {
    const q = { ...question, type: 'single', options, answer: 'a' };
    const result = quizSchema.safeParse({ ...base, questions: [q, q] });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('questions.1.id');
  });

  test('fills the defaults: 5 drawn, 80% to pass', () => {
    const parsed = quizSchema.parse({ ...base, questions: [{ ...question, type: 'truefalse', answer: false }] });
    expect(parsed).toMatchObject({ kind: 'lesson', drawCount: 5, passPercent: 80 });
  });
});
