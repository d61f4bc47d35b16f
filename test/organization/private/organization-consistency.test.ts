import { Stack } from 'aws-cdk-lib';
import { validateBusPolicyScopedToOrganization, validatePolicyMatchesBaseline } from '../../../src/organization/private/organization-consistency';

// OrganizationBackup builds the policy and the baseline from one source, so these checks cannot
// fail through its public API: they guard against drift between the two. Tested on documents.
const scope = new Stack(undefined, 'Checks');
const baseline = {
  environmentName: 'production',
  vaultName: 'production-backup-vault',
  backupRoleName: 'production-backup-role',
  regions: ['eu-west-1'],
  organizationalUnitIds: ['ou-ab12-prod0001'],
};
const policy = (vault: string, roleArn: string) => ({
  plans: {
    p: {
      rules: { Daily: { target_backup_vault_name: { '@@assign': vault } } },
      selections: { resources: { tagged: { iam_role_arn: { '@@assign': roleArn } } } },
    },
  },
});

describe('consistency of the policy and the member baseline', () => {
  test('matching vault and role pass', () => {
    expect(() => validatePolicyMatchesBaseline(scope, policy('production-backup-vault', 'arn:aws:iam::$account:role/production-backup-role'), baseline)).not.toThrow();
  });

  test('a vault the baseline does not deploy fails with both names', () => {
    expect(() => validatePolicyMatchesBaseline(scope, policy('other-vault', 'arn:aws:iam::$account:role/production-backup-role'), baseline)).toThrow(
      "Checks: environment production: plan p rule Daily backs up to vault 'other-vault', but the member baseline deploys vault 'production-backup-vault': the policy's vault must exist in every member account");
  });

  test('a role the baseline does not deploy fails with both names', () => {
    expect(() => validatePolicyMatchesBaseline(scope, policy('production-backup-vault', 'arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole'), baseline)).toThrow(
      "Checks: environment production: plan p selection tagged uses role 'arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole', but the member baseline deploys role 'production-backup-role' (expected arn:<partition>:iam::$account:role/production-backup-role)");
  });
});

describe('the central bus policy is scoped to the organization', () => {
  const statement = (condition?: any) => ({ Sid: 'Put', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'events:PutEvents', Resource: '*', Condition: condition });

  test('aws:PrincipalOrgID equal to the organization passes', () => {
    expect(() => validateBusPolicyScopedToOrganization(scope, [statement({ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } })], 'o-abcdef1234')).not.toThrow();
  });

  test('a statement without the condition, or for another organization, fails', () => {
    expect(() => validateBusPolicyScopedToOrganization(scope, [statement()], 'o-abcdef1234')).toThrow(
      'Checks: the central event bus policy statement Put allows {"AWS":"*"} without the condition StringEquals aws:PrincipalOrgID = o-abcdef1234: the bus must admit only the organization\'s accounts');
    expect(() => validateBusPolicyScopedToOrganization(scope, [statement({ StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })], 'o-abcdef1234')).toThrow('without the condition StringEquals aws:PrincipalOrgID = o-abcdef1234');
  });

  test('no policy at all fails', () => {
    expect(() => validateBusPolicyScopedToOrganization(scope, [], 'o-abcdef1234')).toThrow('Checks: the central event bus has no resource policy');
  });
});
