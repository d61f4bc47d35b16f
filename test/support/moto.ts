import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as net from 'net';

/** A `moto_server` running on loopback for the duration of a test file. */
export interface MotoServer {
  /** e.g. http://127.0.0.1:53123 */
  readonly endpoint: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Asks the OS for a free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * Starts `moto_server` (preinstalled with Python's moto) on 127.0.0.1 and waits until it answers.
 * Fails with a clear message when the tool is missing: the tests that need it are never skipped.
 */
export async function startMotoServer(): Promise<MotoServer> {
  const which = spawnSync('moto_server', ['--help'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    throw new Error(
      'moto_server is required by this test but could not be run ' +
      `(${which.error?.message ?? which.stderr?.trim() ?? 'unknown error'}). ` +
      "Install it with: pip install 'moto[server]'",
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr += String(chunk); });
  const endpoint = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with code ${child.exitCode}: ${stderr}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
    }),
  };
}

/** Environment for AWS SDK v3 clients that must talk to the given local endpoint only (moto_server or a fake API). */
export function localAwsEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}
