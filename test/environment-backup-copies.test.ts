import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { EnvironmentBackup } from '../src';
import { testStack } from './support/stack';

describe('copyTo', () => {
  const s = testStack({ env: { account: '111122223333', region: 'eu-west-2' } });
  const otherRegion = backup.BackupVault.fromBackupVaultArn(s, 'Region', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr-region');
  const otherAccount = backup.BackupVault.fromBackupVaultArn(s, 'Account', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr-account');
  new EnvironmentBackup(s, 'E', {
    environmentName: 'production',
    copyTo: [
      { vault: otherRegion },
      { vault: otherAccount, account: '222222222222', deleteAfter: Duration.days(730), moveToColdStorageAfter: Duration.days(90), ruleNames: ['Monthly'] },
    ],
  });
  const rules = Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;

  test('every rule is copied to the other region with its own lifecycle', () => {
    expect(rules[0].CopyActions).toEqual([
      { DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr-region', Lifecycle: { DeleteAfterDays: 35 } },
    ]);
  });

  test('a destination limited to a rule gets only that rule, with its own retention and cold storage', () => {
    expect(rules[1].RuleName).toBe('Monthly');
    expect(rules[1].CopyActions).toEqual([
      { DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr-region', Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 30 } },
      { DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr-account', Lifecycle: { DeleteAfterDays: 730, MoveToColdStorageAfterDays: 90 } },
    ]);
  });
});

describe('airGappedCopy', () => {
  test('a logically air-gapped vault receives copies of every rule, without cold storage', () => {
    const s = testStack();
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      airGappedCopy: { minRetention: Duration.days(30), maxRetention: Duration.days(400) },
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', {
      BackupVaultName: 'production-air-gapped-vault', MinRetentionDays: 30, MaxRetentionDays: 400,
    });
    const rules = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
    const lagId = Object.keys(t.findResources('AWS::Backup::LogicallyAirGappedBackupVault'))[0];
    const lagArn = { 'Fn::GetAtt': [lagId, 'BackupVaultArn'] };
    expect(rules[0].CopyActions).toEqual([{ DestinationBackupVaultArn: lagArn, Lifecycle: { DeleteAfterDays: 35 } }]);
    expect(rules[1].CopyActions).toEqual([{ DestinationBackupVaultArn: lagArn, Lifecycle: { DeleteAfterDays: 365 } }]);
    expect(s.resolve(env.airGappedVault?.vaultArn)).toEqual(lagArn);
  });

  test('retention limits are validated, and every copied rule must fit them', () => {
    const s = () => testStack();
    expect(() => new EnvironmentBackup(s(), 'E', { environmentName: 'p', airGappedCopy: { minRetention: Duration.days(3), maxRetention: Duration.days(30) } }))
      .toThrow(/airGappedCopy\.minRetention \(3 days\) must be a whole number of days, at least 7/);
    expect(() => new EnvironmentBackup(s(), 'E', { environmentName: 'p', airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(36501) } }))
      .toThrow(/airGappedCopy\.maxRetention \(36501 days\) must be a whole number of days, at most 36500/);
    expect(() => new EnvironmentBackup(s(), 'E', { environmentName: 'p', airGappedCopy: { minRetention: Duration.days(30), maxRetention: Duration.days(10) } }))
      .toThrow(/airGappedCopy\.maxRetention \(10 days\) must not be less than airGappedCopy\.minRetention \(30 days\)/);
    const stack = s();
    new EnvironmentBackup(stack, 'E', { environmentName: 'p', airGappedCopy: { minRetention: Duration.days(60), maxRetention: Duration.days(400) } });
    expect(() => Template.fromStack(stack)).toThrow(/rule Daily: deleteAfter \(35 days\) must be within airGappedCopy\.minRetention \(60 days\) and airGappedCopy\.maxRetention \(400 days\)/);
  });
});

describe('copy and direct-backup alarms where AWS reports them', () => {
  // AWS Backup developer guide, "AWS Backup metrics with Amazon CloudWatch": copy jobs count under
  // their destination vault; backups made straight into an air-gapped vault count under it.
  const alarms = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
  const copyAlarmVaults = (s: Stack) => alarms(s).filter((p) => p.MetricName === 'NumberOfCopyJobsFailed').map((p) => s.resolve(p.Dimensions)[0].Value);

  test('copyTo and the air-gapped copy: one copy alarm per destination, none on the environment\'s vault', () => {
    const s = testStack({ env: { account: '111122223333', region: 'eu-west-2' } });
    const dr = backup.BackupVault.fromBackupVaultArn(s, 'Dr', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr-region');
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: dr }],
      airGappedCopy: { minRetention: Duration.days(30), maxRetention: Duration.days(400) },
    });
    expect(copyAlarmVaults(s)).toEqual(['dr-region', 'production-air-gapped-vault']);
    expect(env.airGappedVault).toBeDefined();
    expect(alarms(s).filter((p) => p.AlarmName === 'production-CopyJobsFailed-dr-region')).toHaveLength(1);
  });

  test('backupDirectly: the heartbeat and the job alarms watch the air-gapped vault too', () => {
    const s = testStack();
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      airGappedCopy: { minRetention: Duration.days(30), maxRetention: Duration.days(400), backupDirectly: true },
    });
    const heartbeat = alarms(s).find((p) => p.AlarmName === 'production-NoBackupJobCompleted')!;
    const vaults = heartbeat.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions[0].Value);
    expect(vaults).toEqual([s.resolve(env.vault.backupVaultName), 'production-air-gapped-vault']);
    const failed = alarms(s).find((p) => p.AlarmName === 'production-BackupJobsFailed')!;
    expect(failed.Metrics.filter((m: any) => m.MetricStat)).toHaveLength(2);
    // Types the vault does not back up directly are copied into it: its copy alarm stays.
    expect(copyAlarmVaults(s)).toEqual(['production-air-gapped-vault']);
  });

  test('without backupDirectly the job alarms watch the environment\'s vault alone', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'E', { environmentName: 'production', airGappedCopy: { minRetention: Duration.days(30), maxRetention: Duration.days(400) } });
    const heartbeat = alarms(s).find((p) => p.AlarmName === 'production-NoBackupJobCompleted')!;
    expect(heartbeat.MetricName).toBe('NumberOfBackupJobsCompleted');
    expect(heartbeat.Metrics).toBeUndefined();
  });
});
