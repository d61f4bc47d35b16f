import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupReportBucket } from '../../src/audit';
import { stack } from '../support/stack';

const SLR_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports']],
};

describe('BackupReportBucket', () => {
  test('encrypted, versioned, public access blocked, retained, with lifecycle defaults', () => {
    const s = stack();
    new BackupReportBucket(s, 'Reports');
    const t = Template.fromStack(s);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ExpireOldReports',
            Status: 'Enabled',
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }],
        },
      },
    });
  });

  test('policy lets the reports service-linked role put objects with bucket-owner-full-control and denies plain HTTP', () => {
    const s = stack();
    new BackupReportBucket(s, 'Reports');
    Template.fromStack(s).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Sid: 'AllowBackupAuditManagerReports',
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { AWS: SLR_ARN },
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ReportsBucket'), 'Arn'] }, '/*']] },
          }),
        ]),
      },
    });
  });

  test('the service-linked role is created once a stack, idempotently, before the bucket policy', () => {
    const s = stack();
    new BackupReportBucket(s, 'A');
    new BackupReportBucket(s, 'B');
    const t = Template.fromStack(s);
    const roles = t.findResources('Custom::BackupReportsServiceLinkedRole');
    expect(Object.keys(roles)).toHaveLength(1);
    const [id, resource] = Object.entries(roles)[0];
    const create = JSON.parse(JSON.stringify(resource.Properties.Create));
    const joined = typeof create === 'string' ? create : JSON.stringify(create);
    expect(joined).toContain('createServiceLinkedRole');
    expect(joined).toContain('reports.backup.amazonaws.com');
    // the handler ignores errors whose SDK name matches: "role name has been taken" only
    const call = JSON.parse(typeof create === 'string' ? create : '{}');
    expect(call).toMatchObject({ service: 'IAM', action: 'createServiceLinkedRole', parameters: { AWSServiceName: 'reports.backup.amazonaws.com' } });
    const ignored = new RegExp(call.ignoreErrorCodesMatching);
    expect(ignored.test('InvalidInputException')).toBe(true);
    expect(ignored.test('AccessDeniedException')).toBe(false);
    expect(ignored.test('LimitExceededException')).toBe(false);
    const policies = t.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.DependsOn).toEqual(expect.arrayContaining([id]));
    }
    // least privilege: only CreateServiceLinkedRole for this service
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'iam:CreateServiceLinkedRole',
          Effect: 'Allow',
          Resource: SLR_ARN,
          Condition: { StringEquals: { 'iam:AWSServiceName': 'reports.backup.amazonaws.com' } },
        }],
      },
    });
  });

  test('createServiceLinkedRole false: no custom resource, policy still names the role', () => {
    const s = stack();
    const b = new BackupReportBucket(s, 'Reports', { createServiceLinkedRole: false });
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::BackupReportsServiceLinkedRole', 0);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { AWS: SLR_ARN } })]) },
    });
    expect(s.resolve(b.reportsRoleArn)).toEqual(SLR_ARN);
  });

  test('a KMS key: SSE-KMS with bucket key, and the key policy lets the role encrypt', () => {
    const s = stack();
    const key = new kms.Key(s, 'Key');
    new BackupReportBucket(s, 'Reports', { encryptionKey: key });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } },
        }],
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowBackupAuditManagerReports',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Principal: { AWS: SLR_ARN },
        })]),
      },
    });
    const keys = t.findResources('AWS::KMS::Key');
    expect(Object.values(keys)[0].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/BackupReportsServiceLinkedRole/)]));
  });

  test('custom lifecycle, removal policy and server access logs', () => {
    const s = stack();
    const logs = new s3.Bucket(s, 'Logs');
    new BackupReportBucket(s, 'Reports', {
      reportExpiration: Duration.days(730),
      noncurrentVersionExpiration: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
      serverAccessLogsBucket: logs,
    });
    const t = Template.fromStack(s);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: {
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 730, NoncurrentVersionExpiration: { NoncurrentDays: 7 } })] },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('Logs') }, LogFilePrefix: 'backup-reports/' },
      },
    });
  });

  test('lifecycle durations must be whole days', () => {
    expect(() => new BackupReportBucket(stack(), 'R', { reportExpiration: Duration.hours(12) }))
      .toThrow(/reportExpiration \(12 hours\) must be a whole number of days, at least 1 day/);
    expect(() => new BackupReportBucket(stack(), 'R', { noncurrentVersionExpiration: Duration.hours(36) }))
      .toThrow(/noncurrentVersionExpiration \(36 hours\) must be a whole number of days, at least 1 day/);
  });

  test('a log prefix without a log bucket fails', () => {
    expect(() => new BackupReportBucket(stack(), 'R', { serverAccessLogsPrefix: 'x/' }))
      .toThrow(/serverAccessLogsPrefix \(x\/\) needs serverAccessLogsBucket/);
  });
});
