import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { EnvironmentBackup, TagOperator } from '../../src';
import { OrganizationBackupPolicy, OrganizationBackupPolicyProps } from '../../src/organization';
import { testStack } from '../support/stack';

const at0500 = events.Schedule.cron({ minute: '0', hour: '5' });

function productionRules(stack: Stack) {
  const dr = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:eu-central-1:$account:backup-vault:dr');
  return [
    new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: at0500,
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: Duration.days(35),
      recoveryPointTags: { environment: 'production' },
      copyActions: [{ destinationBackupVault: dr, moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(120) }],
    }),
    new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
      moveToColdStorageAfter: Duration.days(30),
      deleteAfter: Duration.days(365),
    }),
    new backup.BackupPlanRule({ ruleName: 'Continuous', scheduleExpression: at0500, enableContinuousBackup: true, deleteAfter: Duration.days(35) }),
  ];
}

function make(overrides: Partial<OrganizationBackupPolicyProps> = {}, stack = testStack()) {
  return new OrganizationBackupPolicy(stack, 'Policy', {
    policyName: 'production-backup',
    rules: productionRules(stack),
    selectionTags: { backup: 'production' },
    backupVaultName: 'production',
    regions: ['eu-west-1', 'eu-central-1'],
    targetIds: ['ou-ab12-cdefgh34', '123456789012'],
    ...overrides,
  });
}

test('renders the rules, the AND tag selection, the vault, regions and role as a backup policy', () => {
  const policy = make({ description: 'Production tier', backupPlanTags: { owner: 'platform' } });
  const template = Template.fromStack(policy.node.scope as Stack);
  template.resourceCountIs('AWS::Organizations::Policy', 1);
  template.hasResourceProperties('AWS::Organizations::Policy', {
    Name: 'production-backup',
    Description: 'Production tier',
    Type: 'BACKUP_POLICY',
    TargetIds: ['ou-ab12-cdefgh34', '123456789012'],
    Content: {
      plans: {
        'production-backup': {
          regions: { '@@assign': ['eu-west-1', 'eu-central-1'] },
          rules: {
            Daily: {
              schedule_expression: { '@@assign': 'cron(0 5 * * ? *)' },
              target_backup_vault_name: { '@@assign': 'production' },
              start_backup_window_minutes: { '@@assign': '60' },
              complete_backup_window_minutes: { '@@assign': '480' },
              lifecycle: { delete_after_days: { '@@assign': '35' } },
              recovery_point_tags: { environment: { tag_key: { '@@assign': 'environment' }, tag_value: { '@@assign': 'production' } } },
              copy_actions: {
                'arn:aws:backup:eu-central-1:$account:backup-vault:dr': {
                  target_backup_vault_arn: { '@@assign': 'arn:aws:backup:eu-central-1:$account:backup-vault:dr' },
                  lifecycle: { move_to_cold_storage_after_days: { '@@assign': '30' }, delete_after_days: { '@@assign': '120' } },
                },
              },
            },
            Monthly: {
              schedule_expression: { '@@assign': 'cron(0 5 1 * ? *)' },
              target_backup_vault_name: { '@@assign': 'production' },
              lifecycle: { move_to_cold_storage_after_days: { '@@assign': '30' }, delete_after_days: { '@@assign': '365' } },
            },
            Continuous: {
              schedule_expression: { '@@assign': 'cron(0 5 * * ? *)' },
              target_backup_vault_name: { '@@assign': 'production' },
              enable_continuous_backup: { '@@assign': true },
              lifecycle: { delete_after_days: { '@@assign': '35' } },
            },
          },
          selections: {
            resources: {
              'tagged-resources': {
                iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole' },
                resource_types: { '@@assign': ['*'] },
                conditions: {
                  string_equals: { backup: { condition_key: { '@@assign': 'aws:ResourceTag/backup' }, condition_value: { '@@assign': 'production' } } },
                },
              },
            },
          },
          backup_plan_tags: { owner: { tag_key: { '@@assign': 'owner' }, tag_value: { '@@assign': 'platform' } } },
        },
      },
    },
  });
  // Exactly the keys above, nothing more: a Monthly rule has no window or copy keys.
  expect(Object.keys(policy.document.plans['production-backup'].rules.Monthly).sort())
    .toEqual(['lifecycle', 'schedule_expression', 'target_backup_vault_name']);
});

test('several tags and conditions of each operator, excluded types, custom names and role', () => {
  const policy = make({
    planName: 'prod.plan',
    selectionName: 'prod-data',
    selectionTags: { 'backup': 'production', 'team:name': 'data' },
    selectionConditions: [
      { key: 'tier', value: 'gold*', operator: TagOperator.STRING_LIKE },
      { key: 'stage', value: 'test', operator: TagOperator.STRING_NOT_EQUALS },
      { key: 'owner', value: '*temp*', operator: TagOperator.STRING_NOT_LIKE },
      { key: 'backup', value: 'yes' },
    ],
    resourceTypes: ['arn:aws:rds:*:*:cluster:*', 'arn:aws:dynamodb:*:*:table/*'],
    excludedResourceTypes: ['arn:aws:ec2:*:*:volume/*'],
    iamRoleName: 'backup/OrgBackupRole',
    partition: 'aws-us-gov',
    targetIds: undefined,
  });
  const selection = policy.document.plans['prod.plan'].selections.resources['prod-data'];
  expect(selection).toEqual({
    iam_role_arn: { '@@assign': 'arn:aws-us-gov:iam::$account:role/backup/OrgBackupRole' },
    resource_types: { '@@assign': ['arn:aws:rds:*:*:cluster:*', 'arn:aws:dynamodb:*:*:table/*'] },
    not_resource_types: { '@@assign': ['arn:aws:ec2:*:*:volume/*'] },
    conditions: {
      string_equals: {
        backup: { condition_key: { '@@assign': 'aws:ResourceTag/backup' }, condition_value: { '@@assign': 'production' } },
        team_name: { condition_key: { '@@assign': 'aws:ResourceTag/team:name' }, condition_value: { '@@assign': 'data' } },
        backup_2: { condition_key: { '@@assign': 'aws:ResourceTag/backup' }, condition_value: { '@@assign': 'yes' } },
      },
      string_like: { tier: { condition_key: { '@@assign': 'aws:ResourceTag/tier' }, condition_value: { '@@assign': 'gold*' } } },
      string_not_equals: { stage: { condition_key: { '@@assign': 'aws:ResourceTag/stage' }, condition_value: { '@@assign': 'test' } } },
      string_not_like: { owner: { condition_key: { '@@assign': 'aws:ResourceTag/owner' }, condition_value: { '@@assign': '*temp*' } } },
    },
  });
  Template.fromStack(policy.node.scope as Stack).hasResourceProperties('AWS::Organizations::Policy', { TargetIds: Match.absent() });
});

test('unnamed rules are named RuleN', () => {
  const stack = testStack();
  const policy = make({ rules: [new backup.BackupPlanRule({ scheduleExpression: at0500, deleteAfter: Duration.days(7) })] }, stack);
  expect(Object.keys(policy.document.plans['production-backup'].rules)).toEqual(['Rule1']);
});

describe('validation', () => {
  const rule = (props: backup.BackupPlanRuleProps) => [new backup.BackupPlanRule({ ruleName: 'R', scheduleExpression: at0500, ...props })];
  test.each<[string, (s: Stack) => Partial<OrganizationBackupPolicyProps>, string]>([
    ['empty policy name', () => ({ policyName: '' }), "policyName ('') must be 1 to 128 characters"],
    ['plan name', () => ({ planName: 'has space' }), "planName (\"has space\") must be 1 to 50 characters: letters, digits, '-', '_' or '.' (AWS Backup name rule)"],
    ['vault name', () => ({ backupVaultName: 'a' }), "backupVaultName (\"a\") must be 2 to 50 characters: letters, digits, '-' or '_' (AWS Backup vault name)"],
    ['no region', () => ({ regions: [] }), 'regions ([]) must name at least one region where the plan protects resources'],
    ['bad region', () => ({ regions: ['Europe'] }), 'regions ("Europe") must be a region code such as eu-west-1'],
    ['repeated region', () => ({ regions: ['eu-west-1', 'eu-west-1'] }), 'regions (eu-west-1, eu-west-1) must not repeat a region'],
    ['role', () => ({ iamRoleName: 'bad role' }), "iamRoleName ('bad role') must be an IAM role name with an optional path, e.g. service-role/AWSBackupDefaultServiceRole"],
    ['target', () => ({ targetIds: ['ou-1'] }), "targetIds: 'ou-1' must be a root (r-…), an OU (ou-…-…) or an account id (12 digits)"],
    ['no tags', () => ({ selectionTags: {} }), 'selectionTags ({}) must hold at least one tag: a policy without conditions would back up every resource of every account'],
    ['31 tags', () => ({ selectionTags: Object.fromEntries([...Array(31).keys()].map(i => [`k${i}`, 'v'])) }), 'selectionTags and selectionConditions (31 conditions) must be at most 30 (AWS limit of a selection)'],
    ['no rules', () => ({ rules: [] }), 'rules (0) must be 1 to 10 (AWS limit of a backup plan)'],
    ['11 rules', () => ({ rules: [...Array(11).keys()].map(i => new backup.BackupPlanRule({ ruleName: `R${i}`, scheduleExpression: at0500 })) }), 'rules (11) must be 1 to 10 (AWS limit of a backup plan)'],
    ['rule name', () => ({ rules: rule({ ruleName: 'a b' }) }), "ruleName (\"a b\") must be 1 to 50 characters: letters, digits, '-', '_' or '.' (AWS Backup name rule)"],
    ['duplicate rule name', () => ({ rules: [...rule({}), ...rule({})] }), "ruleName ('R') is used by two rules: rule names must be unique"],
    ['no schedule', () => ({ rules: [new backup.BackupPlanRule({ ruleName: 'R' })] }), 'rule R: scheduleExpression (undefined) is required in an organization backup policy'],
    ['timezone', () => ({ rules: rule({ scheduleExpressionTimezone: TimeZone.EUROPE_PARIS }) }), 'rule R: scheduleExpressionTimezone (Europe/Paris) is not supported by backup policies: write the schedule in UTC'],
    ['start window', () => ({ rules: rule({ startWindow: Duration.minutes(30) }) }), 'rule R: startWindow (30 minutes) must be at least 60 minutes'],
    ['completion window', () => ({ rules: rule({ startWindow: Duration.hours(2), completionWindow: Duration.hours(2) }) }), 'rule R: completionWindow (120 minutes) must be at least 60 minutes longer than startWindow (120 minutes)'],
    ['cold too early', () => ({ rules: rule({ moveToColdStorageAfter: Duration.days(10), deleteAfter: Duration.days(200) }) }), 'rule R: moveToColdStorageAfter (10 days) must be 0 or at least 30 days'],
    ['delete before cold + 90', () => ({ rules: rule({ moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(100) }) }), 'rule R: deleteAfter (100 days) must be at least 90 days after moveToColdStorageAfter (30 days): recovery points stay in cold storage at least 90 days'],
    ['fractional days', () => ({ rules: rule({ deleteAfter: Duration.hours(36) }) }), 'rule R: deleteAfter (36 hours) must be a whole number of days (AWS Backup lifecycles count whole days)'],
    ['copy to a token vault', (s) => ({ rules: rule({ copyActions: [{ destinationBackupVault: new backup.BackupVault(s, 'V') }] }) }), "rule R: a copy action's destination vault ARN is a token: an organization policy needs a literal ARN (use $account for the member account)"],
    ['copy lifecycle', (s) => ({ rules: rule({ copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'X', 'arn:aws:backup:eu-west-1:$account:backup-vault:x'), moveToColdStorageAfter: Duration.days(10), deleteAfter: Duration.days(200) }] }) }), 'rule R: copyActions[0].moveToColdStorageAfter (10 days) must be 0 or at least 30 days'],
    ['6 copies', (s) => ({ rules: rule({ copyActions: [...Array(6).keys()].map(i => ({ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, `C${i}`, `arn:aws:backup:eu-west-1:$account:backup-vault:c${i}`) })) }) }), 'rule R: copyActions (6) must be at most 5'],
  ])('%s', (_name, overrides, message) => {
    const stack = testStack();
    expect(() => make(overrides(stack), stack)).toThrow(`S/Policy: ${message}`);
  });

  test('the 10,000 character limit of a backup policy', () => {
    const stack = testStack();
    const rules = [...Array(10).keys()].map(i => new backup.BackupPlanRule({
      ruleName: `Rule${i}`,
      scheduleExpression: at0500,
      deleteAfter: Duration.days(35),
      recoveryPointTags: Object.fromEntries([...Array(10).keys()].map(j => [`tag-key-${j}`, 'a-fairly-long-tag-value'])),
    }));
    expect(() => make({ rules }, stack)).toThrow(/S\/Policy: the policy document \(\d+ characters\) must be at most 10000 characters \(AWS Organizations limit of a backup policy\)/);
  });

  test('tokens are not validated', () => {
    const stack = testStack();
    expect(() => make({ regions: [stack.region] }, stack)).not.toThrow();
  });
});

describe('limits of a backup policy, one source with backup plans', () => {
  const rule = (props: Partial<backup.BackupPlanRuleProps>) => [new backup.BackupPlanRule({ ruleName: 'R', scheduleExpression: at0500, deleteAfter: Duration.days(7), ...props })];
  test.each<[string, (s: Stack) => Partial<OrganizationBackupPolicyProps>, string]>([
    ['description over 512', () => ({ description: 'd'.repeat(513) }), 'description (513 characters) must be at most 512 characters'],
    ['selection name with a space', () => ({ selectionName: 'tagged resources' }), 'selectionName ("tagged resources") must be 1 to 50 characters: letters, digits, \'-\', \'_\' or \'.\' (AWS Backup name rule)'],
    ['selection name over 50', () => ({ selectionName: 's'.repeat(51) }), `selectionName ("${'s'.repeat(51)}") must be 1 to 50 characters`],
    ['resource type not an ARN', () => ({ resourceTypes: ['RDS'] }), "resourceTypes ('RDS') must be '*' or an ARN pattern such as arn:aws:rds:*:*:cluster:* (backup policy resource types are ARNs)"],
    ['excluded resource type not an ARN', () => ({ excludedResourceTypes: ['ec2:volume'] }), "excludedResourceTypes ('ec2:volume') must be '*' or an ARN pattern"],
    ['selection tag key too long', () => ({ selectionTags: { ['k'.repeat(113)]: 'v' } }), `selectionTags key ("${'k'.repeat(113)}") must be at most 112 characters: the condition key aws:ResourceTag/<key> is at most 128`],
    ['selection tag value too long', () => ({ selectionTags: { k: 'v'.repeat(257) } }), 'selectionTags value of "k" (257 characters) must be at most 256 characters'],
    ['condition without a key', () => ({ selectionConditions: [{ value: 'x' } as any] }), 'selectionConditions[0].key (undefined) is required'],
    ['plan tag aws:', () => ({ backupPlanTags: { 'aws:owner': 'x' } }), 'backupPlanTags key ("aws:owner") must not start with "aws:"'],
    ['plan tag value too long', () => ({ backupPlanTags: { owner: 'x'.repeat(257) } }), 'backupPlanTags value of "owner" (257 characters) must be at most 256 characters (AWS tag value)'],
    ['recovery point tag', () => ({ rules: rule({ recoveryPointTags: { 'a,b': 'x' } }) }), 'rule R: recoveryPointTags key ("a,b") may hold only letters, digits, spaces and _ . : / = + - @'],
    ['item 10: invalid cron', () => ({ rules: rule({ scheduleExpression: events.Schedule.expression('cron(0 24 ? * * *)') }) }), "rule R: scheduleExpression (cron(0 24 ? * * *)) is not a valid cron expression: hours value '24' is not from 0 to 23"],
    ['item 10: every 10 minutes', () => ({ rules: rule({ scheduleExpression: events.Schedule.expression('cron(*/10 * ? * * *)') }) }), 'rule R: scheduleExpression (cron(*/10 * ? * * *)) runs 6 jobs an hour'],
    ['copy destination not a vault ARN', (s) => ({ rules: rule({ copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'X', 'arn:aws:s3:eu-west-1:111122223333:bucket:b') }] }) }), 'rule R: copyActions destination ("arn:aws:s3:eu-west-1:111122223333:bucket:b") must be a backup vault ARN'],
    ['over 100 years', () => ({ rules: rule({ deleteAfter: Duration.days(36_501) }) }), 'rule R: deleteAfter (36501 days) must be at most 36500 days'],
  ])('%s', (_name, overrides, message) => {
    const stack = testStack();
    expect(() => make(overrides(stack), stack)).toThrow(`S/Policy: ${message}`);
  });

  test('the default start window is AWS Backup\'s 480 minutes, as for a backup plan (was 60 here)', () => {
    const stack = testStack();
    const completionOnly = rule({ completionWindow: Duration.hours(2) });
    expect(() => make({ rules: completionOnly }, stack))
      .toThrow('S/Policy: rule R: completionWindow (120 minutes) must be at least 60 minutes longer than startWindow (480 minutes, the default)');
    const env = testStack({ id: 'P' });
    expect(() => new EnvironmentBackup(env, 'E', { environmentName: 'p', rules: rule({ completionWindow: Duration.hours(2) }) }))
      .toThrow('P/E: rule R: completionWindow (120 minutes) must be at least 60 minutes longer than startWindow (480 minutes, the default)');
    const ok = make({ rules: rule({ completionWindow: Duration.minutes(540) }) }, testStack({ id: 'O' }));
    expect(ok.document.plans['production-backup'].rules.R.complete_backup_window_minutes).toEqual({ '@@assign': '540' });
    expect(ok.document.plans['production-backup'].rules.R.start_backup_window_minutes).toBeUndefined();
  });

  test('a JavaScript caller without regions gets our error', () => {
    const stack = testStack();
    expect(() => make({ regions: undefined }, stack)).toThrow('S/Policy: regions (undefined) is required');
  });
});
