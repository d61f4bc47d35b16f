import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BackupAudit,
  BackupReportAnalytics,
  BackupReportBucket,
  BackupReportPlans,
  ReportFormat,
  ReportTemplate,
} from '../../src/audit';
import { cfnLint } from '../support/cfn-lint';
import { unacknowledgedNagFindings } from '../support/nag';
import { testStack } from '../support/stack';

const ALL_TEMPLATES = [
  ReportTemplate.RESOURCE_COMPLIANCE_REPORT, ReportTemplate.CONTROL_COMPLIANCE_REPORT,
  ReportTemplate.BACKUP_JOB_REPORT, ReportTemplate.COPY_JOB_REPORT, ReportTemplate.RESTORE_JOB_REPORT,
];

function auditStack(formats: ReportFormat[] = [ReportFormat.CSV, ReportFormat.JSON], templates = ALL_TEMPLATES) {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const audit = new BackupAudit(stack, 'Audit', {
    environmentName: 'production',
    selectionTags: { backup: 'production' },
    reportFormats: formats,
    reportTemplates: templates,
    analytics: {},
  });
  return { app, stack, audit };
}

const BUCKET = { Ref: Match.stringLikeRegexp('^BackupReportBucket') };
const join = (...parts: any[]) => ({ 'Fn::Join': ['', parts] });

describe('BackupReportAnalytics', () => {
  test('BackupAudit analytics: {} — a Glue database and one table a template, partition projection over the documented report path', () => {
    const { stack, audit } = auditStack();
    expect(audit.analytics).toBeInstanceOf(BackupReportAnalytics);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Glue::Database', 1);
    t.hasResourceProperties('AWS::Glue::Database', {
      CatalogId: '123456789012',
      DatabaseInput: { Name: Match.stringLikeRegexp('^[a-z0-9_]+$') },
    });
    t.resourceCountIs('AWS::Glue::Table', 5);
    t.hasResourceProperties('AWS::Glue::Table', {
      TableInput: {
        Name: 'resource_compliance_report',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [
          Match.objectLike({ Name: 'environment', Type: 'string' }),
          Match.objectLike({ Name: 'region', Type: 'string' }),
          Match.objectLike({ Name: 'report_date', Type: 'string' }),
          Match.objectLike({ Name: 'report_plan', Type: 'string' }),
        ],
        Parameters: {
          'classification': 'json',
          'projection.enabled': 'true',
          'projection.environment.type': 'enum',
          'projection.environment.values': 'production',
          'projection.region.type': 'enum',
          'projection.region.values': 'eu-west-1',
          'projection.report_date.type': 'date',
          'projection.report_date.format': 'yyyy/MM/dd',
          'projection.report_date.range': '2021/01/01,NOW',
          'projection.report_date.interval': '1',
          'projection.report_date.interval.unit': 'DAYS',
          'projection.report_plan.type': 'enum',
          'projection.report_plan.values': 'production_resource_compliance',
          'storage.location.template': join('s3://', BUCKET, '/${environment}/Backup/${region}/${report_date}/${report_plan}/'),
        },
        StorageDescriptor: Match.objectLike({
          Location: join('s3://', BUCKET, '/'),
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'ignore.malformed.json': 'true', 'case.insensitive': 'true' } },
          Columns: [{
            Name: 'reportitems',
            Type: 'array<struct<accountid:string,region:string,frameworkname:string,frameworkdescription:string,controlname:string,' +
              'resourceid:string,resourcetype:string,resourcecompliancestatus:string,lastevaluationtime:string>>',
          }],
        }),
      },
    });
  });

  test('CSV only: CSV tables, header skipped, one string column a documented field', () => {
    const { stack } = auditStack([ReportFormat.CSV], [ReportTemplate.CONTROL_COMPLIANCE_REPORT]);
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'control_compliance_report',
        Parameters: Match.objectLike({ 'classification': 'csv', 'skip.header.line.count': '1' }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', Parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' } },
          Columns: ['accountid', 'region', 'frameworkname', 'frameworkdescription', 'controlname', 'controlcompliancestatus', 'lastevaluationtime',
            'numresourcescompliant', 'numresourcesnoncompliant', 'controlfrequency', 'controlscope', 'controlparameters'].map((n) => ({ Name: n, Type: 'string' })),
        }),
      }),
    });
  });

  test('an Athena workgroup with enforced configuration, encrypted results, a scan limit and CloudWatch metrics', () => {
    const { stack } = auditStack();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 1073741824,
        ResultConfiguration: {
          OutputLocation: join('s3://', { Ref: Match.stringLikeRegexp('AnalyticsResultBucket') }, '/results/'),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireQueryResults', ExpirationInDays: 30, Status: 'Enabled' })] },
      }),
    });
  });

  test('a KMS key encrypts the results with SSE-KMS', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    new BackupAudit(stack, 'Audit', { environmentName: 'dev', analytics: { resultEncryptionKey: key, resultExpiration: Duration.days(7) } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } } }),
      }),
    });
    t.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] } });
  });

  test('saved queries: non-compliant resources by environment, failed jobs of the last 7 days, recovery points older than their rule allows', () => {
    const { stack } = auditStack();
    const t = Template.fromStack(stack);
    const queries = Object.values(t.findResources('AWS::Athena::NamedQuery')).map((q: any) => q.Properties);
    expect(queries.map((q) => q.Name).sort()).toEqual(['failed_jobs_last_7_days', 'non_compliant_resources_by_environment', 'recovery_points_older_than_rule_allows']);
    for (const q of queries) {
      expect(q.Database).toMatch(/^[a-z0-9_]+$/);
      expect(q.WorkGroup).toEqual({ Ref: expect.stringMatching(/AnalyticsWorkGroup/) });
    }
    const sql = Object.fromEntries(queries.map((q) => [q.Name, q.QueryString as string]));
    expect(sql.non_compliant_resources_by_environment).toContain('CROSS JOIN UNNEST(r.reportitems) AS t(i)');
    expect(sql.non_compliant_resources_by_environment).toContain("i.resourcecompliancestatus = 'NON_COMPLIANT'");
    expect(sql.non_compliant_resources_by_environment).toMatch(/SELECT r\.environment,/);
    expect(sql.failed_jobs_last_7_days).toContain("interval '7' day");
    expect(sql.failed_jobs_last_7_days).toContain("i.jobstatus IN ('FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL')");
    for (const table of ['backup_job_report', 'copy_job_report', 'restore_job_report']) {
      expect(sql.failed_jobs_last_7_days).toContain(`."${table}" r`);
    }
    expect(sql.recovery_points_older_than_rule_allows)
      .toContain("date_add('day', try_cast(i.deleteafterdays AS integer), from_iso8601_timestamp(i.creationdate)) < current_timestamp");
  });

  test('only the queries whose templates are delivered; CSV tables are read without UNNEST', () => {
    const { stack } = auditStack([ReportFormat.CSV], [ReportTemplate.CONTROL_COMPLIANCE_REPORT, ReportTemplate.BACKUP_JOB_REPORT]);
    const queries = Object.values(Template.fromStack(stack).findResources('AWS::Athena::NamedQuery')).map((q: any) => q.Properties);
    expect(queries.map((q) => q.Name).sort()).toEqual(['failed_jobs_last_7_days', 'recovery_points_older_than_rule_allows']);
    const failed = queries.find((q) => q.Name === 'failed_jobs_last_7_days')!.QueryString;
    expect(failed).toContain('."backup_job_report" i');
    expect(failed).not.toContain('UNNEST');
    expect(failed).not.toContain('copy_job_report');
  });

  test('several environments in one bucket: one table a template, the environment partition lists their prefixes', () => {
    const stack = testStack();
    const bucket = new BackupReportBucket(stack, 'Reports');
    const plans = ['production', 'staging'].map((env) => new BackupReportPlans(stack, `Plans-${env}`, {
      bucket: bucket.bucket, keyPrefix: `reports/${env}`, templates: [ReportTemplate.BACKUP_JOB_REPORT], reportPlanNamePrefix: env,
    }));
    new BackupReportAnalytics(stack, 'Analytics', { reportPlans: plans, bucket: bucket.bucket, regions: ['eu-west-1', 'eu-central-1'], databaseName: 'backup_reports' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Glue::Table', 1);
    t.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'backup_reports',
      TableInput: Match.objectLike({
        Name: 'backup_job_report',
        Parameters: Match.objectLike({
          'classification': 'csv',
          'projection.environment.values': 'reports/production,reports/staging',
          'projection.region.values': 'eu-west-1,eu-central-1',
          'projection.report_plan.values': 'production_backup_job,staging_backup_job',
        }),
      }),
    });
  });

  test('an environment-agnostic stack: the region partition is the deploy region', () => {
    const stack = testStack();
    new BackupAudit(stack, 'Audit', { environmentName: 'dev', analytics: {} });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Parameters: Match.objectLike({ 'projection.region.values': { Ref: 'AWS::Region' } }) }),
    });
  });

  describe('validation', () => {
    function build(props: any, plansProps: any = {}) {
      const stack = testStack();
      const bucket = new s3.Bucket(stack, 'B');
      const plans = new BackupReportPlans(stack, 'Plans', { bucket, keyPrefix: 'dev', templates: [ReportTemplate.BACKUP_JOB_REPORT], ...plansProps });
      return () => new BackupReportAnalytics(stack, 'Analytics', { reportPlans: [plans], bucket, ...props });
    }
    test.each([
      ['databaseName', { databaseName: 'Backup-Reports' }, {}, 'S/Analytics: databaseName (Backup-Reports) must be 1 to 255 lower-case letters, digits or underscores (Athena\'s rule for Glue databases)'],
      ['workGroupName', { workGroupName: 'audit reports' }, {}, 'S/Analytics: workGroupName (audit reports) must be 1 to 128 letters, digits, ".", "_" or "-" (Athena\'s rule)'],
      ['bytesScannedCutoffPerQuery', { bytesScannedCutoffPerQuery: 1_000 }, {}, 'S/Analytics: bytesScannedCutoffPerQuery (1000) must be a whole number of bytes, at least 10485760 (Athena\'s minimum)'],
      ['regions', { regions: [] }, {}, 'S/Analytics: regions is empty: name at least one region whose reports are queried'],
      ['reportPlans', { reportPlans: [] }, {}, 'S/Analytics: reportPlans is empty: name the report plans whose reports are queried'],
      ['resultExpiration', { resultExpiration: Duration.hours(12) }, {}, 'S/Analytics: resultExpiration (12 hours) must be a whole number of days, at least 1 day (S3 lifecycle rule)'],
      ['keyPrefix missing', {}, { keyPrefix: undefined }, 'S/Analytics: reportPlans (S/Plans) need a literal keyPrefix and report plan names: they are the environment and report_plan partitions'],
      ['keyPrefix with a comma', {}, { keyPrefix: 'dev,test' }, 'S/Analytics: reportPlans (S/Plans): keyPrefix (dev,test) must hold no comma or space (a partition projection value)'],
    ])('%s', (_what, props, plansProps, message) => {
      expect(build(props, plansProps)).toThrow(message);
    });

    test('report plans of another bucket are refused', () => {
      const stack = testStack();
      const plans = new BackupReportPlans(stack, 'Plans', { bucket: new s3.Bucket(stack, 'A'), keyPrefix: 'dev', templates: [ReportTemplate.BACKUP_JOB_REPORT] });
      expect(() => new BackupReportAnalytics(stack, 'Analytics', { reportPlans: [plans], bucket: new s3.Bucket(stack, 'B') }))
        .toThrow('S/Analytics: reportPlans (S/Plans) deliver to another bucket than bucket (S/B): the tables read one bucket');
    });
  });

  test('a custom template (ReportTemplate.of) gets no table and a warning', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'B');
    const plans = new BackupReportPlans(stack, 'Plans', { bucket, keyPrefix: 'dev', templates: [ReportTemplate.of('NEW_JOB_REPORT')] });
    new BackupReportAnalytics(stack, 'Analytics', { reportPlans: [plans], bucket });
    Template.fromStack(stack).resourceCountIs('AWS::Glue::Table', 0);
    Annotations.fromStack(stack).hasWarning('/S/Analytics', Match.stringLikeRegexp('NEW_JOB_REPORT reports \\(S/Plans\\) get no table: this library knows no documented columns'));
  });

  test('SCAN_JOB_REPORT gets no table (AWS publishes no sample of its fields) and an info annotation saying so; the other templates get theirs', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'B');
    const plans = new BackupReportPlans(stack, 'Plans', { bucket, keyPrefix: 'dev', templates: [ReportTemplate.BACKUP_JOB_REPORT, ReportTemplate.SCAN_JOB_REPORT] });
    new BackupReportAnalytics(stack, 'Analytics', { reportPlans: [plans], bucket });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Glue::Table', 1);
    t.hasResourceProperties('AWS::Glue::Table', { TableInput: { Name: 'backup_job_report' } });
    const annotations = Annotations.fromStack(stack);
    annotations.hasInfo('/S/Analytics', Match.stringLikeRegexp('^SCAN_JOB_REPORT reports \\(S/Plans\\) get no table: AWS publishes no sample of the scan job report, so its columns are unverified'));
    annotations.hasNoWarning('/S/Analytics', Match.anyValue());
  });

  test('cfn-lint and cdk-nag: clean', () => {
    const { app, stack } = auditStack();
    const csv = auditStack([ReportFormat.CSV]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-analytics-'));
    const files = [stack, csv.stack].map((s, i) => {
      const file = path.join(dir, `template${i}.json`);
      fs.writeFileSync(file, JSON.stringify(Template.fromStack(s).toJSON()));
      return file;
    });
    expect(cfnLint(files)).toEqual([]);
    // What is left is the report bucket's server access logs, the user's choice (see test/audit/nag.test.ts).
    expect(unacknowledgedNagFindings(app)).toEqual(['AwsSolutions-S1 S/BackupReportBucket/Bucket/Resource']);
  });
});
