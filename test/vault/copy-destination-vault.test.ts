import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CopyDestinationVault } from '../../src';
import { stack, testStack } from '../support/stack';


describe('CopyDestinationVault', () => {
  test('accepts copies from the given accounts only, with its own retained key', () => {
    const s = testStack({ id: 'Dr', env: { account: '222222222222', region: 'eu-central-1' } });
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
    const s = testStack({ id: 'Dr' });
    new CopyDestinationVault(s, 'Dr', { vaultName: 'dr-region' });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupVault', { AccessPolicy: Match.absent() });
  });

  test('source accounts must be account IDs', () => {
    const s = testStack({ id: 'Dr' });
    expect(() => new CopyDestinationVault(s, 'Dr', { vaultName: 'dr', sourceAccountIds: ['prod'] }))
      .toThrow(/sourceAccountIds \("prod"\) must be a 12-digit AWS account ID/);
  });
});

describe('CopyDestinationVault is an aws-backup IBackupVault', () => {
  test('a copy action of aws-cdk-lib copies into it (same stack)', () => {
    const s = stack();
    const dr: backup.IBackupVault = new CopyDestinationVault(s, 'Dr', { vaultName: 'dr' });
    const plan = new backup.BackupPlan(s, 'Plan', { backupVault: backup.BackupVault.fromBackupVaultName(s, 'Main', 'main') });
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
      deleteAfter: Duration.days(7),
      copyActions: [{ destinationBackupVault: dr, deleteAfter: Duration.days(7) }],
    }));
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ CopyActions: [{ DestinationBackupVaultArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrVault'), 'BackupVaultArn'] }, Lifecycle: { DeleteAfterDays: 7 } }] })] },
    });
  });

  test('its name, ARN, stack and environment are those of its vault', () => {
    const app = new App();
    const s = new Stack(app, 'Dr', { env: { account: '444455556666', region: 'eu-west-1' } });
    const dr = new CopyDestinationVault(s, 'Dr', { vaultName: 'dr' });
    expect(s.resolve(dr.backupVaultName)).toEqual(s.resolve(dr.vault.backupVaultName));
    expect(s.resolve(dr.backupVaultArn)).toEqual(s.resolve(dr.vault.backupVaultArn));
    expect(s.resolve(dr.backupVaultRef)).toEqual({ backupVaultName: s.resolve(dr.backupVaultName), backupVaultArn: s.resolve(dr.backupVaultArn) });
    expect(dr.stack).toBe(s);
    expect(dr.env).toEqual({ account: '444455556666', region: 'eu-west-1' });
  });

  test('grant() gives the grantee the actions on the vault', () => {
    const s = stack();
    const dr = new CopyDestinationVault(s, 'Dr', { vaultName: 'dr' });
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    dr.grant(role, 'backup:ListRecoveryPointsByBackupVault');
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'backup:ListRecoveryPointsByBackupVault', Resource: s.resolve(dr.backupVaultArn) }] },
    });
  });
});

describe('CopyDestinationVault.applyRemovalPolicy', () => {
  test('DESTROY deletes the vault and the key created with it, not a given key', () => {
    const s = stack();
    new CopyDestinationVault(s, 'Own', { vaultName: 'own' }).applyRemovalPolicy(RemovalPolicy.DESTROY);
    const given = new kms.Key(s, 'Given');
    new CopyDestinationVault(s, 'Shared', { vaultName: 'shared', encryptionKey: given }).applyRemovalPolicy(RemovalPolicy.DESTROY);
    const t = Template.fromStack(s);
    expect(Object.values(t.findResources('AWS::Backup::BackupVault')).map((r) => r.DeletionPolicy)).toEqual(['Delete', 'Delete']);
    t.hasResource('AWS::KMS::Key', { Properties: { Description: 'AWS Backup copy destination key of vault own' }, DeletionPolicy: 'Delete' });
    t.hasResource('AWS::KMS::Key', { Properties: Match.not(Match.objectLike({ Description: Match.anyValue() })), DeletionPolicy: 'Retain' });
  });

  test('SNAPSHOT fails: a vault and a key have no snapshot', () => {
    const dr = new CopyDestinationVault(stack(), 'Dr', { vaultName: 'dr' });
    expect(() => dr.applyRemovalPolicy(RemovalPolicy.SNAPSHOT)).toThrow('S/Dr: removalPolicy (RemovalPolicy.SNAPSHOT) is not supported by a backup vault or its KMS key');
  });
});
