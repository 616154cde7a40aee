import { describe, expect, test } from 'vitest';
import { hedgesG, mean, meanCi, pooledSd, sampleSd, summarize, tCritical95 } from './stats';

// A small data set written out by hand: two groups of scale scores (0-100). The 3-decimal
// figures were checked with SciPy 1.17.1 / NumPy (ddof=1) when the test was written.
const pre = [40, 55, 62.5, 47.5, 50, 70, 35, 52.5, 60, 45, 57.5, 42.5];
const post = [60, 72.5, 65, 55, 80, 67.5, 75, 62.5, 70, 57.5, 85, 50, 77.5, 66.25];

/**
 * Two-sided 95% critical values of Student's t, t(0.975, df), for df = 1 … 120 (index df - 1),
 * to 3 decimals. Source: each value is SciPy 1.17.1 `scipy.stats.t.ppf(0.975, df)` rounded to 3
 * decimals, computed once when the table was written; df 1-30, 40, 60 and 100 agree with the
 * table of the NIST/SEMATECH e-Handbook of Statistical Methods (section 1.3.6.7.2, "Critical
 * Values of the Student's t Distribution", column 0.025) and with Biometrika Tables for
 * Statisticians vol. 1 (Pearson & Hartley, 1966). Beyond 120 the normal value 1.960 is used
 * (t(0.975, 120) = 1.980; the difference is under 0.02 × the standard error).
 */
const printed: readonly number[] = [
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228, // df 1-10
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086, // df 11-20
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042, // df 21-30
  2.04,
  2.037,
  2.035,
  2.032,
  2.03,
  2.028,
  2.026,
  2.024,
  2.023,
  2.021, // df 31-40
  2.02,
  2.018,
  2.017,
  2.015,
  2.014,
  2.013,
  2.012,
  2.011,
  2.01,
  2.009, // df 41-50
  2.008,
  2.007,
  2.006,
  2.005,
  2.004,
  2.003,
  2.002,
  2.002,
  2.001,
  2.0, // df 51-60
  2.0,
  1.999,
  1.998,
  1.998,
  1.997,
  1.997,
  1.996,
  1.995,
  1.995,
  1.994, // df 61-70
  1.994,
  1.993,
  1.993,
  1.993,
  1.992,
  1.992,
  1.991,
  1.991,
  1.99,
  1.99, // df 71-80
  1.99,
  1.989,
  1.989,
  1.989,
  1.988,
  1.988,
  1.988,
  1.987,
  1.987,
  1.987, // df 81-90
  1.986,
  1.986,
  1.986,
  1.986,
  1.985,
  1.985,
  1.985,
  1.984,
  1.984,
  1.984, // df 91-100
  1.984,
  1.983,
  1.983,
  1.983,
  1.983,
  1.983,
  1.982,
  1.982,
  1.982,
  1.982, // df 101-110
  1.982,
  1.981,
  1.981,
  1.981,
  1.981,
  1.981,
  1.98,
  1.98,
  1.98,
  1.98, // df 111-120
];

describe('tCritical95', () => {
  test('agrees with the printed t(0.975, df) for df 1-120 to 3 decimals, and tends to the normal 1.960', () => {
    printed.forEach((value, i) => {
      expect(tCritical95(i + 1), `df ${i + 1}`).toBeCloseTo(value, 3);
    });
    expect(tCritical95(200)).toBeCloseTo(1.972, 3);
    expect(tCritical95(100_000)).toBeCloseTo(1.96, 3);
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
  const sum1 = 617.5;
  const m1 = sum1 / 12; // 51.458333…
  const sum2 = 943.75;
  const m2 = sum2 / 14; // 67.410714…
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

  // Quantiles as statistical software prints them (SciPy t.ppf / norm.ppf), to 7 decimals.
  const t11 = 2.2009852;
  const t13 = 2.1603687;
  const z = 1.959964;
  test('95% intervals of the means with t(0.975, 11) = 2.201 and t(0.975, 13) = 2.160', () => {
    const a = meanCi(summarize(pre));
    const b = meanCi(summarize(post));
    expect(a?.lower).toBeCloseTo(m1 - (t11 * sd1) / Math.sqrt(12), 5);
    expect(a?.upper).toBeCloseTo(m1 + (t11 * sd1) / Math.sqrt(12), 5);
    expect(b?.lower).toBeCloseTo(m2 - (t13 * sd2) / Math.sqrt(14), 5);
    expect(a?.lower).toBeCloseTo(45.0165, 3);
    expect(a?.upper).toBeCloseTo(57.9, 3);
    expect(b?.lower).toBeCloseTo(61.634, 3);
    expect(b?.upper).toBeCloseTo(73.188, 3);
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
    expect(effect?.lower).toBeCloseTo(j * d - z * se, 5);
    expect(effect?.lower).toBeCloseTo(0.679, 3);
    expect(effect?.upper).toBeCloseTo(2.39, 3);
  });
});

describe('edge cases', () => {
  test('gives no interval and no g under two values or without spread', () => {
    expect(meanCi({ n: 1, mean: 50, sd: Number.NaN })).toBeNull();
    expect(hedgesG({ n: 1, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 1 })).toBeNull();
    expect(hedgesG({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 0 })).toBeNull();
  });
});
