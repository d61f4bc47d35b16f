import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup, TagOperator } from '../../../src';
import { environmentBackup, testStack } from '../../support/stack';

// The environment's selections (src/selection/private/environment-selection.ts), through EnvironmentBackup.

function stack(): Stack {
  return testStack();
}

describe('selection', () => {
  test('several tags and conditions are all combined with AND; resources and exclusions', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', {
      environmentName: 'production',
      selection: {
        tags: { 'backup:environment': 'production', 'team': 'payments' },
        conditions: [
          { key: 'service', value: 'orders-*', operator: TagOperator.STRING_LIKE },
          { key: 'backup:skip', value: 'true', operator: TagOperator.STRING_NOT_EQUALS },
        ],
        resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/legacy'],
        excludedResources: ['arn:aws:s3:::scratch-bucket'],
      },
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::BackupSelection', 2);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'production-selection-tags',
        Resources: ['*'],
        Conditions: {
          StringEquals: [
            { ConditionKey: 'aws:ResourceTag/backup:environment', ConditionValue: 'production' },
            { ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'payments' },
          ],
          StringLike: [{ ConditionKey: 'aws:ResourceTag/service', ConditionValue: 'orders-*' }],
          StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/backup:skip', ConditionValue: 'true' }],
        },
        NotResources: ['arn:aws:s3:::scratch-bucket'],
      },
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'production-selection-resources',
        Resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/legacy'],
        NotResources: ['arn:aws:s3:::scratch-bucket'],
        Conditions: Match.absent(),
      },
    });
  });

  test('allowRestores adds the restore policies', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: 'dev', allowRestores: true });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] },
      ]),
    });
  });

  test('no tags and no resources', () => {
    expect(() => environmentBackup({ selection: { selectByTags: false } })).toThrow(/selection has no tags, no conditions and no resources/);
  });

  test('more than 30 tags and conditions', () => {
    const tags = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect(() => environmentBackup({ selection: { tags } })).toThrow(/selection has 31 tags and conditions: AWS Backup allows at most 30 a selection/);
  });

});
