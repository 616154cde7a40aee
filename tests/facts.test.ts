import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { unsupportedMentions } from '~/lib/content/citations';
import { readFacts, readQuizzes } from '~/lib/content/content-files';
import { quizFactText } from '~/lib/content/lesson-lint';
import { splitFrontmatter } from '~/lib/content/mdx';
import { quizSchema } from '~/lib/content/schemas';
import { listFiles } from './helpers/dist';

/**
 * Every law article and date that lessons, quiz banks, campaigns and audience pages cite must be
 * in the fact table (content/facts/*.yaml), and text quoted after an article must be its text.
 */

const content = join(process.cwd(), 'content');
const { facts, errors } = readFacts(content);
const mdx = (folder: string): { file: string; source: string }[] =>
  listFiles(join(content, folder))
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => ({ file: `content/${folder}/${f}`, source: readFileSync(join(content, folder, f), 'utf8') }));

describe('the fact table', () => {
  test('is valid, with ids unique across files', () => {
    expect(errors).toEqual([]);
    expect(facts.length).toBeGreaterThanOrEqual(30);
  });

  test('holds the core entries the lessons rely on', () => {
    const ids = new Set(facts.map((f) => f.id));
    const core = [
      'jdf-adopted-effective',
      'jdf-article-2',
      'jdf-article-21',
      'humen',
      'june-26',
      'synthetic-cannabinoids-class',
      'fentanyl-class',
      'etomidate-2023',
      'nitrous-oxide-not-listed',
      'xs-article-17',
      'xs-347',
      'xs-348',
      'xs-349',
      'xs-350',
      'xs-351',
      'xs-353',
      'xs-354',
      'xs-355',
      'xs-356',
      'xs-357',
      'rongliu-2016',
      'poppy-removal',
      'zhian-2025',
      'driving-licence-drugs',
    ];
    expect(core.filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe.each(['lessons', 'campaigns', 'audiences', 'templates'])('the %s', (folder) => {
  test('cite only articles and dates in the fact table, and quote statutes exactly', () => {
    const problems = mdx(folder).flatMap(({ file, source }) => {
      const { front } = splitFrontmatter(source);
      // Audience pages list the duties by law and article in their frontmatter.
      const duties = ((parse(front) as { lawDuties?: { law: string; article: string }[] } | null)?.lawDuties ?? []).map((d) => `${d.law}${d.article}`);
      return unsupportedMentions([source, ...duties].join('\n'), facts).map((p) => `${file}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});

describe('the quiz banks', () => {
  test('cite only articles and dates in the fact table in stems, keys and explanations', () => {
    const problems = [...readQuizzes(content).quizzes.values()].flatMap((quiz) => {
      const parsed = quizSchema.safeParse(quiz.raw);
      if (!parsed.success) return [`${quiz.file}: 题库不合格式`];
      return unsupportedMentions(quizFactText(parsed.data), facts).map((p) => `${quiz.file}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});
