import { describe, expect, test } from 'vitest';
import zh from '~/i18n/zh-CN.json';
import { optionFeedback, verdictLine } from './quiz-feedback';

const labels = { correct: zh['quiz.correct'], wrong: zh['quiz.wrong'], keyIs: zh['quiz.keyIs'] };

describe('verdictLine', () => {
  test('names the key as the right answer, not after 回答错误', () => {
    const line = verdictLine({ correct: false, keyText: '对', labels });
    expect(line).toEqual({ verdict: '回答错误', key: '正确答案：对' });
    expect(`${line.verdict}${line.key}`).not.toContain('回答错误：');
  });

  test('says nothing more than 回答正确 when the answer is right', () => {
    expect(verdictLine({ correct: true, keyText: '对', labels })).toEqual({ verdict: '回答正确', key: null });
  });
});

describe('optionFeedback', () => {
  test('marks the pupil’s own true/false choice apart from the key', () => {
    expect(optionFeedback('false', false, true)).toEqual({ chosen: true, key: false });
    expect(optionFeedback('true', false, true)).toEqual({ chosen: false, key: true });
  });

  test('marks each ticked option of a multiple-choice answer', () => {
    expect(optionFeedback('a', ['a', 'c'], ['a', 'b'])).toEqual({ chosen: true, key: true });
    expect(optionFeedback('b', ['a', 'c'], ['a', 'b'])).toEqual({ chosen: false, key: true });
    expect(optionFeedback('c', ['a', 'c'], ['a', 'b'])).toEqual({ chosen: true, key: false });
  });

  test('marks nothing as chosen when the question was left blank', () => {
    expect(optionFeedback('a', undefined, 'a')).toEqual({ chosen: false, key: true });
  });
});
