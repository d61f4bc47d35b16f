/**
 * Regression tests of issue #11, items 10, 11 and 16 (rules): values AWS Backup rejects at deploy
 * time fail `cdk synth` with the construct path, the property, the value and the rule.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { EnvironmentBackup, EnvironmentTier } from '../../src';
import { environmentStack, testStack } from '../support/stack';

function rule(props: Partial<backup.BackupPlanRuleProps>): backup.BackupPlanRule {
  return new backup.BackupPlanRule({ ruleName: 'R', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), deleteAfter: Duration.days(7), ...props });
}

describe('schedules of plan rules', () => {
  test.each<[string, string, string]>([
    ['minute 60', 'cron(60 5 ? * * *)', "S/E: rule R: scheduleExpression (cron(60 5 ? * * *)) is not a valid cron expression: minutes value '60' is not from 0 to 59"],
    ['hour 24', 'cron(0 24 ? * * *)', "S/E: rule R: scheduleExpression (cron(0 24 ? * * *)) is not a valid cron expression: hours value '24' is not from 0 to 23"],
    ['5 fields', 'cron(0 5 * * *)', 'S/E: rule R: scheduleExpression (cron(0 5 * * *)) must have 6 fields (minutes hours day-of-month month day-of-week year), not 5'],
    ['day-of-month and day-of-week', 'cron(0 5 1 * MON *)', "S/E: rule R: scheduleExpression (cron(0 5 1 * MON *)) must set exactly one of day-of-month ('1') and day-of-week ('MON') to '?' (AWS cron syntax)"],
    ['every 10 minutes', 'cron(*/10 * ? * * *)', "S/E: rule R: scheduleExpression (cron(*/10 * ? * * *)) runs 6 jobs an hour (minutes '*/10'): jobs must be at least 60 minutes apart"],
    ['0/10', 'cron(0/10 * ? * * *)', "runs 6 jobs an hour (minutes '0/10')"],
  ])('%s', (_name, expression, message) => {
    expect(() => environmentStack({ rules: [rule({ scheduleExpression: events.Schedule.expression(expression) })] })).toThrow(message);
  });

  test('hourly is the highest frequency and passes', () => {
    const { stack } = environmentStack({ rules: [rule({ scheduleExpression: events.Schedule.expression('cron(15 * ? * * *)') })] });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [{ RuleName: 'R', ScheduleExpression: 'cron(15 * ? * * *)' }] },
    });
  });

  test.each<[string, string]>([
    ['Mars/Olympus', 'S/E: rule R: scheduleExpressionTimezone ("Mars/Olympus") must be an IANA time zone name such as Europe/Paris or UTC: the time zone database does not know it'],
    ['', 'S/E: rule R: scheduleExpressionTimezone ("") must be an IANA time zone name such as Europe/Paris or UTC'],
  ])('time zone %j', (zone, message) => {
    expect(() => environmentStack({ rules: [rule({ scheduleExpressionTimezone: TimeZone.of(zone) })] })).toThrow(message);
  });

  test('a known time zone is rendered', () => {
    const { stack } = environmentStack({ rules: [rule({ scheduleExpressionTimezone: TimeZone.EUROPE_PARIS })] });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [{ ScheduleExpressionTimezone: 'Europe/Paris' }] },
    });
  });

  test('addRule validates the schedule too', () => {
    const stack = testStack();
    const env = new EnvironmentBackup(stack, 'E', { environmentName: 'env', tier: EnvironmentTier.STAGING });
    expect(() => env.addRule(rule({ ruleName: 'Often', scheduleExpression: events.Schedule.expression('cron(0,30 * ? * * *)') })))
      .toThrow('S/E: rule Often: scheduleExpression (cron(0,30 * ? * * *)) runs 2 jobs an hour');
  });
});

describe('tags copied into vault, plan and recovery point tags', () => {
  test.each<[string, { [key: string]: string }, string]>([
    ['aws: prefix', { 'aws:cloudformation:stack-name': 'prod' }, 'S/E: selection.tags key ("aws:cloudformation:stack-name") must not start with "aws:": the prefix is reserved for AWS\'s own tags, which cannot be set'],
    ['character outside the tag set', { 'team,name': 'data' }, 'S/E: selection.tags key ("team,name") may hold only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)'],
    ['value character', { team: 'data&ml' }, 'S/E: selection.tags value of "team" ("data&ml") may hold only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)'],
    ['long value', { team: 'x'.repeat(257) }, 'S/E: selection.tags value of "team" (257 characters) must be at most 256 characters (AWS tag value)'],
  ])('%s', (_name, tags, message) => {
    expect(() => environmentStack({ selection: { tags } })).toThrow(message);
  });

  test('recovery point tags of a rule', () => {
    expect(() => environmentStack({ rules: [rule({ recoveryPointTags: { 'aws:backup': 'x' } })] }))
      .toThrow('S/E: rule R: recoveryPointTags key ("aws:backup") must not start with "aws:"');
  });

  test('conditions may name AWS tags and use wildcards: they are not copied', () => {
    const { stack } = environmentStack({ selection: { conditions: [{ key: 'aws:cloudformation:stack-name', value: 'prod-*', operator: 'StringLike' as any }] } });
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupSelection', 1);
  });
});

describe('durations AWS needs whole fail naming the prop, not with aws-cdk-lib\'s conversion error', () => {
  test.each<[string, Partial<backup.BackupPlanRuleProps>, string]>([
    ['deleteAfter 36 hours', { deleteAfter: Duration.hours(36) }, 'S/E: rule R: deleteAfter (36 hours) must be a whole number of days (AWS Backup lifecycles count whole days)'],
    ['startWindow 90.5 minutes', { startWindow: Duration.seconds(5430) }, 'S/E: rule R: startWindow (5430 seconds) must be a whole number of minutes'],
    ['copy deleteAfter', { copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(new Stack(), 'Dr', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr'), deleteAfter: Duration.hours(60) }] }, 'S/E: rule R: copyActions[0].deleteAfter (60 hours) must be a whole number of days'],
  ])('%s', (_name, props, message) => {
    expect(() => environmentStack({ rules: [rule(props)] })).toThrow(message);
  });

  test('continuousBackup.retention', () => {
    expect(() => environmentStack({ tier: EnvironmentTier.PRODUCTION, continuousBackup: { enabled: true, retention: Duration.hours(36) } }))
      .toThrow('S/E: continuousBackup.retention (36 hours) must be a whole number of days');
  });

  test('vault.lock durations', () => {
    expect(() => environmentStack({ vault: { lock: { minRetention: Duration.hours(36) } } }))
      .toThrow('S/E/Vault: vault.lock.minRetention (36 hours) must be a whole number of days');
  });
});
