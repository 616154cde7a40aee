import { isInputError } from 'astro:actions';

/** What an island gets back from an action: its data, or an error with a Chinese message and the HTTP status (0: no network). */
export type ActionResult<T> = { data: T; error?: undefined } | { data?: undefined; error: { message: string; status: number } };

/** The result of a call of the typed client (Astro's SafeResult): data, or an ActionError. */
type SafeResult = { data: unknown; error?: undefined } | { data?: undefined; error: { message: string; status: number } };

/**
 * Awaits a call of Astro's typed actions client, so the result has the action's own type:
 * `await settle(actions.quiz.start({ quizId }))`. Network trouble comes back as an error too,
 * and a refused input carries the first issue's message (the zod-zh Chinese one).
 */
export async function settle<R extends SafeResult>(call: Promise<R>): Promise<ActionResult<Exclude<R['data'], undefined>>> {
  try {
    const result = await call;
    if (!result.error) return { data: result.data as Exclude<R['data'], undefined> };
    const { error } = result;
    const message = (isInputError(error) ? error.issues[0]?.message : error.message) || '出错了，请稍后再试';
    return { error: { message, status: error.status } };
  } catch {
    return { error: { message: '网络连接失败，请检查网络后再试', status: 0 } };
  }
}

/** The data an action of the typed client returns: `ActionData<typeof actions.quiz.submit>`. */
export type ActionData<A> = A extends (...args: never[]) => Promise<infer R> ? Exclude<R extends { data?: infer D } ? D : never, undefined> : never;
