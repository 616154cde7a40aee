import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Key = string | string[] | boolean;

/** The answer keys of a quiz bank, read from content/ by the test (never by a browser). */
export function answerKeys(quizId: string): Map<string, { key: Key; wrong: Key }> {
  const bank = parse(readFileSync(join(process.cwd(), 'content/quizzes', `${quizId}.yaml`), 'utf8')) as {
    questions: { id: string; type: string; answer: Key; options?: { id: string }[] }[];
  };
  return new Map(
    bank.questions.map((q) => {
      const wrong: Key =
        q.type === 'truefalse' ? !q.answer : q.type === 'single' ? ((q.options ?? []).find((o) => o.id !== q.answer)?.id ?? 'z') : [(q.options ?? [])[0]?.id ?? 'a'];
      return [q.id, { key: q.answer, wrong }];
    }),
  );
}

/** Answers for the drawn questions: all right, or all wrong. */
export function answersFor(quizId: string, questionIds: string[], right: boolean): Record<string, Key> {
  const keys = answerKeys(quizId);
  return Object.fromEntries(questionIds.map((id) => [id, right ? (keys.get(id)?.key ?? false) : (keys.get(id)?.wrong ?? false)]));
}
