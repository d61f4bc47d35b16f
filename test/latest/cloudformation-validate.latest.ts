/**
 * The newest aws-cdk-lib (2.276 measured) validates every template against CloudFormation's schemas and
 * rules at synth ("CloudFormation Validate"). Run only by `projen test:latest:validate`, with the
 * newest aws-cdk-lib mapped in (the floor has no such validation): the example app and the integ apps
 * synthesize with no finding at all, so that a user on the newest aws-cdk-lib sees no warning
 * caused by this library.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildExampleApp } from '../../example/app';

interface Finding { readonly rule: string; readonly description: string; readonly resources: string[] }

/** The findings of the assembly's validation report (cdk.out/validation-report.json). */
function findings(outdir: string): Finding[] {
  const file = path.join(outdir, 'validation-report.json');
  expect(fs.existsSync(file)).toBe(true); // the validation ran: this is the newest aws-cdk-lib
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const found: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      found.push({
        rule: v.ruleName,
        description: v.description,
        resources: (v.violatingConstructs ?? v.violatingResources ?? []).map((r: any) => r.constructPath ?? r.resourceLogicalId),
      });
    }
  }
  return found;
}

function synthIn(build: (outdir: string) => App): Finding[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  try {
    build(outdir).synth();
    return findings(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test('aws-cdk-lib under test is the newest 2.x, not the floor', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('aws-cdk-lib/package.json');
  expect(Number(version.split('.')[1])).toBeGreaterThan(257);
});

test('a finding is seen: an empty stack breaks the rule that Resources must not be empty', () => {
  // aws-cdk-lib also prints the finding (console.error): expected here, kept out of the test output.
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(synthIn(outdir => {
    const app = new App({ outdir });
    new Stack(app, 'Empty');
    return app;
  })).toEqual([expect.objectContaining({ resources: ['Empty'], description: expect.stringMatching(/Resources section must exist/) })]);
  expect(printed).toHaveBeenCalledWith(expect.stringMatching(/Resources section must exist/));
  printed.mockRestore();
});

test('the example app: no CloudFormation validation finding', () => {
  expect(synthIn(outdir => buildExampleApp(outdir))).toEqual([]);
});

test.each(['integ.on-demand-backup', 'integ.failure-notification'])('%s: no CloudFormation validation finding', (name) => {
  expect(synthIn(outdir => {
    process.env.CDK_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(`../integ/${name}`).app;
    } finally {
      delete process.env.CDK_OUTDIR;
    }
  })).toEqual([]);
});
