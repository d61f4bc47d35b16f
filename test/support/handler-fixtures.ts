/**
 * jest fixtures for the Lambda handler tests: each registers its beforeAll/afterAll hooks in the
 * calling test file (or describe block), in the order called.
 */
import * as path from 'path';
import { LocalAwsApi } from './local-aws-api';
import { localAwsEnvironment, MotoAccount, motoAccount } from './moto';

const ROOT = path.resolve(__dirname, '..', '..');

/** Something started before the tests and stopped after them (a LoopbackServer). */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts each server before the tests and stops it after them. */
export function serve(...servers: Startable[]): void {
  beforeAll(async () => { for (const s of servers) await s.start(); });
  afterAll(async () => { for (const s of servers) await s.stop(); });
}

/** Adds the variables to process.env for the tests (computed in beforeAll) and puts process.env back after them. */
export function withEnvironment(variables: () => Record<string, string>): void {
  let saved: NodeJS.ProcessEnv;
  beforeAll(() => {
    saved = { ...process.env };
    Object.assign(process.env, variables());
  });
  afterAll(() => { process.env = saved; });
}

/** The console calls a handler made, captured (nothing printed) for the tests to assert on. */
export interface CapturedConsole {
  readonly log: jest.SpyInstance;
  readonly warn: jest.SpyInstance;
  readonly error: jest.SpyInstance;
  /** The first argument of each call of `method` since the test started, as text. */
  lines(method: 'log' | 'warn' | 'error'): string[];
}

/**
 * Captures console.log/warn/error: what handlers log is expected output, asserted where it matters
 * and never printed. jest's `clearMocks` empties the calls before each test.
 */
export function captureConsole(): CapturedConsole {
  const spies: { [k: string]: jest.SpyInstance } = {};
  beforeAll(() => {
    for (const method of ['log', 'warn', 'error'] as const) {
      spies[method] = jest.spyOn(console, method).mockImplementation(() => undefined);
    }
  });
  afterAll(() => { for (const spy of Object.values(spies)) spy.mockRestore(); });
  return {
    get log() { return spies.log; },
    get warn() { return spies.warn; },
    get error() { return spies.error; },
    lines: (method) => spies[method].mock.calls.map((c) => String(c[0])),
  };
}

/**
 * A local fake AWS API for the tests: started before them, the AWS SDK pointed at it (with
 * `extra` variables, e.g. AWS_MAX_ATTEMPTS) and the handler's console captured; all undone after.
 */
export function withLocalApi(api: LocalAwsApi, extra: Record<string, string> = {}): CapturedConsole {
  const output = captureConsole();
  serve(api);
  withEnvironment(() => ({ ...localAwsEnvironment(api.endpoint), ...extra }));
  return output;
}

/**
 * A fresh AWS account in the run's moto_server (see moto.ts) for the tests, the AWS SDK pointed at
 * it (with `extra` variables, computed in beforeAll, e.g. a local stand-in's endpoint for one service).
 * Its fields can be read once beforeAll has run.
 */
export function withMotoAccount(extra: () => Record<string, string> = () => ({})): MotoAccount {
  let account: MotoAccount | undefined;
  let saved: NodeJS.ProcessEnv;
  beforeAll(async () => {
    account = await motoAccount();
    saved = { ...process.env };
    Object.assign(process.env, account.environment, extra());
  });
  afterAll(() => { if (saved) process.env = saved; });
  const get = (): MotoAccount => {
    if (!account) throw new Error('the moto account is made in beforeAll: read it in a hook or test');
    return account;
  };
  return {
    get endpoint() { return get().endpoint; },
    get accountId() { return get().accountId; },
    get credentials() { return get().credentials; },
    get environment() { return get().environment; },
  };
}

/** A custom resource handler's Lambda context: the two members the handlers read (typed any to pass as aws-lambda's Context). */
export function lambdaContext(remainingMs = 60_000): any {
  return { logStreamName: 'test-stream', getRemainingTimeInMillis: () => remainingMs };
}

/**
 * The two forms of a handler to run the same tests against (`describe.each`): the TypeScript source,
 * and the bundle that ships (assets/<asset>/index.js, as Lambda loads it).
 */
export function sourceAndBundle<H>(source: H, asset: string): Array<[string, () => H]> {
  return [
    ['TypeScript source', () => source],
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ['bundled asset', () => require(path.join(ROOT, 'assets', asset, 'index.js')).handler],
  ];
}
