import { describe, expect, test } from 'vitest';
import { hedgesG, mean, meanCi, pooledSd, sampleSd, summarize, tCritical95 } from './stats';

// A small data set written out by hand: two groups of scale scores (0-100). The 3-decimal
// figures were checked with SciPy 1.17.1 / NumPy (ddof=1) when the test was written.
const pre = [40, 55, 62.5, 47.5, 50, 70, 35, 52.5, 60, 45, 57.5, 42.5];
const post = [60, 72.5, 65, 55, 80, 67.5, 75, 62.5, 70, 57.5, 85, 50, 77.5, 66.25];

describe('tCritical95', () => {
  test('returns the tabled t(0.975, df) and the normal 1.96 beyond 120', () => {
    expect([1, 2, 9, 11, 13, 24, 30, 60, 100, 120].map(tCritical95)).toEqual([12.706, 4.303, 2.262, 2.201, 2.160, 2.064, 2.042, 2.000, 1.984, 1.980]);
    expect(tCritical95(121)).toBe(1.96);
    expect(tCritical95(100_000)).toBe(1.96);
  });

  test('never rises as the degrees of freedom grow', () => {
    const values = Array.from({ length: 121 }, (_, i) => tCritical95(i + 1));
    expect(values.every((v, i) => i === 0 || v <= (values[i - 1] ?? Infinity))).toBe(true);
  });

  test('refuses degrees of freedom that are not positive integers', () => {
    expect(() => tCritical95(0)).toThrow(RangeError);
    expect(() => tCritical95(2.5)).toThrow(RangeError);
  });
});

describe('the seeded data set, computed independently', () => {
  // Written out by hand: sums, squared deviations, and the formulas in their textbook form.
  const sum1 = 617.5; const m1 = sum1 / 12; // 51.458333…
  const sum2 = 943.75; const m2 = sum2 / 14; // 67.410714…
  const ss1 = pre.reduce((s, x) => s + (x - m1) * (x - m1), 0);
  const ss2 = post.reduce((s, x) => s + (x - m2) * (x - m2), 0);
  const sd1 = Math.sqrt(ss1 / 11);
  const sd2 = Math.sqrt(ss2 / 13);
  const sp = Math.sqrt((ss1 + ss2) / 24);
  const j = 1 - 3 / (4 * 26 - 9); // 1 - 3/95
  const d = (m2 - m1) / sp;
  const se = j * Math.sqrt(26 / (12 * 14) + (d * d) / 52);

  test('means and SDs to 3 decimals', () => {
    expect(mean(pre)).toBeCloseTo(51.458, 3);
    expect(mean(post)).toBeCloseTo(67.411, 3);
    expect(sampleSd(pre)).toBeCloseTo(sd1, 10);
    expect(sampleSd(post)).toBeCloseTo(sd2, 10);
    expect(sampleSd(pre)).toBeCloseTo(10.139, 3);
    expect(sampleSd(post)).toBeCloseTo(10.006, 3);
  });

  test('95% intervals of the means with t(0.975, 11) = 2.201 and t(0.975, 13) = 2.160', () => {
    const a = meanCi(summarize(pre));
    const b = meanCi(summarize(post));
    expect(a?.lower).toBeCloseTo(m1 - 2.201 * sd1 / Math.sqrt(12), 10);
    expect(a?.upper).toBeCloseTo(m1 + 2.201 * sd1 / Math.sqrt(12), 10);
    expect(b?.lower).toBeCloseTo(m2 - 2.160 * sd2 / Math.sqrt(14), 10);
    expect(a?.lower).toBeCloseTo(45.0165, 3);
    expect(a?.upper).toBeCloseTo(57.900, 3);
    expect(b?.lower).toBeCloseTo(61.635, 3);
    expect(b?.upper).toBeCloseTo(73.187, 3);
  });

  test("pooled SD, J and Hedges' g with its interval", () => {
    expect(pooledSd(summarize(post), summarize(pre))).toBeCloseTo(sp, 10);
    const effect = hedgesG(summarize(post), summarize(pre));
    expect(effect?.j).toBeCloseTo(j, 12);
    expect(effect?.j).toBeCloseTo(0.968, 3);
    expect(effect?.d).toBeCloseTo(d, 10);
    expect(effect?.g).toBeCloseTo(j * d, 10);
    expect(effect?.g).toBeCloseTo(1.535, 3);
    expect(effect?.se).toBeCloseTo(se, 10);
    expect(effect?.lower).toBeCloseTo(j * d - 1.96 * se, 10);
    expect(effect?.lower).toBeCloseTo(0.679, 3);
    expect(effect?.upper).toBeCloseTo(2.390, 3);
  });
});

describe('edge cases', () => {
  test('gives no interval and no g under two values or without spread', () => {
    expect(meanCi({ n: 1, mean: 50, sd: Number.NaN })).toBeNull();
    expect(hedgesG({ n: 1, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 1 })).toBeNull();
    expect(hedgesG({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 0 })).toBeNull();
  });
});
