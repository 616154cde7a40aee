// How islands call actions: `await callAction('quiz.start', { quizId })`, typed by the actions
// themselves (src/actions/) without loading Astro's client runtime in the browser: its proxy,
// error classes and devalue parser were 3.6 KB of gzipped JS on every page with an island.
import type { actions } from 'astro:actions';

type Actions = typeof actions;

/** Every action by its path, `namespace.name`: 'quiz.start', 'classroom.answer', … */
export type ActionPath = { [N in keyof Actions & string]: `${N}.${keyof Actions[N] & string}` }[keyof Actions & string];

/** The action at a path, as Astro's typed client declares it. */
type ActionAt<P extends ActionPath> = P extends `${infer N extends keyof Actions & string}.${infer A}` ? (A extends keyof Actions[N] ? Actions[N][A] : never) : never;

/** The JSON input an action takes (its typed client also takes FormData, which islands do not send). */
type InputOf<A> = A extends (input: infer I) => unknown ? Exclude<I, FormData> : never;

/** The data an action returns: `ActionData<typeof actions.quiz.submit>` (a type-only import of `actions`). */
export type ActionData<A> = A extends (...args: never[]) => Promise<infer R> ? Exclude<R extends { data?: infer D } ? D : never, undefined> : never;

/** What an island gets back from an action: its data, or an error with a Chinese message and the HTTP status (0: no network). */
export type ActionResult<T> = { data: T; error?: undefined } | { data?: undefined; error: { message: string; status: number } };

/**
 * Posts the input as JSON to `/_actions/<path>`, as Astro's client does, and reads the answer:
 * the action's data (devalue's flat form, `unflatten`), or its error with the server's Chinese
 * message (a refused input: its first issue's message). Network trouble comes back as an error too.
 */
export async function callAction<P extends ActionPath>(path: P, input: InputOf<ActionAt<P>>): Promise<ActionResult<ActionData<ActionAt<P>>>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`/_actions/${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    text = response.status === 204 ? '' : await response.text();
  } catch {
    return { error: { message: '网络连接失败，请检查网络后再试', status: 0 } };
  }
  if (response.ok) return { data: (text === '' ? undefined : unflatten(JSON.parse(text))) as ActionData<ActionAt<P>> };
  let body: { message?: string; issues?: { message?: string }[] } | null = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { error: { message: body?.issues?.[0]?.message || body?.message || '出错了，请稍后再试', status: response.status } };
}

/** devalue's markers for values JSON cannot hold, by their negative index. */
const specials = new Map<number, unknown>([
  [-1, undefined],
  [-2, undefined],
  [-3, Number.NaN],
  [-4, Number.POSITIVE_INFINITY],
  [-5, Number.NEGATIVE_INFINITY],
  [-6, -0],
]);

/**
 * Rebuilds a value from devalue's flat form, which Astro uses for action results: an array
 * whose first item is the root, with every nested value replaced by its index. Our actions
 * return plain data: a tagged value (a Date, a Map) is refused rather than guessed.
 */
export function unflatten(flat: unknown): unknown {
  if (typeof flat === 'number') return specials.get(flat);
  if (!Array.isArray(flat)) return flat;
  const seen = new Map<number, unknown>();
  const hydrate = (index: number): unknown => {
    if (index < 0) return specials.get(index);
    if (seen.has(index)) return seen.get(index);
    const value: unknown = flat[index];
    let out: unknown = value;
    if (Array.isArray(value)) {
      if (typeof value[0] === 'string') throw new Error(`unsupported value type ${value[0]}`);
      out = value.map((i: number) => hydrate(i));
    } else if (value && typeof value === 'object') {
      out = Object.fromEntries(Object.entries(value as Record<string, number>).map(([k, i]) => [k, hydrate(i)]));
    }
    seen.set(index, out);
    return out;
  };
  return hydrate(0);
}
