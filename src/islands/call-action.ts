// Islands call actions through Astro's typed client (`actions` from 'astro:actions', see settle.ts);
// the tests that post to `/_actions/<name>` themselves read the answer with `unflatten`.

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
