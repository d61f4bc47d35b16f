/**
 * One temporary directory for a whole jest run. The global setup points TMPDIR (what `os.tmpdir()` and
 * Python's `tempfile` read) at a fresh directory before the test files start, so every `mkdtemp` of a test,
 * cfn-lint and moto_server lands there; the global teardown removes it and puts TMPDIR back. Before, each run
 * left its directories behind (thousands of them in /tmp after a day of runs). Failure messages that need
 * a file's content (the moto_server log) read it when they are built, so nothing a failure reports is lost.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The run's directory and the TMPDIR it replaced, kept between the global setup and teardown (one process). */
const RUN_TMP = Symbol.for('cdk-environment-backup.test.run-tmpdir');
interface RunTmp { readonly dir: string; readonly previous: string | undefined }
type WithRunTmp = { [RUN_TMP]?: RunTmp };

/** Creates the run's directory and points TMPDIR at it (worker and child processes inherit it); returns it. */
export function useRunTmpDir(): string {
  removeRunTmpDir(); // jest --watch runs the global setup again
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-environment-backup-test-'));
  (globalThis as WithRunTmp)[RUN_TMP] = { dir, previous };
  process.env.TMPDIR = dir;
  // Without a global teardown (or when jest is interrupted before it), the directory goes with jest.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Removes the run's directory, if any, and puts TMPDIR back as it was. */
export function removeRunTmpDir(): void {
  const run = (globalThis as WithRunTmp)[RUN_TMP];
  if (!run) return;
  delete (globalThis as WithRunTmp)[RUN_TMP];
  if (run.previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = run.previous;
  fs.rmSync(run.dir, { recursive: true, force: true });
}
