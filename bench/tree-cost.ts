/*
 * What the shape of the construct tree costs: the library against the same hand-written app placed in the library's
 * construct tree (`sameTreeBaselineApp`), and that app against the flat baseline. Measured in the synth benchmark's
 * rounds (bench/run.ts), rendered here as a section of BENCHMARKS.md.
 */
import { paritySummary } from './parity';
import { baselineRuns, libraryRuns, ReportSection, SynthRow } from './report';
import { bothRatios, compareSeries, ratiosWithInterval } from './stats';

/** The library against the same-tree baseline, and the same-tree baseline against the flat one, at each size. */
function treeComparisons(row: SynthRow) {
  return {
    libraryVsTree: compareSeries(libraryRuns(row), row.tree),
    treeVsFlat: compareSeries(row.tree, baselineRuns(row)),
  };
}

export function treeCostSection(synth: SynthRow[]): ReportSection {
  const judged = synth.filter((r) => r.envs >= 10);
  const lines = [
    'The baseline of section 1 puts every resource straight under its stack, its ids numbered by environment ' +
      '(`VaultKey3`). The library builds a tree: each environment is an `EnvironmentBackup` whose vault, selection, notifications, ' +
      'audit and monitoring are constructs of their own (`Env3/Notifications/Topic/Key`), nine constructs an environment that hold ' +
      'no resource themselves. To tell what that shape costs from what the library\'s code costs, the benchmark measures a third ' +
      'app in the same rounds: **the same hand-written app placed in the library\'s construct tree** (`sameTreeBaselineApp` in ' +
      'bench/baseline-app.ts: the same code as the baseline, each resource created under plain `Construct`s at the path and with the ' +
      'id the library gives it). It writes the library\'s templates (bench/parity.ts: ' +
      `${synth.map((r) => `${paritySummary(r.tree.parity)} at ${r.envs}`).join(', ')}), and its tree has the library's constructs.`, '',
    '| Environments | Flat baseline (median) | Same-tree baseline | Library | Same tree vs flat, wall | Same tree vs flat, CPU | ' +
      'Library vs same tree, wall | Library vs same tree, CPU | Construction CPU: flat / same tree / library |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...synth.map((r) => {
      const c = treeComparisons(r);
      return `| ${r.envs} | ${r.baseline.toFixed(0)} ms | ${r.tree.median.toFixed(0)} ms | ${r.library.toFixed(0)} ms | ` +
        `${ratiosWithInterval(c.treeVsFlat.wall)} | ${ratiosWithInterval(c.treeVsFlat.cpu)} | ${ratiosWithInterval(c.libraryVsTree.wall)} | ` +
        `${ratiosWithInterval(c.libraryVsTree.cpu)} | ` +
        `${r.baseBuildCpu.toFixed(0)} / ${r.tree.buildCpu.toFixed(0)} / ${r.libBuildCpu.toFixed(0)} ms |`;
    }),
    '',
    'Ratios: ratio of medians / median of paired ratios (runs of the same round), and in parentheses a 90 % bootstrap interval ' +
      'of the median of paired ratios (`pairedRatioInterval` in bench/stats.ts): where it spans zero, the run cannot tell the ' +
      'two apps apart. How to read it: "same tree vs flat" is what the ' +
      'tree\'s shape costs aws-cdk-lib with no library code at all; "library vs same tree" is what the library\'s own code costs ' +
      '(its option resolution, presets, names, checks, grants and acknowledgements) once the tree is the same. The shape costs in ' +
      'both phases: more constructs to create, and longer paths: aws-cdk-lib derives a resource\'s logical id again from its ' +
      'construct path each time a reference to it is resolved (`CfnElement.logicalId` is an uncached `Lazy`; `makeUniqueId` ' +
      'walks and hashes the path), so every `Ref` and `Fn::GetAtt` pays for the depth, and tree.json, the templates\' ids and ' +
      'every walk of the tree grow with it. On this shared machine a ratio moves by several points from one run to the next ' +
      '(compare the two statistics, the intervals and the sizes). The target of ' +
      'section 1 stays judged against the flat baseline: the tree is the library\'s design, and its users pay for it. Making the ' +
      'tree flatter would change every logical id under the removed constructs and take the composable constructs ' +
      '(`EnvironmentVault`, `BackupNotifications`, `BackupAudit`, `BackupMonitoring`, which users also create alone) out of the facade.',
  ];
  const summary = '**Synth overhead vs the same app hand-written in the library\'s construct tree** (what the library\'s code costs; ' +
    'ratio of medians / median of paired ratios): ' +
    judged.map((r) => { const c = treeComparisons(r); return `${bothRatios(c.libraryVsTree.wall)} at ${r.envs}, CPU ${bothRatios(c.libraryVsTree.cpu)}`; }).join('; ') +
    '; that tree alone costs the hand-written app ' +
    judged.map((r) => { const c = treeComparisons(r); return `${bothRatios(c.treeVsFlat.wall)} at ${r.envs} (CPU ${bothRatios(c.treeVsFlat.cpu)})`; }).join(', ') +
    '.';
  return { title: 'What the construct tree costs', summary, lines };
}
