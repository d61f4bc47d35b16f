/*
 * A profiling driver: builds and synthesizes the library app and the baseline alternately, each phase in a
 * function of its own so that a CPU profile separates them. It writes the profile itself; sum it
 * with bench/cpuprofile-summary.ts:
 *
 *   PROFILE_OUT=/tmp/synth.cpuprofile npx ts-node --transpile-only --project tsconfig.dev.json bench/profile-synth.ts 50 6
 *   npx ts-node --transpile-only --project tsconfig.dev.json bench/cpuprofile-summary.ts /tmp/synth.cpuprofile
 *
 * The first round is a warm-up; the profiler (node:inspector) records the rounds after it. BUILD_ONLY=1 skips
 * synthesis; NO_SOURCE_MAPS=1 turns off ts-node's source mapping of stack traces.
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { baselineApp } from './baseline-app';
import { libraryApp } from './library-app';
import { cleanup } from './synth';

const envs = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 6);
const only = process.argv[4]; // 'library' | 'baseline' | undefined (both)
const out = process.env.PROFILE_OUT ?? path.join(os.tmpdir(), 'synth.cpuprofile');

function buildLibrary(outdir: string): App { return libraryApp(outdir, envs, 10); }
function buildBaseline(outdir: string): App { return baselineApp(outdir, envs, 10); }
function synthLibrary(app: App): void { app.synth(); }
function synthBaseline(app: App): void { app.synth(); }

const cpu: { [k: string]: number[] } = {};
function timed<T>(key: string, f: () => T): T {
  const start = process.cpuUsage();
  const r = f();
  const used = process.cpuUsage(start);
  (cpu[key] = cpu[key] ?? []).push((used.user + used.system) / 1000);
  return r;
}
function run(name: string, build: (o: string) => App, synth: (a: App) => void): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const app = timed(`${name} build`, () => build(outdir));
  if (!process.env.BUILD_ONLY) timed(`${name} synth`, () => synth(app));
  cleanup(outdir);
}
if (process.env.NO_SOURCE_MAPS) (Error as any).prepareStackTrace = undefined; // stack traces without ts-node's source maps
const round = () => {
  if (only !== 'baseline') run('library', buildLibrary, synthLibrary);
  if (only !== 'library') run('baseline', buildBaseline, synthBaseline);
};
round(); // warm-up (module loading, JIT), not profiled
for (const k of Object.keys(cpu)) delete cpu[k];
const session = new inspector.Session();
session.connect();
const post = (method: string, params?: object) => new Promise<any>((ok, ko) => session.post(method, params ?? {}, (e, r) => e ? ko(e) : ok(r)));
void (async () => {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  for (let r = 0; r < rounds; r++) round();
  const { profile } = await post('Profiler.stop');
  fs.writeFileSync(out, JSON.stringify(profile));
  const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  for (const [k, v] of Object.entries(cpu)) process.stderr.write(`${k}: median ${med(v).toFixed(0)} ms CPU (${v.map((x) => x.toFixed(0)).join(' ')})\n`);
  process.stderr.write(`profile: ${out}\n`);
})();
