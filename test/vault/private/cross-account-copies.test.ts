import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CopyDestinationVault, EnvironmentBackup } from '../../../src';
import { TEST_ENV, testStack } from '../../support/stack';

// Cross-account copies (src/vault/private/cross-account-copies.ts): the destination account re-encrypts the
// copy with the source vault's key, so the key policy must allow it
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html).

describe('cross-account copies', () => {
  test('the destination account may use the source vault key, grants only for AWS resources', () => {
    const s = testStack({ env: TEST_ENV });
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
    const s = testStack({ env: TEST_ENV });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Same', 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr') }],
    });
    const sids = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key'))
      .flatMap((k) => k.Properties.KeyPolicy.Statement.map((st: any) => st.Sid));
    expect(sids).not.toContain('AllowCopiesToOtherAccounts');
    expect(sids).not.toContain('AllowCopyGrantsToOtherAccounts');
  });

  test('the accounts granted use of the vault key are listed in a synth message', () => {
    const s = testStack({ env: TEST_ENV });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Other', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr'), account: '222222222222' }],
    });
    Annotations.fromStack(s).hasInfo('/S/E', 'cross-account copies: the vault key may be used by account 222222222222 (copyTo[0])');
  });

  test('a vault in another account without copyTo.account fails: a typo in the ARN must not hand over the key', () => {
    const s = testStack({ env: TEST_ENV });
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
    const s = testStack({ env: TEST_ENV });
    expect(() => new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Dr', arn), account }],
    })).toThrow(message);
  });

  test('a vault key that was imported cannot be granted: a warning says what to add', () => {
    const s = testStack({ env: TEST_ENV });
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      vault: { encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') },
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Other', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr'), account: '222222222222' }],
    });
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp('cross-account copies to account 222222222222 \\(copyTo\\[0\\]\\) need the vault key to allow them, but vault.encryptionKey is imported'));
  });

  describe('a CopyDestinationVault of this app in another account', () => {
    function apps(sourceAccountIds: string[]) {
      const app = new App();
      const dr = new Stack(app, 'Dr', { env: { account: '222222222222', region: 'eu-central-1' } });
      const destination = new CopyDestinationVault(dr, 'DrVault', { vaultName: 'dr-account', sourceAccountIds });
      const source = new Stack(app, 'Source', { env: { account: '111122223333', region: 'eu-west-1' } });
      return { destination, source };
    }

    test('must admit the source account, or synth fails naming the vault, the accounts and the fix', () => {
      // AWS Backup developer guide, "Creating backup copies across AWS accounts": the destination
      // vault's access policy must allow backup:CopyIntoBackupVault from the source account.
      const { destination, source } = apps(['444455556666']);
      expect(() => new EnvironmentBackup(source, 'E', { environmentName: 'production', copyTo: [{ vault: destination, account: '222222222222' }] }))
        .toThrow("Source/E: copyTo[0].vault is Dr/DrVault, whose sourceAccountIds (444455556666) do not include this stack's account 111122223333: " +
          "AWS Backup would deny every copy into it; add '111122223333' to its sourceAccountIds");
      const other = apps([]);
      expect(() => new EnvironmentBackup(other.source, 'E', { environmentName: 'production', copyTo: [{ vault: other.destination.vault, account: '222222222222' }] }))
        .toThrow(/copyTo\[0\]\.vault is Dr\/DrVault, whose sourceAccountIds \(none\)/);
    });

    test('that admits the source account is copied to, by its literal ARN', () => {
      const { destination, source } = apps(['111122223333']);
      new EnvironmentBackup(source, 'E', { environmentName: 'production', copyTo: [{ vault: destination, account: '222222222222' }] });
      Template.fromStack(source).hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanRule: Match.arrayWith([Match.objectLike({
            CopyActions: [Match.objectLike({
              DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:eu-central-1:222222222222:backup-vault:dr-account']] },
            })],
          })]),
        },
      });
    });
  });
});
