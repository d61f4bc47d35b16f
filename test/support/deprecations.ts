/**
 * Deprecated aws-cdk-lib API used by this library or its tests fails the test (jest `setupFilesAfterEnv`).
 *
 * aws-cdk-lib (compiled by jsii) calls a `print(name, message)` at the start of every deprecated method,
 * constructor, property and struct field; with `JSII_DEPRECATED=warn` it prints
 * `[WARNING] <name> is deprecated, …` with `console.warn`, with `fail` it throws. `fail` cannot be
 * used as such: aws-cdk-lib calls its own deprecated API in places (2.257's `TableV2` passes the
 * deprecated `TableGrantsProps#encryptedResource` to its own `TableGrants`), and that would fail any
 * test that builds such a construct, though no code of ours is at fault.
 *
 * So the tests run with `warn` (set here, whatever the shell says) and each warning is judged by its
 * stack, when it is printed:
 * - the deprecated API was called from our code (`src/`, `test/`, `example/`, `bench/`): the call
 *   throws, as under `JSII_DEPRECATED=fail`, and the test fails (again after it, in case the error
 *   was caught);
 * - aws-cdk-lib called its own deprecated API while building a construct that `src/` created: it
 *   fails too, because every user would see the warning at each `cdk synth` of ours;
 * - aws-cdk-lib (or another package: cdk-nag, integ-tests-alpha) called it while building a construct
 *   that a test created: not ours to fix; it is not printed.
 *
 * jsii prints each name once per test file (each test file loads aws-cdk-lib anew). A test that
 * replaces `console.warn` with a mock sees no deprecation: only handler tests do that, and handlers
 * import no aws-cdk-lib.
 */
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const OURS = ['src', 'test', 'example', 'bench'].map(d => path.join(ROOT, d) + path.sep);
const SRC = path.join(ROOT, 'src') + path.sep;
/** aws-cdk-lib's folder: the floor's, or the newest's (the `aws-cdk-lib-newest` alias that `test:latest` maps to). */
const CDK = String.raw`[\\/]aws-cdk-lib(?:-newest)?[\\/]`;
/** jsii's deprecation and struct validators. */
const JSII_WARNINGS = new RegExp(String.raw`${CDK}\.warnings\.jsii\.js$`);
const AWS_CDK_LIB = new RegExp(String.raw`[\\/]node_modules${CDK}`);
/** Frames that wrap a construct's constructor (same function name as the wrapped one). */
const CONSTRUCTOR_WRAPPERS = new RegExp(String.raw`${CDK}core[\\/]lib[\\/](no-box-stack-traces|prop-injectable|metadata-resource)\.js$`);
const DEPRECATED = /^(\S+) is deprecated\b/;

interface Frame { readonly fn: string; readonly file: string; readonly line: string }

function frames(stack: string): Frame[] {
  const result: Frame[] = [];
  for (const raw of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:(.*?) \()?(.+?):(\d+):\d+\)?$/.exec(raw);
    if (m) result.push({ fn: m[1] ?? '', file: m[2], line: m[3] });
  }
  return result;
}

const isOurs = (f: Frame) => OURS.some(d => f.file.startsWith(d)) && !f.file.includes(`${path.sep}node_modules${path.sep}`);
const where = (f: Frame) => `${path.relative(ROOT, f.file)}:${f.line}`;

/**
 * Who is to blame for a deprecation warning printed now: a message when it is us, otherwise undefined.
 * Exported for its own test.
 */
export function blameOurCode(name: string, stack: string): string | undefined {
  const all = frames(stack);
  const printed = all.findIndex(f => JSII_WARNINGS.test(f.file));
  if (printed < 0) return undefined; // not jsii's deprecation print: leave it alone
  let i = printed;
  while (i < all.length && JSII_WARNINGS.test(all[i].file)) i++;
  const api = all[i]; // the deprecated method, constructor or property itself
  if (!api) return undefined;
  i++;
  while (i < all.length && CONSTRUCTOR_WRAPPERS.test(all[i].file) && all[i].fn === api.fn) i++;
  const caller = all[i];
  if (caller && isOurs(caller)) {
    return `${where(caller)} uses ${name}, which is deprecated: use what its documentation names instead`;
  }
  // aws-cdk-lib calling itself: blame us only when src/ built the construct (users would see it).
  const entry = all.slice(i).find(f => !AWS_CDK_LIB.test(f.file));
  if (caller && AWS_CDK_LIB.test(caller.file) && entry?.file.startsWith(SRC)) {
    return `${where(entry)} builds an aws-cdk-lib construct that uses ${name}, which is deprecated: ` +
      'every synth of ours would print this warning';
  }
  return undefined;
}

process.env.JSII_DEPRECATED = 'warn';

const violations: string[] = [];
const originalWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ').replace(/^\[WARNING\]\s*/, '');
  const name = DEPRECATED.exec(text)?.[1];
  if (!name) return originalWarn(...args);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const blame = blameOurCode(name, stack);
  if (blame === undefined) return; // aws-cdk-lib's or a test tool's own use: not printed
  violations.push(blame);
  const error = new Error(`${blame}\n${text}`);
  error.name = 'DeprecationError';
  throw error;
};

/** The violations recorded since the last test, cleared (for the test of this file). */
export function takeViolations(): string[] {
  return violations.splice(0);
}

afterEach(() => {
  if (violations.length === 0) return;
  const found = violations.splice(0);
  throw new Error(`deprecated aws-cdk-lib API used:\n${found.join('\n')}`);
});
