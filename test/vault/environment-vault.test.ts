import { App, CliCredentialsStackSynthesizer, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EnvironmentBackup, EnvironmentTier, EnvironmentVault, VaultLockMode, VaultRecoveryPointCleaner } from '../../src';
import { environmentBackup, stack } from '../support/stack';

// The environment's vault (src/vault/environment-vault.ts): the vault options checked, through
// EnvironmentBackup.

describe('vault', () => {
  test('invalid vault name', () => {
    expect(() => environmentBackup({ vault: { vaultName: 'my vault!' } })).toThrow(/vault\.vaultName \("my vault!"\) must be 2 to 50 characters: letters, digits, '-' or '_'/);
  });

  test('a token vault name is not validated', () => {
    expect(() => environmentBackup({ vault: { vaultName: Lazy.string({ produce: () => 'x' }) } })).not.toThrow();
  });

  test.each([
    [{ minRetention: Duration.hours(12) }, /vault\.lock\.minRetention \(12 hours\) must be at least 1 day/],
    [{ minRetention: Duration.days(1), maxRetention: Duration.days(36501) }, /vault\.lock\.maxRetention \(36501 days\) must be at most 36500 days/],
    [{ minRetention: Duration.days(30), maxRetention: Duration.days(30) }, /vault\.lock\.maxRetention \(30 days\) must be greater than vault\.lock\.minRetention \(30 days\)/],
    [{ minRetention: Duration.days(1), changeableFor: Duration.days(5) }, /vault\.lock\.changeableFor \(5 days\) applies only to VaultLockMode\.COMPLIANCE, not GOVERNANCE/],
    [{ mode: VaultLockMode.COMPLIANCE, minRetention: Duration.days(1), changeableFor: Duration.hours(48) }, /vault\.lock\.changeableFor \(2 days\) must be at least 72 hours/],
  ])('lock %#', (lock, message) => {
    expect(() => environmentBackup({ vault: { lock } })).toThrow(message);
  });

  test('deleteRecoveryPointsOnDestroy needs DESTROY and refuses blocking and locks', () => {
    expect(() => environmentBackup({ vault: { deleteRecoveryPointsOnDestroy: true } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) requires vault\.removalPolicy RemovalPolicy\.DESTROY/);
    const vault = { deleteRecoveryPointsOnDestroy: true, removalPolicy: RemovalPolicy.DESTROY, blockRecoveryPointDeletion: true };
    expect(() => environmentBackup({ vault }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) contradicts vault\.blockRecoveryPointDeletion \(true\)/);
    const lock = { minRetention: Duration.days(1) };
    expect(() => environmentBackup({ vault: { deleteRecoveryPointsOnDestroy: true, removalPolicy: RemovalPolicy.DESTROY, lock } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) cannot be combined with vault\.lock/);
  });

  test('break-glass principals without the deletion block', () => {
    expect(() => environmentBackup({ vault: { breakGlassPrincipalArns: ['arn:aws:iam::111122223333:role/x'] } }))
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

describe('deletion protection: the access policy and the key', () => {
  const BREAK_GLASS = 'arn:aws:iam::111122223333:role/BreakGlass*';
  const RECOVERY_POINT_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint'];
  const accessPolicy = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupVault'))[0].Properties.AccessPolicy;

  test('the access policy cannot be changed or deleted except by break-glass and the CloudFormation execution role', () => {
    const s = stack();
    new EnvironmentVault(s, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true, breakGlassPrincipalArns: [BREAK_GLASS] });
    expect(accessPolicy(s).Statement).toEqual([
      {
        Sid: 'DenyRecoveryPointDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: RECOVERY_POINT_ACTIONS,
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } },
      },
      {
        // AWS Config's backup-recovery-point-manual-deletion-disabled wants one Deny statement with
        // Principal and Resource "*" and DeleteRecoveryPoint, UpdateRecoveryPointLifecycle and
        // PutBackupVaultAccessPolicy (AWS Config developer guide, that rule's page).
        Sid: 'DenyAccessPolicyChanges',
        Effect: 'Deny',
        Principal: '*',
        Action: [...RECOVERY_POINT_ACTIONS, 'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, expect.anything()] } },
      },
    ]);
    // The execution role named is the bootstrap's: cdk-<qualifier>-cfn-exec-role-<account>-<region>.
    expect(JSON.stringify(accessPolicy(s).Statement[1].Condition.ArnNotLike['aws:PrincipalArn'][1])).toMatch(/:role\/cdk-hnb659fds-cfn-exec-role-/);
  });

  test('the execution role\'s ARN is the stack\'s own: no cloud assembly placeholder left in the template', () => {
    const s = stack({ account: '111122223333', region: 'eu-west-1' });
    new EnvironmentVault(s, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true });
    expect(accessPolicy(s).Statement[1].Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1']] },
    ]);
    const agnostic = stack();
    new EnvironmentVault(agnostic, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true });
    expect(JSON.stringify(accessPolicy(agnostic))).not.toContain('${AWS::');
  });

  test('the deployment role is exempt from the policy edits only, never from deleting recovery points', () => {
    const s = stack();
    const v = new EnvironmentVault(s, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true, deploymentPrincipalArns: ['arn:aws:iam::111122223333:role/Deployer'] });
    expect(v.deploymentPrincipalArns).toEqual(['arn:aws:iam::111122223333:role/Deployer']);
    const [recoveryPoints, policyEdits] = accessPolicy(s).Statement;
    expect(recoveryPoints.Condition).toBeUndefined();
    expect(recoveryPoints.Action).toEqual(RECOVERY_POINT_ACTIONS);
    expect(policyEdits.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/Deployer'] } });
  });

  test('a synthesizer without an execution role: the policy stays editable, and a warning says so', () => {
    const s = new Stack(new App(), 'S', { synthesizer: new CliCredentialsStackSynthesizer() });
    new EnvironmentVault(s, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true });
    expect(accessPolicy(s).Statement).toHaveLength(1);
    Annotations.fromStack(s).hasWarning('/S/V', Match.stringLikeRegexp('^vault\\.deploymentPrincipalArns: .*CliCredentialsStackSynthesizer.*ack: cdk-environment-backup:vault:accessPolicyEditable'));
  });

  test('deploymentPrincipalArns without the deletion block fails', () => {
    expect(() => new EnvironmentVault(stack(), 'V', { environmentName: 'env', deploymentPrincipalArns: ['arn:aws:iam::111122223333:role/D'] }))
      .toThrow('S/V: vault.deploymentPrincipalArns is set but vault.blockRecoveryPointDeletion is false: there is no access policy to protect');
  });

  const keyDenies = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement
    .filter((st: any) => st.Effect === 'Deny');

  test('the key: deletion and disabling denied to all but break-glass; the account keeps PutKeyPolicy', () => {
    const s = stack();
    const v = new EnvironmentVault(s, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true, breakGlassPrincipalArns: [BREAK_GLASS] });
    expect(v.protectsEncryptionKey).toBe(true);
    expect(keyDenies(s)).toEqual([{
      Sid: 'DenyKeyDeletionAndDisabling',
      Effect: 'Deny',
      Principal: '*',
      Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } },
    }]);
    // No deny of kms:PutKeyPolicy, and the account root keeps kms:* (AWS: a key must stay manageable).
    Template.fromStack(s).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Action: 'kms:*', Principal: { AWS: Match.anyValue() } })]) },
    });
    expect(JSON.stringify(keyDenies(s))).not.toContain('PutKeyPolicy');
  });

  test('the key is not protected without the deletion block, with DESTROY, or when turned off', () => {
    for (const props of [{}, { blockRecoveryPointDeletion: true, protectEncryptionKey: false }]) {
      const s = stack();
      new EnvironmentVault(s, 'V', { environmentName: 'env', ...props });
      expect(keyDenies(s)).toEqual([]);
    }
    const s = stack();
    expect(new EnvironmentVault(s, 'V', { environmentName: 'env', blockRecoveryPointDeletion: true, removalPolicy: RemovalPolicy.DESTROY }).protectsEncryptionKey).toBe(false);
  });

  test('protectEncryptionKey refuses a given key and a destroyed key', () => {
    const s = stack();
    const key = new kms.Key(s, 'K');
    expect(() => new EnvironmentVault(s, 'V', { environmentName: 'env', encryptionKey: key, protectEncryptionKey: true }))
      .toThrow(/S\/V: vault\.protectEncryptionKey \(true\) applies only to the key created with the vault, not to vault\.encryptionKey/);
    expect(() => new EnvironmentVault(stack(), 'V', { environmentName: 'env', protectEncryptionKey: true, removalPolicy: RemovalPolicy.DESTROY }))
      .toThrow(/S\/V: vault\.protectEncryptionKey \(true\) requires vault\.removalPolicy RemovalPolicy\.RETAIN, not RemovalPolicy\.DESTROY/);
    const v = new EnvironmentVault(stack(), 'V', { environmentName: 'env', blockRecoveryPointDeletion: true });
    expect(() => v.applyRemovalPolicy(RemovalPolicy.DESTROY)).toThrow(/S\/V: removalPolicy \(RemovalPolicy\.DESTROY\) contradicts vault\.protectEncryptionKey/);
  });

  test('PRODUCTION: the vault denies policy edits and its key denies deletion', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: 'prod', tier: EnvironmentTier.PRODUCTION });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyAccessPolicyChanges', Action: Match.arrayWith(['backup:PutBackupVaultAccessPolicy']) })]) },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('vault key of the prod'),
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyKeyDeletionAndDisabling' })]) },
    });
  });
});
