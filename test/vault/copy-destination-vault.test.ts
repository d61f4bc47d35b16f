import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CopyDestinationVault } from '../../src';

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
