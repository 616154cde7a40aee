import jstat from 'jstat';

/**
 * The statistics of the effect evaluation: means, standard deviations, 95% confidence intervals
 * and Hedges' g. Distribution values come from jStat (a kept statistics library); the test checks
 * them against the printed tables of t.
 */

/** The normal 97.5% quantile, z(0.975) ≈ 1.959964. */
export const z975: number = jstat.jStat.normal.inv(0.975, 0, 1);

/**
 * Student's t quantile t(0.975, df), for a two-sided 95% interval.
 * @example tCritical95(9) // 2.2621571…
 */
export function tCritical95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  return jstat.jStat.studentt.inv(0.975, df);
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
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
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
