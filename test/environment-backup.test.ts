import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentBackup, EnvironmentTier, TagOperator, TierPresets, VaultLockMode } from '../src';
import { cfnLint } from './support/cfn-lint';

function stack(): Stack {
  return new Stack(new App(), 'S');
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
          Principal: { AWS: '*' },
          Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint'],
          Resource: '*',
          Sid: 'DenyRecoveryPointDeletion',
        }],
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

describe('custom rules', () => {
  test('rules replace the tier; continuous backup adds its own rule', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', {
      environmentName: 'custom',
      rules: [new backup.BackupPlanRule({
        ruleName: 'Hourly',
        scheduleExpression: events.Schedule.cron({ minute: '0' }),
        deleteAfter: Duration.days(2),
      })],
      continuousBackup: { enabled: true, retention: Duration.days(10) },
    });
    expect(planRules(Template.fromStack(s))).toEqual([
      expect.objectContaining({ RuleName: 'Hourly', ScheduleExpression: 'cron(0 * * * ? *)', Lifecycle: { DeleteAfterDays: 2 } }),
      expect.objectContaining({ RuleName: 'Continuous', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 10 } }),
    ]);
  });

  test('PRODUCTION (the default tier) with custom rules keeps continuous backup on, as documented (#11 item 1)', () => {
    const s = stack();
    new EnvironmentBackup(s, 'P', { environmentName: 'p', rules: [backup.BackupPlanRule.daily()] });
    const rules = planRules(Template.fromStack(s));
    expect(rules.map((r) => r.RuleName)).toEqual(['Daily', 'Continuous']);
    // the same schedule and windows as the tier's daily rule, kept 35 days (the most AWS allows)
    expect(rules[1]).toEqual(expect.objectContaining({
      RuleName: 'Continuous',
      EnableContinuousBackup: true,
      ScheduleExpression: 'cron(0 5 * * ? *)',
      StartWindowMinutes: 60,
      CompletionWindowMinutes: 480,
      Lifecycle: { DeleteAfterDays: 35 },
    }));
    const tierDaily = TierPresets.rules(EnvironmentTier.PRODUCTION)[0].props;
    const added = TierPresets.continuousRule().props;
    expect(added.scheduleExpression?.expressionString).toBe(tierDaily.scheduleExpression?.expressionString);
    expect(added.completionWindow?.toMinutes()).toBe(tierDaily.completionWindow?.toMinutes());
  });

  test('custom rules: continuous backup is turned off with continuousBackup.enabled false; STAGING keeps it off', () => {
    const s = stack();
    new EnvironmentBackup(s, 'Off', { environmentName: 'off', rules: [backup.BackupPlanRule.daily()], continuousBackup: { enabled: false } });
    new EnvironmentBackup(s, 'Stg', { environmentName: 'stg', tier: EnvironmentTier.STAGING, rules: [backup.BackupPlanRule.daily()] });
    for (const plan of Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))) {
      expect(plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => r.RuleName)).toEqual(['Daily']);
    }
  });

  test('custom rules with a continuous rule of their own: no second one is added', () => {
    const s = stack();
    const own = new backup.BackupPlanRule({
      ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14),
    });
    new EnvironmentBackup(s, 'E', { environmentName: 'own', rules: [backup.BackupPlanRule.daily(), own] });
    expect(planRules(Template.fromStack(s)).map((r) => [r.RuleName, r.EnableContinuousBackup])).toEqual([['Daily', undefined], ['Pitr', true]]);
  });

  test.each([
    ['a retention with continuous backup off', { tier: EnvironmentTier.STAGING, continuousBackup: { retention: Duration.days(7) } },
      /^S\/E: continuousBackup.retention \(7 days\) is set but continuous backup is off \(the STAGING tier's default\): set continuousBackup.enabled to true, or remove the retention$/],
    ['a retention with enabled false', { continuousBackup: { enabled: false, retention: Duration.days(7) } },
      /continuousBackup.retention \(7 days\) is set but continuous backup is off \(continuousBackup.enabled is false\)/],
    ['enabled false with a continuous custom rule', {
      continuousBackup: { enabled: false },
      rules: [new backup.BackupPlanRule({ ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14) })],
    }, /^S\/E: continuousBackup.enabled is false but rule Pitr of rules enables continuous backup: remove one of them$/],
    ['a retention beside a continuous custom rule', {
      continuousBackup: { retention: Duration.days(7) },
      rules: [new backup.BackupPlanRule({ ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14) })],
    }, /continuousBackup.retention \(7 days\) is set but rule Pitr of rules is already a continuous rule/],
  ])('refused: %s', (_name, props, message) => {
    expect(() => new EnvironmentBackup(stack(), 'E', { environmentName: 'e', ...props as any })).toThrow(message);
  });

  test('addRule() of a second continuous rule says which rule is already continuous and how to turn it off', () => {
    const env = new EnvironmentBackup(stack(), 'E', { environmentName: 'p', rules: [backup.BackupPlanRule.daily()] });
    const pitr = new backup.BackupPlanRule({ ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14) });
    expect(() => env.addRule(pitr)).toThrow(/^S\/E: rule Pitr: enableContinuousBackup \(true\) but rule Continuous is already the plan's continuous rule \(continuous backup is on: the rule continuousBackup adds; set continuousBackup.enabled to false to use your own\)/);
    const tier = new EnvironmentBackup(stack(), 'E', { environmentName: 'p' });
    expect(() => tier.addRule(pitr)).toThrow(/rule Daily is already the plan's continuous rule \(continuous backup is on: the tier's daily rule;/);
  });

  test('addRule() adds a rule after construction', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    env.addRule(new backup.BackupPlanRule({
      ruleName: 'Weekly',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3', weekDay: 'SUN' }),
      deleteAfter: Duration.days(60),
    }));
    expect(env.rules.map((r) => r.props.ruleName)).toEqual(['Daily', 'Weekly']);
    expect(planRules(Template.fromStack(s)).map((r) => r.RuleName)).toEqual(['Daily', 'Weekly']);
  });
});

describe('selection', () => {
  test('several tags and conditions are all combined with AND; resources and exclusions', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      selection: {
        tags: { 'backup:environment': 'production', 'team': 'payments' },
        conditions: [
          { key: 'service', value: 'orders-*', operator: TagOperator.STRING_LIKE },
          { key: 'backup:skip', value: 'true', operator: TagOperator.STRING_NOT_EQUALS },
        ],
        resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/legacy'],
        excludedResources: ['arn:aws:s3:::scratch-bucket'],
      },
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::BackupSelection', 2);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'production-selection-tags',
        Resources: ['*'],
        Conditions: {
          StringEquals: [
            { ConditionKey: 'aws:ResourceTag/backup:environment', ConditionValue: 'production' },
            { ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'payments' },
          ],
          StringLike: [{ ConditionKey: 'aws:ResourceTag/service', ConditionValue: 'orders-*' }],
          StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/backup:skip', ConditionValue: 'true' }],
        },
        NotResources: ['arn:aws:s3:::scratch-bucket'],
      },
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'production-selection-resources',
        Resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/legacy'],
        NotResources: ['arn:aws:s3:::scratch-bucket'],
        Conditions: Match.absent(),
      },
    });
  });

  test('protect() tags a construct and its children with every selection tag', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production', selection: { tags: { a: '1', b: '2' } } });
    const table = new dynamodb.Table(s, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    env.protect(table);
    Template.fromStack(s).hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]),
    });
  });

  test('protect() of an imported table selects it by ARN, since tags cannot reach it (#11 item 2)', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production' });
    env.protect(dynamodb.Table.fromTableName(s, 'Orders', 'orders'));
    env.protect(s3.Bucket.fromBucketName(s, 'Bucket', 'invoices'));
    env.protect(rds.DatabaseCluster.fromDatabaseClusterAttributes(s, 'Db', { clusterIdentifier: 'billing' }));
    const selections = Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupSelection')).map((r) => r.Properties.BackupSelection);
    const byResources = selections.find((b) => b.SelectionName === 'production-selection-resources');
    expect(byResources.Resources).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/orders']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::invoices']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster:billing']] },
    ]);
    // the tag selection is still there, and the same role backs both up
    expect(selections.map((b) => b.SelectionName).sort()).toEqual(['production-selection-resources', 'production-selection-tags']);
  });

  test('protect() of an imported resource AWS Backup cannot select by ARN fails, saying what to do', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production' });
    const topic = sns.Topic.fromTopicArn(s, 'Topic', 'arn:aws:sns:eu-west-1:111122223333:t');
    expect(() => env.protect(topic)).toThrow(/^S\/E: protect\(S\/Topic\): the construct is imported \(no CloudFormation resource of this app is under it\), so tags cannot reach it, .*add its ARN to selection.resources$/);
  });

  test('protect() of the same construct by two environments sharing the tag key fails: the last tag would win (#11 item 2)', () => {
    const s = stack();
    const prod = new EnvironmentBackup(s, 'Prod', { environmentName: 'production' });
    const stg = new EnvironmentBackup(s, 'Stg', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    const table = new dynamodb.Table(s, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    prod.protect(table);
    prod.protect(table); // twice by the same environment is fine
    expect(() => stg.protect(table)).toThrow(
      /^S\/Stg: protect\(S\/Table\): S\/Prod.protect\(\) already tagged it backup:environment=production, and this environment would tag it backup:environment=staging: a resource carries one value per tag key/);
    // a parent protected by one environment and a child by the other collide too
    const group = new Construct(s, 'Group');
    const child = new dynamodb.Table(group, 'Child', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    stg.protect(child);
    expect(() => prod.protect(group)).toThrow(/protect\(S\/Group\): S\/Stg.protect\(\) already tagged S\/Group\/Child backup:environment=staging/);
    // environments with different tag keys may both protect it: both back it up
    const other = new EnvironmentBackup(s, 'Other', { environmentName: 'dr', selection: { tags: { 'backup:dr': 'yes' } } });
    other.protect(table);
  });

  test('selection by resources only: no tag selection, and protect() explains what to do', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: 'arns',
      selection: { selectByTags: false, resources: ['arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1'] },
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::BackupSelection', 1);
    expect(env.selectionTags).toEqual({});
    expect(() => env.protect(new Stack(new App(), 'Other'))).toThrow(/protect\(Other\) needs selection tags.*add the resource's ARN to selection\.resources/);
  });

  test('allowRestores adds the restore policies', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: 'dev', allowRestores: true });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] },
      ]),
    });
  });
});

describe('environmentName length (#11 item 6)', () => {
  function selectionNames(name: string): string[] {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: name, selection: { resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'] } });
    return Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupSelection'))
      .map((r) => r.Properties.BackupSelection.SelectionName);
  }

  test('names of up to 30 characters keep their deployed selection names', () => {
    expect(selectionNames('production')).toEqual(['production-selection-tags', 'production-selection-resources']);
    const thirty = 'a'.repeat(30);
    expect(selectionNames(thirty)).toEqual([`${thirty}-selection-tags`, `${thirty}-selection-resources`]);
  });

  test.each([31, 32])('a name of %d characters (documented valid) synthesizes, with selection names within 50 characters', (length) => {
    const name = `1${'a'.repeat(length - 1)}`;
    const names = selectionNames(name);
    expect(names).toEqual([`${name}-sel-tags`, `${name}-sel-resources`]);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9\-_.]{1,50}$/);
  });

  test('33 characters is refused, naming the rule', () => {
    expect(() => new EnvironmentBackup(stack(), 'E', { environmentName: 'a'.repeat(33) }))
      .toThrow(/environmentName \("a{33}"\) must be 1 to 32 characters/);
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
        AccessPolicy: { Statement: [Match.objectLike({ Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/BreakGlass*'] } } })] },
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

  test('the same environment name twice in one account and region is refused', () => {
    const app = new App();
    new EnvironmentBackup(new Stack(app, 'A'), 'E', { environmentName: 'production' });
    expect(() => new EnvironmentBackup(new Stack(app, 'B'), 'E', { environmentName: 'production' }))
      .toThrow(/B\/E: environmentName \("production"\) is already used by A\/E in the same account and region/);
  });

  test('the same environment name in two regions is fine', () => {
    const app = new App();
    new EnvironmentBackup(new Stack(app, 'A', { env: { region: 'eu-west-1' } }), 'E', { environmentName: 'production' });
    expect(() => new EnvironmentBackup(new Stack(app, 'B', { env: { region: 'us-east-1' } }), 'E', { environmentName: 'production' })).not.toThrow();
  });

  test('tags applied with Tags.of() on a parent reach the protected resource too', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production' });
    const table = new dynamodb.Table(s, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    Tags.of(s).add('owner', 'sre');
    env.protect(table);
    Template.fromStack(s).hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: 'backup:environment', Value: 'production' }, { Key: 'owner', Value: 'sre' }]),
    });
  });
});

describe('the templates of #11 items 1, 2, 4, 5, 6 and 9 pass cfn-lint', () => {
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
