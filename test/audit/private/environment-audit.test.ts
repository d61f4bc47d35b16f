import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { EnvironmentBackup, EnvironmentTier } from '../../../src';
import { deriveAuditRequirements } from '../../../src/audit/private/environment-audit';
import { testStack } from '../../support/stack';

// An environment's audit (src/audit/environment-audit.ts): the frequency and retention its controls
// require, derived from the plan's rules when not given.

function controls(t: Template, frameworkName: string): any[] {
  const fw = Object.values(t.findResources('AWS::Backup::Framework')).find((f) => f.Properties.FrameworkName === frameworkName);
  return fw!.Properties.FrameworkControls;
}

describe('deriveAuditRequirements', () => {
  const daily = new backup.BackupPlanRule({ ruleName: 'D', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), deleteAfter: Duration.days(14) });

  test('derived from the rules with the default controls; the given values win', () => {
    const derived = deriveAuditRequirements(new Stack(), {}, [daily]);
    expect([derived.requiredFrequency?.toDays(), derived.requiredRetention?.toDays(), derived.frequencyDerived]).toEqual([1, 14, true]);
    const given = deriveAuditRequirements(new Stack(), { requiredFrequency: Duration.hours(12) }, [daily]);
    expect([given.requiredFrequency?.toHours(), given.requiredRetention?.toDays(), given.frequencyDerived]).toEqual([12, 14, false]);
  });

  test('not derived when the controls are the user\'s own', () => {
    expect(deriveAuditRequirements(new Stack(), { controls: [] }, [daily]))
      .toEqual({ requiredFrequency: undefined, requiredRetention: undefined, frequencyDerived: false });
  });
});

describe('audit frequency derived from the rules', () => {
  function frequencyOf(rules: backup.BackupPlanRule[]): string[] {
    const s = testStack();
    new EnvironmentBackup(s, 'Env', { environmentName: 'reports', tier: EnvironmentTier.STAGING, rules, audit: {} });
    const freq = controls(Template.fromStack(s), 'reports_backup_framework')
      .find((c) => c.ControlName === 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK');
    const p = Object.fromEntries(freq.ControlInputParameters.map((x: any) => [x.ParameterName, x.ParameterValue]));
    return [p.requiredFrequencyUnit, p.requiredFrequencyValue];
  }

  test('a monthly-only plan (every 30.44 days on average) requires 31 days, not 43830 minutes', () => {
    expect(frequencyOf([backup.BackupPlanRule.monthly1Year()])).toEqual(['days', '31']);
  });

  test('a plan on every third day of the month (every 2.77 days on average) requires 3 days', () => {
    const every3Days = new backup.BackupPlanRule({
      ruleName: 'Every3Days',
      scheduleExpression: events.Schedule.expression('cron(0 5 */3 * ? *)'),
      deleteAfter: Duration.days(30),
    });
    expect(frequencyOf([every3Days])).toEqual(['days', '3']);
  });

  test('a rule every 90 minutes requires 2 hours; a weekly rule 7 days', () => {
    const rule = (expression: string) => new backup.BackupPlanRule({
      ruleName: 'R', scheduleExpression: events.Schedule.expression(expression), deleteAfter: Duration.days(7),
    });
    // 16 jobs a day, at least 60 minutes apart: every 1.5 hours on average
    expect(frequencyOf([rule('cron(0 0,1,3,4,6,7,9,10,12,13,15,16,18,19,21,22 * * ? *)')])).toEqual(['hours', '2']);
    expect(frequencyOf([rule('cron(0 5 ? * SUN *)')])).toEqual(['days', '7']);
  });

  test('a yearly-only plan: the error says the frequency was derived and what to set', () => {
    const s = testStack();
    const yearly = new backup.BackupPlanRule({
      ruleName: 'Yearly', scheduleExpression: events.Schedule.expression('cron(0 5 1 1 ? *)'), deleteAfter: Duration.days(3650),
    });
    expect(() => new EnvironmentBackup(s, 'Env', { environmentName: 'archive', tier: EnvironmentTier.STAGING, rules: [yearly], audit: {} }))
      .toThrow(/^S\/Env: audit.requiredFrequency is not set, and the frequency derived from the rules \(366 days, the plan's most frequent rule\) is not one Audit Manager's minimum frequency control accepts \(frequency \(366 days\) must be whole hours from 1 to 24 hours, or whole days from 1 to 31 days\): set audit.requiredFrequency/);
    // the user's own value is taken as given
    const s2 = testStack();
    new EnvironmentBackup(s2, 'Env', { environmentName: 'archive', tier: EnvironmentTier.STAGING, rules: [yearly], audit: { requiredFrequency: Duration.days(31) } });
  });

  test('rules whose schedule cannot be read: the error names audit.requiredFrequency', () => {
    const s = testStack();
    const unreadable = new backup.BackupPlanRule({ ruleName: 'Y2030', scheduleExpression: events.Schedule.expression('cron(0 5 * * ? 2030)'), deleteAfter: Duration.days(7) });
    expect(() => new EnvironmentBackup(s, 'Env', { environmentName: 'manual', tier: EnvironmentTier.STAGING, rules: [unreadable], audit: {} }))
      .toThrow(/^S\/Env: audit.requiredFrequency is not set and cannot be derived from the rules: minimumFrequency: no rule has a schedule expression that can be parsed/);
  });

  // A rule without a schedule runs on AWS Backup's default, daily at 05:00 UTC
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html): the audit and
  // the heartbeat count it as daily instead of failing or going silent.
  test('a rule without a schedule is daily (AWS Backup\'s default): 1 day required, and a heartbeat', () => {
    expect(frequencyOf([new backup.BackupPlanRule({ ruleName: 'Default', deleteAfter: Duration.days(7) })])).toEqual(['days', '1']);
    const s = testStack();
    new EnvironmentBackup(s, 'Env', { environmentName: 'plain', tier: EnvironmentTier.STAGING, rules: [new backup.BackupPlanRule({ ruleName: 'Default', deleteAfter: Duration.days(7) })] });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'plain-NoBackupJobCompleted', TreatMissingData: 'breaching' });
  });
});
