import { Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentBackup, EnvironmentTier } from '../../../src';
import { testStack } from '../../support/stack';

// protect() (src/selection/private/protections.ts): the selection tags on a construct, an imported resource
// by its ARN, and one value per tag key across environments.

function stack(): Stack {
  return testStack();
}

describe('protect()', () => {
  test('protect() tags a construct and its children with every selection tag', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production', selection: { tags: { a: '1', b: '2' } } });
    const table = new dynamodb.Table(s, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    env.protect(table);
    Template.fromStack(s).hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]),
    });
  });

  test('protect() of an imported table selects it by ARN, since tags cannot reach it', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production' });
    env.protect(dynamodb.Table.fromTableName(s, 'Orders', 'orders'));
    env.protect(s3.Bucket.fromBucketName(s, 'Bucket', 'invoices'));
    env.protect(rds.DatabaseCluster.fromDatabaseClusterAttributes(s, 'Db', { clusterIdentifier: 'billing' }));
    const selections = Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupSelection')).map((r) => r.Properties.BackupSelection);
    const byResources = selections.find((b) => b.SelectionName === 'production-selection-resources');
    expect(byResources.Resources).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/orders']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::invoices']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster:billing']] },
    ]);
    // the tag selection is still there, and the same role backs both up
    expect(selections.map((b) => b.SelectionName).sort()).toEqual(['production-selection-resources', 'production-selection-tags']);
  });

  test('protect() of an imported resource AWS Backup cannot select by ARN fails, saying what to do', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production' });
    const topic = sns.Topic.fromTopicArn(s, 'Topic', 'arn:aws:sns:eu-west-1:111122223333:t');
    expect(() => env.protect(topic)).toThrow(/^S\/E: protect\(S\/Topic\): the construct is imported \(no CloudFormation resource of this app is under it\), so tags cannot reach it, .*add its ARN to selection.resources$/);
  });

  test('protect() of the same construct by two environments sharing the tag key fails: the last tag would win', () => {
    const s = stack();
    const prod = new EnvironmentBackup(s, 'Prod', { environmentName: 'production' });
    const stg = new EnvironmentBackup(s, 'Stg', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    const table = new dynamodb.Table(s, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    prod.protect(table);
    prod.protect(table); // twice by the same environment is fine
    expect(() => stg.protect(table)).toThrow(
      /^S\/Stg: protect\(S\/Table\): S\/Prod.protect\(\) already tagged it backup:environment=production, and this environment would tag it backup:environment=staging: a resource carries one value per tag key/);
    // a parent protected by one environment and a child by the other collide too
    const group = new Construct(s, 'Group');
    const child = new dynamodb.Table(group, 'Child', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    stg.protect(child);
    expect(() => prod.protect(group)).toThrow(/protect\(S\/Group\): S\/Stg.protect\(\) already tagged S\/Group\/Child backup:environment=staging/);
    // environments with different tag keys may both protect it: both back it up
    const other = new EnvironmentBackup(s, 'Other', { environmentName: 'dr', selection: { tags: { 'backup:dr': 'yes' } } });
    other.protect(table);
  });

  test('selection by resources only: no tag selection, and protect() explains what to do', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', {
      environmentName: 'arns',
      selection: { selectByTags: false, resources: ['arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1'] },
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::BackupSelection', 1);
    expect(env.selectionTags).toEqual({});
    expect(() => env.protect(testStack({ id: 'Other' }))).toThrow(/protect\(Other\) needs selection tags.*add the resource's ARN to selection\.resources/);
  });

  test('tags applied with Tags.of() on a parent reach the protected resource too', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'production' });
    const table = new dynamodb.Table(s, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    Tags.of(s).add('owner', 'sre');
    env.protect(table);
    Template.fromStack(s).hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: 'backup:environment', Value: 'production' }, { Key: 'owner', Value: 'sre' }]),
    });
  });
});
