/**
 * The Lambda runtime policy (src/private/nag.ts, acknowledgePinnedRuntime): every function of the
 * library runs Node.js 24 and acknowledges cdk-nag's AwsSolutions-L1 with the reason, on any aws-cdk-lib.
 * (On the floor L1 does not fire: Node.js 24 is the newest runtime 2.257 knows; on the newest aws-cdk-lib
 * the nag tests, e.g. test/account/nag.test.ts, show the acknowledgement at work.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { buildExampleApp } from '../../example/app';
import { buildOrganizationApp } from '../../example/organization';
import { BackupGlobalSettings } from '../../src';

/** aws-cdk-lib's AwsCustomResource provider: aws-cdk-lib chooses its runtime (acknowledged on its own). */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Every function the library made in these apps: construct path (without the stack) and runtime. */
function libraryFunctions(...apps: App[]): { path: string; runtime: string; acknowledged: { [id: string]: string } }[] {
  const found = [];
  for (const app of apps) {
    app.synth();
    for (const c of app.node.findAll()) {
      if (!(c instanceof lambda.CfnFunction) || c.node.path.includes(AWS_CUSTOM_RESOURCE_PROVIDER)) continue;
      const fn = c.node.scope as IConstruct;
      const acknowledged = Object.assign({}, ...fn.node.metadata
        .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data));
      found.push({ path: fn.node.path.replace(/^[^/]+\//, ''), runtime: Stack.of(c).resolve(c.runtime), acknowledged });
    }
  }
  return found;
}

test('every function of the library runs Node.js 24 and acknowledges AwsSolutions-L1 with the reason', () => {
  const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-'));
  const globalSettings = new App({ outdir: outdir() });
  new BackupGlobalSettings(new Stack(globalSettings, 'Management'), 'GlobalSettings', { crossAccountBackup: true });
  const functions = libraryFunctions(buildExampleApp(outdir()), buildOrganizationApp(outdir()), globalSettings);

  // Each of the library's seven functions is among them (so that a new one is not missed by a narrow app).
  const kinds = [/Validation\/Handler$/, /SlackForwarder\w*\/Function$/, /^RegionSettings\/Handler$/, /RecoveryPointCleaner\/Handler$/,
    /OrganizationAccess\/Handler$/, /MemberBaseline\/RegionSettingsHandler$/, /^GlobalSettings\/Handler$/];
  expect(kinds.filter(k => !functions.some(f => k.test(f.path)))).toEqual([]);

  for (const f of functions) {
    expect({ path: f.path, runtime: f.runtime }).toEqual({ path: f.path, runtime: 'nodejs24.x' });
    expect({ path: f.path, reason: f.acknowledged['AwsSolutions-L1'] }).toEqual({
      path: f.path,
      reason: expect.stringMatching(/pins its functions on Node\.js 24 \(nodejs24\.x\), an LTS release and the newest Node\.js runtime its aws-cdk-lib floor \(2\.257\) knows/),
    });
  }
});
