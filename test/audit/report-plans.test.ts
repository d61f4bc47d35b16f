import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupReportPlans, ReportFormat, ReportTemplate } from '../../src/audit';
import { testStack } from '../support/stack';

function setup() {
  const s = testStack();
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
      templates: ReportTemplate.known(),
      frameworkArns: ['arn:f'],
      reportPlanNamePrefix: 'staging',
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::ReportPlan', 6);
    for (const template of ['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT']) {
      t.hasResourceProperties('AWS::Backup::ReportPlan', {
        ReportDeliveryChannel: { Formats: ['CSV', 'JSON'], S3KeyPrefix: Match.absent() },
        ReportSetting: { ReportTemplate: template, FrameworkArns: ['arn:f'] },
      });
    }
    for (const template of ['BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'RESTORE_JOB_REPORT', 'SCAN_JOB_REPORT']) {
      t.hasResourceProperties('AWS::Backup::ReportPlan', {
        ReportDeliveryChannel: { Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: template, FrameworkArns: Match.absent() },
      });
    }
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanName: 'staging_restore_job' });
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanName: 'staging_scan_job', ReportPlanDescription: 'SCAN_JOB_REPORT delivered to S3' });
    // Known templates are no custom values: no info annotation.
    Annotations.fromStack(s).hasNoInfo('*', Match.stringLikeRegexp('ReportTemplate'));
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

  test('an unknown format fails; a template given as a bare string (JavaScript written for the former enum) fails', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R1', { bucket, formats: ['PDF' as ReportFormat], templates: [ReportTemplate.BACKUP_JOB_REPORT] }))
      .toThrow(/formats \(PDF\) must be one of CSV, JSON/);
    expect(() => new BackupReportPlans(s, 'R2', { bucket, templates: ['BACKUP_JOB_REPORT' as unknown as ReportTemplate] }))
      .toThrow(/S\/R2: templates \(BACKUP_JOB_REPORT\) must be a ReportTemplate: use ReportTemplate.<NAME> \(RESOURCE_COMPLIANCE_REPORT, CONTROL_COMPLIANCE_REPORT, BACKUP_JOB_REPORT, COPY_JOB_REPORT, RESTORE_JOB_REPORT, SCAN_JOB_REPORT\) or ReportTemplate.of/);
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

describe('the description built from keyPrefix stays within AWS\'s 1,024 characters', () => {
  // Issue 19 item 12: a prefix past what an S3 key leaves room for fails (synth-inputs.test.ts), so
  // the longest accepted prefix fits the description in full.
  test('the longest keyPrefix an S3 key leaves room for: in the description in full (within 1,024 characters) and delivered', () => {
    const { s, bucket } = setup();
    const keyPrefix = 'p'.repeat(960);
    new BackupReportPlans(s, 'R', { bucket, keyPrefix, templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: 'prod' });
    const plans = Template.fromStack(s).findResources('AWS::Backup::ReportPlan');
    const props = Object.values(plans)[0].Properties;
    expect(props.ReportPlanDescription.length).toBeLessThanOrEqual(1024);
    expect(props.ReportPlanDescription).toBe(`BACKUP_JOB_REPORT delivered to S3 under ${keyPrefix}/`);
    expect(props.ReportDeliveryChannel.S3KeyPrefix).toBe(keyPrefix);
    expect(() => new BackupReportPlans(setup().s, 'R', { bucket, keyPrefix: 'p'.repeat(1100), templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: 'prod' })).toThrow(/keyPrefix .* is too long/);
  });

  test('a short keyPrefix is named in full', () => {
    const { s, bucket } = setup();
    new BackupReportPlans(s, 'R', { bucket, keyPrefix: 'prod', templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: 'prod' });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanDescription: 'BACKUP_JOB_REPORT delivered to S3 under prod/' });
  });

  test('a JavaScript caller without bucket gets our error', () => {
    const { s } = setup();
    expect(() => new BackupReportPlans(s, 'R', {} as any)).toThrow('S/R: bucket (undefined) is required');
  });
});

describe('ReportTemplate.of() names a template AWS added after this release', () => {
  test('a known name gives the static member, with its rules (compliance needs frameworks)', () => {
    expect(ReportTemplate.of('SCAN_JOB_REPORT')).toBe(ReportTemplate.SCAN_JOB_REPORT);
    expect(ReportTemplate.of('CONTROL_COMPLIANCE_REPORT', { coversFrameworks: false })).toBe(ReportTemplate.CONTROL_COMPLIANCE_REPORT);
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, templates: [ReportTemplate.of('RESOURCE_COMPLIANCE_REPORT')] }))
      .toThrow(/templates \(RESOURCE_COMPLIANCE_REPORT\) need frameworkArns/);
  });

  test('a custom template is rendered as given, without frameworks, and noted in an info annotation', () => {
    const { s, bucket } = setup();
    const custom = ReportTemplate.of('INDEX_JOB_REPORT');
    expect(custom.custom).toBe(true);
    expect(custom.toString()).toBe('INDEX_JOB_REPORT');
    new BackupReportPlans(s, 'R', { bucket, templates: [custom], frameworkArns: ['arn:f'], reportPlanNamePrefix: 'prod' });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::ReportPlan', 1);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'prod_index_job',
      ReportPlanDescription: 'INDEX_JOB_REPORT delivered to S3',
      ReportSetting: { ReportTemplate: 'INDEX_JOB_REPORT', FrameworkArns: Match.absent() },
    });
    expect(Object.keys(t.findResources('AWS::Backup::ReportPlan'))[0]).toMatch(/^RIndexJobReport/);
    Annotations.fromStack(s).hasInfo('/S/R', Match.stringLikeRegexp(
      '^templates: INDEX_JOB_REPORT is not among the ReportTemplate values this library knows .*: checked for shape only, AWS accepts or rejects it at deploy time$'));
  });

  test('a custom template that covers frameworks gets them, and needs them', () => {
    const { s, bucket } = setup();
    const custom = ReportTemplate.of('RESILIENCE_COMPLIANCE_REPORT', { coversFrameworks: true });
    expect(() => new BackupReportPlans(s, 'R1', { bucket, templates: [custom] }))
      .toThrow(/S\/R1: templates \(RESILIENCE_COMPLIANCE_REPORT\) need frameworkArns: a compliance report covers frameworks/);
    new BackupReportPlans(s, 'R2', { bucket, templates: [custom], frameworkArns: ['arn:f'] });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportSetting: { ReportTemplate: 'RESILIENCE_COMPLIANCE_REPORT', FrameworkArns: ['arn:f'] },
    });
  });

  test.each(['scan_job_report', 'SCAN-JOB-REPORT', '1_REPORT', '', 'SCAN JOB'])('a custom template of the wrong shape (%s) fails at synth, naming the property', (name) => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, templates: [ReportTemplate.of(name)] }))
      .toThrow(/S\/R: templates \(".*"\) is not a report template name: an upper-case letter, then upper-case letters, digits and underscores, e.g. BACKUP_JOB_REPORT/);
  });

  test.each(['A', 'NEW_REPORT_2', 'A'.repeat(200)])('a custom template of the right shape (%s) passes', (name) => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, templates: [ReportTemplate.of(name)], reportPlanNamePrefix: 'p' })).not.toThrow();
  });

  test('the same custom template twice fails', () => {
    const { s, bucket } = setup();
    expect(() => new BackupReportPlans(s, 'R', { bucket, templates: [ReportTemplate.of('NEW_REPORT'), ReportTemplate.of('NEW_REPORT')] }))
      .toThrow(/templates \(NEW_REPORT twice\) must not repeat a value/);
  });
});
