import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { formatIssues } from './format-issues';
import { audienceSchema, campaignSchema, contactsSchema, criteriaSchema, factFileSchema, lessonSchema, pageSchema, quizSchema, surveySchema, templateSchema } from './schemas';

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
  { collection: 'facts', schema: factFileSchema, ext: 'yaml', field: '1.dates.0' },
  { collection: 'contacts', schema: contactsSchema, ext: 'yaml', field: 'office.phone' },
  { collection: 'surveys', schema: surveySchema, ext: 'yaml', field: 'scales.0.items.1.key' },
  { collection: 'templates', schema: templateSchema, ext: 'mdx', field: 'serves.1.kit' },
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
  const options = [
    { id: 'a', text: '甲' },
    { id: 'b', text: '乙' },
    { id: 'c', text: '丙' },
  ];

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

describe('lessonSchema', () => {
  const valid = load('lessons/valid.mdx') as Record<string, unknown>;
  const file = 'content/lessons/junior/test.mdx';
  /** The message for the valid fixture changed by `change`, which must name `field`. */
  const messageFor = (change: Record<string, unknown>): string => {
    const result = lessonSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    return formatIssues(file, result.error as z.ZodError);
  };

  test('rejects a lesson without grades, naming the field', () => {
    const { grades: _grades, ...rest } = valid;
    const result = lessonSchema.safeParse(rest);
    expect(formatIssues(file, result.error as z.ZodError)).toMatch(/ {2}grades: /);
  });

  test('rejects a grade outside the band, naming the grade', () => {
    expect(messageFor({ grades: [3] })).toMatch(/ {2}grades\.0: 年级 3 不在学段 junior 的范围 7-9 内/);
  });

  test('rejects a required lesson for two grades', () => {
    expect(messageFor({ grades: [7, 8] })).toMatch(/ {2}grades: 必修课只能属于一个年级/);
  });

  test('accepts an optional lesson for two grades of its band', () => {
    expect(lessonSchema.safeParse({ ...valid, required: false, grades: [7, 8] }).success).toBe(true);
  });

  test('rejects vocational grades outside 10-12 (中职一至三年级)', () => {
    expect(messageFor({ band: 'vocational', grades: [9] })).toMatch(/ {2}grades\.0: /);
    expect(lessonSchema.safeParse({ ...valid, band: 'vocational', grades: [10] }).success).toBe(true);
  });

  test('rejects steps whose minutes do not add up', () => {
    const steps = [
      { section: '导入：一条私信', phase: '导入', minutes: 5 },
      { section: '小结', phase: '小结', minutes: 5 },
    ];
    expect(messageFor({ steps })).toMatch(/ {2}steps: 教学过程各环节合计 10 分钟，应等于 minutes（45 分钟）/);
  });

  test('rejects a phase outside 导入/新授/活动/小结/作业 and a term other than 1 or 2', () => {
    const steps = [{ section: '导入', phase: '热身', minutes: 45 }];
    expect(messageFor({ steps })).toMatch(/ {2}steps\.0\.phase: /);
    expect(messageFor({ term: 3 })).toMatch(/ {2}term: 学期只能是 1（上学期）或 2（下学期）/);
  });

  test('rejects minutes that do not match the class hours of the band', () => {
    expect(messageFor({ minutes: 40 })).toMatch(/ {2}minutes: 1 课时应为 45 分钟/);
  });
});

describe('quizSchema answers', () => {
  test('rejects a question whose answer is not an option, naming the field', () => {
    const result = quizSchema.safeParse(load('quizzes/invalid.yaml'));
    expect(formatIssues('content/quizzes/x.yaml', result.error as z.ZodError)).toMatch(/ {2}questions\.0\.answer: 单选题的答案必须是一个存在的选项编号/);
  });
});
