/*
 * Runs every benchmark, writes BENCHMARKS.md and prints a summary: `npx projen bench`.
 *
 * `--quick` (`npx projen bench:quick`, run by `projen test`): 1 and 10 environments, the storm and the
 * bundle, one run each; writes nothing, prints the summary, and exits non-zero when a benchmark
 * cannot run (an exception, a missing bundle, apps that no longer hold the same resource types) or when the
 * baseline no longer writes the library's templates (bench/parity.ts), listing the first differences.
 * It judges no speed: speed is what the full run measures, on a machine you know.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { baselineApp, sameTreeBaselineApp } from './baseline-app';
import { costRow } from './cost';
import { matchesPolicy } from './filter-eval';
import { BUNDLE, bundleStats, loadTimeMs, messagesPerSecond, processTimesMs } from './handler';
import { libraryApp, libraryPerElementTracesApp } from './library-app';
import { bytesWithoutLogicalIds, compareAssemblies, ParityResult, paritySummary } from './parity';
import { performancePage } from './performance-page';
import { FitCheck, Machine, renderReport, ReportSection, SynthRow, VariantRuns } from './report';
import { roundOrder } from './stats';
import { naiveStorm, pipelineStorm } from './storm';
import { AppBuilder, cleanup, median, stats, timedSynth, typeDifferences } from './synth';
import { synthProfileSection } from './synth-profile';
import { traceCostSection } from './trace-cost';
import { treeCostSection } from './tree-cost';
import { NotificationFilter } from '../src/notifications';
import { SAMPLES } from '../test/notifications/fixtures';
import { FaultRow, faultSection, runFaultScenarios } from '../test/notifications/slack/faults/scenarios';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [1, 10] : [1, 10, 50];
const PER_STACK = 10;
/** Runs per size after the warm-up (small apps are cheap: more runs, less noise). */
const RUNS: { [envs: number]: number } = QUICK ? { 1: 1, 10: 1 } : { 1: 11, 10: 30, 50: 15 };
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Construction and CPU milliseconds of each measured run, by variant. */
let buildTimes: { [variant: string]: number[] } = {};
let cpuTimes: { [variant: string]: number[] } = {};
let buildCpuTimes: { [variant: string]: number[] } = {};

function measure(build: AppBuilder, envs: number, perStack: number): number {
  const { ms, buildMs, cpuMs, buildCpuMs, outdir } = timedSynth(build, envs, perStack);
  cleanup(outdir);
  (buildCpuTimes[build.name] = buildCpuTimes[build.name] ?? []).push(buildCpuMs);
  (buildTimes[build.name] = buildTimes[build.name] ?? []).push(buildMs);
  (cpuTimes[build.name] = cpuTimes[build.name] ?? []).push(cpuMs);
  return ms;
}

/**
 * The apps measured against each other: the library, the hand-written baseline, the baseline with the library's tree, and
 * the library with aws-cdk-lib's creation trace for every element (as the baselines record them).
 */
const VARIANTS: AppBuilder[] = [libraryApp, baselineApp, sameTreeBaselineApp, libraryPerElementTracesApp];

function synthBenchmark(): SynthRow[] {
  const rows: SynthRow[] = [];
  for (const envs of SIZES) {
    for (const v of VARIANTS) measure(v, envs, PER_STACK); // warm-up: module loading, JIT
    const runs: { [variant: string]: number[] } = {};
    buildTimes = {};
    cpuTimes = {};
    buildCpuTimes = {};
    for (let r = 0; r < RUNS[envs]; r++) {
      // Rotate which variant goes first, so drift in machine load hits them alike; the paired ratios divide runs of one round.
      for (const v of roundOrder(VARIANTS, r)) (runs[v.name] = runs[v.name] ?? []).push(measure(v, envs, PER_STACK));
    }
    const lib = runs[libraryApp.name];
    const base = runs[baselineApp.name];
    const l = timedSynth(libraryApp, envs, PER_STACK);
    const b = timedSynth(baselineApp, envs, PER_STACK);
    const ls = stats(l.outdir);
    const bs = stats(b.outdir);
    const parity = compareAssemblies(l.outdir, b.outdir);
    const idFreeBytes: [number, number] = [bytesWithoutLogicalIds(l.outdir), bytesWithoutLogicalIds(b.outdir)];
    /** Another variant's runs, and whether it writes the library's templates. */
    const variant = (build: AppBuilder): VariantRuns => {
      const v = timedSynth(build, envs, PER_STACK);
      const variantParity = compareAssemblies(l.outdir, v.outdir);
      cleanup(v.outdir);
      return {
        median: median(runs[build.name]),
        runs: runs[build.name],
        cpu: median(cpuTimes[build.name]),
        cpuRuns: cpuTimes[build.name],
        buildCpu: median(buildCpuTimes[build.name]),
        parity: variantParity,
      };
    };
    const tree = variant(sameTreeBaselineApp);
    const perElementTraces = variant(libraryPerElementTracesApp);
    cleanup(l.outdir);
    cleanup(b.outdir);
    rows.push({
      envs,
      stacks: ls.stacks,
      library: median(lib),
      baseline: median(base),
      libRuns: lib,
      baseRuns: base,
      libStats: ls,
      baseStats: bs,
      typeDiff: typeDifferences(ls, bs),
      parity,
      idFreeBytes,
      libBuild: median(buildTimes[libraryApp.name]),
      baseBuild: median(buildTimes[baselineApp.name]),
      libCpu: median(cpuTimes[libraryApp.name]),
      baseCpu: median(cpuTimes[baselineApp.name]),
      libCpuRuns: cpuTimes[libraryApp.name],
      baseCpuRuns: cpuTimes[baselineApp.name],
      libBuildCpu: median(buildCpuTimes[libraryApp.name]),
      baseBuildCpu: median(buildCpuTimes[baselineApp.name]),
      tree,
      perElementTraces,
    });
    log(`synth ${envs} env(s): library ${median(lib).toFixed(0)} ms, baseline ${median(base).toFixed(0)} ms; same templates: ${paritySummary(parity)}`);
  }
  return rows;
}

/** Synthesizes `envs` environments in ONE stack: resources, or the error CDK raises past 500. */
function oneStack(envs: number): { resources?: number; error?: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fit-'));
  try {
    libraryApp(outdir, envs, envs).synth();
    return { resources: stats(outdir).resources };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0].replace(/ of 500: .*/, ' of 500') };
  } finally {
    cleanup(outdir);
  }
}

function fitCheck(rows: SynthRow[]): FitCheck {
  const one = rows.find((r) => r.envs === 1)!.libStats;
  const ten = rows.find((r) => r.envs === 10)!.libStats;
  const perEnv = (ten.resources - one.resources) / 9;
  const shared = one.resources - perEnv;
  const bytesPerEnv = (ten.templateBytes - one.templateBytes) / 9;
  const fit = Math.floor((500 - shared) / perEnv);
  return { perEnv, shared, bytesPerEnv, sharedBytes: one.templateBytes - bytesPerEnv, fit, atFit: oneStack(fit), overFit: oneStack(fit + 1) };
}

function filterCheck() {
  const stack = new Stack(new App(), 'S');
  const template = timedSynth(libraryApp, 1, 1);
  const subscription = Object.values<any>(stats(template.outdir).firstTemplate.Resources).find((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.FilterPolicy);
  cleanup(template.outdir);
  const policy = subscription.Properties.FilterPolicy;
  // The expectations of test/notifications (filter-policy.moto.test.ts, fixtures.ts), on our evaluator.
  const pass = (p: any) => SAMPLES.filter((s) => matchesPolicy(p, s.attributes)).map((s) => s.name).sort();
  const checks = [
    { name: 'emitted failuresOnly() policy: exactly the samples marked failure', got: pass(policy), want: SAMPLES.filter((s) => s.failure).map((s) => s.name).sort() },
    { name: "states(['FAILED'])", got: pass(NotificationFilter.states(['FAILED']).render(stack)), want: ['backup failed', 'copy failed', 'restore failed'] },
    { name: "eventTypes(['COPY_JOB'])", got: pass(NotificationFilter.eventTypes(['COPY_JOB']).render(stack)), want: ['copy failed', 'copy partial', 'copy started', 'copy successful'] },
  ].map((c) => ({ ...c, ok: JSON.stringify(c.got) === JSON.stringify(c.want) }));
  const rows = [100, 1000, 10000].flatMap((n) => [0.01, 0.05].map((rate) => costRow(policy, n, rate)));
  return { policy, checks, rows };
}

/** The installed aws-cdk-lib's version (the one the apps are built with). */
function cdkVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('aws-cdk-lib')), 'package.json'), 'utf8')).version;
}

function machine(): Machine {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    cdk: cdkVersion(),
    loadAverage: os.loadavg()[0],
  };
}

/** How many differences two assemblies have, and the first eight, a line each. */
function firstDifferences(parity: ParityResult): string {
  return `${parity.differences.length} difference(s); the first:\n${parity.differences.slice(0, 8).map((d) => `  - ${d}`).join('\n')}`;
}

/** Quick mode: the same measurements, once each; a summary on stdout; fails when a benchmark cannot run. */
async function quick() {
  const t0 = Date.now();
  const storm = [await pipelineStorm(), await naiveStorm()];
  const synth = synthBenchmark();
  const bundle = bundleStats();
  const problems = [
    ...synth.filter((r) => Object.keys(r.typeDiff).length > 0).map((r) =>
      `at ${r.envs} environment(s) the library and the baseline no longer hold the same resource types (type: library, baseline): ` +
      `${JSON.stringify(r.typeDiff)}: change bench/baseline-app.ts with the library, or the comparison means nothing`),
    ...synth.filter((r) => !r.tree.parity.same).map((r) =>
      `at ${r.envs} environment(s) the same-tree baseline (sameTreeBaselineApp) no longer writes the library's templates, ` +
      `${firstDifferences(r.tree.parity)}\n` +
      'It is the baseline placed in the library\'s construct tree (bench/baseline-app.ts): move the resource to the library\'s path'),
    ...synth.filter((r) => !r.perElementTraces.parity.same).map((r) =>
      `at ${r.envs} environment(s) the library with aws-cdk-lib's per-element creation traces (libraryPerElementTracesApp) no ` +
      `longer writes the library's templates, ${firstDifferences(r.perElementTraces.parity)}\nThe creation traces must not change a template`),
    ...synth.filter((r) => !r.parity.same).map((r) =>
      `at ${r.envs} environment(s) the baseline no longer writes the library's templates (bench/parity.ts), ` +
      `${firstDifferences(r.parity)}\n` +
      'Write the same change by hand in bench/baseline-app.ts (the benchmark compares the library with hand-written aws-cdk-lib ' +
      'that produces the same templates; see CONTRIBUTING.md, Benchmarks)'),
    ...storm.filter((x) => x.notifications === 0).map((x) => `storm ${x.name}: no notification simulated`),
    ...bundle.bytes === 0 ? ['the Slack forwarder bundle is empty'] : [],
  ];
  process.stdout.write([
    `bench:quick (${machine().node}, aws-cdk-lib ${machine().cdk}; one run each, not a measurement: run \`npx projen bench\` for numbers)`,
    ...synth.map((r) => `- synth ${r.envs} env(s): library ${r.library.toFixed(0)} ms, baseline ${r.baseline.toFixed(0)} ms, ` +
      `same-tree baseline ${r.tree.median.toFixed(0)} ms, ${r.libStats.resources} resources in ${r.stacks} stack(s); same templates as the ` +
      `baseline: ${r.parity.same ? 'yes' : `no (${r.parity.differences.length} differences)`}, as the same-tree baseline: ${r.tree.parity.same ? 'yes' : 'no'}; ` +
      `with aws-cdk-lib's per-element creation traces ${r.perElementTraces.median.toFixed(0)} ms, same templates: ${r.perElementTraces.parity.same ? 'yes' : 'no'}`),
    ...storm.map((x) => `- storm, ${x.name}: ${x.slackMessages} Slack messages, ${x.rateLimited} x 429, ${x.lost} lost, ${x.deadLettered} dead-lettered`),
    `- Slack forwarder bundle: ${bundle.bytes} bytes (${bundle.gzipBytes} gzipped), ${bundle.bundledDependencies.length} bundled dependencies`,
    `bench:quick ${problems.length ? 'FAILED' : 'ran'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`, '',
  ].join('\n'));
  if (problems.length) throw new Error(problems.join('\n'));
}

/**
 * The report's sections after the storm, in order: each benchmark that adds a section to BENCHMARKS.md
 * adds its entry here (a title, the paragraphs, and optionally a line for the summary).
 */
function extraSections(synth: SynthRow[], faults: FaultRow[]): ReportSection[] {
  return [
    treeCostSection(synth),
    traceCostSection(synth),
    synthProfileSection(synth),
    faultReportSection(faults),
  ];
}

/** The forwarder under faults: the fault scenarios' table (test/notifications/slack/faults/). */
function faultReportSection(faults: FaultRow[]): ReportSection {
  const [title, , ...lines] = faultSection(faults).split('\n'); // title, blank line, body
  const lost = faults.reduce((n, r) => n + r.lost, 0);
  return { title: title.replace(/^#+\s*/, ''), summary: `Forwarder under faults: ${faults.length} scenarios, ${lost} notifications lost`, lines };
}

async function full() {
  const t0 = Date.now();
  const before = machine();
  const storm = [await pipelineStorm(), await naiveStorm()];
  const faults = await runFaultScenarios();
  log(`faults: ${faults.map((r) => `${r.scenario}: ${r.lost} lost, ${r.shownDistinct}/${r.in} shown`).join('; ')}`);
  log(`storm: ${storm.map((r) => `${r.name}: ${r.slackMessages} messages, ${r.rateLimited} x 429, ${r.deadLettered} dead-lettered`).join('; ')}`);
  const synth = synthBenchmark();
  const fit = fitCheck(synth);
  log(`fit: ${fit.perEnv} resources/env + ${fit.shared} shared -> ${fit.fit} env(s) per stack`);
  const bundle = bundleStats();
  const handler = {
    bundle,
    requireMs: loadTimeMs(BUNDLE, 7),
    process: processTimesMs(BUNDLE, 7),
    perSecond: messagesPerSecond(2000),
  };
  const filter = filterCheck();
  const md = renderReport({
    date: new Date().toISOString(),
    machine: before,
    loadAverageAfter: os.loadavg()[0],
    runs: SIZES.map((n) => `${RUNS[n]} at ${n}`).join(', '),
    perStack: PER_STACK,
    synth,
    fit,
    handler,
    filter,
    storm,
    sections: extraSections(synth, faults),
    seconds: (Date.now() - t0) / 1000,
  });
  fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), md);
  fs.writeFileSync(path.join(__dirname, '..', 'docs', 'performance.md'), performancePage(md));
  const summary = md.split('\n## Summary\n')[1].split('\n## ')[0].trim();
  process.stdout.write(`${summary}\n\nBENCHMARKS.md written (${((Date.now() - t0) / 1000).toFixed(0)} s).\n`);
}

(QUICK ? quick() : full()).catch((e) => {
  process.stderr.write(`bench${QUICK ? ':quick' : ''} could not run: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
