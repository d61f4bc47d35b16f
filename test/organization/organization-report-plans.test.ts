import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OrganizationBackup, OrganizationReportPlans, ReportFormat, ReportTemplate } from '../../src';
import { unacknowledgedNagFindings } from '../support/nag';

function stack() {
  const app = new App();
  return { app, stack: new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } }) };
}
const base = { organizationalUnitIds: ['ou-ab12-prod0001'], regions: ['eu-west-1'] };

describe('OrganizationReportPlans', () => {
  test('job reports over OUs, accounts and regions, CSV, to the bucket', () => {
    const { stack: s } = stack();
    new OrganizationReportPlans(s, 'Reports', { ...base, bucket: new s3.Bucket(s, 'B'), accounts: ['ROOT'] });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::ReportPlan', 3);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'organization_backup_job',
      ReportDeliveryChannel: { S3BucketName: { Ref: Match.stringLikeRegexp('^B') }, S3KeyPrefix: 'organization', Formats: ['CSV'] },
      ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', OrganizationUnits: ['ou-ab12-prod0001'], Accounts: ['ROOT'], Regions: ['eu-west-1'] },
    });
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportPlanName: 'organization_restore_job', ReportSetting: Match.objectLike({ ReportTemplate: 'RESTORE_JOB_REPORT' }) });
  });

  test('the scan job report and a custom template (ReportTemplate.of) over the organization; a malformed one fails', () => {
    const { stack: s } = stack();
    const bucket = new s3.Bucket(s, 'B');
    new OrganizationReportPlans(s, 'Reports', { ...base, bucket, templates: [ReportTemplate.SCAN_JOB_REPORT, ReportTemplate.of('NEW_JOB_REPORT')] });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::ReportPlan', 2);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'organization_scan_job', ReportSetting: { ReportTemplate: 'SCAN_JOB_REPORT', FrameworkArns: Match.absent(), OrganizationUnits: ['ou-ab12-prod0001'] },
    });
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'organization_new_job', ReportSetting: { ReportTemplate: 'NEW_JOB_REPORT', FrameworkArns: Match.absent(), Regions: ['eu-west-1'] },
    });
    expect(() => new OrganizationReportPlans(s, 'Bad', { ...base, bucket, templates: [ReportTemplate.of('new-job-report')] }))
      .toThrow(/Management\/Bad: templates \("new-job-report"\) is not a report template name/);
  });

  test('CSV only: AWS delivers cross-account reports in CSV', () => {
    const { stack: s } = stack();
    expect(() => new OrganizationReportPlans(s, 'Reports', { ...base, bucket: new s3.Bucket(s, 'B'), formats: [ReportFormat.CSV, ReportFormat.JSON] })).toThrow(
      'Management/Reports: formats (CSV, JSON) must be [CSV]: AWS Backup delivers cross-account reports in CSV only');
  });

  test('compliance reports need frameworks; OUs, accounts and regions are checked', () => {
    const { stack: s } = stack();
    const bucket = new s3.Bucket(s, 'B');
    expect(() => new OrganizationReportPlans(s, 'R1', { ...base, bucket, templates: [ReportTemplate.CONTROL_COMPLIANCE_REPORT] })).toThrow(
      'templates (CONTROL_COMPLIANCE_REPORT) need frameworkArns: a compliance report covers frameworks');
    expect(() => new OrganizationReportPlans(s, 'R2', { ...base, bucket, organizationalUnitIds: ['ou-x'] })).toThrow("organizationalUnitIds: 'ou-x' must be an OU id");
    expect(() => new OrganizationReportPlans(s, 'R3', { ...base, bucket, accounts: ['12'] })).toThrow("accounts: '12' must be an account id of 12 digits");
    expect(() => new OrganizationReportPlans(s, 'R4', { ...base, bucket, regions: ['europe'] })).toThrow("regions: 'europe' is not a region code");
    expect(() => new OrganizationReportPlans(s, 'R5', { ...base, bucket, regions: ['*'] })).not.toThrow();
  });
});

describe('OrganizationBackup reports', () => {
  test('cover every environment\'s OUs and regions (also those added later), in a report bucket of this account', () => {
    const { app, stack: s } = stack();
    const org = new OrganizationBackup(s, 'Org', {
      organizationId: 'o-abcdef1234',
      reports: {},
      environments: [{ environmentName: 'production', organizationalUnitIds: ['ou-ab12-prod0001'], regions: ['eu-west-1', 'us-east-1'] }],
    });
    org.addEnvironment({ environmentName: 'staging', organizationalUnitIds: ['ou-ab12-stag0001'], regions: ['eu-west-1'] });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportSetting: {
        ReportTemplate: 'COPY_JOB_REPORT',
        OrganizationUnits: ['ou-ab12-prod0001', 'ou-ab12-stag0001'],
        Regions: ['eu-west-1', 'us-east-1'],
      },
    });
    const [plan] = Object.values(t.findResources('AWS::Backup::ReportPlan')) as any[];
    expect(plan.DependsOn.some((d: string) => /ReportBucket.*Policy/.test(d))).toBe(true);
    expect(s.resolve(org.reportBucket!.bucket.bucketName)).toEqual({ Ref: expect.stringMatching(/^OrgReportBucket[0-9A-F]{8}$/) });
    t.hasResourceProperties('AWS::Backup::ReportPlan', { ReportDeliveryChannel: Match.objectLike({ S3BucketName: s.resolve(org.reportBucket!.bucket.bucketName) }) });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowBackupAuditManagerReports', Action: 's3:PutObject' })]) },
    });
    expect(unacknowledgedNagFindings(app)).toEqual(['AwsSolutions-S1 Management/Org/ReportBucket/Bucket/Resource']);
  });
});
