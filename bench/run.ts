/* Runs every benchmark, writes BENCHMARKS.md and prints a summary. `npm run bench` (or `npx projen bench`). */
process.env.JSII_DEPRECATED = 'quiet';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { baselineApp } from './baseline-app';
import { costRow } from './cost';
import { matchesPolicy } from './filter-eval';
import { BUNDLE, bundleStats, loadTimeMs, messagesPerSecond, processTimesMs } from './handler';
import { libraryApp } from './library-app';
import { FitCheck, renderReport, SynthRow } from './report';
import { naiveStorm, pipelineStorm } from './storm';
import { AppBuilder, cleanup, median, stats, timedSynth, typeDifferences } from './synth';
import { NotificationFilter } from '../src/notifications';
import { SAMPLES } from '../test/notifications/fixtures';
import { faultSection, runFaultScenarios } from '../test/notifications/slack/faults/scenarios';

const SIZES = [1, 10, 50];
const PER_STACK = 10;
/** Runs per size after the warm-up (small apps are cheap: more runs, less noise). */
const RUNS: { [envs: number]: number } = { 1: 11, 10: 9, 50: 9 };
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Construction and CPU milliseconds of each measured run, by variant. */
let buildTimes: { [variant: string]: number[] } = {};
let cpuTimes: { [variant: string]: number[] } = {};

function measure(build: AppBuilder, envs: number, perStack: number): number {
  const { ms, buildMs, cpuMs, outdir } = timedSynth(build, envs, perStack);
  cleanup(outdir);
  (buildTimes[build.name] = buildTimes[build.name] ?? []).push(buildMs);
  (cpuTimes[build.name] = cpuTimes[build.name] ?? []).push(cpuMs);
  return ms;
}

function synthBenchmark(): SynthRow[] {
  const rows: SynthRow[] = [];
  for (const envs of SIZES) {
    measure(libraryApp, envs, PER_STACK); // warm-up: module loading, JIT
    measure(baselineApp, envs, PER_STACK);
    const lib: number[] = [];
    const base: number[] = [];
    buildTimes = {};
    cpuTimes = {};
    for (let r = 0; r < RUNS[envs]; r++) {
      // Alternate which variant goes first, so drift in machine load hits both alike.
      if (r % 2 === 0) {
        lib.push(measure(libraryApp, envs, PER_STACK));
        base.push(measure(baselineApp, envs, PER_STACK));
      } else {
        base.push(measure(baselineApp, envs, PER_STACK));
        lib.push(measure(libraryApp, envs, PER_STACK));
      }
    }
    const l = timedSynth(libraryApp, envs, PER_STACK);
    const b = timedSynth(baselineApp, envs, PER_STACK);
    const ls = stats(l.outdir);
    const bs = stats(b.outdir);
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
      libBuild: median(buildTimes[libraryApp.name]),
      baseBuild: median(buildTimes[baselineApp.name]),
      libCpu: median(cpuTimes[libraryApp.name]),
      baseCpu: median(cpuTimes[baselineApp.name]),
    });
    log(`synth ${envs} env(s): library ${median(lib).toFixed(0)} ms, baseline ${median(base).toFixed(0)} ms`);
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

async function main() {
  const t0 = Date.now();
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
    nproc: os.cpus().length,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    runs: SIZES.map((n) => `${RUNS[n]} at ${n}`).join(', '),
    perStack: PER_STACK,
    synth,
    fit,
    handler,
    filter,
    storm,
    seconds: (Date.now() - t0) / 1000,
  });
  fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), `${md}\n${faultSection(faults)}`);
  const summary = md.split('\n').filter((l) => l.startsWith('- **')).join('\n');
  process.stdout.write(`${summary}\n\nBENCHMARKS.md written (${((Date.now() - t0) / 1000).toFixed(0)} s).\n`);
}

void main();
