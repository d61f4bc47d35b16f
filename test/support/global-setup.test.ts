import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleOutputs, staleBundles } from './global-setup';

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
});
