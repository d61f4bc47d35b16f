/* The Slack forwarder's bundle: size, dependencies, load time, formatting throughput. */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { bundleTask, FORWARDER_BUNDLE, REPO } from './assets';
import { median } from './synth';
import { parseRecord } from '../src/notifications/slack/handler/notification-parser';
import { formatMessage } from '../src/notifications/slack/handler/slack-message';
import { SAMPLES, snsRecord } from '../test/notifications/fixtures';

/** esbuild's CLI (a devDependency, the bundler of the handlers). */
const ESBUILD = path.join(__dirname, '..', 'node_modules', '.bin', 'esbuild');

export const BUNDLE = FORWARDER_BUNDLE;

export interface BundleStats {
  /** The bundle's path, relative to the repository. */
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The same code through esbuild's minifier (not what ships). */
  readonly minifiedBytes: number;
  /** Source files esbuild inlined (from its metafile). */
  readonly sources: string[];
  /** Inlined files under node_modules: must be none. */
  readonly bundledDependencies: string[];
  /** Modules left to the runtime (`require("…")`). */
  readonly externals: string[];
}

export function bundleStats(): BundleStats {
  const text = fs.readFileSync(BUNDLE, 'utf8');
  // The shipped bundle is minified (no `// path` comments): its inputs come from esbuild's metafile of the
  // same command (the projen bundle task's), written to a temp dir.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  let sources: string[];
  try {
    const { command, outfile } = bundleTask('slack-forwarder.lambda');
    const meta = path.join(tmp, 'meta.json');
    execSync(`${command.replace(`--outfile=${outfile}`, `--outfile=${path.join(tmp, 'index.js')}`)} --metafile=${meta} --log-level=error`,
      { cwd: REPO, env: { ...process.env, PATH: `${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` } });
    sources = Object.keys(JSON.parse(fs.readFileSync(meta, 'utf8')).inputs).sort();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (sources.length === 0) throw new Error('esbuild\'s metafile lists no input of the Slack forwarder bundle');
  return {
    file: path.relative(REPO, BUNDLE),
    bytes: Buffer.byteLength(text),
    gzipBytes: zlib.gzipSync(text).length,
    minifiedBytes: execFileSync(ESBUILD, [BUNDLE, '--minify', '--platform=node', '--log-level=error']).length,
    sources,
    bundledDependencies: sources.filter((s) => s.includes('node_modules')),
    externals: [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort(),
  };
}

/** Milliseconds to require a module in a fresh node process (median of `runs`), measured inside it. */
export function loadTimeMs(modulePath: string, runs: number): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});` +
    'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ['-e', script], { cwd: path.dirname(modulePath) }).toString()));
  }
  return median(times);
}

/** Wall-clock milliseconds of a fresh `node` that requires the module, and of an empty one (medians). */
export function processTimesMs(modulePath: string, runs: number): { withBundle: number; empty: number } {
  const wall = (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      execFileSync(process.execPath, args, { cwd: path.dirname(modulePath) });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times);
  };
  return { withBundle: wall(['-e', `require(${JSON.stringify(modulePath)})`]), empty: wall(['-e', '']) };
}

/** SNS records parsed and formatted as Slack messages per second, over the fixtures' samples. */
export function messagesPerSecond(durationMs: number): number {
  const records = SAMPLES.map((s) => snsRecord(s));
  let count = 0;
  let sink = 0;
  const end = process.hrtime.bigint() + BigInt(Math.round(durationMs * 1e6));
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    for (const r of records) sink += formatMessage(parseRecord(r), 'production').blocks.length;
    count += records.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === 0) throw new Error('nothing formatted');
  return count / seconds;
}
