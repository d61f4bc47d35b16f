/**
 * jest global setup, once per run before any test file:
 * - the Lambda handler bundles (assets/**\/index.js) exist and are newer than src/, so that
 *   `npx jest <file>` works on a fresh clone and never tests a stale bundle (`projen test` bundles
 *   before jest, so there this finds nothing to do);
 * - one moto_server for the whole run on loopback (see moto.ts), stopped by the global teardown
 *   (global-teardown.ts) or, where none is configured, when the jest process exits.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MOTO_ENDPOINT_VARIABLE, MOTO_LOG_VARIABLE, MOTO_UNAVAILABLE_VARIABLE, MotoServer, spawnMotoServer } from './moto';

const ROOT = path.resolve(__dirname, '..', '..');

/** The bundles projen's `bundle:*.lambda` tasks write (their --outfile). */
export function bundleOutputs(root: string = ROOT): string[] {
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
  const outputs: string[] = [];
  for (const [name, task] of Object.entries<any>(tasks)) {
    if (!/^bundle:.*\.lambda$/.test(name)) continue;
    for (const step of task.steps ?? []) {
      const m = /--outfile=(\S+)/.exec(step.exec ?? '');
      if (m) outputs.push(path.join(root, m[1].replace(/^['"]|['"]$/g, '')));
    }
  }
  return outputs;
}

/** Newest modification time of the TypeScript files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the bundles must be made again, or undefined when they are up to date. */
export function staleBundles(root: string = ROOT): string | undefined {
  const outputs = bundleOutputs(root);
  if (outputs.length === 0) return 'no bundle:*.lambda task found in .projen/tasks.json';
  const missing = outputs.filter(o => !fs.existsSync(o));
  if (missing.length > 0) return `missing: ${missing.map(m => path.relative(root, m)).join(', ')}`;
  const source = newestSource(path.join(root, 'src'));
  const old = outputs.filter(o => fs.statSync(o).mtimeMs < source);
  if (old.length > 0) return `older than src/: ${old.map(m => path.relative(root, m)).join(', ')}`;
  return undefined;
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
  await startRunMotoServer();
  const why = staleBundles();
  if (why === undefined) return;
  process.stderr.write(`\nBundling the Lambda handlers (${why}): npx projen bundle\n`);
  execSync('npx projen bundle', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
