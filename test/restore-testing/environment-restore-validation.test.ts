import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupReportAnalytics, EnvironmentBackup, NotificationFilter, RestoreValidation, RestoreValidationOptions, SlackWebhook } from '../../src';
import { formatDigest } from '../../src/notifications/slack/handler/digest';
import { parseQueueRecord } from '../../src/notifications/slack/handler/notification-parser';
import { formatMessage } from '../../src/notifications/slack/handler/slack-message';
import { sectionTexts } from '../notifications/fixtures';
import { snsDelivers } from '../support/sns-filter-evaluator';
import { TEST_ENV, testStack } from '../support/stack';

// The facade passes `restoreTesting.validation` and `audit.analytics` through to the constructs.
test('EnvironmentBackup: restoreTesting.validation validates the restore jobs of its plan', () => {
  const stack = testStack();
  const env = new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', restoreTesting: { validation: {} } });
  expect(env.restoreTesting?.validation).toBeInstanceOf(RestoreValidation);
  Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
    EventPattern: Match.objectLike({
      'detail-type': ['Restore Job State Change'],
      'detail': { restoreTestingPlanArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ProdRestoreTesting'), 'RestoreTestingPlanArn'] }], status: ['COMPLETED'] },
    }),
  });
});

test('EnvironmentBackup: failed restore validations are published to the environment\'s topic', () => {
  const stack = testStack();
  const env = new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', restoreTesting: { validation: {} } });
  const topicRef = stack.resolve(env.topic.topicArn);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ TOPIC_ARN: topicRef }) },
  });
});

test('EnvironmentBackup: audit.analytics makes tables of the environment\'s reports', () => {
  const stack = testStack();
  const env = new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', audit: { analytics: {} } });
  expect(env.audit?.analytics).toBeInstanceOf(BackupReportAnalytics);
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::Glue::Table', 2); // the default templates: control compliance, backup jobs
  t.hasResourceProperties('AWS::Glue::Table', {
    TableInput: Match.objectLike({ Name: 'backup_job_report', Parameters: Match.objectLike({ 'projection.environment.values': 'production' }) }),
  });
  t.resourceCountIs('AWS::Athena::WorkGroup', 1);
});

/*
 * The restore validation's dead-letter alarm reaches the Slack forwarder by a path an attribute-less
 * message takes (a CloudWatch alarm notification carries no message attributes, which no filter
 * policy matches: https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html), and its
 * failure notifications (EventType=RESTORE_VALIDATION, State=FAILED) pass the failures-only filter
 * and read well in Slack.
 */
describe('EnvironmentBackup with Slack: restore validation reaches Slack', () => {
  function build(validation: RestoreValidationOptions = {}) {
    const stack = testStack({ env: TEST_ENV });
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook');
    const env = new EnvironmentBackup(stack, 'Prod', {
      environmentName: 'production',
      notifications: { slack: SlackWebhook.fromSecret(secret) },
      restoreTesting: { validation },
    });
    return { stack, env, template: Template.fromStack(stack).toJSON() };
  }

  /** The subscriptions of the forwarder's buffer queue, by the topic (logical id) they subscribe. */
  function queueSubscriptions(template: any): Array<{ topicId: string; filterPolicy: any }> {
    const resources = Object.values(template.Resources as Record<string, any>);
    const esm = resources.find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    const queueId = esm.Properties.EventSourceArn['Fn::GetAtt'][0];
    return resources.filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'sqs'
      && r.Properties.Endpoint['Fn::GetAtt']?.[0] === queueId)
      .map((r) => ({ topicId: r.Properties.TopicArn.Ref, filterPolicy: r.Properties.FilterPolicy }));
  }

  test('the dead-letter alarm (ALARM and OK) reaches the forwarder\'s queue with an empty attribute set', () => {
    const { stack, env, template } = build();
    const alarm = template.Resources[stack.getLogicalId(env.restoreTesting!.validation!.deadLetterAlarm.node.defaultChild as any)];
    expect(alarm.Properties.AlarmName).toBe('production-RestoreValidationDeadLetter');
    const subscriptions = queueSubscriptions(template);
    const alarmTopicId = stack.getLogicalId(env.notifications.slackForwarder!.alarmForwardingTopic.node.defaultChild as any);
    for (const actions of [alarm.Properties.AlarmActions, alarm.Properties.OKActions] as any[][]) {
      const topics = actions.filter((a) => a.Ref).map((a) => a.Ref);
      const reaching = subscriptions.filter((s) => topics.includes(s.topicId) && snsDelivers(s.filterPolicy, {}));
      expect(reaching.map((s) => s.topicId)).toEqual([alarmTopicId]);
    }
    // The environment's topic (filtered) is still notified, but that path alone would not reach Slack.
    const envTopic = stack.getLogicalId(env.topic.node.defaultChild as any);
    expect(alarm.Properties.AlarmActions).toContainEqual({ Ref: envTopic });
    expect(subscriptions.filter((s) => s.topicId === envTopic).some((s) => snsDelivers(s.filterPolicy, {}))).toBe(false);
  });

  test('alarmTopics of the user are kept beside the forwarder\'s', () => {
    const stack = testStack({ id: 'S2' });
    const pager = new sns.Topic(stack, 'Pager');
    new EnvironmentBackup(stack, 'Prod', {
      environmentName: 'production',
      notifications: { slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook')) },
      restoreTesting: { validation: { alarmTopics: [pager] } },
    });
    const template = Template.fromStack(stack).toJSON();
    const alarm = Object.values(template.Resources as Record<string, any>).find((r) => r.Properties?.AlarmName === 'production-RestoreValidationDeadLetter');
    const refs = alarm.Properties.AlarmActions.map((a: any) => a.Ref).filter(Boolean);
    expect(refs).toEqual(expect.arrayContaining([stack.getLogicalId(pager.node.defaultChild as any), expect.stringMatching(/^SlackForwarder[0-9A-F]{8}AlarmTopic/)]));
  });

  test('a failed validation\'s notification passes the forwarder\'s failures-only filter on the environment\'s topic', () => {
    const { stack, env, template } = build();
    const envTopic = stack.getLogicalId(env.topic.node.defaultChild as any);
    const [subscription] = queueSubscriptions(template).filter((s) => s.topicId === envTopic);
    expect(subscription.filterPolicy).toEqual(NotificationFilter.failuresOnly().render(stack));
    // The attributes restore-validation-logic.ts publishes with a failure.
    const attributes = { EventType: 'RESTORE_VALIDATION', State: 'FAILED', AccountId: '111122223333', Id: 'restore-job-1', ResourceType: 'RDS' };
    expect(snsDelivers(subscription.filterPolicy, attributes)).toBe(true);
    expect(snsDelivers(NotificationFilter.failuresOnly().render(stack) as any, attributes)).toBe(true);
  });
});

describe('restore validation failures in Slack', () => {
  const message = [
    'An AWS Backup restore test completed, but the restored resource failed validation.',
    'Restore job ID : 7a1e6b2c-0000-4000-8000-000000000001',
    'Resource type : RDS',
    'Created resource ARN : arn:aws:rds:eu-west-1:111122223333:db:restored-orders',
    'Restore testing plan ARN : arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:production_restore_testing-abc',
    'Account : 111122223333, region : eu-west-1',
    'Validation : FAILED: the restored DB instance is in status incompatible-restore',
  ].join('\n');
  const record = (id: string) => ({
    body: JSON.stringify({
      Type: 'Notification',
      TopicArn: 'arn:aws:sns:eu-west-1:111122223333:backup-production',
      Subject: 'AWS Backup restore validation failed',
      Message: message.replace('7a1e6b2c-0000-4000-8000-000000000001', id),
      MessageAttributes: {
        EventType: { Type: 'String', Value: 'RESTORE_VALIDATION' },
        State: { Type: 'String', Value: 'FAILED' },
        AccountId: { Type: 'String', Value: '111122223333' },
        Id: { Type: 'String', Value: id },
        ResourceType: { Type: 'String', Value: 'RDS' },
      },
    }),
  });

  test('parsed as a restore validation with its job, resource and reason', () => {
    expect(parseQueueRecord(record('7a1e6b2c-0000-4000-8000-000000000001'))).toEqual(expect.objectContaining({
      kind: 'RESTORE_VALIDATION',
      state: 'FAILED',
      jobId: '7a1e6b2c-0000-4000-8000-000000000001',
      resourceArn: 'arn:aws:rds:eu-west-1:111122223333:db:restored-orders',
      accountId: '111122223333',
      region: 'eu-west-1',
      details: { reason: 'FAILED: the restored DB instance is in status incompatible-restore' },
    }));
  });

  test('a single message and a digest line read well: kind, state, resource, reason, the restore job\'s console page', () => {
    const n = parseQueueRecord(record('7a1e6b2c-0000-4000-8000-000000000001'));
    const single = formatMessage(n, 'production');
    expect(single.text.split('\n')[0]).toBe(':red_circle: [production] Restore validation FAILED');
    expect(single.text).toContain('Reason: FAILED: the restored DB instance is in status incompatible-restore');
    expect(sectionTexts(single)).toContain(
      '<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/restore/details/7a1e6b2c-0000-4000-8000-000000000001|Open in the AWS Backup console>');
    const digest = formatDigest('production', [n, parseQueueRecord(record('7a1e6b2c-0000-4000-8000-000000000002'))].map((notification) => ({ notification })));
    expect(digest.text.split('\n')[0]).toBe(':rotating_light: [production] 2 backup notifications: 2 Restore validation FAILED');
    const sections = sectionTexts(digest);
    const listing = sections.join('\n');
    expect(listing).toContain('Restore validation FAILED <https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/restore/details/7a1e6b2c-0000-4000-8000-000000000002|');
    expect(listing).toContain('the restored DB instance is in status incompatible-restore');
    expect(sections).toContain('<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/restore|Open the jobs in the AWS Backup console>');
  });
});
