/*
 * A quick paired comparison of the library app and the baseline (CPU and wall of construction and synthesis),
 * for trying a change without the full `npx projen bench`:
 *
 *   npx ts-node --transpile-only --project tsconfig.dev.json bench/pair.ts [envs=50] [rounds=9]
 *
 * Prints medians, the median of paired ratios (library / baseline) and the ratio of the minima, the rounds
 * alternating which goes first. NO_SOURCE_MAPS=1 turns off ts-node's source mapping of stack traces.
 * BEFORE=<path of another tree's bench/library-app> compares with that tree's library app instead of the baseline
 * (the tree before a change; see bench/call-counts.ts for how to extract it): the ratios are then after / before.
 * VERSUS=src compares the library as published (the installed package, bench/library-app.ts) with the same library
 * loaded from src/ through ts-node (the ratios are then package / sources).
 */
import { baselineApp } from './baseline-app';
import { libraryApp, sourcesLibraryApp } from './library-app';
import { AppBuilder, cleanup, median, timedSynth } from './synth';

const other: AppBuilder = process.env.VERSUS === 'src' ? sourcesLibraryApp
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  : process.env.BEFORE ? require(process.env.BEFORE).libraryApp : baselineApp;
const otherName = process.env.VERSUS === 'src' ? 'src' : process.env.BEFORE ? 'before' : 'baseline';
if (process.env.NO_SOURCE_MAPS) (Error as any).prepareStackTrace = undefined; // experiment: stack traces without source maps
const envs = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 9);
interface Run { wall: number; cpu: number; buildCpu: number }
const measure = (build: AppBuilder): Run => {
  const t = timedSynth(build, envs, 10);
  cleanup(t.outdir);
  return { wall: t.ms, cpu: t.cpuMs, buildCpu: t.buildCpuMs };
};
measure(libraryApp);
measure(other);
const lib: Run[] = [];
const base: Run[] = [];
for (let r = 0; r < rounds; r++) {
  if (r % 2 === 0) {
    lib.push(measure(libraryApp));
    base.push(measure(other));
  } else {
    base.push(measure(other));
    lib.push(measure(libraryApp));
  }
}
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
for (const [k, f] of [['wall', (x: Run) => x.wall], ['cpu', (x: Run) => x.cpu], ['build cpu', (x: Run) => x.buildCpu], ['synth cpu', (x: Run) => x.cpu - x.buildCpu]] as Array<[string, (x: Run) => number]>) {
  const l = lib.map(f);
  const b = base.map(f);
  const paired = median(l.map((v, i) => v / b[i])) - 1;
  process.stdout.write(`${envs} envs ${k.padEnd(9)}: library ${median(l).toFixed(0)} ms, ${otherName} ${median(b).toFixed(0)} ms, ` +
    `ratio of medians ${pct(median(l) / median(b) - 1)}, median paired ${pct(paired)}, ` +
    `ratio of minima ${pct(Math.min(...l) / Math.min(...b) - 1)} (the least disturbed runs, on a busy machine)\n`);
}
