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
  'How it was profiled: `node --cpu-prof -r ts-node/register` on a script that builds (and, in a second profile, synthesizes) the ' +
    'library app and the baseline alternately, 20 to 30 times each at 10 environments, the two phases in functions of their own so ' +
    'that the profile separates them; paired CPU times (`process.cpuUsage`) of the two phases confirmed which side of the split ' +
    'carries the overhead (the table above gives this run\'s medians).',
  '',
  'Where the time went:',
  '',
  '- **Both apps spend most of their construction time in aws-cdk-lib itself**, above all in the creation stack trace that every ' +
    'CloudFormation element records (`CfnElement` captures one, and under ts-node each frame goes through the source maps), then in ' +
    'token encoding and property injection. That cost follows the number of resources, which is the same on both sides.',
  '- **What only the library does, per environment**: the wrapper constructs (`EnvironmentBackup`, `EnvironmentVault`, ' +
    '`EnvironmentPlan`, `EnvironmentSelection`, `BackupNotifications`, `BackupAudit`, `BackupMonitoring`…; see the constructs row ' +
    'above), which every phase of synthesis walks again (aspects, prepare, references, validation, tree.json); the synth-time ' +
    'validations of names, windows, lifecycles, schedules and tags (a small share); the cross-account-copy message (an annotation, ' +
    'so one more captured stack trace per environment); and slightly larger templates (descriptions, names), which token resolution ' +
    'and template writing walk.',
  '- **Synthesis**: token resolution, reference finding and template writing dominate on both sides and grow with template bytes. ' +
    'The library adds the coverage check (`BackupCoverage`, an aspect on the app\'s root, which aws-cdk-lib visits with every ' +
    'construct of the app, and one tree walk at validation) and its validations, which together are a few percent of synthesis.',
  '',
  'What changed:',
  '',
  '- `SlackForwarder.forStack` resolved the webhook secret\'s ARN (`Stack.resolve`) for every environment to find the stack\'s ' +
    'forwarder; it now resolves it once per stack and ARN. The templates do not change.',
  '- The library app of this benchmark used the deprecated `monitoring.dashboard`, so each environment added a deprecation warning ' +
    '(an annotation with a captured stack trace) that hand-written code never pays; it now uses `monitoring.onDashboard`, as users ' +
    'are told to.',
  '- The library app confirms the DR account (`copyTo[].account`), which a cross-account copy requires; the baseline adds the same ' +
    'two key-policy statements to its vault key, so both sides do the same work.',
  '',
  'Not changed: every validation and aspect still runs. The remaining overhead is mostly the wrapper constructs and what aws-cdk-lib ' +
    'does per construct and per metadata entry; cutting it further means fewer constructs per environment (for example, building ' +
    'the concerns as functions that add resources to the environment instead of as child constructs), which changes construct ' +
    'paths, and therefore logical IDs, for every user: not done here.',
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
      'environment, and the cdk-nag acknowledgements, which capture no trace). Recording that message without its stack trace ' +
      '(`node.addMetadata` instead of `Annotations`) would save its cost, at the price of the trace that `cdk synth --debug` shows; ' +
      'left as it is, for the maintainers to decide.',
  ];
  return { title: 'Where the synth time goes', lines };
}
