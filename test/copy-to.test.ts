import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { CopyDestinationVault, EnvironmentBackup } from '../src';

describe('copyTo', () => {
  const s = new Stack(new App(), 'S');
  const otherRegion = backup.BackupVault.fromBackupVaultArn(s, 'Region', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr-region');
  const otherAccount = backup.BackupVault.fromBackupVaultArn(s, 'Account', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr-account');
  new EnvironmentBackup(s, 'E', {
    environmentName: 'production',
    copyTo: [
      { vault: otherRegion },
      { vault: otherAccount, deleteAfter: Duration.days(730), moveToColdStorageAfter: Duration.days(90), ruleNames: ['Monthly'] },
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

describe('CopyDestinationVault', () => {
  test('accepts copies from the given accounts only, with its own retained key', () => {
    const s = new Stack(new App(), 'Dr', { env: { account: '222222222222', region: 'eu-central-1' } });
    new CopyDestinationVault(s, 'Dr', { vaultName: 'dr-account', sourceAccountIds: ['111122223333'] });
    const t = Template.fromStack(s);
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'dr-account',
        AccessPolicy: {
          Statement: [{
            Sid: 'AllowCopyIntoBackupVault',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] } },
            Action: 'backup:CopyIntoBackupVault',
            Resource: '*',
          }],
        },
      },
      DeletionPolicy: 'Retain',
    });
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('without source accounts (cross-region copies of the same account) it has no access policy', () => {
    const s = new Stack(new App(), 'Dr');
    new CopyDestinationVault(s, 'Dr', { vaultName: 'dr-region' });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupVault', { AccessPolicy: Match.absent() });
  });

  test('source accounts must be account IDs', () => {
    const s = new Stack(new App(), 'Dr');
    expect(() => new CopyDestinationVault(s, 'Dr', { vaultName: 'dr', sourceAccountIds: ['prod'] }))
      .toThrow(/sourceAccountIds \("prod"\) must be 12-digit AWS account IDs/);
  });
});
