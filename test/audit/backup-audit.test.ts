import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditControl, BackupAudit, BackupConfigRecorder, BackupReportBucket, ReportFormat, ReportTemplate } from '../../src/audit';
import { stack, testStack } from '../support/stack';

function controlsOf(t: Template): any[] {
  const frameworks = Object.values(t.findResources('AWS::Backup::Framework'));
  return frameworks.map((f) => f.Properties.FrameworkControls);
}

describe('BackupAudit', () => {
  test('defaults: five standard controls scoped to the first selection tag, two CSV report plans under the environment prefix', () => {
    const s = stack();
    const audit = new BackupAudit(s, 'Audit', {
      environmentName: 'production',
      selectionTags: { backup: 'production', team: 'sre' },
      requiredFrequency: Duration.days(1),
      requiredRetention: Duration.days(35),
    });
    const t = Template.fromStack(s);
    const [controls] = controlsOf(t);
    expect(controls.map((c: any) => c.ControlName)).toEqual([
      'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
      'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
      'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
      'BACKUP_RECOVERY_POINT_ENCRYPTED',
      'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
    ]);
    for (const control of controls) {
      expect(control.ControlScope).toEqual({ Tags: [{ Key: 'backup', Value: 'production' }] });
    }
    expect(controls[1].ControlInputParameters).toEqual([
      { ParameterName: 'requiredFrequencyUnit', ParameterValue: 'days' },
      { ParameterName: 'requiredFrequencyValue', ParameterValue: '1' },
      { ParameterName: 'requiredRetentionDays', ParameterValue: '35' },
    ]);
    expect(controls[2].ControlInputParameters).toEqual([{ ParameterName: 'requiredRetentionDays', ParameterValue: '35' }]);
    t.hasResourceProperties('AWS::Backup::Framework', { FrameworkName: 'production_backup_framework' });
    expect(audit.scopeTags).toEqual({ backup: 'production' });

    t.resourceCountIs('AWS::Backup::ReportPlan', 2);
    const frameworkArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('AuditFramework'), 'FrameworkArn'] };
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'production_control_compliance',
      ReportDeliveryChannel: { S3BucketName: { Ref: Match.stringLikeRegexp('BackupReportBucket') }, S3KeyPrefix: 'production', Formats: ['CSV'] },
      ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [frameworkArn] },
    });
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'production_backup_job',
      ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
    });
    // report plans wait for the bucket policy
    const plans = Object.values(t.findResources('AWS::Backup::ReportPlan'));
    for (const plan of plans) {
      expect(plan.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/BackupReportBucket.*Policy/)]));
    }
    // no AWS Config recorder unless asked
    t.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
  });

  test('environments of a stack share one report bucket and one service-linked role', () => {
    const s = stack();
    new BackupAudit(s, 'Prod', { environmentName: 'production' });
    new BackupAudit(s, 'Staging', { environmentName: 'staging', requiredRetention: Duration.days(14) });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.resourceCountIs('Custom::BackupReportsServiceLinkedRole', 1);
    t.resourceCountIs('AWS::Backup::Framework', 2);
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportDeliveryChannel: { S3KeyPrefix: 'staging' } });
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportDeliveryChannel: { S3KeyPrefix: 'production' } });
  });

  test('options: formats, templates, shared bucket, key prefix, replaced and additional controls, scope tag key', () => {
    const s = stack();
    const shared = new BackupReportBucket(s, 'Shared');
    new BackupAudit(s, 'Audit', {
      environmentName: 'prod-eu',
      selectionTags: { backup: 'prod', env: 'eu' },
      scopeTagKey: 'env',
      bucket: shared.bucket,
      keyPrefix: 'audit/prod-eu',
      reportFormats: [ReportFormat.CSV, ReportFormat.JSON],
      reportTemplates: [ReportTemplate.RESOURCE_COMPLIANCE_REPORT, ReportTemplate.RESTORE_JOB_REPORT],
      controls: [AuditControl.recoveryPointEncrypted()],
      additionalControls: [AuditControl.lastRecoveryPointCreated(Duration.hours(26))],
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    const [controls] = controlsOf(t);
    expect(controls).toEqual([
      { ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', ControlScope: { Tags: [{ Key: 'env', Value: 'eu' }] } },
      {
        ControlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
        ControlInputParameters: [
          { ParameterName: 'recoveryPointAgeUnit', ParameterValue: 'hours' },
          { ParameterName: 'recoveryPointAgeValue', ParameterValue: '26' },
        ],
        ControlScope: { Tags: [{ Key: 'env', Value: 'eu' }] },
      },
    ]);
    t.hasResourceProperties('AWS::Backup::Framework', { FrameworkName: 'prod_eu_backup_framework' });
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'prod_eu_resource_compliance',
      ReportDeliveryChannel: { S3BucketName: { Ref: Match.stringLikeRegexp('SharedBucket') }, S3KeyPrefix: 'audit/prod-eu', Formats: ['CSV', 'JSON'] },
    });
    // The report plans wait for the policy that lets AWS Backup write the reports.
    t.hasResource('AWS::Backup::ReportPlan', { DependsOn: [Match.stringLikeRegexp('^SharedBucketPolicy')] });
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanName: 'prod_eu_restore_job' });
  });

  test('bring your own bucket: no bucket or role created', () => {
    const s = stack();
    const own = s3.Bucket.fromBucketName(s, 'Own', 'my-reports');
    const audit = new BackupAudit(s, 'Audit', { environmentName: 'dev', bucket: own });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 0);
    t.resourceCountIs('Custom::BackupReportsServiceLinkedRole', 0);
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportDeliveryChannel: { S3BucketName: 'my-reports', S3KeyPrefix: 'dev' } });
    expect(audit.bucket).toBe(own);
  });

  test('an imported bucket: the report plans depend on nothing', () => {
    const s = stack();
    new BackupAudit(s, 'Audit', { environmentName: 'dev', bucket: s3.Bucket.fromBucketName(s, 'Own', 'my-reports') });
    Template.fromStack(s).hasResource('AWS::Backup::ReportPlan', { DependsOn: Match.absent() });
  });

  test('no selection tags: controls have no scope', () => {
    const s = stack();
    new BackupAudit(s, 'Audit', { environmentName: 'dev' });
    const [controls] = controlsOf(Template.fromStack(s));
    expect(controls.every((c: any) => c.ControlScope === undefined)).toBe(true);
  });

  test('recordBackupResourcesWithConfig: one recorder of the Backup types a stack, framework after it', () => {
    const s = stack();
    const a = new BackupAudit(s, 'Prod', { environmentName: 'production', recordBackupResourcesWithConfig: true });
    const b = new BackupAudit(s, 'Staging', { environmentName: 'staging', recordBackupResourcesWithConfig: true });
    expect(a.configRecorder).toBeInstanceOf(BackupConfigRecorder);
    expect(b.configRecorder).toBe(a.configRecorder);
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
    t.resourceCountIs('AWS::Config::DeliveryChannel', 1);
    const frameworks = Object.values(t.findResources('AWS::Backup::Framework'));
    for (const f of frameworks) {
      expect(f.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^BackupConfigRecorder[0-9A-F]{8}$/)]));
    }
  });

  test('an unknown scope tag key fails', () => {
    expect(() => new BackupAudit(stack(), 'Audit', { environmentName: 'dev', selectionTags: { backup: 'dev' }, scopeTagKey: 'team' }))
      .toThrow(/scopeTagKey \(team\) must be one of the selection tags \(backup\)/);
  });

  test('derived names are valid for environment names that are not', () => {
    const s = stack();
    new BackupAudit(s, 'Audit', { environmentName: '1-test' });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Backup::Framework', { FrameworkName: 'B1_test_backup_framework' });
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanName: 'B1_test_backup_job' });
  });

  test('an invalid explicit framework name fails', () => {
    expect(() => new BackupAudit(stack(), 'Audit', { environmentName: 'dev', frameworkName: 'dev-framework' }))
      .toThrow(/frameworkName \("dev-framework"\) must start with a letter/);
  });
});

describe('BackupAudit with an unresolved environment name', () => {
  test('names derive from the construct path; the key prefix is the token', () => {
    const s = testStack();
    const env = new CfnParameter(s, 'Env');
    new BackupAudit(s, 'Audit', { environmentName: env.valueAsString, reportTemplates: [ReportTemplate.BACKUP_JOB_REPORT] });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Backup::Framework', { FrameworkName: Match.stringLikeRegexp('^S_Audit_Framework_[0-9A-F]{8}$') });
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: Match.stringLikeRegexp('^S_Audit_Reports_[0-9A-F]{8}_backup_job$'),
      ReportDeliveryChannel: { S3KeyPrefix: { Ref: 'Env' } },
    });
  });
});
