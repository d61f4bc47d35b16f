/*
 * What creation stack traces cost: the library as published (one trace for each of its constructs, shared by the
 * elements inside: src/private/creation-trace.ts) against the same library with aws-cdk-lib's trace for every element
 * (`libraryPerElementTracesApp`), each against the flat baseline, which records aws-cdk-lib's trace for every element.
 * Measured in the synth benchmark's rounds (bench/run.ts), rendered here as a section of BENCHMARKS.md.
 */
import { paritySummary } from './parity';
import { baselineRuns, libraryRuns, ReportSection, SynthRow } from './report';
import { bothRatios, compareSeries, percent as pct, ratiosWithInterval } from './stats';

/** The library with per-element traces against the flat baseline, and the published library against it. */
function traceComparisons(row: SynthRow) {
  return {
    perElementVsFlat: compareSeries(row.perElementTraces, baselineRuns(row)),
    sharedVsPerElement: compareSeries(libraryRuns(row), row.perElementTraces),
  };
}

export function traceCostSection(synth: SynthRow[]): ReportSection {
  const judged = synth.filter((r) => r.envs >= 10);
  const lines = [
    'aws-cdk-lib records where each CloudFormation element was created: its constructor captures a JavaScript stack trace ' +
      '(10 frames), formats it (through ts-node\'s source maps when the app runs under ts-node, as `cdk init` sets apps up and ' +
      'as this benchmark runs) and keeps it as `aws:cdk:creationStack` metadata in the cloud assembly, unless the context ' +
      '`aws:cdk:disable-creation-stack-traces` is true. Profiling put these traces at about 40 % of the construction CPU of both ' +
      'apps. For an element deep inside the library, most of the frames are the library\'s own (folded into ' +
      '"...cdk-environment-backup..."), and one in three traces did not reach the app\'s code at all. So the library records ' +
      '**one trace for each of its constructs**, captured where the app created it, and gives it to every element inside ' +
      '(src/private/creation-trace.ts): every trace now names the app\'s line. The context set to false gives aws-cdk-lib\'s ' +
      'trace for every element back, and `cdk --debug` (CDK_DEBUG) records them whatever the context says.', '',
    'To keep the comparison honest the benchmark measures, in the same rounds, **the library with aws-cdk-lib\'s trace for every ' +
      'element** (`libraryPerElementTracesApp` in bench/library-app.ts: the context false), which records what the hand-written ' +
      'baselines record. It writes the same templates (' +
      `${synth.map((r) => `${paritySummary(r.perElementTraces.parity)} at ${r.envs}`).join(', ')}).`, '',
    '| Environments | Flat baseline (median) | Library, per-element traces | Library as published | Per-element traces vs flat, wall | ' +
      'Per-element traces vs flat, CPU | Published vs per-element traces, CPU | Construction CPU: flat / per-element / published |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...synth.map((r) => {
      const c = traceComparisons(r);
      return `| ${r.envs} | ${r.baseline.toFixed(0)} ms | ${r.perElementTraces.median.toFixed(0)} ms | ${r.library.toFixed(0)} ms | ` +
        `${ratiosWithInterval(c.perElementVsFlat.wall)} | ${ratiosWithInterval(c.perElementVsFlat.cpu)} | ${ratiosWithInterval(c.sharedVsPerElement.cpu)} | ` +
        `${r.baseBuildCpu.toFixed(0)} / ${r.perElementTraces.buildCpu.toFixed(0)} / ${r.libBuildCpu.toFixed(0)} ms |`;
    }),
    '',
    'Ratios as in the previous section: ratio of medians / median of paired ratios, and the 90 % bootstrap interval of the ' +
      'latter. "Per-element traces vs flat" is the like-for-like overhead: the library doing the work the hand-written app ' +
      'does, traces included. Section 1 and the summary\'s target judge the library as published, which is what `cdk synth` ' +
      'runs; part of its lead over the baseline is that it records fewer traces, which a hand-written app could also do (the ' +
      'context true records none).',
  ];
  const summary = '**Like for like, the library with aws-cdk-lib\'s creation trace for every element** (as the baselines record ' +
    'them; ratio of medians / median of paired ratios, vs the flat baseline): ' +
    judged.map((r) => {
      const c = traceComparisons(r);
      return `${bothRatios(c.perElementVsFlat.wall)} at ${r.envs}, CPU ${bothRatios(c.perElementVsFlat.cpu)} ` +
        `(${pct(c.perElementVsFlat.cpu.interval[0])} to ${pct(c.perElementVsFlat.cpu.interval[1])})`;
    }).join('; ') +
    '; the published library records one trace for each of its constructs instead (section "What creation stack traces cost").';
  return { title: 'What creation stack traces cost', summary, lines };
}
