/* Synthesis timing and template statistics. */
// Every bench script times synthesis without jsii's deprecation printing (aws-cdk-lib's own TableV2 prints two warnings per
// table otherwise, in both apps): they all import this module.
process.env.JSII_DEPRECATED = 'quiet';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { App } from 'aws-cdk-lib';
export { median } from './stats';

// A full garbage collection before each timed synthesis, outside the timing: each run then pays for the
// collections its own allocations cause, and never for the garbage the run before it (often the other
// variant's) left behind. Without it a major collection lands on whichever run happens to be under way.
v8.setFlagsFromString('--expose-gc');
const collectGarbage: () => void = vm.runInNewContext('gc');

export type AppBuilder = (outdir: string, envs: number, perStack: number) => App;

/** What one synthesized app holds. */
export interface AppStats {
  readonly resources: number;
  readonly templateBytes: number;
  readonly stacks: number;
  /** Resource type → count, over all stacks. */
  readonly types: { [type: string]: number };
  /** The largest number of resources in one stack. */
  readonly maxStackResources: number;
  /** The first template, parsed. */
  readonly firstTemplate: any;
}

export interface SynthTiming {
  readonly ms: number;
  readonly buildMs: number;
  readonly cpuMs: number;
  readonly buildCpuMs: number;
  readonly outdir: string;
}

/**
 * Builds and synthesizes the app into a fresh temp dir; returns the total and the construction wall-clock
 * milliseconds, the total and the construction CPU milliseconds of this process (user + system, all its
 * threads) and the outdir. A full garbage collection (untimed) comes first.
 */
export function timedSynth(build: AppBuilder, envs: number, perStack: number): SynthTiming {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const app = build(outdir, envs, perStack);
  const built = process.hrtime.bigint();
  const buildCpu = process.cpuUsage(cpu);
  app.synth();
  const end = process.hrtime.bigint();
  const used = process.cpuUsage(cpu);
  return {
    ms: Number(end - start) / 1e6,
    buildMs: Number(built - start) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    buildCpuMs: (buildCpu.user + buildCpu.system) / 1000,
    outdir,
  };
}

/** Reads every template of a cloud assembly. */
export function stats(outdir: string): AppStats {
  const types: { [type: string]: number } = {};
  let resources = 0;
  let templateBytes = 0;
  let maxStackResources = 0;
  const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort();
  let firstTemplate: any;
  for (const f of files) {
    const text = fs.readFileSync(path.join(outdir, f), 'utf8');
    const template = JSON.parse(text);
    firstTemplate = firstTemplate ?? template;
    templateBytes += Buffer.byteLength(text);
    const rs = Object.values<any>(template.Resources ?? {});
    resources += rs.length;
    maxStackResources = Math.max(maxStackResources, rs.length);
    for (const r of rs) types[r.Type] = (types[r.Type] ?? 0) + 1;
  }
  return { resources, templateBytes, stacks: files.length, types, maxStackResources, firstTemplate };
}

export function cleanup(outdir: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
}

/** Types whose counts differ between two apps: type → [a, b]. */
export function typeDifferences(a: AppStats, b: AppStats): { [type: string]: [number, number] } {
  const diff: { [type: string]: [number, number] } = {};
  for (const t of new Set([...Object.keys(a.types), ...Object.keys(b.types)])) {
    if ((a.types[t] ?? 0) !== (b.types[t] ?? 0)) diff[t] = [a.types[t] ?? 0, b.types[t] ?? 0];
  }
  return diff;
}
