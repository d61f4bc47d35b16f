/* Statistics of the benchmark's runs (no side effects: tests import this module). */

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The median of the paired ratios a[i] / b[i] (runs of the same round), minus one. */
export function medianPairedRatio(a: number[], b: number[]): number {
  return median(a.map((x, i) => x / b[i])) - 1;
}

/** `list` rotated by `round` places: the order of a benchmark round, so that each variant goes first in turn. */
export function roundOrder<T>(list: T[], round: number): T[] {
  const k = round % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** A signed percentage with one decimal: `+4.2%`. */
export function percent(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

/**
 * A 90 % bootstrap interval of the median of the paired ratios a[i] / b[i], minus one: [low, high]. Deterministic (a
 * fixed-seed generator), so the same runs always give the same interval.
 */
export function pairedRatioInterval(a: number[], b: number[], resamples = 2000): [number, number] {
  const ratios = a.map((x, i) => x / b[i]);
  let seed = 1;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647; // Park–Miller
  const medians = Array.from({ length: resamples }, () => median(ratios.map(() => ratios[Math.floor(random() * ratios.length)])))
    .sort((x, y) => x - y);
  return [medians[Math.floor(resamples * 0.05)] - 1, medians[Math.floor(resamples * 0.95)] - 1];
}

/** Runs `a` against runs `b` of the same rounds: the ratio of medians and the median of paired ratios, minus one, and the latter's 90 % interval. */
export interface Comparison {
  readonly ofMedians: number;
  readonly paired: number;
  readonly interval: [number, number];
}

export function compareRuns(a: number[], b: number[]): Comparison {
  return { ofMedians: median(a) / median(b) - 1, paired: medianPairedRatio(a, b), interval: pairedRatioInterval(a, b) };
}

/** `+4.2% / +3.9%`: the ratio of medians / the median of paired ratios. */
export function bothRatios(c: Comparison): string {
  return `${percent(c.ofMedians)} / ${percent(c.paired)}`;
}

/** `+4.2% / +3.9% (+1.0% to +6.1%)`: both ratios and the interval of the paired one. */
export function ratiosWithInterval(c: Comparison): string {
  return `${bothRatios(c)} (${percent(c.interval[0])} to ${percent(c.interval[1])})`;
}

/** One app's runs at one size: wall and CPU milliseconds, in round order. */
export interface RunSeries {
  readonly runs: number[];
  readonly cpuRuns: number[];
}

/** App `a` against app `b`, measured in the same rounds: wall and CPU compared. */
export function compareSeries(a: RunSeries, b: RunSeries): { wall: Comparison; cpu: Comparison } {
  return { wall: compareRuns(a.runs, b.runs), cpu: compareRuns(a.cpuRuns, b.cpuRuns) };
}
