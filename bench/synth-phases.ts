/*
 * CPU of two phases of synthesis where the library's own checks run, per app, the apps in turn: the aspects (from
 * the start of `app.synth()` to aws-cdk-lib's `prepareApp`: the tag aspects, the library's and aws-cdk-lib's own
 * aspects) and validation (every construct's `node.validate()`: the coverage check, the plan checks, aws-cdk-lib's).
 *
 *   npx ts-node --transpile-only --project tsconfig.dev.json bench/synth-phases.ts [envs=50] [rounds=12]
 *
 * BEFORE=<path of another tree's bench/library-app> adds that tree's library app (see bench/call-counts.ts).
 * It wraps aws-cdk-lib's private `prepareApp` (core/lib/private/prepare-app.js): a measurement, not an API.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Node } from 'constructs';
import { baselineApp } from './baseline-app';
import { libraryApp } from './library-app';
import { AppBuilder, cleanup, median } from './synth';

const envs = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 12);
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

let synthStart = 0;
let aspects = 0;
let validation = 0;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prepare = require(path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core/lib/private/prepare-app.js'));
const prepareApp = prepare.prepareApp;
prepare.prepareApp = function (this: unknown, ...args: unknown[]) {
  aspects = cpuMs() - synthStart;
  return prepareApp.apply(this, args);
};
const validate = Node.prototype.validate;
Node.prototype.validate = function (this: Node) {
  const start = cpuMs();
  try {
    return validate.call(this);
  } finally {
    validation += cpuMs() - start;
  }
};

function phases(build: AppBuilder): { aspects: number; validation: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-phases-'));
  try {
    const app = build(outdir, envs, 10);
    aspects = 0;
    validation = 0;
    synthStart = cpuMs();
    app.synth();
    return { aspects, validation };
  } finally {
    cleanup(outdir);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const before: AppBuilder | undefined = process.env.BEFORE ? require(process.env.BEFORE).libraryApp : undefined;
const apps: Array<[string, AppBuilder]> = [...before ? [['before', before] as [string, AppBuilder]] : [], ['library', libraryApp], ['baseline', baselineApp]];
const results = new Map(apps.map(([name]) => [name, [] as Array<{ aspects: number; validation: number }>]));
for (const [, build] of apps) phases(build); // warm-up
for (let r = 0; r < rounds; r++) {
  // Each round starts with another app, so that none always runs right after the same one.
  for (let i = 0; i < apps.length; i++) {
    const [name, build] = apps[(r + i) % apps.length];
    results.get(name)!.push(phases(build));
  }
}
for (const [name, runs] of results) {
  const a = runs.map((x) => x.aspects);
  const v = runs.map((x) => x.validation);
  process.stdout.write(`${envs} envs ${name.padEnd(8)}: aspects ${median(a).toFixed(1)} ms (min ${Math.min(...a).toFixed(1)}), ` +
    `validation ${median(v).toFixed(1)} ms (min ${Math.min(...v).toFixed(1)}), both ${median(runs.map((x) => x.aspects + x.validation)).toFixed(1)} ms (medians of ${rounds})\n`);
}
