/**
 * Seeded drawing of questions and shuffling of options, so an attempt can be rebuilt from
 * its seed and tests are deterministic.
 */

/** A 32-bit PRNG (mulberry32); returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher-Yates). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Draws `count` distinct questions (all of them when the bank is smaller) and shuffles each
 * question's options.
 * @example drawQuestions(bank, 5, 42) // the same 5 questions in the same order for seed 42
 */
export function drawQuestions<Q extends { id: string; options?: readonly O[] | undefined }, O>(bank: readonly Q[], count: number, seed: number): Q[] {
  const random = seededRandom(seed);
  return shuffle(bank, random)
    .slice(0, Math.max(0, count))
    .map((q) => (q.options ? { ...q, options: shuffle(q.options, random) } : q));
}

/**
 * Shuffles the options of each question with a seed, keeping the question order; the seed
 * stored on an attempt gives the same order again.
 */
export function shuffleOptions<Q extends { options: readonly O[] }, O>(questions: readonly Q[], seed: number): Q[] {
  const random = seededRandom(seed);
  return questions.map((q) => ({ ...q, options: shuffle(q.options, random) }));
}
