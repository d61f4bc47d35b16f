import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A finding of cfn-lint (JSON output). */
export interface CfnLintFinding {
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Level: string;
  readonly Filename: string;
}

const INSTALL_HINT = "Is cfn-lint installed? pip install 'cfn-lint>=1.51'";
/** W3005 (an explicit DependsOn that an intrinsic already implies) is ignored: plain CDK output triggers it. */
const OPTIONS = ['--format', 'json', '--ignore-checks', 'W3005'];

/**
 * Checks templates with `cfn-lint` (preinstalled with Python). W3005 (an explicit DependsOn that an
 * intrinsic already implies) is ignored: plain CDK output triggers it. Fails with a clear message when
 * cfn-lint is missing or does not answer in JSON: the check is never skipped.
 *
 * Each jest worker process keeps one warm cfn-lint (test/support/cfn-lint-server.py: Python, cfn-lint and
 * its schemas loaded once, about 2 s of CPU that each `cfn-lint` command pays again), which runs
 * cfn-lint's own command in process and answers what the command prints; when it cannot start or
 * answer, the `cfn-lint` command runs instead (same findings, slower). Still, pass all of a test's
 * templates at once. `command` is for the test of this helper: another command runs as a command.
 */
export function cfnLint(templatePaths: string[], command: string = 'cfn-lint'): CfnLintFinding[] {
  const args = [...OPTIONS, '--', ...templatePaths];
  const served = command === 'cfn-lint' && templatePaths.length > 0 ? cfnLintServer.run(args) : undefined;
  return findings(served ?? runCommand(command, args));
}

/**
 * For the test of this helper: cfnLint through one way only, the worker's server (throws when it has
 * none) or the `cfn-lint` command.
 */
export function cfnLintThrough(way: 'server' | 'command', templatePaths: string[]): CfnLintFinding[] {
  const args = [...OPTIONS, '--', ...templatePaths];
  return findings(way === 'server' ? cfnLintServer.answer(args) : runCommand('cfn-lint', args));
}

/** What the command printed and how it ended (the server's answer has the same shape). */
interface Output { readonly status: number | null; readonly stdout: string; readonly stderr: string }

function runCommand(command: string, args: string[]): Output {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`cfn-lint is required by this test but could not be run (${result.error.message}). ${INSTALL_HINT}`);
  }
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function findings(result: Output): CfnLintFinding[] {
  // cfn-lint exits non-zero when it finds something; its JSON output lists the findings. Anything else
  // (a pyenv shim without cfn-lint behind it, a crash) is an error, never an empty list.
  const out = result.stdout.trim();
  if (!out.startsWith('[')) {
    throw new Error(`cfn-lint did not produce JSON (exit ${result.status}): ${result.stderr || out}. ${INSTALL_HINT}`);
  }
  return JSON.parse(out) as CfnLintFinding[];
}

const SERVER_SCRIPT = path.join(__dirname, 'cfn-lint-server.py');
const CLIENT_SCRIPT = path.join(__dirname, 'cfn-lint-client.js');
/** The client's exit status when no server listens on the socket. */
const NO_SERVER = 3;
/** How long a server that was just started may take to listen (Python's start, well under a second). */
const START_WAIT_MS = 15_000;
/** How long one answer may take (cfn-lint over a test's templates takes seconds). */
const ANSWER_TIMEOUT_MS = 300_000;

/**
 * The worker's cfn-lint server. jest loads this module anew for every test file, so the server is found
 * again by its socket (one a process: the process id names it, in the run's temporary directory). The
 * server ends with the worker: it exits when its stdin (a pipe from this process) closes.
 */
export const cfnLintServer = {
  /** The socket of this process's server. */
  socketPath(): string {
    return path.join(os.tmpdir(), `cfn-lint-${process.pid}.sock`);
  },

  /** The server's answer (the command's output), or undefined when there is no working server. */
  run(args: string[]): Output | undefined {
    try {
      return this.answer(args);
    } catch {
      return undefined;
    }
  },

  /**
   * The server's answer; throws why there is none, starting a server when this process has none yet.
   * Any failure is remembered (the file `<socket>.unavailable`): this worker's later calls run the command.
   */
  answer(args: string[]): Output {
    const socket = this.socketPath();
    const unavailable = `${socket}.unavailable`;
    if (fs.existsSync(unavailable)) throw new Error(fs.readFileSync(unavailable, 'utf8'));
    try {
      const request = JSON.stringify({ args });
      let reply = ask(socket, request, 0);
      if (reply.status === NO_SERVER) {
        const server = start(socket);
        reply = ask(socket, request, START_WAIT_MS);
        if (reply.status === NO_SERVER) server.kill('SIGKILL');
      }
      if (reply.status !== 0) throw new Error((reply.stderr ?? '').trim() || reply.error?.message || `the client's exit ${reply.status}`);
      const answer = JSON.parse(reply.stdout) as Output & { error?: string };
      if (answer.error !== undefined) throw new Error(answer.error);
      return { status: answer.status, stdout: answer.stdout, stderr: answer.stderr };
    } catch (e) {
      const why = `the cfn-lint server of this jest worker failed: ${(e as Error).message}`;
      try {
        fs.writeFileSync(unavailable, why);
      } catch {
        // not remembered: the next call tries again
      }
      throw new Error(why);
    }
  },
};

function ask(socket: string, request: string, waitMs: number): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLIENT_SCRIPT, socket, String(waitMs)], {
    input: request,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: ANSWER_TIMEOUT_MS + waitMs,
  });
}

/** Starts this process's server, without waiting for it to listen; throws when it cannot be started. */
function start(socket: string): ChildProcess {
  if (Buffer.byteLength(socket) > 100) throw new Error(`the socket path is too long for a unix socket: ${socket}`);
  const child = spawn('python3', [SERVER_SCRIPT, '--socket', socket], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => undefined); // a command that cannot be run: reported after the pid check below
  if (child.pid === undefined) throw new Error('python3 could not be started');
  // Neither the process nor the pipe keeps the worker alive; the pipe closes when the worker exits.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return child;
}
