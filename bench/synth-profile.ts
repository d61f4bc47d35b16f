/*
 * Where the synth time goes: what each app makes aws-cdk-lib do (constructs, metadata entries, validations,
 * aspects), counted on the apps themselves, and what profiling found and changed (the text below).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { baselineApp } from './baseline-app';
import { Library, libraryApp } from './library-app';
import type { ReportSection, SynthRow } from './report';
import { AppBuilder, cleanup } from './synth';

/** What an app at `envs` environments asks of aws-cdk-lib during synthesis. */
export interface TreeCounts {
  readonly constructs: number;
  readonly metadata: number;
  readonly validations: number;
  readonly aspects: number;
}

export function treeCounts(build: AppBuilder, envs: number, perStack: number): TreeCounts {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tree-'));
  try {
    const app: App = build(outdir, envs, perStack);
    const all = app.node.findAll();
    return {
      constructs: all.length,
      metadata: all.reduce((n, c) => n + c.node.metadata.length, 0),
      // Node.addValidation has no public reader; validate() runs them (as app.synth() does) and reports errors only.
      validations: all.reduce((n, c) => n + ((c.node as unknown as { _validations?: unknown[] })._validations?.length ?? 0), 0),
      aspects: all.reduce((n, c) => n + Aspects.of(c).all.length, 0),
    };
  } finally {
    cleanup(outdir);
  }
}

/**
 * CPU microseconds of one synth message (`Annotations.addInfo`, which records a captured stack trace), of the same
 * message recorded without a trace (the library's `inform()`) and of one bare `CfnResource` (which records its creation
 * stack trace), medians of 5 rounds of `count` in this process.
 */
export function metadataCostMicros(count: number): { annotation: number; info: number; element: number } {
  const round = (make: (stack: Stack, i: number) => void) => {
    const stack = new Stack(new App(), 'Costs');
    const scopes = Array.from({ length: count }, (_, i) => new Construct(stack, `Scope${i}`));
    const start = process.cpuUsage();
    scopes.forEach((_scope, i) => make(stack, i));
    const used = process.cpuUsage(start);
    return (used.user + used.system) / count;
  };
  const medianOf = (make: (stack: Stack, i: number) => void) => {
    const runs = Array.from({ length: 5 }, () => round(make)).sort((a, b) => a - b);
    return runs[2];
  };
  return {
    annotation: medianOf((stack, i) => Annotations.of(stack.node.findChild(`Scope${i}`)).addInfo('a synth message')),
    // What the library's inform() does: the same metadata entry, without a trace.
    info: medianOf((stack, i) => stack.node.findChild(`Scope${i}`).node.addMetadata('aws:cdk:info', 'a synth message')),
    element: medianOf((stack, i) => new CfnResource(stack, `Resource${i}`, { type: 'Custom::Cost' })),
  };
}

/** The creation stack traces aws-cdk-lib records while an app is built (one a CloudFormation element and a stack). */
export interface TraceCost {
  /** Traces captured. */
  readonly traces: number;
  /** Milliseconds (wall) inside aws-cdk-lib's `captureStackTrace`: capturing, formatting (through ts-node's source maps), rendering. */
  readonly ms: number;
  /** Characters of the recorded traces. */
  readonly chars: number;
}

/**
 * Times aws-cdk-lib's `captureStackTrace` (its private core/lib/stack-trace.js: a measurement, not an API) while each
 * app is built at `envs` environments: medians of `rounds` builds after a warm-up, the apps in turn.
 */
export function traceCosts(builds: { [name: string]: AppBuilder }, envs: number, rounds = 7): { [name: string]: TraceCost } {
  const mod = require(path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core/lib/stack-trace.js')); // eslint-disable-line @typescript-eslint/no-require-imports
  const original = mod.captureStackTrace;
  let ns = 0n;
  let traces = 0;
  mod.captureStackTrace = (...args: unknown[]) => {
    const start = process.hrtime.bigint();
    try {
      return original(...args);
    } finally {
      ns += process.hrtime.bigint() - start;
      traces++;
    }
  };
  const runs: { [name: string]: TraceCost[] } = {};
  try {
    for (let r = 0; r <= rounds; r++) {
      for (const [name, build] of Object.entries(builds)) {
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-trace-'));
        ns = 0n;
        traces = 0;
        const app = build(outdir, envs, envs);
        const ms = Number(ns) / 1e6;
        const chars = app.node.findAll().reduce((n, c) => n + c.node.metadata
          .filter((m) => m.type === 'aws:cdk:creationStack').reduce((k, m) => k + JSON.stringify(m.data).length, 0), 0);
        cleanup(outdir);
        if (r > 0) (runs[name] = runs[name] ?? []).push({ traces, ms, chars });
      }
    }
  } finally {
    mod.captureStackTrace = original;
  }
  const result: { [name: string]: TraceCost } = {};
  for (const [name, list] of Object.entries(runs)) {
    const ms = list.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    result[name] = { traces: list[0].traces, ms, chars: list[0].chars };
  }
  return result;
}

/**
 * What profiling (`node --cpu-prof` on the library app and the baseline, 10 environments, construction and
 * synthesis apart) found, and what changed. Kept with the code that measures it; update it when you profile again.
 */
export const PROFILE_FINDINGS: string[] = [
  'How it was profiled: `bench/profile-synth.ts` builds and synthesizes the library app and the baseline alternately at 50 ' +
    'environments (the first round a warm-up, then 12 to 20 rounds under `node:inspector`\'s profiler), each phase in a function of ' +
    'its own so that the profile separates construction from synthesis; `bench/cpuprofile-summary.ts` sums a profile by file and ' +
    'by function (`UNDER=synthLibrary` keeps the samples of one phase). Then, to tell cost from noise on a shared machine: counts ' +
    'that do not depend on load (stack traces captured, frames source-mapped, `resolve` and `makeUniqueId` calls, constructs, ' +
    'templates byte for byte), and CPU time per synthesis phase (`prepareApp`, validation, templates, `tree.json`, the cloud ' +
    'assembly, each aspect) with `process.cpuUsage`; `bench/pair.ts` gives paired CPU ratios of a change in a minute.',
  '',
  'Where the time went (50 environments, 5 stacks; CPU medians on a 2-core machine shared with other jobs):',
  '',
  '- **Both apps spend most of their time in aws-cdk-lib itself, and alike.** Token resolution, reference finding and template ' +
    'writing dominate synthesis; the creation stack trace that every CloudFormation element records dominates construction ' +
    '(1,100 traces an app, each about 10 frames; under ts-node every frame goes through the source maps, about 40 µs a frame, ' +
    'some 300 ms of CPU at 50 environments on either side). Counted, the two apps ask aws-cdk-lib for the same work: the same ' +
    'number of `resolve` and `makeUniqueId` calls, of traces (the library 5 % more: the cross-account-copy message of each ' +
    'environment) and of source-mapped frames (11,900 against 11,000).',
  '- **Synthesis: about +7 %, and not because the templates are larger.** Since the baseline writes the same templates ' +
    '(bench/parity.ts, section 2), template size is no longer a difference, and synthesis still costs the library about 7 % ' +
    'more (`bench/pair.ts 50 11`, 2026-12-06, load about 3.5: 897 / 838 ms CPU a synthesis at 50 environments). The library\'s ' +
    'app has more constructs (499 against 405 at 10 environments: nine wrapper constructs an environment, `EnvironmentBackup`, ' +
    'its vault, selection, notifications and topic, audit, framework and reports, monitoring) and more metadata (cdk-nag ' +
    'acknowledgements, synth messages), and reference finding, `tree.json` and the assembly walk them all. In a profile ' +
    '(`bench/profile-synth.ts 50 8`, before the coverage walk below): references +51 ms, tree.json +41 ms, aspects +32 ms, ' +
    'validation +11 ms, templates -27 ms a round. An earlier experiment, nesting every resource of the old baseline two ' +
    'constructs deeper, changed its synthesis CPU by -3 % to +2 %: path length is not it; the constructs and metadata the ' +
    'library adds have not been separated further.',
  '- **Construction: about +35 to +47 %** (443 / 301 ms CPU at 50 environments, `bench/pair.ts 50 11`). In a profile ' +
    '(`bench/profile-synth.ts 50 10`, samples under the creation stack trace vs the rest), about 60 ms a round is the stack ' +
    'trace each CloudFormation element records (captured 10 frames deep and formatted through ts-node\'s source maps: the ' +
    'library\'s traces hold more frames of source-mapped TypeScript, its constructors, and fewer of node\'s module loader than ' +
    'the baseline\'s; with `NO_SOURCE_MAPS=1` construction is 256 / 194 ms). About 90 ms a round is the library\'s own ' +
    'JavaScript (self time: notifications 21 ms, shared helpers 14, audit 13, monitoring 11, the facade 10, vault 7, selection ' +
    '6, plan 5), spread over some 40 functions none above 12 ms; about 25 ms is aws-cdk-lib doing more for it (IAM policy ' +
    'statements +10 ms, constructs +7 ms).',
  '- **The checks are not the overhead: they take about 1.3 % of a synthesis.** Counting every profile sample with a frame in ' +
    'the library\'s check code (src/private/limits, rule, open-value and name validation, the vault-event, filter, report-template ' +
    'and plan checks, the coverage check; `SHARE=<those paths> UNDER=buildLibrary bench/cpuprofile-summary.ts`, likewise ' +
    '`UNDER=synthLibrary`, on `bench/profile-synth.ts 50 10` and `50 12`, 2026-12-06): 13 to 14 ms a round at construction ' +
    '(3 to 5 % of it) and 5.5 ms at synthesis (0.5 %), about 19 ms of some 1,550 ms a round under the profiler. The rest of ' +
    'the library\'s 10 to 15 % is composition: the same resources reached through more construct levels, settings derived ' +
    'from the tier (rules, retention, audit frequency), grants and wiring, each a few milliseconds at 50 environments.',
  '- **Two experiments, not kept** (2026-12-06, `bench/pair.ts 50 11`..`21`, a 2-core VM whose speed drifted by 30 % within ' +
    'the hour): the library loaded from lib/ (compiled by jsii, inline source maps) instead of src/ through ts-node costs the ' +
    'same (paired CPU -0.2 % and +2.5 %, after / before), so the benchmark measures what users load; and the baseline with ' +
    'the library\'s nesting (each environment\'s resources spread over nine constructs under one `Env<i>`) cost +1 % to ' +
    '+7 % CPU over the flat baseline (paired, three runs), so construct levels explain part of the gap, not all of it.',
  '',
  'What changed (the templates, the coverage report, the manifest and tree.json are byte for byte the same, checked on a ' +
    '12-environment app); each removes repeated work, none a check:',
  '',
  '- `BackupCoverage` computes a resource\'s scopes once for all selections (it rebuilt them for every selection of every ' +
    'environment), reads the references of a token ARN once per synthesis and compiles each `like` pattern once.',
  '- `NotificationFilter.failuresOnly()` (the default) is checked against the SNS limits and serialized once; a filter given by the ' +
    'user is still checked at every use.',
  '- A rule\'s schedule is checked once per property and expression (`checkBackupSchedule` expands every cron field), and ' +
    '`parseScheduleExpression` remembers its (frozen) result per expression.',
  '- The open-value check (report templates, vault events) lists the known values only when it builds a message; the monitoring\'s ' +
    'vault-name de-duplication resolves only names that are tokens.',
  '- The coverage check runs as one walk of the tree when its scope (the app) is validated, after every aspect (so the tags are ' +
    'final, those set by aspects of any priority too), instead of as an aspect on the app\'s root, to which aws-cdk-lib applied ' +
    'its path lookup for every construct in each of its aspect passes. At 50 environments synthesis looks up 10,941 construct ' +
    'paths instead of 17,987 (the baseline 9,446) and 33,762 scope lists instead of 41,844 (31,606); the aspects and validation ' +
    'take 34 ms of CPU instead of 55 (the baseline 26; `bench/synth-phases.ts 50 15`, medians: aspects 19.5 ms instead of 42.9, ' +
    'the baseline 20.3; validation 13.6 instead of 10.3, the baseline 5.8, the coverage walk, its report files and the plan checks ' +
    'being the difference). The report, its order (own stage first, then nested stages) and the annotations are the same.',
  '- `amountOf` (the lifecycle, window and retention checks) remembers each `Duration`\'s amount per unit, and the open-value check ' +
    'tests a value for a token only when it repeats: at 50 environments construction calls `Token.isUnresolved` 15,783 times ' +
    'instead of 20,682 (the baseline 10,035) and converts Durations 5,247 times instead of 9,845 (2,460).',
  '- Earlier: `SlackForwarder.forStack` resolves the webhook secret\'s ARN once per stack; the benchmark app uses `monitoring.onDashboard` ' +
    '(not the deprecated `dashboard`) and confirms the DR account, which the baseline\'s key policy mirrors.',
  '',
  'The counts come from `bench/call-counts.ts 50` (with `BEFORE=` the tree before the change), which counts calls and does not ' +
    'depend on the machine\'s load; the phases from `bench/synth-phases.ts`, which times only the aspects and validation, where ' +
    'a change of a few milliseconds is not lost in the noise of a whole synthesis. The CPU effect of the earlier changes is small: a few milliseconds at 50 environments, within the ' +
    'run-to-run noise of the paired runs (CPU at 50 environments, ratio of medians / median of paired ratios, `bench/pair.ts 50 11` ' +
    'on the tree before and after, in turn: +9 % / +17 % before, +18 % / +17 % after). Of the coverage walk and the remembered ' +
    'amounts, in one process building and synthesizing the app of the tree before, of the tree after and the baseline in turn ' +
    '(2 runs of 15 and 21 rounds at 50 environments on a 2-core machine shared with other jobs, load 4 to 7): synthesis CPU ' +
    '-4 % and -10 % (median of paired ratios, after / before), +5 % / +13 % before and +1 % / +2 % after over the baseline; ' +
    'construction within the noise (+4 % and -6 %). Not changed: every validation and aspect still runs, ' +
    'and every synth message is still recorded with its stack trace. What remains (see above): the constructs and metadata the library adds (synthesis), its stack traces ' +
    'and its own checks (construction). Getting under 5 % would take fewer construct levels (nine wrappers an environment; ' +
    'removing one changes logical ids, so resources of deployed stacks would be replaced: a decision for before the first ' +
    'release; the experiment above bounds its gain at a few per cent) together with cheaper composition (the library\'s own ' +
    'code outside the checks, some 40 ms of self time a round at 50 environments, spread over some 40 functions). Cheaper ' +
    'checks cannot get there: they cost about 1.3 %. Publishing lib/ without inline source maps would not either: loading ' +
    'lib/ costs what loading src/ does. Recording the ' +
    'cross-account-copy message without a stack trace (`node.addMetadata` instead of `Annotations`, or `CDK_DISABLE_STACK_TRACE` ' +
    '/ `@aws-cdk/core:disableMetadataStackTrace`) would save about 1 % and changes what `cdk synth --debug` shows: left for the ' +
    'maintainers to decide.',
];

export function synthProfileSection(synth: SynthRow[]): ReportSection {
  const envs = 10;
  const lib = treeCounts(libraryApp, envs, envs);
  const base = treeCounts(baselineApp, envs, envs);
  const row = synth.find((r) => r.envs === envs);
  const costs = metadataCostMicros(500);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sources = (): Library => require('../src');
  const traces = traceCosts({ package: libraryApp, sources: (o, e, p) => libraryApp(o, e, p, sources()), baseline: baselineApp }, envs);
  const t = (k: string) => traces[k];
  const lines = [
    `What the two apps at ${envs} environments (one stack) ask of aws-cdk-lib, counted on the constructed apps:`, '',
    '| | Library | Baseline |', '|---|---:|---:|',
    `| Constructs in the tree | ${lib.constructs} | ${base.constructs} |`,
    `| Metadata entries (each CloudFormation element records one with a captured stack trace; synth messages add more) | ${lib.metadata} | ${base.metadata} |`,
    `| Validations (\`node.addValidation\`) | ${lib.validations} | ${base.validations} |`,
    `| Aspects (tags and checks) | ${lib.aspects} | ${base.aspects} |`,
    ...row ? [`| Construction CPU, median (ms) | ${row.libBuildCpu.toFixed(0)} | ${row.baseBuildCpu.toFixed(0)} |`,
      `| Synthesis CPU, median (ms) | ${(row.libCpu - row.libBuildCpu).toFixed(0)} | ${(row.baseCpu - row.baseBuildCpu).toFixed(0)} |`] : [],
    '',
    `The creation stack traces of the apps at ${envs} environments (\`traceCosts\` in bench/synth-profile.ts: the time inside ` +
      'aws-cdk-lib\'s `captureStackTrace` while the app is built, medians of 7; the library as published, installed under ' +
      '`node_modules`, and the same library loaded from its TypeScript sources through ts-node, as the benchmark did before):', '',
    '| | Library (the package) | Library (its sources through ts-node) | Baseline |', '|---|---:|---:|---:|',
    `| Traces | ${t('package').traces} | ${t('sources').traces} | ${t('baseline').traces} |`,
    `| Time capturing and formatting them (ms) | ${t('package').ms.toFixed(1)} | ${t('sources').ms.toFixed(1)} | ${t('baseline').ms.toFixed(1)} |`,
    `| Characters recorded | ${t('package').chars.toLocaleString('en-US')} | ${t('sources').chars.toLocaleString('en-US')} | ${t('baseline').chars.toLocaleString('en-US')} |`,
    '', ...PROFILE_FINDINGS, '',
    'Measured in this run (CPU, this process, the way the benchmark runs: ts-node with source maps): one synth message ' +
      `(\`Annotations.of(c).addInfo\`) costs ${costs.annotation.toFixed(0)} µs, the same message without its trace (the library's ` +
      `\`inform()\`) ${costs.info.toFixed(0)} µs, one bare \`CfnResource\` ${costs.element.toFixed(0)} µs; the library app adds ` +
      `${lib.metadata - base.metadata} metadata entries at ${envs} environments (the cross-account-copy message of each environment ` +
      'and the cdk-nag acknowledgements, none with a trace).',
  ];
  return { title: 'Where the synth time goes', lines };
}
