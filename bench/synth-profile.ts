/*
 * Where the synth time goes: what each app makes aws-cdk-lib do (constructs, metadata entries, validations,
 * aspects), counted on the apps themselves, and what profiling found and changed (the text below).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
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
 * What profiling (`node --cpu-prof` on the library app and the baseline, 10 environments, construction and
 * synthesis apart) found, and what changed. Kept with the code that measures it; update it when you profile again.
 */
export const PROFILE_FINDINGS: string[] = [];

export function synthProfileSection(synth: SynthRow[]): ReportSection {
  const envs = 10;
  const lib = treeCounts(libraryApp, envs, envs);
  const base = treeCounts(baselineApp, envs, envs);
  const row = synth.find((r) => r.envs === envs);
  const lines = [
    `What the two apps at ${envs} environments (one stack) ask of aws-cdk-lib, counted on the constructed apps:`, '',
    '| | Library | Baseline |', '|---|---:|---:|',
    `| Constructs in the tree | ${lib.constructs} | ${base.constructs} |`,
    `| Metadata entries (each CloudFormation element records one with a captured stack trace; synth messages add more) | ${lib.metadata} | ${base.metadata} |`,
    `| Validations (\`node.addValidation\`) | ${lib.validations} | ${base.validations} |`,
    `| Aspects (tags and checks) | ${lib.aspects} | ${base.aspects} |`,
    ...row ? [`| Construction CPU, median (ms) | ${row.libBuildCpu.toFixed(0)} | ${row.baseBuildCpu.toFixed(0)} |`,
      `| Synthesis CPU, median (ms) | ${(row.libCpu - row.libBuildCpu).toFixed(0)} | ${(row.baseCpu - row.baseBuildCpu).toFixed(0)} |`] : [],
    '', ...PROFILE_FINDINGS,
  ];
  return { title: 'Where the synth time goes', lines };
}
