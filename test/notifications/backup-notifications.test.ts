import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BackupNotifications, BackupVaultEvent, NotificationFilter, SlackForwarder, SlackWebhook } from '../../src/notifications';
import { unacknowledgedNagFindings } from '../support/nag';
import { TEST_ENV, testStack } from '../support/stack';

function stack(): Stack {
  return testStack({ env: TEST_ENV });
}

describe('BackupNotifications', () => {
  test('topic, vault events, e-mail and other subscribers, Slack with the default filter', () => {
    const s = stack();
    const vault = new backup.BackupVault(s, 'Vault');
    const queue = new sqs.Queue(s, 'Queue');
    const n = new BackupNotifications(s, 'Notifications', {
      vault,
      environmentName: 'production',
      events: [BackupVaultEvent.BACKUP_JOB_COMPLETED],
      emailAddresses: ['sre@example.com'],
      subscriptions: [new subscriptions.SqsSubscription(queue)],
      slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'Webhook', 'backup/slack-webhook')),
    });
    expect(n.slackForwarder).toBeInstanceOf(SlackForwarder);
    const t = Template.fromStack(s);
    // The key the topic is encrypted with.
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: s.resolve(n.encryptionKey!.keyArn) });
    t.hasResourceProperties('AWS::Backup::BackupVault', { Notifications: { BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] } });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'sre@example.com' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs' });
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs', FilterPolicy: NotificationFilter.failuresOnly().render(s), FilterPolicyScope: 'MessageAttributes',
    });
  });

  test('20 environments of a stack share one Slack forwarder', () => {
    const s = stack();
    for (let i = 0; i < 20; i++) {
      const env = new Construct(s, `Environment${i}`);
      new BackupNotifications(env, 'Notifications', {
        vault: new backup.BackupVault(env, `Vault${i}`),
        environmentName: `env${i}`,
        // each environment imports the secret on its own: still one forwarder
        slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(env, `Webhook${i}`, 'backup/slack-webhook')),
      });
    }
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::SNS::Topic', 21); // + the forwarder's alarm forwarding topic
    t.resourceCountIs('AWS::SNS::Subscription', 21); // one per environment topic + the alarm forwarding topic's
    t.resourceCountIs('AWS::SQS::Queue', 2);
    expect(s.node.children.filter((c) => c instanceof SlackForwarder)).toHaveLength(1);
  });

  test('without slack: no function', () => {
    const s = stack();
    new BackupNotifications(s, 'Notifications', { vault: new backup.BackupVault(s, 'Vault') });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.hasResourceProperties('AWS::Backup::BackupVault', { Notifications: { SNSTopicArn: Match.anyValue() } });
  });

  test('rejects a filter without slack', () => {
    const s = stack();
    expect(() => new BackupNotifications(s, 'Notifications', { vault: new backup.BackupVault(s, 'Vault'), filter: NotificationFilter.all() }))
      .toThrow(/S\/Notifications: filter is set without slack/);
  });

  test('a JavaScript caller without vault gets our error, not a TypeError', () => {
    const s = stack();
    expect(() => new BackupNotifications(s, 'Notifications', {} as any)).toThrow(/S\/Notifications: vault is required/);
  });

  test('rejects a malformed e-mail address', () => {
    const s = stack();
    expect(() => new BackupNotifications(s, 'Notifications', { vault: new backup.BackupVault(s, 'Vault'), emailAddresses: ['sre.example.com'] }))
      .toThrow(/emailAddresses\[0\] \("sre.example.com"\) is not an e-mail address/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test('nothing is left: SQS3 and IAM5 are acknowledged in code, the runtime is the newest (no L1)', () => {
    const app = new App();
    const s = new Stack(app, 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    new BackupNotifications(s, 'Notifications', {
      vault: new backup.BackupVault(s, 'Vault'),
      slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'Webhook', 'backup/slack-webhook')),
      environmentName: 'production',
    });
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });
});

describe('BackupNotifications.grantAlarmPublish', () => {
  test('without allowCloudWatchAlarms, the alarms named by the pattern (only) may publish and use the key', () => {
    const s = stack();
    const n = new BackupNotifications(s, 'Notifications', { vault: new backup.BackupVault(s, 'Vault'), allowCloudWatchAlarms: false });
    expect(n.grantAlarmPublish('production-*').success).toBe(true);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:111122223333:alarm:production-*']] } },
    };
    const t = Template.fromStack(s);
    const [policy] = Object.values(t.findResources('AWS::SNS::TopicPolicy'));
    expect(policy.Properties.PolicyDocument.Statement.filter((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com'))
      .toEqual([expect.objectContaining({ Action: 'sns:Publish', Condition: conditions })]);
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: conditions })]) },
    });
  });
});
