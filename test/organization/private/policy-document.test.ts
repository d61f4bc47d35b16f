import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { environmentRules } from '../../../src/organization/private/environment-rules';
import { renderBackupPolicy } from '../../../src/organization/private/policy-document';
import { TagOperator } from '../../../src/selection';

// Syntax: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
const daily = () => new backup.BackupPlanRule({
  ruleName: 'Daily',
  scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
  startWindow: Duration.hours(1),
  deleteAfter: Duration.days(35),
});

describe('renderBackupPolicy', () => {
  test('renders one plan with @@assign values, the role ARN in the partition and one tag selection', () => {
    const doc = renderBackupPolicy({
      policyName: 'backup-prod',
      rules: [daily()],
      selectionTags: { 'backup:environment': 'prod' },
      selectionConditions: [{ key: 'team', value: 'a*', operator: TagOperator.STRING_LIKE }],
      backupVaultName: 'prod-backup-vault',
      regions: ['eu-west-1'],
      iamRoleName: 'prod-backup-role',
      partition: 'aws-cn',
      targetIds: ['ou-ab12-cdefghij'],
    });
    const plan = doc.plans['backup-prod'];
    expect(plan.regions).toEqual({ '@@assign': ['eu-west-1'] });
    expect(plan.rules.Daily).toEqual({
      schedule_expression: { '@@assign': 'cron(0 3 * * ? *)' },
      target_backup_vault_name: { '@@assign': 'prod-backup-vault' },
      start_backup_window_minutes: { '@@assign': '60' },
      lifecycle: { delete_after_days: { '@@assign': '35' } },
    });
    const selection = plan.selections.resources['tagged-resources'];
    expect(selection.iam_role_arn).toEqual({ '@@assign': 'arn:aws-cn:iam::$account:role/prod-backup-role' });
    expect(selection.conditions.string_equals.backup_environment.condition_key).toEqual({ '@@assign': 'aws:ResourceTag/backup:environment' });
    expect(selection.conditions.string_like.team.condition_value).toEqual({ '@@assign': 'a*' });
  });
});

describe('environmentRules', () => {
  test('adds a copy to each copy region, to the same vault name in the member account', () => {
    const stack = new Stack();
    const [rule] = environmentRules(stack, {
      name: 'prod', rules: [daily()], regions: ['eu-west-1'], copyRegions: ['eu-central-1'], vaultName: 'prod-backup-vault', partition: 'aws',
    });
    expect(rule.props.copyActions?.map((c) => c.destinationBackupVault.backupVaultRef.backupVaultArn))
      .toEqual(['arn:aws:backup:eu-central-1:$account:backup-vault:prod-backup-vault']);
  });

  test('a rule kept outside the air-gapped vault lock fails, naming the rule and the range', () => {
    const stack = new Stack();
    expect(() => environmentRules(stack, {
      name: 'prod',
      rules: [daily()],
      regions: ['eu-west-1'],
      copyRegions: [],
      vaultName: 'v',
      partition: 'aws',
      airGapped: { minRetention: Duration.days(90), maxRetention: Duration.days(365) },
      airGappedName: 'prod-air-gapped-vault',
    })).toThrow(/environment prod: rule Daily keeps recovery points 35 days, outside airGappedCopy's retention \(90 to 365 days\)/);
  });
});
