import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupReportPlans, ReportFormat, ReportTemplate } from '../../src/audit';

function setup() {
  const s = new Stack(new App(), 'S');
  const bucket = s3.Bucket.fromBucketName(s, 'B', 'reports-bucket');
  return { s, bucket };
}

describe('BackupReportPlans', () => {
  test('defaults: control compliance with the frameworks and backup jobs, CSV, with the key prefix', () => {
    const { s, bucket } = setup();
    const plans = new BackupReportPlans(s, 'R', {
      bucket, keyPrefix: 'production', frameworkArns: ['arn:aws:backup:eu-west-1:111111111111:framework:f-1'], reportPlanNamePrefix: 'production',
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::ReportPlan', 2);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'production_control_compliance',
      ReportDeliveryChannel: { S3BucketName: 'reports-bucket', S3KeyPrefix: 'production', Formats: ['CSV'] },
      ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: ['arn:aws:backup:eu-west-1:111111111111:framework:f-1'] },
    });
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'production_backup_job',
      ReportDeliveryChannel: { S3BucketName: 'reports-bucket', S3KeyPrefix: 'production', Formats: ['CSV'] },
      ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', FrameworkArns: Match.absent() },
    });
    expect(plans.reportPlanNames).toEqual(['production_control_compliance', 'production_backup_job']);
    expect(plans.reportPlanArns).toHaveLength(2);
  });

  test('all templates and both formats', () => {
    const { s, bucket } = setup();
    new BackupReportPlans(s, 'R', {
      bucket,
      formats: [ReportFormat.CSV, ReportFormat.JSON],
      templates: Object.values(ReportTemplate),
      frameworkArns: ['arn:f'],
      reportPlanNamePrefix: 'staging',
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::ReportPlan', 5);
    for (const template of ['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT']) {
      t.hasResourceProperties('AWS::Backup::ReportPlan', {
        ReportDeliveryChannel: { Formats: ['CSV', 'JSON'], S3KeyPrefix: Match.absent() },
        ReportSetting: { ReportTemplate: template, FrameworkArns: ['arn:f'] },
      });
    }
    for (const template of ['BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'RESTORE_JOB_REPORT']) {
      t.hasResourceProperties('AWS::Backup::ReportPlan', {
        ReportDeliveryChannel: { Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: template, FrameworkArns: Match.absent() },
      });
    }
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanName: 'staging_restore_job' });
  });

  test('job reports alone need no framework; names derive from the path', () => {
    const { s, bucket } = setup();
    const plans = new BackupReportPlans(s, 'my-reports', { bucket, templates: [ReportTemplate.COPY_JOB_REPORT] });
    expect(plans.reportPlanNames[0]).toMatch(/^S_myreports_[0-9A-F]{8}_copy_job$/);
  });

  test('an empty format list fails', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, formats: [], templates: [ReportTemplate.BACKUP_JOB_REPORT] }))
      .toThrow(/formats \(empty\) must hold at least one of CSV, JSON/);
  });

  test('duplicate formats fail', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, formats: [ReportFormat.CSV, ReportFormat.CSV], templates: [ReportTemplate.BACKUP_JOB_REPORT] }))
      .toThrow(/formats \(CSV twice\) must not repeat a value/);
  });

  test('an unknown format or template fails', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R1', { bucket, formats: ['PDF' as ReportFormat], templates: [ReportTemplate.BACKUP_JOB_REPORT] }))
      .toThrow(/formats \(PDF\) must be one of CSV, JSON/);
    expect(() => new BackupReportPlans(s, 'R2', { bucket, templates: ['SCAN_JOB_REPORTS' as ReportTemplate] }))
      .toThrow(/templates \(SCAN_JOB_REPORTS\) must be one of RESOURCE_COMPLIANCE_REPORT, CONTROL_COMPLIANCE_REPORT, BACKUP_JOB_REPORT, COPY_JOB_REPORT, RESTORE_JOB_REPORT/);
  });

  test('an empty or duplicate template list fails', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R1', { bucket, templates: [] })).toThrow(/templates \(empty\) must hold at least one of/);
    expect(() => new BackupReportPlans(s, 'R2', { bucket, templates: [ReportTemplate.BACKUP_JOB_REPORT, ReportTemplate.BACKUP_JOB_REPORT] }))
      .toThrow(/templates \(BACKUP_JOB_REPORT twice\) must not repeat a value/);
  });

  test('compliance reports without frameworks fail', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket }))
      .toThrow(/templates \(CONTROL_COMPLIANCE_REPORT\) need frameworkArns: a compliance report covers frameworks/);
  });

  test.each(['9prod', 'prod-eu', 'a'.repeat(257)])('invalid report plan name prefix %s fails', (prefix) => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: prefix }))
      .toThrow(/reportPlanNamePrefix \(.*\) must start with a letter and hold only letters, digits and underscores, at most 256 characters/);
  });

  test('a prefix that makes the full name too long fails', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: 'a'.repeat(250) }))
      .toThrow(/reportPlanName \("a+_backup_job"\) must start with a letter/);
  });

  test.each(['', '/prod', 'prod/'])('invalid key prefix "%s" fails', (keyPrefix) => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, keyPrefix, templates: [ReportTemplate.BACKUP_JOB_REPORT] }))
      .toThrow(/keyPrefix \(.*\) must be non-empty and neither start nor end with "\/"/);
  });
});

describe('issue #11 item 15: the description built from keyPrefix stays within AWS\'s 1,024 characters', () => {
  test('a long keyPrefix is shortened in the description and delivered in full', () => {
    const { s, bucket } = setup();
    const keyPrefix = 'p'.repeat(1100);
    new BackupReportPlans(s, 'R', { bucket, keyPrefix, templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: 'prod' });
    const plans = Template.fromStack(s).findResources('AWS::Backup::ReportPlan');
    const props = Object.values(plans)[0].Properties;
    expect(props.ReportPlanDescription.length).toBe(1024);
    expect(props.ReportPlanDescription).toMatch(/^BACKUP_JOB_REPORT delivered to S3 under p+…\/$/);
    expect(props.ReportDeliveryChannel.S3KeyPrefix).toBe(keyPrefix);
  });

  test('a short keyPrefix is named in full', () => {
    const { s, bucket } = setup();
    new BackupReportPlans(s, 'R', { bucket, keyPrefix: 'prod', templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: 'prod' });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanDescription: 'BACKUP_JOB_REPORT delivered to S3 under prod/' });
  });

  test('item 16: a JavaScript caller without bucket gets our error', () => {
    const { s } = setup();
    expect(() => new BackupReportPlans(s, 'R', {} as any)).toThrow('S/R: bucket (undefined) is required');
  });
});
