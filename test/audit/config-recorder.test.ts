import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupConfigRecorder } from '../../src/audit';
import { testStack } from '../support/stack';

describe('BackupConfigRecorder', () => {
  test('records only the AWS Backup resource types and resource compliance and delivers to the bucket', () => {
    const s = testStack();
    const bucket = new s3.Bucket(s, 'B');
    new BackupConfigRecorder(s, 'Config', { bucket });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: {
        AllSupported: false,
        IncludeGlobalResourceTypes: false,
        ResourceTypes: ['AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', 'AWS::Backup::BackupVault', 'AWS::Backup::RecoveryPoint',
          'AWS::Config::ResourceCompliance'],
        RecordingStrategy: { UseOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
      },
      RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('ConfigRole'), 'Arn'] },
    });
    t.hasResourceProperties('AWS::Config::DeliveryChannel', { S3BucketName: { Ref: Match.stringLikeRegexp('^B') }, S3KeyPrefix: 'config' });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'config.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })],
      },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
    });
    // the role may write only under the Config prefix of this account
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, '/config/AWSLogs/', { Ref: 'AWS::AccountId' }, '/Config/*']] },
        })]),
      },
    });
    const channels = Object.values(t.findResources('AWS::Config::DeliveryChannel'));
    expect(channels[0].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/ConfigRecorder/)]));
  });

  test.each(['', '/config', 'config/'])('invalid key prefix "%s" fails', (keyPrefix) => {
    const s = testStack();
    expect(() => new BackupConfigRecorder(s, 'C', { bucket: new s3.Bucket(s, 'B'), keyPrefix }))
      .toThrow(/keyPrefix \(.*\) must be non-empty and neither start nor end with "\/"/);
  });
});
