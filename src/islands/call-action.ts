/**
 * A small stand-in for the `astro:actions` client: islands on phones pay for every kilobyte,
 * and they only need JSON in, plain data out. Same endpoint (`/_actions/<name>`), same
 * server-side validation and errors.
 */
export type ActionResult<T> = { data: T; error?: undefined } | { data?: undefined; error: { message: string; status: number } };

/**
 * Rebuilds a value from devalue's flat form, which Astro uses for action results: an array
 * whose first item is the root, with every nested value replaced by its index.
 */
export function unflatten(flat: unknown): unknown {
  if (!Array.isArray(flat)) return flat;
  const seen = new Map<number, unknown>();
  const hydrate = (index: number): unknown => {
    if (index < 0) return undefined;
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

/** Calls an action with JSON input; network trouble and server refusals come back as `error` with a Chinese message. */
export async function callAction<T>(name: string, input: unknown): Promise<ActionResult<T>> {
  let response: Response;
  try {
    response = await fetch(`/_actions/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(input),
    });
  } catch {
    return { error: { message: '网络连接失败，请检查网络后再试', status: 0 } };
  }
  const body = (await response.json().catch(() => null)) as { message?: string; issues?: { message: string }[] } | null;
  if (!response.ok) {
    return { error: { message: body?.message || body?.issues?.[0]?.message || '出错了，请稍后再试', status: response.status } };
  }
  return { data: unflatten(body) as T };
}
