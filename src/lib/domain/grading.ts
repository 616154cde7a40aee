import type { QuestionType } from './catalog';

/** What the server keeps about a question to grade it; never sent to a browser before submission. */
export interface AnswerKey {
  id: string;
  type: QuestionType;
  answer: string | string[] | boolean;
}

/** A learner's response: an option id, a list of option ids, or true/false. */
export type Response = string | string[] | boolean;

export interface QuestionResult {
  id: string;
  correct: boolean;
  answered: boolean;
}

export interface GradeResult {
  score: number;
  total: number;
  /** Whole percent, rounded down so 79.9 never counts as 80. */
  percent: number;
  passed: boolean;
  results: QuestionResult[];
}

/**
 * Whether one response is right: practice sets are graded here, scored attempts by SQL
 * `private.is_correct`; supabase/tests/one-owner.sql.test.ts runs both on one table of cases.
 *
 * Multiple choice is all or nothing: the chosen set must equal the key exactly, since
 * picking a wrong option (say, "taste it once to see") is the misconception the quiz is
 * there to catch, and partial credit would hide it.
 *
 * @example isCorrect({ id: 'q', type: 'multiple', answer: ['a', 'c'] }, ['c', 'a']) // true
 */
export function isCorrect(key: AnswerKey, response: Response | undefined): boolean {
  if (response === undefined) return false;
  switch (key.type) {
    case 'truefalse':
      return typeof response === 'boolean' && response === key.answer;
    case 'single':
      return typeof response === 'string' && response === key.answer;
    case 'multiple': {
      if (!Array.isArray(response) || !Array.isArray(key.answer)) return false;
      // A repeated option is a wrong answer, as in SQL (private.is_correct, parity-tested).
      const chosen = new Set(response);
      return chosen.size === response.length && chosen.size === key.answer.length && key.answer.every((id) => chosen.has(id));
    }
  }
}

/**
 * Grades a set of responses against the keys of the questions that were asked.
 * A question without a response counts as wrong.
 */
export function grade(keys: readonly AnswerKey[], responses: Readonly<Record<string, Response>>, passPercent: number): GradeResult {
  const results = keys.map((key) => {
    const response = responses[key.id];
    return { id: key.id, correct: isCorrect(key, response), answered: response !== undefined };
  });
  const score = results.filter((r) => r.correct).length;
  const total = keys.length;
  const percent = total === 0 ? 0 : Math.floor((score * 100) / total);
  return { score, total, percent, passed: total > 0 && percent >= passPercent, results };
}
