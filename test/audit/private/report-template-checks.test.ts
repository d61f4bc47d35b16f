import { Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup, EnvironmentTier, ReportTemplate } from '../../../src';
import { testStack } from '../../support/stack';

// The report templates the AWS Backup API lists (botocore's ReportSetting.ReportTemplate
// documentation): RESOURCE_COMPLIANCE_REPORT | CONTROL_COMPLIANCE_REPORT | BACKUP_JOB_REPORT |
// COPY_JOB_REPORT | RESTORE_JOB_REPORT | SCAN_JOB_REPORT.
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportSetting.html

function reportTemplates(t: Template): string[] {
  return Object.values(t.findResources('AWS::Backup::ReportPlan')).map((p) => p.Properties.ReportSetting.ReportTemplate);
}

describe('the SCAN_JOB_REPORT of environments that scan for malware', () => {
  test('ReportTemplate knows every template of the AWS Backup API', () => {
    expect(ReportTemplate.known().map((t) => t.value)).toEqual([
      'RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT', 'BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'RESTORE_JOB_REPORT', 'SCAN_JOB_REPORT',
    ]);
    expect(ReportTemplate.known().filter((t) => t.coversFrameworks))
      .toEqual([ReportTemplate.RESOURCE_COMPLIANCE_REPORT, ReportTemplate.CONTROL_COMPLIANCE_REPORT]);
  });

  test('an environment with malware scanning and audit reports gets the scan job report by default', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Env', { environmentName: 'production', malwareScanning: {}, audit: {} });
    const t = Template.fromStack(s);
    expect(reportTemplates(t)).toEqual(['CONTROL_COMPLIANCE_REPORT', 'BACKUP_JOB_REPORT', 'SCAN_JOB_REPORT']);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'production_scan_job',
      ReportDeliveryChannel: { S3KeyPrefix: 'production', Formats: ['CSV'] },
      ReportSetting: { ReportTemplate: 'SCAN_JOB_REPORT', FrameworkArns: Match.absent() },
    });
  });

  test('without malware scanning the defaults are unchanged: control compliance and backup jobs', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Env', { environmentName: 'staging', tier: EnvironmentTier.STAGING, audit: {} });
    expect(reportTemplates(Template.fromStack(s))).toEqual(['CONTROL_COMPLIANCE_REPORT', 'BACKUP_JOB_REPORT']);
  });

  test('reportTemplates given replace the defaults, scanning or not', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Env', { environmentName: 'production', malwareScanning: {}, audit: { reportTemplates: [ReportTemplate.BACKUP_JOB_REPORT] } });
    expect(reportTemplates(Template.fromStack(s))).toEqual(['BACKUP_JOB_REPORT']);
  });

  test('an environment without scanning may ask for the scan job report', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Env', { environmentName: 'dev', tier: EnvironmentTier.DEVELOPMENT, audit: { reportTemplates: [ReportTemplate.SCAN_JOB_REPORT] } });
    expect(reportTemplates(Template.fromStack(s))).toEqual(['SCAN_JOB_REPORT']);
  });
});
