/*
 * The benchmark's apps write the same templates (bench/parity.ts), on whichever aws-cdk-lib runs the
 * suite, and the same-tree baseline keeps the library's construct tree: `npx projen bench:quick` checks it on the floor at 1 and 10 environments; this file is also run
 * against the newest aws-cdk-lib (test:latest), where an L2's new default could make the apps part.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// The library's sources (the suite runs before the build compiles lib/, and on the newest aws-cdk-lib too).
process.env.BENCH_LIBRARY = 'src';
import { App } from 'aws-cdk-lib';
import { baselineApp, sameTreeBaselineApp } from '../../bench/baseline-app';
import { libraryApp } from '../../bench/library-app';
import { compareAssemblies, paritySummary } from '../../bench/parity';

test('the library app and the hand-written baseline synthesize the same templates (2 environments)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-apps-'));
  try {
    libraryApp(path.join(dir, 'library'), 2, 10).synth();
    baselineApp(path.join(dir, 'baseline'), 2, 10).synth();
    const result = compareAssemblies(path.join(dir, 'library'), path.join(dir, 'baseline'));
    expect(paritySummary(result, 10)).toBe('yes');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The construct paths of an app, with the stack's name and the hashes derived from paths that include it made alike. */
function paths(app: App): string[] {
  return app.node.findAll().map((c) => c.node.path.replace(/(Library|Baseline)(\d+)/g, 'Stack$2').replace(/[0-9A-F]{8}(?=$|\/)/g, '<hash>')).sort();
}

test('the same-tree baseline writes the library\'s templates from the library\'s construct tree (2 environments)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-apps-'));
  try {
    const library = libraryApp(path.join(dir, 'library'), 2, 10);
    const tree = sameTreeBaselineApp(path.join(dir, 'tree'), 2, 10);
    // What the benchmark's tree-cost section rests on: the same constructs at the same paths, not just the same templates.
    expect(paths(tree)).toEqual(paths(library));
    library.synth();
    tree.synth();
    expect(paritySummary(compareAssemblies(path.join(dir, 'library'), path.join(dir, 'tree')), 10)).toBe('yes');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
