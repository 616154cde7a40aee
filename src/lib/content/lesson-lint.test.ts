import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { duplicateQuestionIds, lintLesson, lintQuiz, type QuizFile } from './lesson-lint';

const fixture = readFileSync(fileURLToPath(new URL('./__fixtures__/lessons/valid.mdx', import.meta.url)), 'utf8');
const file = 'content/lessons/junior/test.mdx';
const facts = [{ id: 'jdf-article-2', law: '中华人民共和国禁毒法', article: '第二条' }];

/** A bank of `n` good questions (keys spread, three difficulties). */
function bank(n: number, extra: object[] = []): QuizFile {
  const questions = Array.from({ length: n }, (_, i) => ({
    id: `jr-test-${String(i + 1).padStart(2, '0')}`,
    type: 'single',
    stem: `小林遇到第${i + 1}种情况，怎么办？`,
    options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: `做法${id}` })),
    answer: ['a', 'b', 'c', 'd'][i % 4],
    explanation: '课上讲过。',
    topic: 'refusal',
    difficulty: ([1, 2, 3] as const)[i % 3],
  }));
  return { id: 'test-quiz', file: 'content/quizzes/test-quiz.yaml', raw: { title: '测验', bands: ['junior'], questions: [...questions, ...extra] } };
}
const lint = (source: string, quiz = bank(12)): ReturnType<typeof lintLesson> => lintLesson(file, source, { facts, quizzes: new Map([[quiz.id, quiz]]) });

describe('lintLesson', () => {
  test('passes the valid fixture', () => {
    expect(lint(fixture).errors).toEqual([]);
  });

  test('names a step with no heading and a heading with no step', () => {
    const { errors } = lint(fixture.replace('## 一、法律怎么说', '## 一、法律这样说'));
    expect(errors).toContain(`${file}: steps.1.section “一、法律怎么说”不是正文里的 ## 标题`);
    expect(errors).toContain(`${file}: 正文标题“## 一、法律这样说”在 steps 里没有对应的环节`);
  });

  test('refuses unknown and frightening icons, long speech and a missing caption', () => {
    const source = fixture.replace(
      '<Scene items={["girl-medium", "boy-light"]} caption="两人一组练习拒绝。" />',
      '<Scene items={["syringe", "no-such-icon"]} say="这句话一共有十七个字这句话一共有十七" />',
    );
    const { errors } = lint(source);
    expect(errors.join('\n')).toMatch(/图标 syringe 会吓到学生/);
    expect(errors.join('\n')).toMatch(/图标 no-such-icon 不在 Fluent Emoji Flat 里/);
    expect(errors.join('\n')).toMatch(/缺少 caption/);
    expect(errors.join('\n')).toMatch(/有 18 个字，最多 16 个/);
  });

  test('wants a picture in every section of a primary lesson', () => {
    const primary = fixture
      .replace('band: junior', 'band: primary-middle')
      .replace('grades: [8]', 'grades: [3]')
      .replace('minutes: 45', 'minutes: 40')
      .replace('minutes: 20', 'minutes: 15');
    const { errors } = lintLesson('content/lessons/primary-middle/test.mdx', primary, { facts, quizzes: new Map([['test-quiz', bank(12)]]) });
    expect(errors.filter((e) => e.includes('这一节没有 <Scene>'))).toHaveLength(2);
  });

  test('names a citation and a fact id the table does not hold', () => {
    const { errors } = lint(fixture.replace('facts: [jdf-article-2]', 'facts: [no-such-fact]').replace('## 小结\n\n正文。', '## 小结\n\n刑法第三百五十四条。'));
    expect(errors.join('\n')).toMatch(/facts 里的 no-such-fact/);
    expect(errors.join('\n')).toMatch(/《刑法》第354条/);
  });

  test('names a missing or small quiz bank', () => {
    expect(lintLesson(file, fixture, { facts, quizzes: new Map() }).errors).toContain(`${file}: quiz: 题库 content/quizzes/test-quiz.yaml 不存在`);
    expect(lint(fixture, bank(9)).errors.join('\n')).toMatch(/题库只有 9 题，至少要 10 题/);
  });
});

describe('lintQuiz', () => {
  test('refuses a multiple-choice question with one wrong option and warns on its stem', () => {
    const multiple = {
      id: 'jr-test-99',
      type: 'multiple',
      stem: '哪些做法对',
      options: ['a', 'b', 'c'].map((id) => ({ id, text: id })),
      answer: ['a', 'b'],
      explanation: '解析。',
      topic: 'law',
      difficulty: 2,
    };
    const result = lintQuiz(bank(11, [multiple]), 'junior');
    expect(result.errors.join('\n')).toMatch(/多选题只有 1 个错误选项/);
    expect(result.warnings.join('\n')).toMatch(/（多选）/);
  });

  test('warns when keys bunch on one letter and when most questions are easy', () => {
    const raw = bank(12).raw as { questions: { answer: string; difficulty: number }[] };
    const bunched = { ...bank(12), raw: { ...raw, questions: raw.questions.map((q) => ({ ...q, answer: 'a', difficulty: 1 })) } };
    const { warnings } = lintQuiz(bunched, 'junior');
    expect(warnings.join('\n')).toMatch(/12 道单选题中有 12 道答案是 a/);
    expect(warnings.join('\n')).toMatch(/难度 1 的题有 12 道，超过一半/);
  });

  test('warns on half-width quotes and spaces between Han characters and digits', () => {
    const q = { id: 'jr-test-98', type: 'truefalse', stem: '遇到危险拨打 110，说"我不要"。', answer: true, explanation: '解析。', topic: 'law', difficulty: 2 };
    const { warnings } = lintQuiz(bank(11, [q]), 'junior');
    expect(warnings.join('\n')).toMatch(/半角引号/);
    expect(warnings.join('\n')).toMatch(/汉字和数字之间有空格/);
  });
});

describe('duplicateQuestionIds', () => {
  test('names ids used by two banks', () => {
    const a = bank(10);
    const b = { ...bank(10), id: 'other', file: 'content/quizzes/other.yaml' };
    expect(duplicateQuestionIds([a, b]).get('jr-test-01')).toEqual(['content/quizzes/test-quiz.yaml', 'content/quizzes/other.yaml']);
  });
});
