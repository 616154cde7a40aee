/**
 * The statistics of the effect evaluation: means, standard deviations, 95% confidence intervals
 * and Hedges' g. The one place that holds distribution values, so a kept statistics library can
 * replace the table below without touching anything else (none is installed: see the report of
 * issue 13).
 */

/**
 * Two-sided 95% critical values of Student's t, t(0.975, df), for df = 1 … 120 (index df - 1),
 * to 3 decimals. Source: each value is SciPy 1.17.1 `scipy.stats.t.ppf(0.975, df)` rounded to 3
 * decimals, computed once when the table was written; df 1-30, 40, 60 and 100 agree with the
 * table of the NIST/SEMATECH e-Handbook of Statistical Methods (section 1.3.6.7.2, "Critical
 * Values of the Student's t Distribution", column 0.025) and with Biometrika Tables for
 * Statisticians vol. 1 (Pearson & Hartley, 1966). Beyond 120 the normal value 1.960 is used
 * (t(0.975, 120) = 1.980; the difference is under 0.02 × the standard error).
 */
const t975: readonly number[] = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, // df 1-10
  2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, // df 11-20
  2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042, // df 21-30
  2.040, 2.037, 2.035, 2.032, 2.030, 2.028, 2.026, 2.024, 2.023, 2.021, // df 31-40
  2.020, 2.018, 2.017, 2.015, 2.014, 2.013, 2.012, 2.011, 2.010, 2.009, // df 41-50
  2.008, 2.007, 2.006, 2.005, 2.004, 2.003, 2.002, 2.002, 2.001, 2.000, // df 51-60
  2.000, 1.999, 1.998, 1.998, 1.997, 1.997, 1.996, 1.995, 1.995, 1.994, // df 61-70
  1.994, 1.993, 1.993, 1.993, 1.992, 1.992, 1.991, 1.991, 1.990, 1.990, // df 71-80
  1.990, 1.989, 1.989, 1.989, 1.988, 1.988, 1.988, 1.987, 1.987, 1.987, // df 81-90
  1.986, 1.986, 1.986, 1.986, 1.985, 1.985, 1.985, 1.984, 1.984, 1.984, // df 91-100
  1.984, 1.983, 1.983, 1.983, 1.983, 1.983, 1.982, 1.982, 1.982, 1.982, // df 101-110
  1.982, 1.981, 1.981, 1.981, 1.981, 1.981, 1.980, 1.980, 1.980, 1.980, // df 111-120
];

/** The normal 97.5% quantile, z(0.975), to 3 decimals (the same tables, row ∞). */
export const z975 = 1.96;

/**
 * t(0.975, df) from the table; the normal 1.96 beyond df 120.
 * @example tCritical95(9) // 2.262
 */
export function tCritical95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  return t975[df - 1] ?? z975;
}

/** What a cell of the results holds: the number of responses, their mean and sample SD (n - 1). */
export interface Summary {
  n: number;
  mean: number;
  sd: number;
}

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The sample standard deviation (divisor n - 1); NaN for fewer than two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** n, mean and sample SD of a list of values. */
export function summarize(values: readonly number[]): Summary {
  return { n: values.length, mean: mean(values), sd: sampleSd(values) };
}

/** A two-sided 95% interval. */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * The 95% confidence interval of a mean: mean ± t(0.975, n - 1) · sd / √n; null under 2 values.
 * @example meanCi({ n: 10, mean: 50, sd: 10 }) // { lower: 42.846…, upper: 57.153… }
 */
export function meanCi({ n, mean: m, sd }: Summary): Interval | null {
  if (n < 2) return null;
  const half = tCritical95(n - 1) * sd / Math.sqrt(n);
  return { lower: m - half, upper: m + half };
}

/** The pooled standard deviation of two groups: √(((n₁-1)s₁² + (n₂-1)s₂²) / (n₁ + n₂ - 2)). */
export function pooledSd(a: Summary, b: Summary): number {
  return Math.sqrt(((a.n - 1) * a.sd ** 2 + (b.n - 1) * b.sd ** 2) / (a.n + b.n - 2));
}

/** Hedges' g of two independent groups with what it is made of. */
export interface Effect extends Interval {
  /** Cohen's d: the difference of the means over the pooled SD. */
  d: number;
  /** The small-sample correction J = 1 - 3 / (4(n₁ + n₂) - 9). */
  j: number;
  g: number;
  /** The standard error of g: J · √((n₁ + n₂)/(n₁n₂) + d² / (2(n₁ + n₂))). */
  se: number;
}

/**
 * Hedges' g of `after` over `before` (positive when `after` is higher) with its 95% interval
 * g ± 1.96 · SE, after Borenstein, Hedges, Higgins & Rothstein, Introduction to Meta-Analysis
 * (2009), equations 4.18-4.24. Null when either group has fewer than 2 values or no spread.
 */
export function hedgesG(after: Summary, before: Summary): Effect | null {
  if (after.n < 2 || before.n < 2) return null;
  const s = pooledSd(after, before);
  if (!(s > 0)) return null;
  const d = (after.mean - before.mean) / s;
  const total = after.n + before.n;
  const j = 1 - 3 / (4 * total - 9);
  const g = j * d;
  const se = j * Math.sqrt(total / (after.n * before.n) + d ** 2 / (2 * total));
  return { d, j, g, se, lower: g - z975 * se, upper: g + z975 * se };
}
