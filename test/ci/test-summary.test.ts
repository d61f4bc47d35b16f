/**
 * .ci/test-summary.js, .ci/run's closing step, on crafted junit reports (jest-junit's format): it
 * prints `jest: N passed, F failed` and exits non-zero on any failure, error or missing report.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '..', '..', '.ci', 'test-summary.js');

/** A jest-junit report: one <testsuite> per entry. */
function report(...suites: { tests: number; failures?: number; errors?: number; skipped?: number }[]): string {
  const sum = (k: 'tests' | 'failures' | 'errors') => suites.reduce((n, s) => n + (s[k] ?? 0), 0);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="jest tests" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="1.5">\n` +
    suites.map((s, i) => `  <testsuite name="s${i}" errors="${s.errors ?? 0}" failures="${s.failures ?? 0}" skipped="${s.skipped ?? 0}" timestamp="2026-12-05T19:00:00" time="0.5" tests="${s.tests}">\n  </testsuite>\n`).join('') +
    '</testsuites>\n';
}

/** Runs the script in a fresh folder holding the given files; args name reports in that folder. */
function run(files: Record<string, string>, args: string[] = Object.keys(files)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: dir, encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last: lines[lines.length - 1] };
}

describe('.ci/test-summary.js', () => {
  test('all reports green: exits 0, the closing line counts every report', () => {
    const r = run({ 'a.xml': report({ tests: 3 }, { tests: 2 }), 'b.xml': report({ tests: 4 }) }, ['a.xml=floor', 'b.xml=newest']);
    expect(r.last).toBe('jest: 9 passed, 0 failed');
    expect(r.stdout).toContain('  floor: 5 passed, 0 failed');
    expect(r.status).toBe(0);
  });

  test('a failed test in any report: exits 1', () => {
    const r = run({ 'a.xml': report({ tests: 3 }), 'b.xml': report({ tests: 4, failures: 1 }) });
    expect(r.last).toBe('jest: 6 passed, 1 failed');
    expect(r.status).toBe(1);
  });

  test('a test file that could not run (a junit error, no test): exits 1', () => {
    const r = run({ 'a.xml': report({ tests: 3 }, { tests: 0, errors: 1 }) });
    expect(r.last).toBe('jest: 3 passed, 1 failed');
    expect(r.status).toBe(1);
  });

  test('a report of only files that could not run still counts them', () => {
    const r = run({ 'a.xml': report({ tests: 0, errors: 2 }) });
    expect(r.last).toBe('jest: 0 passed, 2 failed');
    expect(r.status).toBe(1);
  });

  test('skipped tests are not counted as passed', () => {
    const r = run({ 'a.xml': report({ tests: 3, skipped: 1 }) });
    expect(r.last).toBe('jest: 2 passed, 0 failed');
  });

  test.each([
    ['missing', {}, /a\.xml: missing/],
    ['empty', { 'a.xml': '' }, /a\.xml: empty/],
    ['not junit', { 'a.xml': '<html></html>' }, /no <testsuites> element/],
    ['without counts', { 'a.xml': '<testsuites name="jest tests"></testsuites>' }, /lacks tests, failures or errors/],
    ['with no test', { 'a.xml': report() }, /no test ran/],
  ])('a report %s: exits 1 and says which', (_what, files: Record<string, string>, why) => {
    const r = run({ 'b.xml': report({ tests: 2 }), ...files }, ['a.xml', 'b.xml']);
    expect(r.stderr).toMatch(why);
    expect(r.last).toBe('jest: 2 passed, 0 failed');
    expect(r.status).toBe(1);
  });

  test('without arguments: reads the three reports `projen test` writes, and fails when one is missing', () => {
    const green = { 'test-reports/junit.xml': report({ tests: 1 }), 'test-reports/junit-latest.xml': report({ tests: 1 }) };
    const r = run(green, []);
    expect(r.stderr).toMatch(/test-reports\/junit-latest-validate\.xml: missing/);
    expect(r.status).toBe(1);
    const all = run({ ...green, 'test-reports/junit-latest-validate.xml': report({ tests: 1 }) }, []);
    expect(all.last).toBe('jest: 3 passed, 0 failed');
    expect(all.status).toBe(0);
  });
});
