import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NotificationFilter, SlackForwarder, SlackWebhook } from '../../src/notifications';

function setup() {
  const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
  const secret = new secretsmanager.Secret(stack, 'Webhook');
  return { stack, secret };
}

function functionResource(t: Template): any {
  const fns = t.findResources('AWS::Lambda::Function');
  expect(Object.keys(fns)).toHaveLength(1);
  return Object.values(fns)[0];
}

describe('SlackForwarder', () => {
  test('function: pinned runtime, bundled asset, secret ARN and field in the environment, no URL', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret, { jsonField: 'url' }) });
    const t = Template.fromStack(stack);
    const fn = functionResource(t);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 30,
      MemorySize: 256,
    });
    expect(fn.Properties.Environment.Variables).toEqual({
      WEBHOOK_SECRET_ARN: { Ref: expect.stringMatching(/^Webhook/) },
      WEBHOOK_SECRET_JSON_FIELD: 'url',
      TOPIC_ENVIRONMENTS: '[]',
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    });
    expect(JSON.stringify(t.toJSON())).not.toMatch(/hooks\.slack\.com/);
  });

  test('role: exactly logs, secret read and the three Describe*Job actions', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    const roles = t.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(1);
    const role = Object.values(roles)[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((st: any) => ([] as string[]).concat(st.Action)).sort();
    expect(actions).toEqual([
      'backup:DescribeBackupJob', 'backup:DescribeCopyJob', 'backup:DescribeRestoreJob',
      'logs:CreateLogStream', 'logs:PutLogEvents',
      'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
      'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage',
    ].sort());
    for (const st of statements) {
      expect(st.Effect).toBe('Allow');
      if (([] as string[]).concat(st.Action).some((a: string) => a.startsWith('backup:'))) expect(st.Resource).toBe('*');
      else expect(st.Resource).not.toBe('*');
    }
    const secretStatement = statements.find((st: any) => ([] as string[]).concat(st.Action).includes('secretsmanager:GetSecretValue'));
    expect(secretStatement.Resource).toEqual({ Ref: expect.stringMatching(/^Webhook/) });
  });

  test('on-failure destination: encrypted, TLS-only queue, bounded retries', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), retryAttempts: 1 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackDeadLetterQueue'), 'Arn'] } } },
    });
  });

  test('on-failure queue with a customer-managed key', () => {
    const { stack, secret } = setup();
    const key = new kms.Key(stack, 'QueueKey');
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), deadLetterQueueEncryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('QueueKey'), 'Arn'] },
    });
  });

  test('alarm on a non-empty dead-letter queue, with the given topic as action', () => {
    const { stack, secret } = setup();
    const alarmTopic = new sns.Topic(stack, 'Alarms');
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), alarmTopic });
    expect(forwarder.deadLetterAlarm).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackDeadLetterQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }],
    });
  });

  test('addTopic: a filtered subscription (failures only by default) and an invoke permission', () => {
    const { stack, secret } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(topic, { environmentName: 'production' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^Topic') },
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackFunction'), 'Arn'] },
      FilterPolicyScope: 'MessageAttributes',
      FilterPolicy: NotificationFilter.failuresOnly().render(stack),
    });
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: Match.stringLikeRegexp('^Topic') },
    });
    expect(functionResource(t).Properties.Environment.Variables.TOPIC_ENVIRONMENTS).toEqual({
      'Fn::Join': ['', ['[["', { 'Fn::GetAtt': [expect.stringMatching(/^Topic/), 'TopicName'] }, '","production"]]']],
    });
  });

  test('addTopic: the subscription waits for its invoke permission (DependsOn, with no deprecated API)', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(new sns.Topic(stack, 'Topic'));
    const t = Template.fromStack(stack);
    const permission = Object.keys(t.findResources('AWS::Lambda::Permission'));
    expect(permission).toHaveLength(1);
    t.hasResource('AWS::SNS::Subscription', { DependsOn: [permission[0]] });
  });

  test('addTopic with all(): no filter policy', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(new sns.Topic(stack, 'Topic'), { filter: NotificationFilter.all() });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      FilterPolicy: Match.absent(),
      FilterPolicyScope: Match.absent(),
    });
  });

  test('one function serves 20 topics: per topic only a subscription and a permission', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    for (let i = 0; i < 20; i++) {
      forwarder.addTopic(new sns.Topic(stack, `Topic${i}`), { environmentName: `env${i}` });
    }
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::SNS::Subscription', 20);
    t.resourceCountIs('AWS::Lambda::Permission', 20);
    t.resourceCountIs('AWS::SQS::Queue', 1);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    const join = functionResource(t).Properties.Environment.Variables.TOPIC_ENVIRONMENTS['Fn::Join'][1];
    expect(join.filter((part: any) => typeof part === 'object')).toHaveLength(20);
  });

  test('rejects the same topic twice', () => {
    const { stack, secret } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(topic);
    expect(() => forwarder.addTopic(topic)).toThrow(/S\/Slack: topic \(S\/Topic\) is already forwarded: add each topic once/);
  });

  test('rejects an empty environment name', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    expect(() => forwarder.addTopic(new sns.Topic(stack, 'Topic'), { environmentName: ' ' }))
      .toThrow(/environmentName \(''\) must not be empty/);
  });

  test('rejects a filter beyond SNS limits, naming the forwarder', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const filter = NotificationFilter.fromPolicy({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] });
    expect(() => forwarder.addTopic(new sns.Topic(stack, 'Topic'), { filter })).toThrow(/S\/Slack: filter \(policy\) has 6 keys/);
  });

  test('rejects a timeout outside 5-900 seconds', () => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), timeout: Duration.seconds(3) }))
      .toThrow(/timeout \(3 seconds\) must be between 5 and 900 seconds/);
    expect(() => new SlackForwarder(stack, 'Slack2', { webhook: SlackWebhook.fromSecret(secret), timeout: Duration.minutes(16) }))
      .toThrow(/timeout \(960 seconds\) must be between 5 and 900 seconds/);
  });

  test('reserved concurrency when asked', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), reservedConcurrentExecutions: 2 });
    expect(functionResource(Template.fromStack(stack)).Properties.ReservedConcurrentExecutions).toBe(2);
  });

  test('rejects retryAttempts outside 0-2', () => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), retryAttempts: 3 }))
      .toThrow(/retryAttempts \(3\) must be an integer from 0 to 2/);
  });

  test('SlackWebhook rejects an empty jsonField', () => {
    const { secret } = setup();
    expect(() => SlackWebhook.fromSecret(secret, { jsonField: '' })).toThrow(/jsonField \(''\) must not be empty/);
  });
});
