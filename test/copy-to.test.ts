import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CopyDestinationVault, EnvironmentBackup, EnvironmentTier } from '../src';

describe('copyTo', () => {
  const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-2' } });
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
    expect(s.resolve(env.airGappedVault?.vaultArn)).toEqual(lagArn);
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

test('airGappedCopy of a rule without deleteAfter fails at synth: its copies would fail (#11 item 5)', () => {
  const forever = new backup.BackupPlanRule({ ruleName: 'Forever', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }) });
  expect(() => new EnvironmentBackup(new Stack(new App(), 'S'), 'E', {
    environmentName: 'p',
    tier: EnvironmentTier.STAGING,
    rules: [forever],
    airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
  })).toThrow(/^S\/E: rule Forever: deleteAfter is not set \(recovery points kept forever\), but airGappedCopy copies the rule into a vault that keeps recovery points at most 400 days \(airGappedCopy.maxRetention\): every copy job would fail. Set the rule's deleteAfter, or limit airGappedCopy.ruleNames to rules that have one$/);
  // addRule() is checked too
  const env = new EnvironmentBackup(new Stack(new App(), 'S'), 'E', {
    environmentName: 'p', tier: EnvironmentTier.STAGING, airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
  });
  expect(() => env.addRule(forever)).toThrow(/rule Forever: deleteAfter is not set/);
  // a rule left out of ruleNames is not copied, so it may keep its points forever
  new EnvironmentBackup(new Stack(new App(), 'S'), 'E', {
    environmentName: 'p',
    tier: EnvironmentTier.STAGING,
    rules: [forever, backup.BackupPlanRule.daily()],
    airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400), ruleNames: ['Daily'] },
  });
});

describe('cross-account copies', () => {
  test('the destination account may use the source vault key, grants only for AWS resources', () => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [
        { vault: backup.BackupVault.fromBackupVaultArn(s, 'Other', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr'), account: '222222222222' },
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

  test('the accounts granted use of the vault key are listed in a synth message', () => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Other', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr'), account: '222222222222' }],
    });
    Annotations.fromStack(s).hasInfo('/S/E', 'cross-account copies: the vault key may be used by account 222222222222 (copyTo[0])');
  });

  test('a vault in another account without copyTo.account fails: a typo in the ARN must not hand over the key (#11 item 4)', () => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    expect(() => new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Typo', 'arn:aws:backup:eu-central-1:111122223334:backup-vault:dr') }],
    })).toThrow(/^S\/E: copyTo\[0\].vault is in account 111122223334, not in this stack's account \(111122223333\): a cross-account copy grants that account use of the vault key, so confirm the account with copyTo\[0\].account \('111122223334'\)$/);
  });

  test.each([
    ['a confirmed account that differs from the ARN', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr', '222222222223',
      /^S\/E: copyTo\[0\].account \("222222222223"\) does not match the account of copyTo\[0\].vault \("222222222222" in arn:aws:backup:eu-central-1:222222222222:backup-vault:dr\): one of them has a typo$/],
    ['an account that is not 12 digits', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr', '12345',
      /^S\/E: copyTo\[0\].account \("12345"\) must be a 12-digit AWS account ID$/],
    ['an ARN whose account is not 12 digits', 'arn:aws:backup:eu-central-1:12345:backup-vault:dr', undefined,
      /^S\/E: copyTo\[0\].vault has the ARN "arn:aws:backup:eu-central-1:12345:backup-vault:dr", which is not a backup vault ARN \(arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<2 to 50 letters, digits, '-' or '_'>\)$/],
    ['an ARN of another resource type', 'arn:aws:backup:eu-central-1:222222222222:backup-plan:dr', undefined, /copyTo\[0\].vault has the ARN "arn:aws:backup:eu-central-1:222222222222:backup-plan:dr", which is not a backup vault ARN/],
    ['an ARN with an invalid vault name', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:d r', undefined, /which is not a backup vault ARN/],
  ])('refused: %s', (_name, arn, account, message) => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    expect(() => new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Dr', arn), account }],
    })).toThrow(message);
  });

  test('a vault key that was imported cannot be granted: a warning says what to add', () => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      vault: { encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') },
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Other', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr'), account: '222222222222' }],
    });
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp('cross-account copies to account 222222222222 \\(copyTo\\[0\\]\\) need the vault key to allow them, but vault.encryptionKey is imported'));
  });
});
