import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BackupAudit, BackupReportBucket } from '../../src/audit';
import { BackupMonitoring } from '../../src/monitoring';

function findings(app: App): string[] {
  const report: any = new AwsSolutionsChecks().validateScope(app);
  return report.violations
    .flatMap((v: any) => v.violatingResources.map((r: any) => `${v.ruleName.replace(/\[.*$/, '')} ${r.constructPath ?? r.resourceLogicalId}`))
    .sort();
}

describe('cdk-nag AwsSolutions', () => {
  test('audit and monitoring leave only the known findings the README acknowledges', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    new BackupAudit(s, 'Audit', { environmentName: 'production', selectionTags: { backup: 'production' }, recordBackupResourcesWithConfig: true });
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'production', alarmTopic: new sns.Topic(s, 'T', { enforceSSL: true }), createDashboard: true });
    expect(findings(app)).toEqual([
      // AwsCustomResource's provider function (creates the reports service-linked role)
      'AwsSolutions-IAM4 S/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource',
      // AWS_ConfigRole is the managed policy AWS Config documents for recorders
      'AwsSolutions-IAM4 S/BackupConfigRecorder/Role/Resource',
      // objects under the Config prefix of this account
      'AwsSolutions-IAM5 S/BackupConfigRecorder/Role/DefaultPolicy/Resource',
      'AwsSolutions-L1 S/AWS679f53fac002430cb0da5b7982bd2287/Resource',
      // default report bucket without server access logs
      'AwsSolutions-S1 S/BackupReportBucket/Bucket/Resource',
    ]);
  });

  test('server access logs clear S1', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    const logs = s3.Bucket.fromBucketName(s, 'Logs', 'access-logs-bucket');
    const bucket = new BackupReportBucket(s, 'Reports', { serverAccessLogsBucket: logs, createServiceLinkedRole: false });
    new BackupAudit(s, 'Audit', { environmentName: 'dev', reportBucket: bucket });
    expect(findings(app)).toEqual([]);
  });
});
