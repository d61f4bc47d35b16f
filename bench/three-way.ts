/*
 * The library, the flat baseline and the same-tree baseline in the same rounds, many of them, with 90 % bootstrap
 * intervals: where the synth overhead goes (the tree's shape or the library's own code), construction and synthesis apart.
 *
 *   npx projen bench:lib && npx ts-node --transpiler ./test/support/esbuild-transform.js --project tsconfig.dev.json \
 *     bench/three-way.ts [envs=10] [rounds=60]
 *
 * L = library, T = same-tree baseline (bench/baseline-app.ts, `sameTreeBaselineApp`), B = flat baseline; each ratio is the
 * median of the paired ratios (runs of one round), with its interval (bench/stats.ts).
 */
import { baselineApp, sameTreeBaselineApp } from './baseline-app';
import { libraryApp } from './library-app';
import { median, medianPairedRatio, pairedRatioInterval, percent as pct, roundOrder } from './stats';
import { AppBuilder, cleanup, timedSynth } from './synth';

const envs = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 60);
const variants: AppBuilder[] = [libraryApp, baselineApp, sameTreeBaselineApp];
interface Run { wall: number; cpu: number; build: number }
const runs: { [name: string]: Run[] } = {};
const measure = (build: AppBuilder): Run => {
  const t = timedSynth(build, envs, 10);
  cleanup(t.outdir);
  return { wall: t.ms, cpu: t.cpuMs, build: t.buildCpuMs };
};
for (const v of variants) measure(v); // warm-up
for (let r = 0; r < rounds; r++) {
  // Rotate which variant goes first, so drift in machine load hits them alike.
  for (const v of roundOrder(variants, r)) (runs[v.name] = runs[v.name] ?? []).push(measure(v));
}
const ratio = (a: number[], b: number[]) => {
  const [low, high] = pairedRatioInterval(a, b);
  return `${pct(medianPairedRatio(a, b))} (${pct(low)} to ${pct(high)})`;
};
const [L, B, T] = variants.map((v) => runs[v.name]);
const measures: Array<[string, (r: Run) => number]> = [
  ['wall', (r) => r.wall], ['cpu', (r) => r.cpu], ['construction cpu', (r) => r.build], ['synthesis cpu', (r) => r.cpu - r.build],
];
process.stdout.write(`${envs} environments, ${rounds} rounds: medians and median paired ratios (90 % intervals)\n`);
for (const [name, get] of measures) {
  const [l, b, t] = [L, B, T].map((x) => x.map(get));
  process.stdout.write(`${name.padEnd(16)}: L ${median(l).toFixed(0)} ms, T ${median(t).toFixed(0)} ms, B ${median(b).toFixed(0)} ms | ` +
    `L/B ${ratio(l, b)} | T/B ${ratio(t, b)} | L/T ${ratio(l, t)}\n`);
}
