import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupAudit, BackupReportBucket } from '../../src/audit';
import { BackupMonitoring, MonitoringDashboard } from '../../src/monitoring';
import { unacknowledgedNagFindings } from '../support/nag';


describe('cdk-nag AwsSolutions', () => {
  test('audit and monitoring leave only the known findings the README acknowledges', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    new BackupAudit(s, 'Audit', { environmentName: 'production', selectionTags: { backup: 'production' }, recordBackupResourcesWithConfig: true });
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'production', alarmTopic: new sns.Topic(s, 'T', { enforceSSL: true }), onDashboard: MonitoringDashboard.own() });
    // The provider of the service-linked role (AwsCustomResource: IAM4, L1) and the Config recorder's
    // role (IAM4 AWS_ConfigRole, IAM5 its prefix) are acknowledged by the library with reasons;
    // what is left is the user's choice: server access logs of the report bucket.
    expect(unacknowledgedNagFindings(app)).toEqual([
      'AwsSolutions-S1 S/BackupReportBucket/Bucket/Resource',
    ]);
  });

  test('server access logs clear S1', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    const logs = s3.Bucket.fromBucketName(s, 'Logs', 'access-logs-bucket');
    const bucket = new BackupReportBucket(s, 'Reports', { serverAccessLogsBucket: logs, createServiceLinkedRole: false });
    new BackupAudit(s, 'Audit', { environmentName: 'dev', bucket: bucket.bucket });
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });
});
