import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { BackupDashboard, EnvironmentBackup, EnvironmentTier, MonitoringDashboard, ReportFormat } from '../src';

function controls(t: Template, frameworkName: string): any[] {
  const fw = Object.values(t.findResources('AWS::Backup::Framework')).find((f) => f.Properties.FrameworkName === frameworkName);
  return fw!.Properties.FrameworkControls;
}

describe('audit', () => {
  const s = new Stack(new App(), 'S');
  new EnvironmentBackup(s, 'Prod', { environmentName: 'production', audit: { reportFormats: [ReportFormat.CSV, ReportFormat.JSON] } });
  new EnvironmentBackup(s, 'Stg', { environmentName: 'staging', tier: EnvironmentTier.STAGING, audit: {} });
  const t = Template.fromStack(s);

  test('controls derive frequency and retention from the rules, scoped to the selection tag', () => {
    const prod = controls(t, 'production_backup_framework');
    expect(prod.map((c) => c.ControlName)).toEqual([
      'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
      'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
      'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
      'BACKUP_RECOVERY_POINT_ENCRYPTED',
      'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
    ]);
    const freq = prod.find((c) => c.ControlName === 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK');
    expect(freq.ControlInputParameters).toEqual(expect.arrayContaining([
      { ParameterName: 'requiredFrequencyUnit', ParameterValue: 'days' },
      { ParameterName: 'requiredFrequencyValue', ParameterValue: '1' },
      { ParameterName: 'requiredRetentionDays', ParameterValue: '35' },
    ]));
    expect(freq.ControlScope).toEqual({ Tags: [{ Key: 'backup:environment', Value: 'production' }] });
  });

  test('a tier that allows deletion is not audited for manual deletion; its retention is its own', () => {
    const stg = controls(t, 'staging_backup_framework');
    expect(stg.map((c) => c.ControlName)).not.toContain('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED');
    const retention = stg.find((c) => c.ControlName === 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK');
    expect(retention.ControlInputParameters).toEqual([{ ParameterName: 'requiredRetentionDays', ParameterValue: '14' }]);
  });

  test('vault, plan and recovery points carry the scope tag, so the tag-scoped controls see them', () => {
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'production-backup-vault',
      BackupVaultTags: { 'backup:environment': 'production' },
    });
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'production-backup-plan',
        BackupPlanRule: Match.arrayWith([Match.objectLike({ RecoveryPointTags: { 'backup:environment': 'production' } })]),
      },
      BackupPlanTags: { 'backup:environment': 'production' },
    });
  });

  test('report plans in both formats, one shared report bucket per stack', () => {
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportDeliveryChannel: Match.objectLike({ Formats: ['CSV', 'JSON'], S3KeyPrefix: 'production' }),
      ReportSetting: Match.objectLike({ ReportTemplate: 'CONTROL_COMPLIANCE_REPORT' }),
    });
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportDeliveryChannel: Match.objectLike({ Formats: ['CSV'], S3KeyPrefix: 'staging' }),
      ReportSetting: Match.objectLike({ ReportTemplate: 'BACKUP_JOB_REPORT' }),
    });
  });
});

describe('monitoring', () => {
  test('alarms by default, on the environment vault; none when turned off', () => {
    const s = new Stack(new App(), 'S');
    new EnvironmentBackup(s, 'Prod', { environmentName: 'production' });
    new EnvironmentBackup(s, 'Dev', { environmentName: 'development', tier: EnvironmentTier.DEVELOPMENT, monitoring: { alarms: false } });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 6); // 5 job alarms and the heartbeat
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'production-NoBackupJobCompleted', TreatMissingData: 'breaching' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'production-BackupJobsFailed',
      Namespace: 'AWS/Backup',
      MetricName: 'NumberOfBackupJobsFailed',
      Dimensions: [{ Name: 'BackupVaultName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ProdVault'), 'BackupVaultName'] } }],
      TreatMissingData: 'notBreaching',
    });
  });

  test('one dashboard shared by several environments', () => {
    const s = new Stack(new App(), 'S');
    const dashboard = new BackupDashboard(s, 'Dashboard', { dashboardName: 'backup-health' });
    new EnvironmentBackup(s, 'Prod', { environmentName: 'production', monitoring: { onDashboard: MonitoringDashboard.shared(dashboard) } });
    new EnvironmentBackup(s, 'Stg', { environmentName: 'staging', tier: EnvironmentTier.STAGING, monitoring: { onDashboard: MonitoringDashboard.shared(dashboard) } });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    expect(body).toContain('production');
    expect(body).toContain('staging');
  });
});

describe('audit frequency derived from the rules (#11 item 7)', () => {
  function frequencyOf(rules: backup.BackupPlanRule[]): string[] {
    const s = new Stack(new App(), 'S');
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
    const s = new Stack(new App(), 'S');
    const yearly = new backup.BackupPlanRule({
      ruleName: 'Yearly', scheduleExpression: events.Schedule.expression('cron(0 5 1 1 ? *)'), deleteAfter: Duration.days(3650),
    });
    expect(() => new EnvironmentBackup(s, 'Env', { environmentName: 'archive', tier: EnvironmentTier.STAGING, rules: [yearly], audit: {} }))
      .toThrow(/^S\/Env: audit.requiredFrequency is not set, and the frequency derived from the rules \(366 days, the plan's most frequent rule\) is not one Audit Manager's minimum frequency control accepts \(frequency \(366 days\) must be whole hours from 1 to 24 hours, or whole days from 1 to 31 days\): set audit.requiredFrequency/);
    // the user's own value is taken as given
    const s2 = new Stack(new App(), 'S');
    new EnvironmentBackup(s2, 'Env', { environmentName: 'archive', tier: EnvironmentTier.STAGING, rules: [yearly], audit: { requiredFrequency: Duration.days(31) } });
  });

  test('rules whose schedule cannot be read: the error names audit.requiredFrequency', () => {
    const s = new Stack(new App(), 'S');
    const unreadable = new backup.BackupPlanRule({ ruleName: 'Y2030', scheduleExpression: events.Schedule.expression('cron(0 5 * * ? 2030)'), deleteAfter: Duration.days(7) });
    expect(() => new EnvironmentBackup(s, 'Env', { environmentName: 'manual', tier: EnvironmentTier.STAGING, rules: [unreadable], audit: {} }))
      .toThrow(/^S\/Env: audit.requiredFrequency is not set and cannot be derived from the rules: minimumFrequency: no rule has a schedule expression that can be parsed/);
  });

  // A rule without a schedule runs on AWS Backup's default, daily at 05:00 UTC
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html): the audit and
  // the heartbeat count it as daily instead of failing or going silent.
  test('a rule without a schedule is daily (AWS Backup\'s default): 1 day required, and a heartbeat', () => {
    expect(frequencyOf([new backup.BackupPlanRule({ ruleName: 'Default', deleteAfter: Duration.days(7) })])).toEqual(['days', '1']);
    const s = new Stack(new App(), 'S');
    new EnvironmentBackup(s, 'Env', { environmentName: 'plain', tier: EnvironmentTier.STAGING, rules: [new backup.BackupPlanRule({ ruleName: 'Default', deleteAfter: Duration.days(7) })] });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'plain-NoBackupJobCompleted', TreatMissingData: 'breaching' });
  });
});
