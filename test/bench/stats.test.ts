import { bothRatios, compareRuns, compareSeries, median, medianPairedRatio, pairedRatioInterval, percent, ratiosWithInterval, roundOrder } from '../../bench/stats';

describe('pairedRatioInterval (the 90 % bootstrap interval of the median paired ratio, in BENCHMARKS.md)', () => {
  test('runs that differ by the same factor in every round give that factor, exactly', () => {
    const b = [300, 310, 295, 400, 305, 290, 500];
    expect(pairedRatioInterval(b.map((x) => x * 1.08), b).map((x) => Number(x.toFixed(6)))).toEqual([0.08, 0.08]);
  });

  test('the interval holds the median paired ratio, and noisier runs widen it', () => {
    const b = Array.from({ length: 21 }, (_, i) => 300 + (i % 5) * 7);
    const quiet = b.map((x, i) => x * (1.05 + ((i % 3) - 1) * 0.01));
    const noisy = b.map((x, i) => x * (1.05 + ((i % 3) - 1) * 0.08));
    const paired = median(quiet.map((x, i) => x / b[i])) - 1;
    const [low, high] = pairedRatioInterval(quiet, b);
    expect(low).toBeLessThanOrEqual(paired);
    expect(high).toBeGreaterThanOrEqual(paired);
    const [noisyLow, noisyHigh] = pairedRatioInterval(noisy, b);
    expect(noisyHigh - noisyLow).toBeGreaterThan(high - low);
  });

  test('the same runs give the same interval (a fixed seed)', () => {
    const a = [330, 350, 310, 345, 360, 320, 333, 341, 338];
    const b = [300, 330, 305, 320, 310, 315, 300, 322, 318];
    expect(pairedRatioInterval(a, b)).toEqual(pairedRatioInterval(a, b));
  });
});

describe('the round helpers of the benchmark', () => {
  test('roundOrder puts each variant first in turn, keeping their cycle', () => {
    const v = ['library', 'flat', 'tree'];
    expect([0, 1, 2, 3].map((r) => roundOrder(v, r))).toEqual([
      ['library', 'flat', 'tree'], ['flat', 'tree', 'library'], ['tree', 'library', 'flat'], ['library', 'flat', 'tree'],
    ]);
  });

  test('medianPairedRatio divides runs of the same round, not medians', () => {
    // Medians 150 / 100 (+50 %), but each round's ratio is +5 %, +5 %, +50 %: the median of those is +5 %.
    expect(medianPairedRatio([105, 210, 150], [100, 200, 100])).toBeCloseTo(0.05, 10);
  });

  test('percent signs and rounds', () => {
    expect([0.0423, -0.01, 0].map(percent)).toEqual(['+4.2%', '-1.0%', '+0.0%']);
  });

  test('compareRuns gives both ratios and the paired one\'s interval, and the table cells show them in that order', () => {
    const c = compareRuns([105, 210, 150], [100, 200, 100]);
    expect(c.ofMedians).toBeCloseTo(0.5, 10); // medians 150 / 100
    expect(c.paired).toBeCloseTo(0.05, 10);
    expect(c.interval).toEqual(pairedRatioInterval([105, 210, 150], [100, 200, 100]));
    expect(bothRatios(c)).toBe('+50.0% / +5.0%');
    expect(ratiosWithInterval(c)).toBe(`+50.0% / +5.0% (${percent(c.interval[0])} to ${percent(c.interval[1])})`);
  });

  test('compareSeries compares the wall runs with the wall runs and the CPU runs with the CPU runs', () => {
    const c = compareSeries({ runs: [105, 210, 150], cpuRuns: [220, 440] }, { runs: [100, 200, 100], cpuRuns: [200, 400] });
    expect(c.wall).toEqual(compareRuns([105, 210, 150], [100, 200, 100]));
    expect(c.cpu.paired).toBeCloseTo(0.1, 10);
  });
});
