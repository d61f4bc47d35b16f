import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EnvironmentBackup, EnvironmentTier, VaultLockMode } from '../src';
import { cfnLint } from './support/cfn-lint';
import { testStack } from './support/stack';

function stack(): Stack {
  return testStack();
}

function planRules(template: Template): any[] {
  const plans = template.findResources('AWS::Backup::BackupPlan');
  return Object.values(plans)[0].Properties.BackupPlan.BackupPlanRule;
}

describe('defaults', () => {
  const s = stack();
  const env = new EnvironmentBackup(s, 'Prod', { environmentName: 'production' });
  const t = Template.fromStack(s);

  test('a vault of its own, named after the environment, encrypted with a new rotating key, retained', () => {
    t.resourceCountIs('AWS::Backup::BackupVault', 1);
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'production-backup-vault',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ProdVaultKey'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
    expect(s.resolve(env.vault.backupVaultName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ProdVault[0-9A-F]{8}$/), 'BackupVaultName'] });
    expect(env.encryptionKey).toBeInstanceOf(kms.Key);
  });

  test('PRODUCTION is the default tier: continuous daily 35 days, monthly cold after 30 kept 365', () => {
    expect(env.tier).toBe(EnvironmentTier.PRODUCTION);
    t.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'production-backup-plan' } });
    expect(planRules(t)).toEqual([
      expect.objectContaining({
        RuleName: 'Daily',
        ScheduleExpression: 'cron(0 5 * * ? *)',
        EnableContinuousBackup: true,
        StartWindowMinutes: 60,
        CompletionWindowMinutes: 480,
        Lifecycle: { DeleteAfterDays: 35 },
      }),
      expect.objectContaining({
        RuleName: 'Monthly',
        ScheduleExpression: 'cron(0 5 1 * ? *)',
        Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 30 },
      }),
    ]);
    expect(planRules(t)[1].EnableContinuousBackup).toBeUndefined();
  });

  test('PRODUCTION denies deleting recovery points in the vault access policy', () => {
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [{
          Effect: 'Deny',
          Principal: '*',
          Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint'],
          Resource: '*',
          Sid: 'DenyRecoveryPointDeletion',
        }, Match.objectLike({ Sid: 'DenyAccessPolicyChanges', Effect: 'Deny', Principal: '*' })],
      },
    });
  });

  test('selection by the backup:environment tag with Conditions (AND), not ListOfTags', () => {
    expect(env.selectionTags).toEqual({ 'backup:environment': 'production' });
    t.resourceCountIs('AWS::Backup::BackupSelection', 1);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'production-selection-tags',
        Resources: ['*'],
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup:environment', ConditionValue: 'production' }] },
        ListOfTags: Match.absent(),
        NotResources: Match.absent(),
      },
    });
  });

  test('the backup role has the backup policies only, no restore policies', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup']] },
      ],
    });
  });
});

describe('tiers', () => {
  test.each([
    [EnvironmentTier.STAGING, 14],
    [EnvironmentTier.DEVELOPMENT, 7],
  ])('%s keeps daily backups %d days, no continuous backup, no deletion block', (tier, days) => {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: 'env', tier });
    const t = Template.fromStack(s);
    expect(planRules(t)).toEqual([expect.objectContaining({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: days } })]);
    expect(planRules(t)[0].EnableContinuousBackup).toBeUndefined();
    t.hasResourceProperties('AWS::Backup::BackupVault', { AccessPolicy: Match.absent() });
  });

  test('continuousBackup can be turned off for PRODUCTION, or on with a shorter window', () => {
    const s = stack();
    new EnvironmentBackup(s, 'Off', { environmentName: 'off', continuousBackup: { enabled: false } });
    new EnvironmentBackup(s, 'Short', { environmentName: 'short', continuousBackup: { retention: Duration.days(7) } });
    const plans = Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'));
    const daily = (name: string) => plans.find((p) => p.Properties.BackupPlan.BackupPlanName === `${name}-backup-plan`)!.Properties.BackupPlan.BackupPlanRule[0];
    expect(daily('off').EnableContinuousBackup).toBeUndefined();
    expect(daily('off').Lifecycle).toEqual({ DeleteAfterDays: 35 });
    expect(daily('short')).toMatchObject({ EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 7 } });
  });
});

describe('vault options', () => {
  test('name, own key, removal policy, break-glass principals', () => {
    const s = stack();
    const key = new kms.Key(s, 'MyKey');
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      vault: {
        vaultName: 'prod_vault',
        encryptionKey: key,
        removalPolicy: RemovalPolicy.DESTROY,
        breakGlassPrincipalArns: ['arn:aws:iam::111122223333:role/BreakGlass*'],
      },
    });
    expect(env.encryptionKey).toBe(key);
    const t = Template.fromStack(s);
    const vaultKeys = Object.values(t.findResources('AWS::KMS::Key')).filter((k) => /vault key/.test(k.Properties.Description ?? ''));
    expect(vaultKeys).toHaveLength(0); // the given key replaces the vault's own (the topic keeps its key)
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'prod_vault',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('MyKey'), 'Arn'] },
        AccessPolicy: {
          Statement: [
            Match.objectLike({ Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/BreakGlass*'] } } }),
            Match.objectLike({ Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/BreakGlass*', Match.anyValue()] } } }),
          ],
        },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('governance lock has no ChangeableForDays; compliance lock defaults to 3 days', () => {
    const s = stack();
    new EnvironmentBackup(s, 'G', { environmentName: 'gov', tier: EnvironmentTier.STAGING, vault: { lock: { minRetention: Duration.days(7), maxRetention: Duration.days(400) } } });
    new EnvironmentBackup(s, 'C', { environmentName: 'comp', tier: EnvironmentTier.STAGING, vault: { lock: { mode: VaultLockMode.COMPLIANCE, minRetention: Duration.days(7) } } });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'gov-backup-vault',
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: Match.absent() },
    });
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'comp-backup-vault',
      LockConfiguration: { MinRetentionDays: 7, ChangeableForDays: 3 },
    });
  });
});

describe('several environments', () => {
  test('three environments in one stack do not collide', () => {
    const s = stack();
    for (const [name, tier] of [['production', EnvironmentTier.PRODUCTION], ['staging', EnvironmentTier.STAGING], ['development', EnvironmentTier.DEVELOPMENT]] as const) {
      new EnvironmentBackup(s, name, { environmentName: name, tier });
    }
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::BackupVault', 3);
    t.resourceCountIs('AWS::Backup::BackupPlan', 3);
    t.resourceCountIs('AWS::Backup::BackupSelection', 3);
    const names = Object.values(t.findResources('AWS::Backup::BackupVault')).map((v) => v.Properties.BackupVaultName).sort();
    expect(names).toEqual(['development-backup-vault', 'production-backup-vault', 'staging-backup-vault']);
  });

});

describe('a template with custom rules, imports, cross-account and air-gapped copies and a vault cleaner passes cfn-lint', () => {
  test('a 32-character environment with custom rules, protect() of imports, a cross-account copy, an air-gapped copy and a vault cleaner', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-behaviour-'));
    const app = new App({ outdir });
    const s = new Stack(app, 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: `1${'a'.repeat(31)}`,
      tier: EnvironmentTier.DEVELOPMENT,
      rules: [backup.BackupPlanRule.daily()],
      continuousBackup: { enabled: true, retention: Duration.days(7) },
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(s, 'Dr', 'arn:aws:backup:eu-central-1:222222222222:backup-vault:dr'), account: '222222222222' }],
      airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
      vault: { removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true },
    });
    env.protect(dynamodb.Table.fromTableName(s, 'Imported', 'orders'));
    const assembly = app.synth();
    expect(cfnLint([path.join(assembly.directory, assembly.getStackByName('S').templateFile)]).map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
