import { execFile } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const MARK = '\u0000RESULT';

/** What one invocation of a bundled handler came to. */
export interface BundleOutcome {
  /** true when the handler returned, false when it threw. */
  readonly ok: boolean;
  /** What it returned, or the message of what it threw. */
  readonly value: any;
}

export interface InvokeBundleOptions {
  /** Environment variables on top of this process's. */
  readonly env?: Record<string, string>;
  /** The Lambda context's remaining time. @default 10000 */
  readonly remainingMs?: number;
  /** The child process's time limit. @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * Invokes the bundle that ships (assets/<asset>/index.js) in a fresh node process, as one Lambda
 * instance runs it: the event on stdin, the outcome after a marker on stdout (what the handler logs
 * stays in the child's output, unprinted).
 */
export function invokeBundle(asset: string, event: unknown, options: InvokeBundleOptions = {}): Promise<BundleOutcome> {
  const script = `
    const { handler } = require(${JSON.stringify(path.join(ROOT, 'assets', asset, 'index.js'))});
    const done = (ok, value) => process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify({ ok, value }));
    handler(JSON.parse(require('fs').readFileSync(0, 'utf8')), { getRemainingTimeInMillis: () => ${options.remainingMs ?? 10_000} })
      .then((v) => done(true, v), (e) => done(false, e.message));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], {
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 30_000,
      maxBuffer: 10 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${asset} failed: ${error.message}\n${stderr}`));
      const at = stdout.lastIndexOf(MARK);
      if (at < 0) return reject(new Error(`${asset} ended without an outcome: ${stdout.slice(-2_000)}\n${stderr}`));
      resolve(JSON.parse(stdout.slice(at + MARK.length)));
    });
    child.stdin!.end(JSON.stringify(event));
  });
}
