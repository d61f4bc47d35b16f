/*
 * Counts that do not depend on the machine's load: how often construction and synthesis of the library app and of
 * the baseline call aws-cdk-lib's and constructs' entry points (token tests, Duration conversions, construct path and
 * scope lookups, tree walks, stack traces captured by annotations…), one app of each, in this process:
 *
 *   npx ts-node --transpile-only --project tsconfig.dev.json bench/call-counts.ts [envs=50]
 *
 * SOURCES=1 adds a column for the library loaded from its sources through ts-node (the library column is the package).
 * BASELINE=tree compares with the baseline placed in the library's construct tree (`sameTreeBaselineApp`) instead of the flat one.
 * BEFORE=<path of another tree's bench/library-app> adds a column for that tree's library app: the same counts before
 * and after a change. The tree before, next to this one's modules and bundles:
 *
 *   mkdir /tmp/before && git archive <commit> src bench | tar -x -C /tmp/before
 *   ln -s "$PWD/node_modules" /tmp/before/node_modules && ln -s "$PWD/assets" /tmp/before/assets
 *   BEFORE=/tmp/before/bench/library-app npx ts-node --transpile-only --project tsconfig.dev.json bench/call-counts.ts 50
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Node } from 'constructs';
import { baselineApp, sameTreeBaselineApp } from './baseline-app';
import { libraryApp, sourcesLibraryApp } from './library-app';
import { AppBuilder, cleanup } from './synth';

const envs = Number(process.argv[2] ?? 50);
const counts = new Map<string, number>();
const count = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);

function countGetter(proto: object, name: string, label: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, name)!;
  Object.defineProperty(proto, name, { ...d, get(this: unknown) { count(label); return d.get!.call(this); } });
}
function countMethod(owner: any, name: string, label: string): void {
  const f = owner[name];
  owner[name] = function (this: unknown, ...args: unknown[]) { count(label); return f.apply(this, args); };
}
countGetter(Node.prototype, 'path', 'Node.path');
countGetter(Node.prototype, 'scopes', 'Node.scopes');
countGetter(Node.prototype, 'children', 'Node.children');
countMethod(Node.prototype, 'findAll', 'Node.findAll');
countMethod(Node.prototype, 'tryFindChild', 'Node.tryFindChild');
countMethod(Node.prototype, 'addMetadata', 'Node.addMetadata');
countMethod(Node.prototype, 'addValidation', 'Node.addValidation');
// Constructs created (constructs' private addChild, once per construct) and tokens registered (aws-cdk-lib's private TokenMap).
countMethod(Node.prototype, 'addChild', 'Node.addChild (constructs created)');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tokenMap = require(path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core/lib/private/token-map.js')).TokenMap;
for (const m of ['registerString', 'registerNumber', 'registerList']) countMethod(tokenMap.prototype, m, `TokenMap.${m} (tokens)`);
for (const m of ['string', 'number', 'any', 'list']) countMethod(cdk.Lazy, m, `Lazy.${m}`);
countMethod(cdk.Token, 'isUnresolved', 'Token.isUnresolved');
countMethod(cdk.Stack, 'of', 'Stack.of');
countMethod(cdk.Stack.prototype, 'resolve', 'Stack.resolve');
countMethod(cdk.Names, 'uniqueId', 'Names.uniqueId');
countMethod(cdk.Annotations.prototype, 'addInfo', 'Annotations.addInfo (stack trace)');
countMethod(cdk.Annotations.prototype, 'addWarningV2', 'Annotations.addWarningV2 (stack trace)');
for (const m of ['isUnresolved', 'toDays', 'toHours', 'toMinutes', 'toSeconds']) countMethod(cdk.Duration.prototype, m, `Duration.${m}`);

// Stack traces formatted (under ts-node through the source maps), and their frames: aws-cdk-lib's creation traces and
// annotations' traces, and any other Error whose stack is read.
const formatStack = (Error as any).prepareStackTrace;
(Error as any).prepareStackTrace = (error: Error, frames: unknown[]) => {
  count('stack traces formatted');
  counts.set('stack frames formatted', (counts.get('stack frames formatted') ?? 0) + frames.length);
  return formatStack ? formatStack(error, frames) : `${error}\n${frames.map((f) => `    at ${f}`).join('\n')}`;
};

/** The counts of constructing, then of synthesizing, one app. */
function countsOf(build: AppBuilder): { construction: Map<string, number>; synthesis: Map<string, number> } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-counts-'));
  try {
    counts.clear();
    const app = build(outdir, envs, 10);
    const construction = new Map(counts);
    counts.clear();
    app.synth();
    return { construction, synthesis: new Map(counts) };
  } finally {
    cleanup(outdir);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const before: AppBuilder | undefined = process.env.BEFORE ? require(process.env.BEFORE).libraryApp : undefined;
// SOURCES=1 adds the library loaded from its TypeScript sources (the library column is the package, bench/library-app.ts).
const apps: Array<[string, AppBuilder]> = [
  ...before ? [['before', before] as [string, AppBuilder]] : [],
  ...process.env.SOURCES ? [['sources', sourcesLibraryApp] as [string, AppBuilder]] : [],
  ['library', libraryApp],
  process.env.BASELINE === 'tree' ? ['same-tree baseline', sameTreeBaselineApp] : ['baseline', baselineApp],
];
const results = apps.map(([name, build]) => [name, countsOf(build)] as const);
for (const phase of ['construction', 'synthesis'] as const) {
  const labels = [...new Set(results.flatMap(([, r]) => [...r[phase].keys()]))].sort();
  process.stdout.write(`\n${envs} environments, ${phase}:\n\n| call | ${results.map(([n]) => n).join(' | ')} |\n|---|${results.map(() => '---:').join('|')}|\n`);
  for (const label of labels) {
    process.stdout.write(`| ${label} | ${results.map(([, r]) => (r[phase].get(label) ?? 0).toLocaleString('en-US')).join(' | ')} |\n`);
  }
}
