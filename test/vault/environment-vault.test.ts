import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier, EnvironmentVault, VaultLockMode, VaultRecoveryPointCleaner } from '../../src';
import { stack } from '../support/stack';

// The environment's vault (src/vault/environment-vault.ts): the vault options checked, through
// EnvironmentBackup.

function make(props: Partial<EnvironmentBackupProps>, scope = new Stack(new App(), 'S')) {
  return new EnvironmentBackup(scope, 'E', { environmentName: 'env', tier: EnvironmentTier.STAGING, ...props });
}

describe('vault', () => {
  test('invalid vault name', () => {
    expect(() => make({ vault: { vaultName: 'my vault!' } })).toThrow(/vault\.vaultName \("my vault!"\) must be 2 to 50 characters: letters, digits, '-' or '_'/);
  });

  test('a token vault name is not validated', () => {
    expect(() => make({ vault: { vaultName: Lazy.string({ produce: () => 'x' }) } })).not.toThrow();
  });

  test.each([
    [{ minRetention: Duration.hours(12) }, /vault\.lock\.minRetention \(12 hours\) must be at least 1 day/],
    [{ minRetention: Duration.days(1), maxRetention: Duration.days(36501) }, /vault\.lock\.maxRetention \(36501 days\) must be at most 36500 days/],
    [{ minRetention: Duration.days(30), maxRetention: Duration.days(30) }, /vault\.lock\.maxRetention \(30 days\) must be greater than vault\.lock\.minRetention \(30 days\)/],
    [{ minRetention: Duration.days(1), changeableFor: Duration.days(5) }, /vault\.lock\.changeableFor \(5 days\) applies only to VaultLockMode\.COMPLIANCE, not GOVERNANCE/],
    [{ mode: VaultLockMode.COMPLIANCE, minRetention: Duration.days(1), changeableFor: Duration.hours(48) }, /vault\.lock\.changeableFor \(2 days\) must be at least 72 hours/],
  ])('lock %#', (lock, message) => {
    expect(() => make({ vault: { lock } })).toThrow(message);
  });

  test('deleteRecoveryPointsOnDestroy needs DESTROY and refuses blocking and locks', () => {
    expect(() => make({ vault: { deleteRecoveryPointsOnDestroy: true } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) requires vault\.removalPolicy RemovalPolicy\.DESTROY/);
    expect(() => make({ vault: { deleteRecoveryPointsOnDestroy: true, removalPolicy: RemovalPolicy.DESTROY, blockRecoveryPointDeletion: true } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) contradicts vault\.blockRecoveryPointDeletion \(true\)/);
    const lock = { minRetention: Duration.days(1) };
    expect(() => make({ vault: { deleteRecoveryPointsOnDestroy: true, removalPolicy: RemovalPolicy.DESTROY, lock } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) cannot be combined with vault\.lock/);
  });

  test('break-glass principals without the deletion block', () => {
    expect(() => make({ vault: { breakGlassPrincipalArns: ['arn:aws:iam::111122223333:role/x'] } }))
      .toThrow(/vault\.breakGlassPrincipalArns is set but vault\.blockRecoveryPointDeletion is false/);
  });

});

/** The vault's name as aws-cdk-lib's BackupVault renders it (a Ref or a GetAtt, by version). */
const nameOf = (vault: EnvironmentVault) => vault.stack.resolve(vault.vault.backupVaultName);

describe('EnvironmentVault is an aws-backup IBackupVault', () => {
  test('a BackupPlan of aws-cdk-lib backs up into it', () => {
    const s = stack();
    const vault: backup.IBackupVault = new EnvironmentVault(s, 'V', { environmentName: 'env' });
    const plan = new backup.BackupPlan(s, 'Plan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), deleteAfter: Duration.days(7) }));
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ RuleName: 'Daily', TargetBackupVault: nameOf(vault as EnvironmentVault) })] },
    });
  });

  test('its name, ARN and reference are those of its AWS::Backup::BackupVault', () => {
    const s = stack();
    const vault = new EnvironmentVault(s, 'V', { environmentName: 'env' });
    expect(s.resolve(vault.backupVaultName)).toEqual(nameOf(vault));
    expect(s.resolve(vault.backupVaultArn)).toEqual(s.resolve(vault.vault.backupVaultArn));
    expect(s.resolve(vault.backupVaultRef)).toEqual({ backupVaultName: nameOf(vault), backupVaultArn: s.resolve(vault.vault.backupVaultArn) });
    expect(vault.stack).toBe(s);
    expect(vault.env).toEqual({ account: s.account, region: s.region });
  });

  test('grant() gives the grantee the actions on the vault', () => {
    const s = stack();
    const vault = new EnvironmentVault(s, 'V', { environmentName: 'env' });
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    vault.grant(role, 'backup:StartBackupJob');
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'backup:StartBackupJob', Resource: s.resolve(vault.backupVaultArn) }] },
    });
  });

  test('VaultRecoveryPointCleaner takes it as its vault', () => {
    const s = stack();
    const vault = new EnvironmentVault(s, 'V', { environmentName: 'env', removalPolicy: RemovalPolicy.DESTROY });
    new VaultRecoveryPointCleaner(s, 'Cleaner', { backupVault: vault });
    Template.fromStack(s).hasResourceProperties('Custom::BackupVaultRecoveryPointCleaner', { BackupVaultName: nameOf(vault) });
  });
});

describe('EnvironmentVault.applyRemovalPolicy', () => {
  test('DESTROY deletes the vault and the key created with it', () => {
    const s = stack();
    new EnvironmentVault(s, 'V', { environmentName: 'env' }).applyRemovalPolicy(RemovalPolicy.DESTROY);
    const t = Template.fromStack(s);
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('a given key keeps its own removal policy', () => {
    const s = stack();
    const key = new kms.Key(s, 'Given', { removalPolicy: RemovalPolicy.RETAIN });
    new EnvironmentVault(s, 'V', { environmentName: 'env', encryptionKey: key }).applyRemovalPolicy(RemovalPolicy.DESTROY);
    const t = Template.fromStack(s);
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('SNAPSHOT fails: a vault and a key have no snapshot', () => {
    const vault = new EnvironmentVault(stack(), 'V', { environmentName: 'env' });
    expect(() => vault.applyRemovalPolicy(RemovalPolicy.SNAPSHOT))
      .toThrow('S/V: removalPolicy (RemovalPolicy.SNAPSHOT) is not supported by a backup vault or its KMS key (neither has a snapshot): use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY');
  });

  test('RETAIN fails with deleteRecoveryPointsOnDestroy: the points would be deleted from a kept vault', () => {
    const vault = new EnvironmentVault(stack(), 'V', { environmentName: 'env', removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true });
    expect(() => vault.applyRemovalPolicy(RemovalPolicy.RETAIN))
      .toThrow('S/V: removalPolicy (RemovalPolicy.RETAIN) contradicts vault.deleteRecoveryPointsOnDestroy (true): the recovery points would be deleted from a retained vault');
  });
});
