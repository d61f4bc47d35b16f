/*
 * Backup indexes of an OrganizationBackup environment (issue 19 items 7 and 8): the policy's
 * index_actions name one resource type (botocore backup 2018-11-15, BackupRuleInput.IndexActions:
 * "Only 1 resource type will be accepted for each BackupRule"), and EBS indexes need AWS's managed
 * policy AWSBackupServiceRolePolicyForIndexing on the member accounts' backup role.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForIndexing.html
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BackupResourceType, OrganizationBackup, OrganizationEnvironment } from '../../src';
import { testStack } from '../support/stack';

const base: OrganizationEnvironment = {
  environmentName: 'production',
  organizationalUnitIds: ['ou-ab12-prod0001'],
  regions: ['eu-west-1'],
};

function build(environment: OrganizationEnvironment) {
  const stack = testStack({ id: 'Management', env: { account: '111111111111', region: 'eu-west-1' } });
  const org = new OrganizationBackup(stack, 'Org', { organizationId: 'o-abcdef1234', environments: [environment] });
  Template.fromStack(stack); // synthesizes the app: the baseline's template body
  const resources = org.environmentResources[0];
  return { resources, baseline: Template.fromJSON(JSON.parse(resources.baseline.templateBody)) };
}
const backupRoleArns = (t: Template) => JSON.stringify(Object.values(t.findResources('AWS::IAM::Role', {
  Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] } },
})).map((r) => r.Properties.ManagedPolicyArns));

describe('OrganizationBackup: backupIndexes', () => {
  test('EBS: every rule of the policy indexes EBS, and the baseline\'s backup role gets the indexing policy', () => {
    const { resources, baseline } = build({ ...base, backupIndexes: [BackupResourceType.EBS] });
    const plan: any = Object.values(resources.policy.document.plans)[0];
    for (const rule of Object.values<any>(plan.rules)) expect(rule.index_actions).toEqual({ resource_types: { '@@assign': ['EBS'] } });
    expect(backupRoleArns(baseline)).toContain(':iam::aws:policy/AWSBackupServiceRolePolicyForIndexing');
  });

  test('S3 or no index: no indexing policy on the backup role', () => {
    for (const backupIndexes of [[BackupResourceType.S3], undefined]) {
      const { resources, baseline } = build({ ...base, backupIndexes });
      const plan: any = Object.values(resources.policy.document.plans)[0];
      expect(Object.values<any>(plan.rules)[0].index_actions).toEqual(backupIndexes ? { resource_types: { '@@assign': ['S3'] } } : undefined);
      expect(backupRoleArns(baseline)).not.toContain('AWSBackupServiceRolePolicyForIndexing');
    }
  });

  test('two resource types fail at synth naming the environment\'s policy, the property and the rule', () => {
    expect(() => build({ ...base, backupIndexes: [BackupResourceType.EBS, BackupResourceType.S3] }))
      .toThrow(/^Management\/Org\/production\/Policy: backupIndexes \(EBS, S3\) names 2 resource types, but a backup rule indexes at most 1/);
  });
});
