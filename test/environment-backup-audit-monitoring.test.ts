import { Match, Template } from 'aws-cdk-lib/assertions';
import { BackupDashboard, EnvironmentBackup, EnvironmentTier, MonitoringDashboard, ReportFormat } from '../src';
import { testStack } from './support/stack';

function controls(t: Template, frameworkName: string): any[] {
  const fw = Object.values(t.findResources('AWS::Backup::Framework')).find((f) => f.Properties.FrameworkName === frameworkName);
  return fw!.Properties.FrameworkControls;
}

describe('audit', () => {
  const s = testStack();
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
    const s = testStack();
    new EnvironmentBackup(s, 'Prod', { environmentName: 'production' });
    new EnvironmentBackup(s, 'Dev', { environmentName: 'development', tier: EnvironmentTier.DEVELOPMENT, monitoring: { alarms: false } });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 5); // 4 job alarms and the heartbeat (no copy destination: no copy alarm)
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
    const s = testStack();
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
