/**
 * .ci/stale-lib.js, the condition under which the benchmark tasks compile lib/ before loading it: they
 * must never time a lib/ older than src/ (nor compile when the build has just done it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '..', '..', '.ci', 'stale-lib.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleLib } = require(SCRIPT) as { staleLib: (root: string) => string | undefined };

function tree(): { root: string; touch: (file: string, secondsAgo: number) => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-lib-'));
  const touch = (file: string, secondsAgo: number) => {
    const p = path.join(root, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '');
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(p, t, t);
  };
  return { root, touch };
}

describe('.ci/stale-lib.js', () => {
  test('lib/ missing: stale (the command exits 0, so projen compiles)', () => {
    const { root, touch } = tree();
    touch('src/index.ts', 10);
    expect(staleLib(root)).toBe('lib/index.js is missing');
    const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/Compiling lib\/ for the benchmarks \(lib\/index.js is missing\)/);
  });

  test('a source file under src/ newer than lib/index.js: stale', () => {
    const { root, touch } = tree();
    touch('src/index.ts', 100);
    touch('lib/index.js', 50);
    touch('src/deep/er/construct.ts', 10);
    expect(staleLib(root)).toBe('lib/ is older than src/');
  });

  test('tsconfig.json newer than lib/index.js: stale (the compiler options changed)', () => {
    const { root, touch } = tree();
    touch('src/index.ts', 100);
    touch('tsconfig.json', 10);
    touch('lib/index.js', 50);
    expect(staleLib(root)).toBe('lib/ is older than tsconfig.json');
  });

  test('lib/ newer than every source: up to date (the command exits 1, so projen skips the compile)', () => {
    const { root, touch } = tree();
    touch('src/index.ts', 100);
    touch('tsconfig.json', 100);
    touch('lib/index.js', 10);
    expect(staleLib(root)).toBeUndefined();
    const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/lib\/ up to date: not compiling again/);
  });
});
