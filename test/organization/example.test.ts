import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildOrganizationApp, EXAMPLE_ORGANIZATION } from '../../example/organization';
import { cfnLint } from '../support/cfn-lint';
import { NagAcknowledgment, unacknowledgedNagFindings } from '../support/nag';

/** The findings the organization example keeps, each with its reason (listed in the README too). */
const ACKNOWLEDGMENTS: NagAcknowledgment[] = [{
  path: /\/ReportBucket\/Bucket\/Resource$/,
  id: 'AwsSolutions-S1',
  reason: 'Server access logs of the audit report bucket need a log bucket of the user\'s: pass reports.bucket with serverAccessLogsBucket.',
}];

describe('the organization example', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-example-'));
  const app = buildOrganizationApp(outdir);
  const assembly = app.synth();
  const stack = assembly.getStackByName('OrganizationBackup');
  const resources = Object.entries<any>(stack.template.Resources);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type).map(([id, r]) => ({ id, ...r }));

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('one management stack: two policies and two StackSets over two OUs and two regions, bus, rule, reports', () => {
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['OrganizationBackup']);
    const sets = ofType('AWS::CloudFormation::StackSet');
    expect(sets.map((s) => [s.Properties.StackSetName, s.Properties.StackInstancesGroup])).toEqual([
      ['backup-baseline-production', [{ DeploymentTargets: { OrganizationalUnitIds: [EXAMPLE_ORGANIZATION.productionOu] }, Regions: ['eu-west-1', 'us-east-1'] }]],
      ['backup-baseline-staging', [{ DeploymentTargets: { OrganizationalUnitIds: [EXAMPLE_ORGANIZATION.stagingOu] }, Regions: ['eu-west-1', 'us-east-1'] }]],
    ]);
    expect(ofType('AWS::Organizations::Policy').map((p) => p.Properties.TargetIds)).toEqual([[EXAMPLE_ORGANIZATION.productionOu], [EXAMPLE_ORGANIZATION.stagingOu]]);
    expect(ofType('AWS::Events::EventBus')).toHaveLength(1);
    expect(ofType('AWS::Backup::ReportPlan').map((p) => p.Properties.ReportSetting.OrganizationUnits))
      .toEqual(Array(3).fill([EXAMPLE_ORGANIZATION.productionOu, EXAMPLE_ORGANIZATION.stagingOu]));
  });

  test('the organization prerequisites are switched on first: every policy and StackSet depends on them', () => {
    const [access] = ofType('Custom::OrganizationAccess');
    expect(access.Properties).toMatchObject({
      BackupTrustedAccess: true, StackSetsTrustedAccess: true, BackupPolicyType: true, RestoreOnDelete: false,
    });
    const dependents = [...ofType('AWS::Organizations::Policy'), ...ofType('AWS::CloudFormation::StackSet')];
    expect(dependents).toHaveLength(4);
    for (const resource of dependents) expect(resource.DependsOn).toContain(access.id);
  });

  test('the management template and each baseline template exactly as its StackSet carries it pass cfn-lint', () => {
    const files = [path.join(outdir, stack.templateFile)];
    for (const set of ofType('AWS::CloudFormation::StackSet')) {
      const file = path.join(outdir, `${set.Properties.StackSetName}.body.json`);
      fs.writeFileSync(file, set.Properties.TemplateBody);
      files.push(file);
    }
    expect(files).toHaveLength(3);
    expect(cfnLint(files).map((f) => `${f.Rule.Id} ${path.basename(f.Filename)} ${f.Message}`)).toEqual([]);
  });

  test('cdk-nag AwsSolutions (management stack and baselines) finds nothing but the acknowledged findings', () => {
    expect(unacknowledgedNagFindings(app, ACKNOWLEDGMENTS)).toEqual([]);
  });

  test('an unacknowledged finding is reported (the check can fail)', () => {
    const fresh = buildOrganizationApp(fs.mkdtempSync(path.join(os.tmpdir(), 'org-example-nag-')));
    expect(unacknowledgedNagFindings(fresh)).toEqual(['AwsSolutions-S1 OrganizationBackup/Backup/ReportBucket/Bucket/Resource']);
  });
});
