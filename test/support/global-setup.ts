/**
 * jest global setup: the Lambda handler bundles (assets/**\/index.js) exist and are newer than src/,
 * so that `npx jest <file>` works on a fresh clone and never tests a stale bundle. `projen test`
 * bundles before jest, so there this finds nothing to do.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The bundles projen's `bundle:*.lambda` tasks write (their --outfile). */
export function bundleOutputs(root: string = ROOT): string[] {
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
  const outputs: string[] = [];
  for (const [name, task] of Object.entries<any>(tasks)) {
    if (!/^bundle:.*\.lambda$/.test(name)) continue;
    for (const step of task.steps ?? []) {
      const m = /--outfile=(\S+)/.exec(step.exec ?? '');
      if (m) outputs.push(path.join(root, m[1].replace(/^['"]|['"]$/g, '')));
    }
  }
  return outputs;
}

/** Newest modification time of the TypeScript files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the bundles must be made again, or undefined when they are up to date. */
export function staleBundles(root: string = ROOT): string | undefined {
  const outputs = bundleOutputs(root);
  if (outputs.length === 0) return 'no bundle:*.lambda task found in .projen/tasks.json';
  const missing = outputs.filter(o => !fs.existsSync(o));
  if (missing.length > 0) return `missing: ${missing.map(m => path.relative(root, m)).join(', ')}`;
  const source = newestSource(path.join(root, 'src'));
  const old = outputs.filter(o => fs.statSync(o).mtimeMs < source);
  if (old.length > 0) return `older than src/: ${old.map(m => path.relative(root, m)).join(', ')}`;
  return undefined;
}

export default async function globalSetup(): Promise<void> {
  const why = staleBundles();
  if (why === undefined) return;
  process.stderr.write(`\nBundling the Lambda handlers (${why}): npx projen bundle\n`);
  execSync('npx projen bundle', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
