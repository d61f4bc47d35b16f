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
      .toThrow(/sourceAccountIds \("prod"\) must be a 12-digit AWS account ID/);
  });
});

describe('airGappedCopy', () => {
  test('a logically air-gapped vault receives copies of every rule, without cold storage', () => {
    const s = new Stack(new App(), 'S');
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
    expect(env.airGappedVault).toBeDefined();
  });

  test('retention limits are validated, and every copied rule must fit them', () => {
    const s = () => new Stack(new App(), 'S');
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

describe('cross-account copies', () => {
  test('the destination account may use the source vault key, grants only for AWS resources', () => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [
        { vault: backup.BackupVault.fromBackupVaultArn(s, 'Other', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr') },
        { vault: backup.BackupVault.fromBackupVaultArn(s, 'Same', 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr-region') },
      ],
    });
    const t = Template.fromStack(s);
    const vaultKey = Object.values(t.findResources('AWS::KMS::Key')).find((k) => /vault key/.test(k.Properties.Description))!;
    const statements = vaultKey.Properties.KeyPolicy.Statement;
    const root222 = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } };
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'AllowCopiesToOtherAccounts', Principal: root222, Effect: 'Allow' }),
      expect.objectContaining({
        Sid: 'AllowCopyGrantsToOtherAccounts',
        Principal: root222,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    ]));
    // the same-account destination adds no principal: only 222222222222 is named by the copy statements
    const copyPrincipals = statements.filter((st: any) => /^AllowCop/.test(st.Sid ?? '')).map((st: any) => JSON.stringify(st.Principal));
    expect(copyPrincipals).toEqual([JSON.stringify(root222), JSON.stringify(root222)]);
  });

  test('same-account (cross-region) copies add nothing to the key policy', () => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Same', 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr') }],
    });
    expect(JSON.stringify(Template.fromStack(s).findResources('AWS::KMS::Key'))).not.toContain('AllowCopiesToOtherAccounts');
  });
});
