import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import globalTeardown from './global-teardown';
import { removeRunTmpDir, useRunTmpDir } from './run-tmpdir';

describe('one temporary directory a jest run', () => {
  test('the global setup pointed this run at its own directory: every mkdtemp of a test lands there', () => {
    // This file runs in a worker of the real run, forked after the global setup.
    expect(path.basename(os.tmpdir())).toMatch(/^cdk-environment-backup-test-/);
    expect(fs.statSync(os.tmpdir()).isDirectory()).toBe(true);
    const mine = fs.mkdtempSync(path.join(os.tmpdir(), 'x-'));
    expect(path.dirname(mine)).toBe(os.tmpdir());
  });

  test('a fresh directory under the previous one; removing it deletes what the tests wrote and puts TMPDIR back', () => {
    const before = process.env.TMPDIR;
    const dir = useRunTmpDir();
    try {
      expect(path.dirname(dir)).toBe(before ?? path.dirname(dir));
      expect(process.env.TMPDIR).toBe(dir);
      // (jest gives a test file its own copy of process.env, so os.tmpdir() here still reads the worker's.)
      fs.mkdirSync(path.join(dir, 'org-lint-1'));
      fs.writeFileSync(path.join(dir, 'org-lint-1', 'template.json'), '{}');
    } finally {
      removeRunTmpDir();
    }
    expect(fs.existsSync(dir)).toBe(false);
    expect(process.env.TMPDIR).toBe(before);
    removeRunTmpDir(); // a second call finds nothing to do
    expect(process.env.TMPDIR).toBe(before);
  });

  test('the global teardown removes it', async () => {
    const before = process.env.TMPDIR;
    const dir = useRunTmpDir();
    fs.writeFileSync(path.join(dir, 'moto_server.log'), 'log');
    await globalTeardown();
    expect(fs.existsSync(dir)).toBe(false);
    expect(process.env.TMPDIR).toBe(before);
  });
});
