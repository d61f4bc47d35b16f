/**
 * test/support/newest-cdk-filter.js, the jest filter of the newest-aws-cdk-lib run: it keeps every
 * test file that loads aws-cdk-lib (directly or through relative imports) and only drops files that
 * load none, which the floor run covers alike.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const filter = require('./newest-cdk-filter.js') as ((paths: string[]) => Promise<{ filtered: string[] }>) & {
  loadsAwsCdkLib(file: string): boolean;
};

const ROOT = path.resolve(__dirname, '..', '..');

/** A folder of source files; returns its absolute path. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newest-filter-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('the newest-aws-cdk-lib test filter', () => {
  const dir = tree({
    'direct.test.ts': "import { Stack } from 'aws-cdk-lib';\n",
    'submodule.test.ts': "import * as s3 from 'aws-cdk-lib/aws-s3';\n",
    'indirect.test.ts': "import { x } from './lib/helper';\n",
    'lib/helper.ts': "export { y as x } from '../deep';\n",
    'deep/index.ts': "import { Construct } from 'constructs';\nexport const y = 1;\n",
    'required.test.ts': "const nag = require('cdk-nag');\n",
    'multiline.test.ts': "import {\n  a,\n  b,\n} from './uses-cdk';\n",
    'uses-cdk.ts': "export * from '@aws-cdk/integ-tests-alpha';\n",
    'types-only.test.ts': "import type * as events from 'aws-cdk-lib/aws-events';\nimport type { Construct } from 'constructs';\nimport * as fs from 'fs';\n",
    'handler.test.ts': "import { handler } from './handler.lambda';\nimport * as fs from 'fs';\n",
    'handler.lambda.ts': "import { SQSClient } from '@aws-sdk/client-sqs';\nimport { limit } from './limits';\n",
    'limits.ts': '// aws-cdk-lib is mentioned in a comment only\nexport const limit = 1;\n',
    'cycle-a.test.ts': "import { b } from './cycle-b';\n",
    'cycle-b.ts': "import { a } from './cycle-c';\nexport const b = 1;\n",
    'cycle-c.ts': "import { b } from './cycle-b';\nimport { App } from 'aws-cdk-lib';\n",
    // p loads q, then aws-cdk-lib; q loads p: q loads aws-cdk-lib too, whichever test file is read first
    'via-p.test.ts': "import { p } from './p';\n",
    'via-q.test.ts': "import { q } from './q';\n",
    'p.ts': "import { q } from './q';\nimport { App } from 'aws-cdk-lib';\nexport const p = 1;\n",
    'q.ts': "import { p } from './p';\nexport const q = 1;\n",
  });
  const file = (name: string) => path.join(dir, name);

  test.each(['direct', 'submodule', 'indirect', 'required', 'multiline', 'cycle-a'])('%s.test.ts loads aws-cdk-lib: kept', (name) => {
    expect(filter.loadsAwsCdkLib(file(`${name}.test.ts`))).toBe(true);
  });

  test.each(['types-only', 'handler'])('%s.test.ts loads no aws-cdk-lib: dropped', (name) => {
    expect(filter.loadsAwsCdkLib(file(`${name}.test.ts`))).toBe(false);
  });

  test('an import cycle does not hide aws-cdk-lib from a file read later', async () => {
    const both = [file('via-p.test.ts'), file('via-q.test.ts')];
    await expect(filter(both)).resolves.toEqual({ filtered: both });
  });

  test('as a jest filter: returns the kept paths', async () => {
    const all = ['direct.test.ts', 'handler.test.ts', 'indirect.test.ts', 'types-only.test.ts'].map(file);
    await expect(filter(all)).resolves.toEqual({ filtered: [file('direct.test.ts'), file('indirect.test.ts')] });
  });

  test('on this repository: construct tests kept, handler, moto and storm tests dropped', () => {
    const at = (p: string) => path.join(ROOT, p);
    expect(filter.loadsAwsCdkLib(at('test/account/nag.test.ts'))).toBe(true);
    // a handler test that also synthesizes a stack (the central rule's pattern, read from the template)
    expect(filter.loadsAwsCdkLib(at('test/notifications/slack/handler/eventbridge-job-events.moto.test.ts'))).toBe(true);
    // a handler test that subscribes with the default filter as a value (test/notifications/fixtures.ts), not rendered
    expect(filter.loadsAwsCdkLib(at('test/restore-testing/restore-validation.moto.handler.test.ts'))).toBe(false);
    expect(filter.loadsAwsCdkLib(at('test/notifications/slack/slack-forwarder.storm.moto.handler.test.ts'))).toBe(false);
    expect(filter.loadsAwsCdkLib(at('test/notifications/slack/handler/digest.test.ts'))).toBe(false);
  });

  test('the projen task test:latest runs jest with this filter', () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
    const jest = (tasks['test:latest'].steps as any[]).map(s => s.exec ?? '').find(e => /^jest\b/.test(e));
    expect(jest).toContain("--filter '<rootDir>/test/support/newest-cdk-filter.js'");
  });
});
