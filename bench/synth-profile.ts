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
import { libraryApp } from './library-app';
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
 * CPU microseconds of one synth message (`Annotations.addInfo`, which records a captured stack trace) and of one
 * bare `CfnResource` (which records its creation stack trace), medians of 5 rounds of `count` in this process.
 */
export function metadataCostMicros(count: number): { annotation: number; element: number } {
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
    element: medianOf((stack, i) => new CfnResource(stack, `Resource${i}`, { type: 'Custom::Cost' })),
  };
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
  '- **The wrapper constructs cost next to nothing.** Nesting every resource of the baseline two constructs deeper (longer paths, ' +
    'more constructs for every phase to walk) changed its synthesis CPU by less than the noise (−3 % to +2 %).',
  '- **Synthesis: about +8 %, as much as the templates are larger.** The library\'s templates are 7.8 % larger (the vault\'s ' +
    'access policy also denies access-policy changes, alarm descriptions name the vault, the pipeline has its own alarms and ' +
    'queue policies), and resolving and writing them costs in proportion. By phase (`process.cpuUsage` around each, one quiet ' +
    'run: library / baseline ms): references and prepare 302 / 331, templates 289 / 287, tree.json 188 / 186, the coverage ' +
    'check 19 / 0 (its aspect 14, its report at validation 5), stack artifacts and the manifest 54 / 35 (the library records ' +
    'more metadata: cdk-nag acknowledgements, synth messages), the rest (aspect and synthesis tree walks, garbage collection) ' +
    '105 / 46; in all 966 / 893 (+8 %). Part of that rest is the coverage check being an aspect on the app\'s root: aws-cdk-lib ' +
    'invokes aspects in at least two passes over the tree and, for every construct and every aspect that applies to it, looks up ' +
    'the construct\'s path; an aspect on the root applies to every construct (in the profile, `invokeAspectsV2` took 2.4 times ' +
    'the baseline\'s time, about +20 ms at 50 environments).',
  '- **Construction: about +35 to +45 %, the library\'s own code and larger resources.** About 55 to 100 ms of CPU at 50 ' +
    'environments is the library\'s own JavaScript (checks of names, windows, lifecycles, schedules, tags, filters and open ' +
    'values; the derivation of the audit requirements; option resolution), spread over some 40 functions, none above 5 ms. The ' +
    'rest is aws-cdk-lib building richer resources (more policy statements, alarm actions and descriptions, method metadata) ' +
    'and one synth message per environment (the cross-account copy: an annotation, so a captured and source-mapped stack trace, ' +
    'about 300 µs each under ts-node).',
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
    'and every synth message is still recorded with its stack trace. What remains is what the library adds to the templates ' +
    '(synthesis) and its checks (construction). Getting under 5 % would take smaller templates (the protections are the point), ' +
    'a baseline that writes the same templates by hand (the vault\'s access-policy statement, the pipeline alarms), or fewer ' +
    'checks; recording the cross-account-copy message without a stack trace (`node.addMetadata` instead of `Annotations`, or ' +
    '`CDK_DISABLE_STACK_TRACE` / `@aws-cdk/core:disableMetadataStackTrace`, which aws-cdk-lib honours for every annotation) would ' +
    'save about 1 %, and changes what `cdk synth --debug` shows: left for the maintainers to decide.',
];

export function synthProfileSection(synth: SynthRow[]): ReportSection {
  const envs = 10;
  const lib = treeCounts(libraryApp, envs, envs);
  const base = treeCounts(baselineApp, envs, envs);
  const row = synth.find((r) => r.envs === envs);
  const costs = metadataCostMicros(500);
  const lines = [
    `What the two apps at ${envs} environments (one stack) ask of aws-cdk-lib, counted on the constructed apps:`, '',
    '| | Library | Baseline |', '|---|---:|---:|',
    `| Constructs in the tree | ${lib.constructs} | ${base.constructs} |`,
    `| Metadata entries (each CloudFormation element records one with a captured stack trace; synth messages add more) | ${lib.metadata} | ${base.metadata} |`,
    `| Validations (\`node.addValidation\`) | ${lib.validations} | ${base.validations} |`,
    `| Aspects (tags and checks) | ${lib.aspects} | ${base.aspects} |`,
    ...row ? [`| Construction CPU, median (ms) | ${row.libBuildCpu.toFixed(0)} | ${row.baseBuildCpu.toFixed(0)} |`,
      `| Synthesis CPU, median (ms) | ${(row.libCpu - row.libBuildCpu).toFixed(0)} | ${(row.baseCpu - row.baseBuildCpu).toFixed(0)} |`] : [],
    '', ...PROFILE_FINDINGS, '',
    'Measured in this run (CPU, this process, the way the benchmark runs: ts-node with source maps): one synth message ' +
      `(\`Annotations.of(c).addInfo\`) costs ${costs.annotation.toFixed(0)} µs, one bare \`CfnResource\` ${costs.element.toFixed(0)} µs; ` +
      `the library app adds ${lib.metadata - base.metadata} metadata entries at ${envs} environments (the cross-account-copy message of each ` +
      'environment, and the cdk-nag acknowledgements, which capture no trace).',
  ];
  return { title: 'Where the synth time goes', lines };
}
