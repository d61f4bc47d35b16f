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
import { libraryApp, libraryPerElementTracesApp, sourcesLibraryApp } from './library-app';
import type { ReportSection, SynthRow } from './report';
import { AppBuilder, cleanup } from './synth';

/** What an app at `envs` environments asks of aws-cdk-lib during synthesis (counted after it). */
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
    app.synth(); // aspects add metadata (the library's shared creation traces)
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

/** The stack traces captured while an app is built (aws-cdk-lib's creation traces, the library's shared ones, warnings'). */
export interface TraceCost {
  /** Traces captured. */
  readonly traces: number;
  /** Milliseconds (wall) capturing and formatting them (`Error.captureStackTrace` and the trace's text, through ts-node's source maps). */
  readonly ms: number;
  /** Characters of the recorded creation traces (`aws:cdk:creationStack` metadata). */
  readonly chars: number;
}

/**
 * Times every `Error.captureStackTrace` (with the formatting of its trace, which its callers ask for at once) while
 * each app is built at `envs` environments: medians of `rounds` builds after a warm-up, the apps in turn.
 */
export function traceCosts(builds: { [name: string]: AppBuilder }, envs: number, rounds = 7): { [name: string]: TraceCost } {
  const original = Error.captureStackTrace;
  let ns = 0n;
  let traces = 0;
  Error.captureStackTrace = (target: object, below?: Function) => {
    const start = process.hrtime.bigint();
    try {
      original(target, below);
      void (target as { stack?: string }).stack; // formatted now, as the callers would; V8 keeps the text
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
    Error.captureStackTrace = original;
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
    'environments (the first round a warm-up, then 10 to 20 rounds under `node:inspector`\'s profiler), each phase in a function of ' +
    'its own so that the profile separates construction from synthesis; `bench/cpuprofile-summary.ts` sums a profile by file and ' +
    'by function (`UNDER=synthLibrary` keeps the samples of one phase; `SHARE=<paths>` the samples with a frame in those files). ' +
    'Then, to tell cost from noise on a shared machine: counts that do not depend on load (stack traces captured and their frames, ' +
    '`resolve` and `makeUniqueId` calls, constructs, metadata, templates byte for byte: `bench/call-counts.ts`), the time inside ' +
    'one aws-cdk-lib function measured directly (`traceCosts` above), CPU time per synthesis phase (`bench/synth-phases.ts`), and ' +
    'paired CPU ratios of a change in a minute (`bench/pair.ts`; `VERSUS=src` compares the package with the sources).',
  '',
  'Where the time went:',
  '',
  '- **The largest difference was how the benchmark loaded the library, not what the library does.** Every CloudFormation ' +
    'element records its creation stack trace, 10 frames, each formatted through ts-node\'s source maps (both apps recorded ' +
    'the same number then). The benchmark loaded the library from its TypeScript sources through ts-node, as no user does: each ' +
    'of its frames was source-mapped and kept whole, as "user code", in the trace. Users load the compiled package from ' +
    '`node_modules`: aws-cdk-lib folds the frames of such files into one line. The table above measures both ways in this ' +
    'run (the time and the characters recorded): loaded from its sources, the library\'s traces cost much more than the ' +
    'baseline\'s (+69 % and +70 % at 10 environments in two runs when this was written); loaded as the package, they record ' +
    'fewer characters than the baseline\'s and cost 20 % to 30 % less than from the sources (the time varies from run to run: ' +
    '25.0 against 25.6 ms for the baseline in one run, 25.8 against 19.2 ms in the next). ' +
    'lib/ also carried inline source maps, which ts-node follows in any file, so a user\'s ' +
    '`cdk synth` under ts-node mapped the library\'s frames too: lib/ is now published without them, as aws-cdk-lib is.',
  '- **Synth messages recorded whole stack traces.** `Annotations.addInfo` captures a trace with no depth limit (about 30 ' +
    'frames here, each formatted), and the library recorded an info for every environment that copies to another account: ' +
    'at 50 environments 1,155 traces and 12,680 frames formatted against the baseline\'s 1,100 and 11,000. Infos are now ' +
    'recorded without a trace (`inform()` in src/private/warnings.ts: `cdk synth` prints an info with its construct path); ' +
    'warnings keep theirs: 1,105 traces and 11,180 frames (`bench/call-counts.ts 50`, `BEFORE=` the tree before).',
  '- **What remains is composition, and it is spread thin.** Measured after these changes (`bench/pair.ts 50 11` and ' +
    '`10 21`, 2026-12-06 20:20 UTC, load 1 to 3 from another job: median of paired ratios): construction +19 % at 50 environments ' +
    'and +21 % at 10, synthesis +8 % and +5 %, in all +10 % and +9 % of CPU (+15 % and +13 % before). Construction: the library\'s own ' +
    'code (about 45 ms a round of self time at 50 environments, no function above 5 ms: the facade\'s constructor, option ' +
    'resolution, tier presets, names, the checks) and aws-cdk-lib doing more for it (IAM statements and grants, metrics, one more ' +
    'construct per resource group). Synthesis: the library\'s tree is larger (499 constructs against 405 at 10 environments: ' +
    'nine wrapper constructs an environment), its paths and so its logical ids are longer (templates 4.7 % larger, tree.json ' +
    '12 %), and it adds validations and cdk-nag acknowledgements; every walk of the tree, reference finding, `tree.json` and the ' +
    'templates pay for it.',
  '- **The checks are not the overhead: they take about 1.3 % of a synthesis** (13 to 14 ms a round at construction and 5.5 ms ' +
    'at synthesis at 50 environments, `SHARE=` over src/private/limits, rule, open-value and name validation, the vault-event, ' +
    'filter, report-template and plan checks and the coverage check, on `bench/profile-synth.ts 50 10` and `50 12`, 2026-12-06).',
  '',
  'What changed:',
  '',
  '- 2026-12-07: **the library records one creation trace for each of its constructs, shared by the elements inside**, ' +
    'instead of aws-cdk-lib\'s one for each element (src/private/creation-trace.ts; section "What creation stack traces cost"). ' +
    'A profile of construction alone, the library against the same-tree baseline (`.bench`-style driver, 10 environments, 40 ' +
    'rounds, 100 µs sampling, 2026-12-07 00:15 UTC) put the traces at 54.6 ms a round for the library and 47.9 ms for the ' +
    'baseline, out of 128 and 109 ms: the largest single part of construction in both, and 6.7 ms of the library\'s 19.4 ms ' +
    'lead (its frames cost more to format: longer paths, more of them mapped). The rest of that lead was the library\'s own ' +
    'code (13.5 ms of self time against the baseline\'s 3.6 ms, spread over some 40 functions) and aws-cdk-lib work it asks ' +
    'for (about 3 ms: IAM statements, metrics). With one trace a construct, an environment captures about 10 traces instead ' +
    'of 47 (test/private/creation-trace.test.ts), every trace names the app\'s line (before, 15 of 48 elements of an ' +
    'environment had no frame of the app\'s in theirs), and `bench/three-way.ts 10 40` then measured the library at -8.8 % of ' +
    'the flat baseline\'s CPU (-12.3 % to -6.1 %), construction -13 %, synthesis -6 %. The templates are the same; the context ' +
    'false (aws-cdk-lib\'s per-element traces) is what the like-for-like row measures.',
  '- 2026-12-06 (the templates are the same; `bench:quick` and test/bench/parity-apps.test.ts check it):',
  '  - the benchmark loads the library as published: lib/ compiled by jsii, copied to `.bench/node_modules/cdk-environment-backup` ' +
    '(bench/library-app.ts; `bench:lib` compiles lib/ first when it is older than src/);',
  '  - lib/ is published without inline source maps (.projenrc.ts); a trace into the library names lib/*.js lines;',
  '  - synth infos carry no stack trace (`inform()`, one mechanism for the four infos of src/; a test fails on `addInfo` in src/);',
  '  - each timed synthesis starts after a full garbage collection (untimed, bench/synth.ts): a major collection no longer lands ' +
    'on whichever run is under way, often paying for the other app\'s garbage.',
  '- Before (each removes repeated work, none a check): `BackupCoverage` computes a resource\'s scopes once for all selections, ' +
    'reads a token ARN\'s references once per synthesis and runs as one walk when the app is validated instead of as an aspect on ' +
    'its root (construct-path lookups at 50 environments 17,987 → 10,941, the baseline 9,446); `failuresOnly()` is checked and ' +
    'serialized once; a rule\'s schedule is checked once per property and expression; the open-value check builds its list only ' +
    'for a message; `amountOf` remembers each Duration\'s amounts (`Token.isUnresolved` calls 20,682 → 15,783, the baseline ' +
    '10,035); `SlackForwarder.forStack` resolves the webhook secret\'s ARN once per stack.',
  '',
  'Not changed: every validation and aspect still runs, and every warning keeps its stack trace. Like for like (with ' +
    'aws-cdk-lib\'s per-element traces) the library still costs more than the hand-written app; measured before the shared ' +
    'traces by `bench/three-way.ts` (the three apps in the same rounds, 90 % bootstrap intervals; `10 60` and `50 24` on ' +
    '2026-12-06 at 22:45 UTC, load about 2): the tree\'s shape costs the hand-written app +3.4 % of CPU at 10 environments ' +
    '(+1.7 % to +4.0 %) and +1.6 % at 50 (-0.6 % to +4.4 %); the library\'s own code, against that same tree, +5.1 % (+3.0 % to ' +
    '+6.0 %) and +3.7 % (+0.2 % to +7.3 %), most of it in construction (+9 % and +12 % of the construction CPU) and the rest in ' +
    'synthesis (+3.4 % and +1.9 %: its validations and aspects); against the flat baseline +7.1 % and +7.5 %. The ' +
    '"per-element traces" row of the section "What creation stack traces cost" measures that like-for-like overhead in every ' +
    'run. Bringing it under 5 % would need a construction path that costs about half of what it costs now (no function stands ' +
    'out; the aws-cdk-lib calls it makes are nearly the baseline\'s: `BASELINE=tree bench/call-counts.ts 10` counts the same 498 ' +
    'constructs and 741 string tokens against 702) and fewer construct levels, which would change every logical id under a ' +
    'removed construct and take the composable constructs (`BackupNotifications`, `BackupAudit`, `BackupMonitoring`, which ' +
    'users also create alone) out of the facade.',
];

export function synthProfileSection(synth: SynthRow[]): ReportSection {
  const envs = 10;
  const lib = treeCounts(libraryApp, envs, envs);
  const base = treeCounts(baselineApp, envs, envs);
  const row = synth.find((r) => r.envs === envs);
  const costs = metadataCostMicros(500);
  const traces = traceCosts({ package: libraryApp, perElement: libraryPerElementTracesApp, sources: sourcesLibraryApp, baseline: baselineApp }, envs);
  const t = (k: string) => traces[k];
  const lines = [
    `What the two apps at ${envs} environments (one stack) ask of aws-cdk-lib, counted on the apps after synthesis:`, '',
    '| | Library | Baseline |', '|---|---:|---:|',
    `| Constructs in the tree | ${lib.constructs} | ${base.constructs} |`,
    `| Metadata entries (each CloudFormation element records its creation trace; synth messages add more) | ${lib.metadata} | ${base.metadata} |`,
    `| Validations (\`node.addValidation\`) | ${lib.validations} | ${base.validations} |`,
    `| Aspects (tags and checks) | ${lib.aspects} | ${base.aspects} |`,
    ...row ? [`| Construction CPU, median (ms) | ${row.libBuildCpu.toFixed(0)} | ${row.baseBuildCpu.toFixed(0)} |`,
      `| Synthesis CPU, median (ms) | ${(row.libCpu - row.libBuildCpu).toFixed(0)} | ${(row.baseCpu - row.baseBuildCpu).toFixed(0)} |`] : [],
    '',
    `The stack traces captured while the apps at ${envs} environments are built (\`traceCosts\` in bench/synth-profile.ts: the time ` +
      'inside `Error.captureStackTrace` and the formatting of its trace, medians of 7): the library as published, installed under ' +
      '`node_modules` (one creation trace for each of its constructs); the same with aws-cdk-lib\'s trace for every element (the ' +
      'context `aws:cdk:disable-creation-stack-traces` false); the library loaded from its TypeScript sources through ts-node, as ' +
      'the benchmark did before; the baseline:', '',
    '| | Library (the package) | Library, per-element traces | Library (its sources through ts-node) | Baseline |', '|---|---:|---:|---:|---:|',
    `| Traces | ${t('package').traces} | ${t('perElement').traces} | ${t('sources').traces} | ${t('baseline').traces} |`,
    `| Time capturing and formatting them (ms) | ${t('package').ms.toFixed(1)} | ${t('perElement').ms.toFixed(1)} | ${t('sources').ms.toFixed(1)} | ${t('baseline').ms.toFixed(1)} |`,
    `| Characters of creation traces recorded | ${t('package').chars.toLocaleString('en-US')} | ${t('perElement').chars.toLocaleString('en-US')} | ` +
      `${t('sources').chars.toLocaleString('en-US')} | ${t('baseline').chars.toLocaleString('en-US')} |`,
    '', ...PROFILE_FINDINGS, '',
    'Measured in this run (CPU, this process, the way the benchmark runs: ts-node with source maps): one synth message ' +
      `(\`Annotations.of(c).addInfo\`) costs ${costs.annotation.toFixed(0)} µs, the same message without its trace (the library's ` +
      `\`inform()\`) ${costs.info.toFixed(0)} µs, one bare \`CfnResource\` ${costs.element.toFixed(0)} µs; the library app adds ` +
      `${lib.metadata - base.metadata} metadata entries at ${envs} environments (the cross-account-copy message of each environment ` +
      'and the cdk-nag acknowledgements, none with a trace).',
  ];
  return { title: 'Where the synth time goes', lines };
}
