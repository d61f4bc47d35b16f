import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AirGappedCopyOptions, EnvironmentBackup } from '../../src';
import { testStack } from '../support/stack';

// Properties checked against the AWS::Backup::LogicallyAirGappedBackupVault, AWS::Backup::BackupPlan
// and AWS::RAM::ResourceShare schemas bundled with cfn-lint 1.51 (MpaApprovalTeamArn, Notifications,
// TargetLogicallyAirGappedBackupVaultArn are not in aws-cdk-lib 2.257's L1s: rendered by name).
const env = (airGappedCopy: Partial<AirGappedCopyOptions>) => {
  const s = testStack({ env: { account: '111122223333', region: 'eu-west-2' } });
  new EnvironmentBackup(s, 'E', {
    environmentName: 'production',
    airGappedCopy: { minRetention: Duration.days(30), maxRetention: Duration.days(400), ...airGappedCopy },
  });
  return s;
};
const planRules = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
const LAG_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('AirGappedVault'), 'BackupVaultArn'] };

describe('air-gapped recovery', () => {
  test('backupDirectly: the rules target the air-gapped vault, with no copy action to it', () => {
    const s = env({ backupDirectly: true });
    const rules = planRules(s);
    expect(rules.map((r: any) => r.RuleName)).toEqual(['Daily', 'Monthly']);
    for (const r of rules) {
      expect(r.TargetLogicallyAirGappedBackupVaultArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/AirGappedVault/), 'BackupVaultArn'] });
      expect(r.CopyActions).toBeUndefined();
    }
  });

  test('backupDirectly with ruleNames targets those rules only; unknown names fail', () => {
    const rules = planRules(env({ backupDirectly: true, ruleNames: ['Monthly'] }));
    expect(rules[0].TargetLogicallyAirGappedBackupVaultArn).toBeUndefined();
    expect(rules[1].TargetLogicallyAirGappedBackupVaultArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/AirGappedVault/), 'BackupVaultArn'] });
    expect(() => planRules(env({ backupDirectly: true, ruleNames: ['Weekly'] })))
      .toThrow(/airGappedCopy\.ruleNames names rule "Weekly", which the plan does not have \(rules: Daily, Monthly\)/);
  });

  test('backupDirectly keeps the retention check of the air-gapped vault', () => {
    expect(() => planRules(env({ backupDirectly: true, minRetention: Duration.days(60) })))
      .toThrow(/rule Daily: deleteAfter \(35 days\) must be within airGappedCopy\.minRetention \(60 days\)/);
  });

  test('shareWithAccounts: an AWS RAM share of the vault with the recovery accounts', () => {
    Template.fromStack(env({ shareWithAccounts: ['444455556666'] })).hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'production-air-gapped-vault-share',
      ResourceArns: [LAG_ARN],
      Principals: ['444455556666'],
      AllowExternalPrincipals: true,
    });
  });

  test('shareWithAccounts must be 12-digit account ids, at least one', () => {
    expect(() => env({ shareWithAccounts: ['4444-5555-6666'] }))
      .toThrow(/S\/E\/AirGappedVault: airGappedCopy\.shareWithAccounts contains "4444-5555-6666", which is not a 12-digit AWS account id/);
    expect(() => env({ shareWithAccounts: [] })).toThrow(/airGappedCopy\.shareWithAccounts is empty/);
  });

  test('mpaApprovalTeamArn is associated with the vault; its shape is checked', () => {
    const arn = 'arn:aws:mpa:eu-west-2:111122223333:approval-team/team-1';
    Template.fromStack(env({ mpaApprovalTeamArn: arn })).hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', { MpaApprovalTeamArn: arn });
    expect(() => env({ mpaApprovalTeamArn: 'arn:aws:iam::111122223333:role/approvers' }))
      .toThrow(/airGappedCopy\.mpaApprovalTeamArn \("arn:aws:iam::111122223333:role\/approvers"\) is not a multi-party approval team ARN/);
  });

  test("the air-gapped vault's notifications go to the environment's topic, with the same events", () => {
    const t = Template.fromStack(env({}));
    const vault = Object.values(t.findResources('AWS::Backup::BackupVault'))[0].Properties.Notifications;
    expect(vault.SNSTopicArn).toEqual({ Ref: expect.stringMatching(/Topic/) });
    t.hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', {
      Notifications: { SNSTopicArn: vault.SNSTopicArn, BackupVaultEvents: vault.BackupVaultEvents },
    });
  });

  test('without the options: copies, no share, no approval team', () => {
    const s = env({});
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::RAM::ResourceShare', 0);
    t.hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', { MpaApprovalTeamArn: Match.absent() });
    expect(planRules(s)[0].TargetLogicallyAirGappedBackupVaultArn).toBeUndefined();
    expect(planRules(s)[0].CopyActions).toHaveLength(1);
  });
});
