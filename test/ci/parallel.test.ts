/**
 * .ci/parallel.js, which runs independent build steps of `projen test` side by side: it must fail when
 * any of them fails, wait for all, and print each one's output in one piece.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '..', '..', '.ci', 'parallel.js');
const run = (...commands: string[]) => spawnSync(process.execPath, [SCRIPT, ...commands], { encoding: 'utf8' });

describe('.ci/parallel.js', () => {
  test('exits 0 when every command succeeds, and prints each output under its command', () => {
    const r = run('echo one; echo one again >&2', 'echo two');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/---- echo one; echo one again >&2 \(ok, [\d.]+ s\)\none\none again\n/);
    expect(r.stdout).toMatch(/---- echo two \(ok, [\d.]+ s\)\ntwo\n/);
  });

  test('exits 1 when one command fails, after the others ended (their output is kept)', () => {
    const r = run('sleep 1; echo slow', 'echo broken; exit 3');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/---- echo broken; exit 3 \(FAILED: exit 3, [\d.]+ s\)\nbroken\n/);
    expect(r.stdout).toMatch(/---- sleep 1; echo slow \(ok, [\d.]+ s\)\nslow\n/);
    expect(r.stderr).toMatch(/error: 1 of 2 parallel command\(s\) failed/);
  });

  test('a command killed by a signal or not found fails the run', () => {
    expect(run('kill -TERM $$').stdout).toMatch(/FAILED: killed by SIGTERM/);
    expect(run('kill -TERM $$').status).toBe(1);
    expect(run('command-that-does-not-exist-here').status).toBe(1);
  });

  test('without a command it is a usage error', () => {
    expect(run().status).toBe(2);
  });
});
