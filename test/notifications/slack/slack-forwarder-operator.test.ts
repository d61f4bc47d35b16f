/*
 * The forwarder's pipeline under faults, construct side: the operator path that needs no Slack, the
 * outage budget of the queues, the stalled-buffer alarm, the dedupe table, the webhook host allow-list.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EnvironmentBackup } from '../../../src';
import { BackupNotifications, SlackForwarder, SlackWebhook } from '../../../src/notifications';
import {
  BUFFER_RETENTION_SECONDS, MAX_RECEIVE_COUNT, outageSurvivedSeconds, SQS_MAX_RETENTION_SECONDS,
} from '../../../src/notifications/slack/handler/forwarder-limits';

const SLACK_ONLY = 'cdk-environment-backup:notifications:slackOnly';

function setup() {
  const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
  const secret = new secretsmanager.Secret(stack, 'Webhook');
  return { stack, secret };
}

function variables(t: Template): any {
  return (Object.values(t.findResources('AWS::Lambda::Function'))[0] as any).Properties.Environment.Variables;
}

function alarm(t: Template, id: RegExp): any {
  const [, found] = Object.entries(t.findResources('AWS::CloudWatch::Alarm')).find(([logicalId]) => id.test(logicalId))!;
  return (found as any).Properties;
}

const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(SLACK_ONLY));

describe('operator path (no Slack needed)', () => {
  test('e-mail addresses: a topic encrypted with the forwarder\'s key, subscribed; alarms, on-failure destination and the function use it', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), operator: { emailAddresses: ['oncall@example.com'] } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Backup notification pipeline failures', KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SlackKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: Match.stringLikeRegexp('^SlackOperatorTopic') } });
    const operator = { Ref: expect.stringMatching(/^SlackOperatorTopic/) };
    expect(variables(t).OPERATOR_TOPIC_ARN).toEqual(operator);
    expect(alarm(t, /^SlackDeadLetterAlarm/).AlarmActions).toEqual(expect.arrayContaining([operator]));
    const direct = { 'Fn::GetAtt': [expect.stringMatching(/^SlackFunction/), 'Arn'] };
    expect(alarm(t, /^SlackStalledAlarm/).AlarmActions).toEqual([direct, operator]);
    expect(alarm(t, /^SlackStalledAlarm/).OKActions).toEqual([operator]);
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { Ref: Match.stringLikeRegexp('^SlackOperatorTopic') } } },
    });
    // The function may publish to it.
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Action: 'sns:Publish', Resource: operator })]));
    expect(warnings(stack)).toHaveLength(0);
  });

  test('a given topic: used as is, the e-mail addresses subscribed to it, no topic of its own', () => {
    const { stack, secret } = setup();
    const pager = new sns.Topic(stack, 'Pager');
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), operator: { topic: pager, emailAddresses: ['a@example.com'] } });
    expect(forwarder.operatorTopic).toBe(pager);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 2); // the pager, the alarm forwarding topic
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', TopicArn: { Ref: Match.stringLikeRegexp('^Pager') } });
    expect(variables(t).OPERATOR_TOPIC_ARN).toEqual({ Ref: expect.stringMatching(/^Pager/) });
  });

  test('Slack only: a synth warning says what to add; no OPERATOR_TOPIC_ARN, no on-failure destination', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const found = warnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0].id).toBe('/S/Slack');
    expect(found[0].entry.data).toMatch(/Slack is the only path to a person.*Add operator contacts \(notifications\.operator/);
    const t = Template.fromStack(stack);
    expect(variables(t).OPERATOR_TOPIC_ARN).toBeUndefined();
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { DestinationConfig: Match.absent() });
    // The stalled alarm still invokes the function: a stall whose function reaches Slack is told there.
    expect(alarm(t, /^SlackStalledAlarm/).AlarmActions).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^SlackFunction/), 'Arn'] }]);
  });

  test('rejects an operator address that is not one, naming it', () => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), operator: { emailAddresses: ['oncall'] } }))
      // One e-mail rule with BackupNotifications (src/private/limits/inputs.ts, checkEmailAddress).
      .toThrow(/S\/Slack: operator.emailAddresses\[0\] \("oncall"\) is not an e-mail address SNS can subscribe/);
  });

  test('EnvironmentBackup passes notifications.operator to the stack\'s forwarder (no warning)', () => {
    const { stack, secret } = setup();
    const env = new EnvironmentBackup(stack, 'Prod', {
      environmentName: 'production',
      notifications: { slack: SlackWebhook.fromSecret(secret), operator: { emailAddresses: ['oncall@example.com'] } },
    });
    expect(env.notifications.slackForwarder!.operatorTopic).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    expect(warnings(stack)).toHaveLength(0);
  });

  test('EnvironmentBackup with Slack only warns once for the stack\'s forwarder', () => {
    const { stack, secret } = setup();
    new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', notifications: { slack: SlackWebhook.fromSecret(secret) } });
    expect(warnings(stack)).toHaveLength(1);
  });

  test('operator without slack is rejected, naming the construct', () => {
    const { stack } = setup();
    const vault = new backup.BackupVault(stack, 'Vault');
    expect(() => new BackupNotifications(stack, 'N', { vault, operator: { emailAddresses: ['a@example.com'] } }))
      .toThrow(/S\/N: operator is set without slack/);
  });
});

describe('outage budget and signals', () => {
  test('32 receives with the backoff survive at least 24 hours of Slack outage; buffer < dead-letter queue retention', () => {
    expect(outageSurvivedSeconds(MAX_RECEIVE_COUNT)).toBeGreaterThanOrEqual(24 * 3600);
    // The finding: 5 receives of a 380 s visibility spent everything in 26 minutes.
    expect(outageSurvivedSeconds(5)).toBeLessThan(24 * 3600);
    expect(BUFFER_RETENTION_SECONDS).toBeGreaterThan(outageSurvivedSeconds(MAX_RECEIVE_COUNT));
    expect(BUFFER_RETENTION_SECONDS).toBeLessThan(SQS_MAX_RETENTION_SECONDS);
  });

  test('stalled alarm: the buffer\'s oldest message 10 minutes old, 1-minute maximum', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), operator: { emailAddresses: ['a@example.com'] } });
    expect(alarm(Template.fromStack(stack), /^SlackStalledAlarm/)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^SlackQueue/), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('dead-letter probe: an hourly EventBridge schedule invokes the function (no retries), which may read, delete and move its dead letters', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SlackFunction'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({
      Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:StartMessageMoveTask']),
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SlackDeadLetterQueue/), 'Arn'] },
    })]));
  });

  test('dedupe table: on-demand, partition key pk, TTL expiresAt, destroyed with the stack (it holds no user data)', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });
});

describe('webhook host allow-list', () => {
  test('allowedHosts reach the function as WEBHOOK_ALLOWED_HOSTS; none by default', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret, { allowedHosts: ['Hooks.Example.com', 'proxy.internal:8443'] }) });
    new SlackForwarder(stack, 'Plain', { webhook: SlackWebhook.fromSecret(secret) });
    const fns = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map((f: any) => f.Properties.Environment.Variables);
    expect(fns.map((v) => v.WEBHOOK_ALLOWED_HOSTS)).toEqual(['hooks.example.com,proxy.internal:8443', undefined]);
  });

  test.each(['https://hooks.example.com', 'hooks.example.com/path', 'user@hooks.example.com', ''])('rejects allowedHosts %j', (host) => {
    const { secret } = setup();
    expect(() => SlackWebhook.fromSecret(secret, { allowedHosts: [host] }))
      .toThrow(`SlackWebhook.fromSecret: allowedHosts (${host}) must be a host name, optionally with :port (no scheme, path or credentials)`);
  });
});

test('allowedHosts may be a token (a function URL\'s host in the same app): passed through, checked at run time', () => {
  const { stack, secret } = setup();
  const host = Fn.select(2, Fn.split('/', Fn.importValue('SomeUrl')));
  new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret, { allowedHosts: [host] }) });
  expect(variables(Template.fromStack(stack)).WEBHOOK_ALLOWED_HOSTS).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::ImportValue': 'SomeUrl' }] }] });
});
