/**
 * Classroom mode as the projector and the phones see it: the compact state the database's
 * `classroom_state` returns (no pupil is named in it; keys only after the reveal), and the
 * counting both screens share.
 */

export type ClassroomQuestionType = 'single' | 'multiple' | 'truefalse';

export interface ClassroomOption {
  id: string;
  text: string;
}

export interface ClassroomQuestion {
  /** The classroom question (one opening of a bank question in this session). */
  id: string;
  position: number;
  type: ClassroomQuestionType;
  stem: string;
  /** For true-or-false: `true` 对 and `false` 错. */
  options: ClassroomOption[];
  open: boolean;
  revealed: boolean;
  /** How many pupils answered on their phones. */
  answered: number;
  /** The teacher's show of hands per option, if counted. */
  hands: Record<string, number> | null;
  /**
   * The pupil's own answer (phones only); `correct` once revealed. Absent from a poll answered
   * from the screens' shared copy: the phone keeps what it sent.
   */
  mine?: { response: unknown; correct: boolean | null } | null;
  /** After the reveal: the key, its explanation, and the phones' answers per option. */
  answer?: unknown;
  explanation?: string;
  distribution?: Record<string, number>;
}

export interface ClassroomState {
  id: string;
  open: boolean;
  /** The join code, for the class's teacher while the session is open. */
  code: string | null;
  joined: number;
  /** Bank question ids already asked in this session (teacher only). */
  asked: string[];
  question: ClassroomQuestion | null;
}

/** The option ids of a key: `'b'`, `['a','c']` or `false` become `['b']`, `['a','c']`, `['false']`. */
export function keyOptions(answer: unknown): string[] {
  if (Array.isArray(answer)) return answer.map(String);
  if (answer === undefined || answer === null) return [];
  return [String(answer)];
}

export interface Tally {
  option: ClassroomOption;
  count: number;
  /** Share of the largest count, 0-100, for drawing a bar. */
  width: number;
  key: boolean;
}

/**
 * The bars after a reveal: the show of hands where the teacher counted one, else the phones'
 * answers; each option with its count, and whether it is (part of) the key.
 * @example tally({ ...q, distribution: { a: 3, b: 1 }, answer: 'a' })[0] // { option: a, count: 3, width: 100, key: true }
 */
export function tally(question: Pick<ClassroomQuestion, 'options' | 'hands' | 'distribution' | 'answer'>): Tally[] {
  const counts = question.hands ?? question.distribution ?? {};
  const key = keyOptions(question.answer);
  const max = Math.max(1, ...question.options.map((o) => counts[o.id] ?? 0));
  return question.options.map((option) => {
    const count = counts[option.id] ?? 0;
    return { option, count, width: Math.round((count * 100) / max), key: key.includes(option.id) };
  });
}

/** The response a pupil's choice sends: an id, ids, or a boolean for true-or-false. */
export function responseOf(type: ClassroomQuestionType, chosen: readonly string[]): string | string[] | boolean | null {
  if (chosen.length === 0) return null;
  if (type === 'multiple') return [...chosen].sort();
  if (type === 'truefalse') return chosen[0] === 'true';
  return chosen[0] ?? null;
}

/**
 * Whether a response matches the key, by the rule of the quiz (src/lib/domain/grading.ts):
 * multiple choice all or nothing.
 * @example isRight(['c', 'a'], ['a', 'c']) // true
 */
export function isRight(response: unknown, answer: unknown): boolean {
  const given = keyOptions(response).sort();
  const key = keyOptions(answer).sort();
  return given.length > 0 && given.length === key.length && given.every((id, i) => id === key[i]);
}

/** Option ids of a stored response, the other way round. */
export function chosenOf(response: unknown): string[] {
  return keyOptions(response);
}

/** A 6-digit join code as the projector shows it: `123 456`. */
export function spacedCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
