import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleOutputs, staleBundles } from './global-setup';

const ROOT = path.resolve(__dirname, '..', '..');
const STALE_BUNDLES = path.join(ROOT, '.ci', 'stale-bundles.js');

/** A project folder with one bundle task, its source and (optionally) its bundle. */
function project(opts: { bundle: boolean; bundleAge?: number }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
  fs.mkdirSync(path.join(root, '.projen'));
  fs.writeFileSync(path.join(root, '.projen', 'tasks.json'), JSON.stringify({
    tasks: {
      'bundle': { steps: [{ spawn: 'bundle:a.lambda' }] },
      'bundle:a.lambda': { steps: [{ exec: 'esbuild --bundle src/a.lambda.ts --outfile=assets/a.lambda/index.js --minify' }] },
      'bundle:a.lambda:watch': { steps: [{ exec: 'esbuild --watch --outfile=assets/x/index.js' }] },
    },
  }));
  fs.mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'deep', 'a.lambda.ts'), 'export {}');
  if (opts.bundle) {
    const out = path.join(root, 'assets', 'a.lambda', 'index.js');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, '');
    const t = new Date(Date.now() + (opts.bundleAge ?? 0));
    fs.utimesSync(out, t, t);
  }
  return root;
}

describe('handler bundles before jest (global setup)', () => {
  test('reads the outputs of the bundle:*.lambda tasks only', () => {
    const root = project({ bundle: false });
    expect(bundleOutputs(root)).toEqual([path.join(root, 'assets/a.lambda/index.js')]);
  });

  test('the project itself bundles every handler under src/', () => {
    const handlers: string[] = [];
    const walk = (d: string): void => fs.readdirSync(d, { withFileTypes: true }).forEach(e =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.lambda.ts') && handlers.push(e.name));
    walk(path.join(__dirname, '..', '..', 'src'));
    expect(bundleOutputs()).toHaveLength(handlers.length);
  });

  test('a fresh clone (no bundle) needs bundling', () => {
    expect(staleBundles(project({ bundle: false }))).toBe('missing: assets/a.lambda/index.js');
  });

  test('a bundle older than a source file needs bundling', () => {
    expect(staleBundles(project({ bundle: true, bundleAge: -60_000 }))).toBe('older than src/: assets/a.lambda/index.js');
  });

  test('an up-to-date bundle does not', () => {
    expect(staleBundles(project({ bundle: true, bundleAge: 60_000 }))).toBeUndefined();
  });

  test("a bundle older than esbuild's flags (.projen/tasks.json) or options (tsconfig.dev.json) needs bundling", () => {
    const later = new Date(Date.now() + 120_000);
    const flags = project({ bundle: true, bundleAge: 60_000 });
    fs.utimesSync(path.join(flags, '.projen', 'tasks.json'), later, later);
    expect(staleBundles(flags)).toBe('older than .projen/tasks.json: assets/a.lambda/index.js');
    const options = project({ bundle: true, bundleAge: 60_000 });
    fs.writeFileSync(path.join(options, 'tsconfig.dev.json'), '{}');
    fs.utimesSync(path.join(options, 'tsconfig.dev.json'), later, later);
    expect(staleBundles(options)).toBe('older than tsconfig.dev.json: assets/a.lambda/index.js');
  });
});

describe("the condition of projen's bundle task (.ci/stale-bundles.js)", () => {
  const condition = (root: string) => spawnSync(process.execPath, [STALE_BUNDLES, root], { encoding: 'utf8' });

  test('exits 0 (bundle) when a bundle is stale, and says why', () => {
    const run = condition(project({ bundle: true, bundleAge: -60_000 }));
    expect(run.stderr).toBe('Bundling the Lambda handlers (older than src/: assets/a.lambda/index.js)\n');
    expect(run.status).toBe(0);
    expect(condition(project({ bundle: false })).status).toBe(0);
  });

  test('exits 1 (projen skips the task) when every bundle is up to date', () => {
    const run = condition(project({ bundle: true, bundleAge: 60_000 }));
    expect(run.stderr).toBe('Lambda handler bundles up to date: not bundling again\n');
    expect(run.status).toBe(1);
  });

  test("is the condition of the project's bundle task, which the build, the tests, the benchmarks and the example spawn", () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(tasks.bundle.condition).toBe('node .ci/stale-bundles.js');
    const spawnsBundle = (name: string) => (tasks[name].steps as any[]).some((s) => s.spawn === 'bundle');
    expect(['pre-compile', 'test', 'bench', 'bench:quick', 'example'].filter((t) => !spawnsBundle(t))).toEqual([]);
  });
});
