/**
 * The test gate: a failing test must make the run exit non-zero, on the aws-cdk-lib floor and on the
 * newest aws-cdk-lib, with the project's own jest configuration (package.json "jest": its global
 * setup and teardown start and stop moto_server, whose teardown once let node exit 0 after a failure).
 * Each run is the command of the projen task (read from .projen/tasks.json, so the test follows the
 * task), narrowed with --testMatch to a fixture outside the normal test match (test/fixtures/gate/).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'gate');
const SUMMARY = path.join(ROOT, '.ci', 'test-summary.js');

interface Run { readonly status: number | null; readonly output: string; readonly junit: string }

/** A projen task's jest step (the command line and its environment). */
function jestStep(taskName: string): { command: string; env: Record<string, string> } {
  const task = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks[taskName];
  const step = (task.steps as any[]).find(s => /^jest\b/.test(s.exec ?? (s.execArgs ?? []).join(' ')));
  if (!step) throw new Error(`the projen task ${taskName} has no jest step`);
  const command = step.exec ?? (step.execArgs as string[]).map(a => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return { command, env: task.env ?? {} };
}

/** Runs a task's jest step on one fixture, in a shell as projen does, and collects its junit report. */
async function runJestStep(taskName: string, fixture: string, env: Record<string, string> = {}): Promise<Run> {
  const step = jestStep(taskName);
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
  const command = `${step.command} --testMatch '<rootDir>/test/fixtures/gate/${fixture}'`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...step.env,
    ...env,
    PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
    // The fixture's report goes to a temporary folder, never over the run's own test-reports/.
    JEST_JUNIT_OUTPUT_DIR: reports,
    JEST_JUNIT_OUTPUT_NAME: 'junit.xml',
  };
  // This file runs inside a jest worker: the child is a jest run of its own.
  for (const name of Object.keys(childEnv)) if (name.startsWith('JEST_WORKER')) delete childEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.once('error', reject);
    child.once('close', (status) => {
      const junit = path.join(reports, 'junit.xml');
      resolve({ status, output, junit: fs.existsSync(junit) ? fs.readFileSync(junit, 'utf8') : '' });
    });
  });
}

/** The version of the aws-cdk-lib that a task's moduleNameMapper points to (the floor without one). */
function mappedCdkVersion(taskName: string): string {
  const m = /"\^aws-cdk-lib\$":"<rootDir>\/([^"]+)"/.exec(jestStep(taskName).command);
  const dir = m ? path.join(ROOT, m[1]) : path.join(ROOT, 'node_modules', 'aws-cdk-lib');
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/** .ci/test-summary.js over one report. */
function summary(junit: string): Promise<{ status: number | null; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-summary-'));
  fs.writeFileSync(path.join(dir, 'junit.xml'), junit);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SUMMARY, `${path.join(dir, 'junit.xml')}=fixture`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.once('close', (status) => resolve({ status, output }));
  });
}

const TIMEOUT = 180_000;

/**
 * The four runs (failing and passing fixture, floor and newest) are independent jest processes (each its
 * own report folder and moto_server): all start before the first test, and each test awaits its own, so
 * the file takes about as long as the slowest run instead of the sum of the four.
 */
const started = new Map<string, Promise<Run>>();
function run(taskName: string, fixture: string, env: Record<string, string> = {}): Promise<Run> {
  const key = `${taskName} ${fixture}`;
  if (!started.has(key)) {
    const promise = runJestStep(taskName, fixture, env);
    promise.catch(() => undefined); // awaited (and reported) by its test
    started.set(key, promise);
  }
  return started.get(key)!;
}
const passingEnv = (taskName: string) => ({ GATE_EXPECTED_CDK_VERSION: mappedCdkVersion(taskName) });
beforeAll(() => {
  for (const taskName of ['test:floor', 'test:latest']) {
    void run(taskName, 'failing.fixture.ts');
    void run(taskName, 'passing.fixture.ts', passingEnv(taskName));
  }
});

describe.each([
  ['the floor aws-cdk-lib (projen task test:floor)', 'test:floor'],
  ['the newest aws-cdk-lib (projen task test:latest)', 'test:latest'],
])('jest on %s', (_what, taskName) => {
  test('a failing test makes the run exit non-zero, and the CI summary fails on its report', async () => {
    expect(fs.existsSync(path.join(FIXTURES, 'failing.fixture.ts'))).toBe(true);
    const failing = await run(taskName, 'failing.fixture.ts');
    expect(failing.output).toMatch(/Tests:\s+1 failed, 1 total/);
    expect(failing.status).toBe(1);
    expect(failing.junit).toMatch(/<testsuites [^>]*\bfailures="1"/);
    const ci = await summary(failing.junit);
    expect(ci.output).toMatch(/^jest: 0 passed, 1 failed$/m);
    expect(ci.status).toBe(1);
  }, TIMEOUT);

  test('a passing test exits 0, on the aws-cdk-lib the task maps to (the check above can tell)', async () => {
    const passing = await run(taskName, 'passing.fixture.ts', passingEnv(taskName));
    expect(passing.output).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(passing.status).toBe(0);
    const ci = await summary(passing.junit);
    expect(ci.output).toMatch(/^jest: 1 passed, 0 failed$/m);
    expect(ci.status).toBe(0);
  }, TIMEOUT);
});

test('the newest run loads another aws-cdk-lib than the floor', () => {
  expect(mappedCdkVersion('test:latest')).not.toBe(mappedCdkVersion('test:floor'));
});
