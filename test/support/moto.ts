import { ChildProcess, spawn } from 'child_process';
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * One `moto_server` serves the whole jest run: the global setup (global-setup.ts) starts it on
 * loopback and passes its endpoint to the test files in these environment variables; a test file
 * takes a fresh AWS account in it (`motoAccount()`), so files running at the same time never see
 * each other's resources and no file has to reset the server.
 */
export const MOTO_ENDPOINT_VARIABLE = 'CDK_ENVIRONMENT_BACKUP_MOTO_ENDPOINT';
/** Set instead of the endpoint when moto_server could not be started: why, for the tests that need it. */
export const MOTO_UNAVAILABLE_VARIABLE = 'CDK_ENVIRONMENT_BACKUP_MOTO_UNAVAILABLE';
/** moto_server's own output, to quote when it does not answer. */
export const MOTO_LOG_VARIABLE = 'CDK_ENVIRONMENT_BACKUP_MOTO_LOG';

const INSTALL_HINT = "Install it with: pip install 'moto[server]' (see the README's Develop section).";
const READY_TIMEOUT_MS = 30_000;

/** A `moto_server` process running on loopback. */
export interface MotoServer {
  /** e.g. http://127.0.0.1:53123 */
  readonly endpoint: string;
  /** The file moto_server writes its output to. */
  readonly logFile: string;
  /** The moto_server process. */
  readonly child: ChildProcess;
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
 * Spawns `moto_server` (Python's moto) on 127.0.0.1 and returns as soon as the process exists,
 * without waiting for it to answer (`waitForMoto` does, in the tests that use it), so a run of
 * tests that never call AWS does not wait for Python to start. Rejects with the install hint when
 * the command cannot be run. The process does not keep node alive (it is unref'd).
 */
export async function spawnMotoServer(command = 'moto_server'): Promise<MotoServer> {
  const port = await freePort();
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moto-')), 'moto_server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) => reject(new Error(`moto_server is required by the tests that call AWS APIs but could not be run (${e.message}). ${INSTALL_HINT}`)));
  });
  child.unref();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    logFile,
    child,
    // While stop() waits, the child and its kill timer keep node's event loop alive: were both unref'd,
    // the loop could run dry inside jest's globalTeardown and node would exit with status 0 before jest
    // sets its failure code (a failing run that exits 0; test/support/gate.test.ts proves it does not).
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.ref();
      const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => { clearTimeout(kill); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

/** Waits until the moto_server at `endpoint` answers; fails naming the endpoint and quoting its log. */
export async function waitForMoto(endpoint: string, logFile?: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const output = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().slice(-2_000) : '';
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs / 1000} s` +
        (output ? `; its output:\n${output}` : ''));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The run's moto_server (started by the jest global setup), once it answers. Throws a message that
 * says what to install when moto_server is missing: the tests that need it fail, never skip.
 */
export async function motoEndpoint(): Promise<string> {
  const unavailable = process.env[MOTO_UNAVAILABLE_VARIABLE];
  if (unavailable) throw new Error(unavailable);
  const endpoint = process.env[MOTO_ENDPOINT_VARIABLE];
  if (!endpoint) {
    throw new Error(`${MOTO_ENDPOINT_VARIABLE} is not set: moto_server is started by jest's globalSetup ` +
      '(test/support/global-setup.ts); run the tests with the project\'s jest configuration (npx jest).');
  }
  await waitForMoto(endpoint, process.env[MOTO_LOG_VARIABLE]);
  return endpoint;
}

/** Credentials of one AWS account in moto. */
export interface MotoCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** A fresh AWS account in the run's moto_server. */
export interface MotoAccount {
  readonly endpoint: string;
  /** 12 digits, new for each call. */
  readonly accountId: string;
  readonly credentials: MotoCredentials;
  /** Environment variables that point an AWS SDK (v3, boto3) at this account in moto only. */
  readonly environment: Record<string, string>;
}

/**
 * A fresh AWS account in the run's moto_server: STS AssumeRole into a role ARN of a new account id
 * gives credentials that moto keeps that account's resources under ("the role does not need to exist;
 * the ARN can point to another account", moto's STS `assume_role`). Each test file (or test) that
 * takes one starts from an empty account, whatever the other files running at the same time do.
 */
export async function motoAccount(region = 'us-east-1'): Promise<MotoAccount> {
  const endpoint = await motoEndpoint();
  const accountId = String(randomInt(100_000_000_000, 999_999_999_999));
  // A plain form POST: moto routes by the credential scope of the Authorization header and does
  // not check the signature.
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'authorization': `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/sts/aws4_request, SignedHeaders=host, Signature=unsigned`,
    },
    body: new URLSearchParams({
      Action: 'AssumeRole', Version: '2011-06-15', RoleArn: `arn:aws:iam::${accountId}:role/tests`, RoleSessionName: 'tests',
    }).toString(),
  });
  const xml = await response.text();
  const field = (name: string) => {
    const m = new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml);
    if (!m) throw new Error(`moto_server's AssumeRole answered HTTP ${response.status} without ${name}: ${xml.slice(0, 500)}`);
    return m[1];
  };
  const credentials = { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
  return { endpoint, accountId, credentials, environment: localAwsEnvironment(endpoint, credentials, region) };
}

/** Environment for AWS SDK clients that must talk to the given local endpoint only (moto_server or a fake API). */
export function localAwsEnvironment(
  endpoint: string,
  credentials: MotoCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' },
  region = 'us-east-1',
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}
