import { App, CfnDeletionPolicy, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { VaultRecoveryPointCleaner } from '../../../src/vault/auto-delete';
import { testStack } from '../../support/stack';

function setup() {
  const stack = testStack();
  const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'dev-vault', removalPolicy: RemovalPolicy.DESTROY });
  return { stack, vault };
}

describe('VaultRecoveryPointCleaner', () => {
  test('custom resource bound to the vault name, depending on the vault and on its policy', () => {
    const { stack, vault } = setup();
    new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::BackupVaultRecoveryPointCleaner', 1);
    t.hasResourceProperties('Custom::BackupVaultRecoveryPointCleaner', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CleanerHandler'), 'Arn'] },
      // a reference to the vault: CloudFormation deletes this resource (emptying the vault) before the vault
      BackupVaultName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultName'] },
      BackupVaultArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultArn'] },
      PollIntervalSeconds: 10,
    });
    const resource = Object.values(t.findResources('Custom::BackupVaultRecoveryPointCleaner'))[0];
    expect(resource.DependsOn).toEqual([expect.stringMatching(/^CleanerHandlerPolicy/)]);
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Timeout: 840 });
  });

  test('least-privilege policy: list on the vault ARN, delete in the region, snapshots only through AWS Backup', () => {
    const { stack, vault } = setup();
    new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 1);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ListTheVault',
            Effect: 'Allow',
            Action: ['backup:ListRecoveryPointsByBackupVault', 'backup:ListTags'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultArn'] },
          },
          {
            Sid: 'DeleteRecoveryPoints',
            Effect: 'Allow',
            Action: ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':*:', { Ref: 'AWS::Region' }, ':*:*']] },
          },
          {
            // What AWS's AWSBackupFullAccess allows for deletes through AWS Backup
            // (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupFullAccess.html).
            Sid: 'DeleteSnapshotsThroughBackup',
            Effect: 'Allow',
            Action: [
              'ec2:DeleteSnapshot', 'ec2:DeregisterImage', 'rds:DeleteDBSnapshot', 'rds:DeleteDBClusterSnapshot',
              'dynamodb:DeleteBackup', 'fsx:DeleteBackup', 'redshift-serverless:DeleteSnapshot',
            ],
            Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'backup.amazonaws.com' } },
            Resource: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, '::snapshot/*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, '::image/*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':snapshot:awsbackup:*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster-snapshot:awsbackup:*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/*/backup/*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':fsx:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':backup/*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':redshift-serverless:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':snapshot/*']] },
            ],
          },
          {
            // AWS Backup deletes through its service-linked role, created on demand with the caller's rights.
            Sid: 'CreateBackupServiceLinkedRole',
            Effect: 'Allow',
            Action: 'iam:CreateServiceLinkedRole',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'backup.amazonaws.com' } },
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup']] },
          },
        ],
      },
    });
  });

  test('timeout and poll interval are passed on', () => {
    const { stack, vault } = setup();
    new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault, timeout: Duration.minutes(5), pollInterval: Duration.seconds(30) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', { Timeout: 300 });
    t.hasResourceProperties('Custom::BackupVaultRecoveryPointCleaner', { PollIntervalSeconds: 30 });
  });

  test('the vault carries the marker tag naming the custom resource, while the stack deletes the vault', () => {
    const { stack, vault } = setup();
    const cleaner = new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
    const t = Template.fromStack(stack);
    const logicalId = stack.getLogicalId(cleaner.resource.node.defaultChild as any);
    expect(logicalId).toMatch(/^Cleaner/);
    t.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: { BackupVaultTags: { 'cdk-environment-backup:auto-delete-recovery-points': logicalId } },
    });
    expect(VaultRecoveryPointCleaner.MARKER_TAG_KEY).toBe('cdk-environment-backup:auto-delete-recovery-points');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the marker follows an overridden logical id (the id CloudFormation sends in the Delete event)', () => {
    const { stack, vault } = setup();
    const cleaner = new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
    (cleaner.resource.node.defaultChild as CfnResource).overrideLogicalId('KeptCleanerId');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultTags: { 'cdk-environment-backup:auto-delete-recovery-points': 'KeptCleanerId' } });
    expect(Object.keys(t.findResources('Custom::BackupVaultRecoveryPointCleaner'))).toEqual(['KeptCleanerId']);
  });

  test('no marker (and a warning) when the vault is retained, even if the policy is applied after the cleaner', () => {
    const { stack, vault } = setup();
    new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
    vault.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const t = Template.fromStack(stack);
    const [resource] = Object.values(t.findResources('AWS::Backup::BackupVault')) as any[];
    expect(resource.Properties.BackupVaultTags?.['cdk-environment-backup:auto-delete-recovery-points']).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/S/Cleaner', Match.stringLikeRegexp(
      '^backupVault \\(S/Vault/Resource\\) has DeletionPolicy Retain and UpdateReplacePolicy Retain: CloudFormation keeps the vault, so it carries no ' +
      'cdk-environment-backup:auto-delete-recovery-points tag and this cleaner never empties it.*\\[ack: cdk-environment-backup:vault:recoveryPointCleanerInactive\\]$'));
  });

  test('a vault replaced but retained on replacement (UpdateReplacePolicy Retain) carries no marker', () => {
    const { stack, vault } = setup();
    new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
    (vault.node.defaultChild as backup.CfnBackupVault).cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupVault')) as any[];
    expect(resource.Properties.BackupVaultTags?.['cdk-environment-backup:auto-delete-recovery-points']).toBeUndefined();
  });

  test('an imported vault fails at synth: the stack never deletes it, so it must never be emptied', () => {
    const stack = testStack();
    const vault = backup.BackupVault.fromBackupVaultName(stack, 'Imported', 'legacy-vault');
    expect(() => new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault })).toThrow(
      /^S\/Cleaner: backupVault \(S\/Imported\) must be a BackupVault created in this construct's stack \(S\): only a vault that the stack itself deletes is emptied/);
  });

  test('a vault of another stack fails at synth', () => {
    const app = new App();
    const vault = new backup.BackupVault(new Stack(app, 'A'), 'Vault', { removalPolicy: RemovalPolicy.DESTROY });
    expect(() => new VaultRecoveryPointCleaner(new Stack(app, 'B'), 'Cleaner', { backupVault: vault })).toThrow(
      /^B\/Cleaner: backupVault \(A\/Vault\) must be a BackupVault created in this construct's stack \(B\)/);
  });

  test('a timeout above the Lambda limit fails at synth', () => {
    const { stack, vault } = setup();
    expect(() => new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault, timeout: Duration.minutes(20) }))
      .toThrow(/S\/Cleaner: timeout \(20 minutes\) must be between 1 and 15 minutes/);
  });

  test('durations Lambda and the handler take in whole seconds: our error names the prop', () => {
    const { stack, vault } = setup();
    expect(() => new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault, timeout: Duration.millis(90_500) }))
      .toThrow(/^S\/Cleaner: timeout \(90\.5 seconds\) must be a whole number of seconds$/);
    expect(() => new VaultRecoveryPointCleaner(stack, 'Cleaner2', { backupVault: vault, pollInterval: Duration.millis(1500) }))
      .toThrow(/^S\/Cleaner2: pollInterval \(1\.5 seconds\) must be a whole number of seconds$/);
  });

  test('a poll interval of half the timeout or more fails at synth', () => {
    const { stack, vault } = setup();
    expect(() => new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault, timeout: Duration.minutes(2), pollInterval: Duration.minutes(1) }))
      .toThrow(/pollInterval \(1 minute\) must be at least 1 second and less than half the timeout \(2 minutes\)/);
  });
});
