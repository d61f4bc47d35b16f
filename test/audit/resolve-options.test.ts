import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EnvironmentBackup } from '../../src';
import { BackupAudit, BackupReportBucket } from '../../src/audit';
import { stack } from '../support/stack';

// audit.reportBucket: deprecated for one minor version, replaced by audit.bucket (reportBucket.bucket).
describe('the deprecated reportBucket still works, with a warning naming bucket', () => {
  test('reportBucket: r is bucket: r.bucket: the same template', () => {
    const template = (audit: (r: BackupReportBucket) => object) => {
      const s = stack();
      const reports = new BackupReportBucket(s, 'Reports');
      new EnvironmentBackup(s, 'E', { environmentName: 'dev', audit: audit(reports) });
      return s;
    };
    const old = template((r) => ({ reportBucket: r }));
    const now = template((r) => ({ bucket: r.bucket }));
    expect(Template.fromStack(old).toJSON()).toEqual(Template.fromStack(now).toJSON());
    Template.fromStack(now).resourceCountIs('AWS::S3::Bucket', 1);
    Template.fromStack(now).hasResource('AWS::Backup::ReportPlan', {
      Properties: { ReportDeliveryChannel: Match.objectLike({ S3BucketName: { Ref: Match.stringLikeRegexp('^ReportsBucket') } }) },
      DependsOn: [Match.stringLikeRegexp('^ReportsBucketPolicy')],
    });
    Annotations.fromStack(old).hasWarning('/S/E', Match.stringLikeRegexp(
      'audit\\.reportBucket is deprecated and will be removed in the next minor version: use audit\\.bucket: reportBucket\\.bucket' +
      '.*cdk-environment-backup:deprecated:AuditOptions\\.reportBucket'));
    Annotations.fromStack(now).hasNoWarning('*', Match.stringLikeRegexp('deprecated'));
  });

  test('on BackupAudit alone, the warning names its own props', () => {
    const s = stack();
    const reports = new BackupReportBucket(s, 'Reports');
    const audit = new BackupAudit(s, 'Audit', { environmentName: 'dev', reportBucket: reports });
    expect(audit.bucket).toBe(reports.bucket);
    Annotations.fromStack(s).hasWarning('/S/Audit', Match.stringLikeRegexp('^reportBucket is deprecated .*use bucket: reportBucket\\.bucket'));
  });
});

describe('reportBucket and bucket together fail', () => {
  test('on EnvironmentBackup and on BackupAudit', () => {
    const s = stack();
    const reports = new BackupReportBucket(s, 'R');
    const own = s3.Bucket.fromBucketName(s, 'B', 'bbb');
    expect(() => new EnvironmentBackup(s, 'E', { environmentName: 'dev', audit: { reportBucket: reports, bucket: own } }))
      .toThrow('S/E: audit.reportBucket (deprecated) and audit.bucket are both set, and they make the same choice: remove audit.reportBucket');
    expect(() => new BackupAudit(s, 'Audit', { environmentName: 'dev', reportBucket: reports, bucket: own }))
      .toThrow('S/Audit: reportBucket (deprecated) and bucket are both set, and they make the same choice: remove reportBucket');
  });
});

test('an imported bucket: the report plans depend on nothing', () => {
  const s = stack();
  new BackupAudit(s, 'Audit', { environmentName: 'dev', bucket: s3.Bucket.fromBucketName(s, 'Own', 'my-reports') });
  Template.fromStack(s).hasResource('AWS::Backup::ReportPlan', { DependsOn: Match.absent() });
});
