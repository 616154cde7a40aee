import type { QuestionType } from '~/lib/domain/catalog';

/** A question as the browser gets it: no key, no explanation. */
export interface PublicQuestion {
  id: string;
  type: QuestionType;
  stem: string;
  options: { id: string; text: string }[];
}

/** A graded question, with its key and explanation revealed after submission. */
export interface RevealedResult {
  id: string;
  correct: boolean;
  answer: string | string[] | boolean;
  explanation: string;
}
