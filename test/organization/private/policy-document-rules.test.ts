import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { assign, renderLifecycle, renderRule, ruleNameOf, tagBlock } from '../../../src/organization/private/policy-document';

// The JSON of AWS Organizations' "Backup policy syntax and examples": every value set with @@assign,
// windows in minutes and lifecycles in days as strings.
describe('backup policy rendering (pure)', () => {
  test('a rule: schedule, windows in minutes, lifecycle in days, continuous backup, tags', () => {
    const rule = new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: Duration.days(35),
      enableContinuousBackup: true,
      recoveryPointTags: { env: 'production' },
    });
    expect(renderRule(rule, 'production-backup-vault')).toEqual({
      schedule_expression: { '@@assign': 'cron(0 5 * * ? *)' },
      target_backup_vault_name: { '@@assign': 'production-backup-vault' },
      start_backup_window_minutes: { '@@assign': '60' },
      complete_backup_window_minutes: { '@@assign': '480' },
      enable_continuous_backup: { '@@assign': true },
      lifecycle: { delete_after_days: { '@@assign': '35' } },
      recovery_point_tags: { env: { tag_key: { '@@assign': 'env' }, tag_value: { '@@assign': 'production' } } },
    });
  });

  test('no lifecycle without cold storage or deletion; names default to Rule<n>', () => {
    expect(renderLifecycle()).toBeUndefined();
    expect(renderLifecycle(Duration.days(30), Duration.days(365))).toEqual({
      move_to_cold_storage_after_days: { '@@assign': '30' }, delete_after_days: { '@@assign': '365' },
    });
    const unnamed = new backup.BackupPlanRule({ scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }) });
    expect(ruleNameOf(unnamed, 2)).toBe('Rule3');
    expect(assign(['a'])).toEqual({ '@@assign': ['a'] });
    expect(tagBlock({})).toEqual({});
  });
});
