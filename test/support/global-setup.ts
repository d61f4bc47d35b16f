/**
 * jest global setup, once per run before any test file:
 * - the Lambda handler bundles (assets/**\/index.js) exist and are newer than what they are made from
 *   (.ci/stale-bundles.js), so that `npx jest <file>` works on a fresh clone and never tests a stale
 *   bundle (`projen test` bundles before jest, so there this finds nothing to do);
 * - one temporary directory for the whole run (run-tmpdir.ts: TMPDIR points at it), removed by the
 *   global teardown;
 * - one moto_server for the whole run on loopback (see moto.ts), stopped by the global teardown
 *   (global-teardown.ts) or, where none is configured, when the jest process exits.
 */
import { execSync } from 'child_process';
import * as path from 'path';
import { MOTO_ENDPOINT_VARIABLE, MOTO_LOG_VARIABLE, MOTO_UNAVAILABLE_VARIABLE, MotoServer, spawnMotoServer } from './moto';
import { useRunTmpDir } from './run-tmpdir';

const ROOT = path.resolve(__dirname, '..', '..');

// The staleness rule is shared with projen's `bundle` task, whose condition runs the same file (plain
// JavaScript: it runs before anything is transpiled).
const bundles: {
  bundleOutputs(root?: string): string[];
  staleBundles(root?: string): string | undefined;
} = require('../../.ci/stale-bundles.js'); // eslint-disable-line @typescript-eslint/no-require-imports

/** The bundles projen's `bundle:*.lambda` tasks write (their --outfile). */
export function bundleOutputs(root: string = ROOT): string[] {
  return bundles.bundleOutputs(root);
}

/** Why the bundles must be made again, or undefined when they are up to date. */
export function staleBundles(root: string = ROOT): string | undefined {
  return bundles.staleBundles(root);
}

/** Where the run's moto_server is kept between the global setup and teardown (same process, same global). */
const RUN_SERVER = Symbol.for('cdk-environment-backup.test.moto-server');
type WithServer = { [RUN_SERVER]?: MotoServer };

/** The run's moto_server, if the global setup started one that is still running. */
export function runMotoServer(): MotoServer | undefined {
  const server = (globalThis as WithServer)[RUN_SERVER];
  return server && server.child.exitCode === null && server.child.signalCode === null ? server : undefined;
}

/**
 * Starts the run's moto_server and tells the test files (worker processes inherit process.env) its
 * endpoint, or why there is none: the tests that need it then fail with that message, the others
 * run. Reuses a running one (jest --watch runs the global setup again).
 */
export async function startRunMotoServer(command?: string): Promise<void> {
  delete process.env[MOTO_UNAVAILABLE_VARIABLE];
  let server = runMotoServer();
  if (!server) {
    try {
      server = await spawnMotoServer(command);
    } catch (e) {
      delete process.env[MOTO_ENDPOINT_VARIABLE];
      process.env[MOTO_UNAVAILABLE_VARIABLE] = (e as Error).message;
      return;
    }
    (globalThis as WithServer)[RUN_SERVER] = server;
    // Without a global teardown (or when jest is interrupted before it), the server goes with jest.
    const child = server.child;
    process.once('exit', () => { if (child.exitCode === null) child.kill('SIGTERM'); });
  }
  process.env[MOTO_ENDPOINT_VARIABLE] = server.endpoint;
  process.env[MOTO_LOG_VARIABLE] = server.logFile;
}

/** Stops the run's moto_server (global teardown). */
export async function stopRunMotoServer(): Promise<void> {
  const server = (globalThis as WithServer)[RUN_SERVER];
  delete (globalThis as WithServer)[RUN_SERVER];
  await server?.stop();
}

export default async function globalSetup(): Promise<void> {
  useRunTmpDir();
  await startRunMotoServer();
  const why = staleBundles();
  if (why === undefined) return;
  process.stderr.write(`\nBundling the Lambda handlers (${why}): npx projen bundle\n`);
  execSync('npx projen bundle', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
