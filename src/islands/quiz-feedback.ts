/** What a pupil's answer and the revealed key make of one option, and the line under the question. */
export interface OptionFeedback {
  /** The pupil ticked this option. */
  chosen: boolean;
  /** This option is (part of) the right answer. */
  key: boolean;
}

export type GivenAnswer = string | string[] | boolean | undefined;
export type KeyAnswer = string | string[] | boolean;

/** The option ids a true/false, single or multiple answer stands for (true/false as 'true'/'false'). */
export function answerIds(answer: GivenAnswer): string[] {
  if (answer === undefined) return [];
  if (typeof answer === 'boolean') return [String(answer)];
  return Array.isArray(answer) ? answer : [answer];
}

/**
 * Marks one option after grading: whether the pupil chose it and whether it belongs to the key,
 * so the page can show "你的选择" beside the pupil's own choice and "正确答案" beside the key.
 * @example optionFeedback('false', true, true) // { chosen: false, key: true }
 */
export function optionFeedback(optionId: string, given: GivenAnswer, key: KeyAnswer): OptionFeedback {
  return { chosen: answerIds(given).includes(optionId), key: answerIds(key).includes(optionId) };
}

/**
 * The verdict line under a graded question. A wrong answer names the key after "正确答案：", never
 * after "回答错误：" (which read as "wrong: true", a contradiction).
 * @example verdictLine({ correct: false, keyText: '对', labels }) // { verdict: '回答错误', key: '正确答案：对' }
 */
export function verdictLine(input: { correct: boolean; keyText: string; labels: { correct: string; wrong: string; keyIs: string } }): { verdict: string; key: string | null } {
  if (input.correct) return { verdict: input.labels.correct, key: null };
  return { verdict: input.labels.wrong, key: input.labels.keyIs.replace('{key}', input.keyText) };
}
