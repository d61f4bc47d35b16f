/*
 * The benchmark's two apps write the same templates (bench/parity.ts), on whichever aws-cdk-lib runs the
 * suite: `npx projen bench:quick` checks it on the floor at 1 and 10 environments; this file is also run
 * against the newest aws-cdk-lib (test:latest), where an L2's new default could make the apps part.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// The library's sources (the suite runs before the build compiles lib/, and on the newest aws-cdk-lib too).
process.env.BENCH_LIBRARY = 'src';
import { baselineApp } from '../../bench/baseline-app';
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
