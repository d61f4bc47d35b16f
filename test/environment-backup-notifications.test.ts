import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BackupVaultEvent, EnvironmentBackup, EnvironmentTier, NotificationFilter, SlackWebhook } from '../src';
import { snsDelivers } from './support/sns-filter-evaluator';
import { testStack } from './support/stack';

describe('notifications through EnvironmentBackup', () => {
  const s = testStack();
  const secret = secretsmanager.Secret.fromSecretNameV2(s, 'Webhook', 'backup/slack-webhook');
  const prod = new EnvironmentBackup(s, 'Prod', {
    environmentName: 'production',
    notifications: { slack: SlackWebhook.fromSecret(secret), emailAddresses: ['sre@example.com'] },
  });
  new EnvironmentBackup(s, 'Stg', {
    environmentName: 'staging',
    tier: EnvironmentTier.STAGING,
    notifications: { slack: SlackWebhook.fromSecret(secret), filter: NotificationFilter.states(['FAILED']), events: [BackupVaultEvent.BACKUP_JOB_COMPLETED] },
  });
  const t = Template.fromStack(s);

  test('each environment has its own encrypted topic, notified by its vault', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'production-backup-notifications', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'staging-backup-vault',
      Notifications: { BackupVaultEvents: ['BACKUP_JOB_COMPLETED'], SNSTopicArn: { Ref: Match.stringLikeRegexp('StgNotificationsTopic') } },
    });
    const prodEvents = Object.values(t.findResources('AWS::Backup::BackupVault'))
      .find((v) => v.Properties.BackupVaultName === 'production-backup-vault')!.Properties.Notifications.BackupVaultEvents;
    expect(prodEvents).toContain('BACKUP_JOB_COMPLETED');
    expect(prodEvents).not.toContain('BACKUP_JOB_FAILED'); // deprecated, never sent
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'production-backup-notifications' });
    expect(s.resolve(prod.topic.topicArn)).toEqual({ Ref: expect.stringMatching(/^ProdNotificationsTopic/) });
  });

  test('one Slack forwarder for both environments, each subscription with its own filter', () => {
    t.resourceCountIs('AWS::Lambda::Function', 1);
    const subs = Object.values(t.findResources('AWS::SNS::Subscription'))
      .filter((r) => r.Properties.Protocol === 'sqs' && !JSON.stringify(r.Properties.TopicArn).includes('AlarmTopic'));
    expect(subs).toHaveLength(2);
    for (const sub of subs) expect(sub.Properties.FilterPolicyScope).toBe('MessageAttributes');
    expect(subs.map((sub) => JSON.stringify(sub.Properties.FilterPolicy))).toEqual(expect.arrayContaining([
      expect.stringContaining('$or'),
      JSON.stringify({ State: ['FAILED'] }),
    ]));
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'sre@example.com' });
  });

  test('the alarms go to the environment topic (e-mail and other subscribers) and, unfiltered, to Slack through the alarm forwarding topic', () => {
    for (const alarmName of ['production-BackupJobsFailed', 'production-NoBackupJobCompleted']) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: alarmName,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('ProdNotificationsTopic') }, { Ref: Match.stringLikeRegexp('SlackForwarder.*AlarmTopic') }],
      });
    }
    // The alarm forwarding topic's subscription has no filter: an attribute-less alarm passes.
    const alarmSubs = Object.values(t.findResources('AWS::SNS::Subscription'))
      .filter((r) => JSON.stringify(r.Properties.TopicArn).includes('AlarmTopic'));
    expect(alarmSubs).toHaveLength(1);
    expect(alarmSubs[0].Properties.FilterPolicy).toBeUndefined();
    expect(snsDelivers(alarmSubs[0].Properties.FilterPolicy, {})).toBe(true);
  });

  test('the heartbeat: no backup job completed within the plan\'s window, missing data breaching', () => {
    // PRODUCTION: daily at 05:00 (1 h start + 8 h completion) and monthly (1 h + 24 h completion):
    // 24 h gap + 25 h + 10% slack = 54 h.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'production-NoBackupJobCompleted',
      Namespace: 'AWS/Backup',
      MetricName: 'NumberOfBackupJobsCompleted',
      Dimensions: [{ Name: 'BackupVaultName', Value: Match.anyValue() }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 54,
      DatapointsToAlarm: 54,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    const heartbeat = Object.values(t.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === 'production-NoBackupJobCompleted')!;
    expect(heartbeat.Properties.AlarmDescription).toEqual({
      'Fn::Join': ['', [
        'production: no backup job completed in backup vault ',
        { 'Fn::GetAtt': [expect.stringMatching(/^ProdVault/), 'BackupVaultName'] },
        expect.stringMatching(/^ for 54 hours .*selection tags.*plan.*IAM role/),
      ]],
    });
  });
});

describe('who may publish to the environment topic', () => {
  const alarmsOfProduction = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:production-*']] };
  test('AWS Backup of the account, and only the alarms named after the environment (one statement each)', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Prod', { environmentName: 'production' });
    const t = Template.fromStack(s);
    const statements = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement;
    const cloudwatch = statements.filter((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0].Condition.ArnLike).toEqual({ 'aws:SourceArn': alarmsOfProduction });
    expect(statements.filter((st: any) => st.Principal?.Service === 'backup.amazonaws.com')).toHaveLength(1);
    const keyStatements = Object.values(t.findResources('AWS::KMS::Key'))
      .flatMap((k) => k.Properties.KeyPolicy.Statement)
      .filter((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(keyStatements).toHaveLength(1);
    expect(keyStatements[0].Condition.ArnLike).toEqual({ 'aws:SourceArn': alarmsOfProduction });
  });
});
