import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NotificationFilter, SlackForwarder, SlackWebhook } from '../../../src/notifications';

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

const ref = (prefix: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(prefix), 'Arn'] });

describe('SlackForwarder', () => {
  test('function: pinned runtime, bundled asset, secret ARN and field, pacing in the environment, no URL', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret, { jsonField: 'url' }) });
    const t = Template.fromStack(stack);
    const fn = functionResource(t);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Timeout: 60, MemorySize: 256 });
    expect(fn.Properties.Environment.Variables).toEqual({
      WEBHOOK_SECRET_ARN: { Ref: expect.stringMatching(/^Webhook/) },
      WEBHOOK_SECRET_JSON_FIELD: 'url',
      TOPIC_ENVIRONMENTS: '[]',
      // 2 invocations at most, each 2 s between posts: at most 1 message a second to the webhook.
      MIN_POST_INTERVAL_MS: '2000',
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      // The contract with the handler (and the fault simulation): dedupe, backoff's redrive.
      DEDUPE_TABLE_NAME: { Ref: expect.stringMatching(/^SlackDedupeTable/) },
      BUFFER_QUEUE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^SlackQueue/), 'Arn'] },
      DEAD_LETTER_QUEUE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^SlackDeadLetterQueue/), 'Arn'] },
    });
    expect(JSON.stringify(t.toJSON())).not.toMatch(/hooks\.slack\.com/);
  });

  test('role: logs, secret read, Describe*Job, consuming its queue, the dedupe table, redriving its dead letters; only Describe*Job on *', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    const role = Object.values(t.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = [...new Set(statements.flatMap((st: any) => ([] as string[]).concat(st.Action)))].sort();
    expect(actions).toEqual([
      'backup:DescribeBackupJob', 'backup:DescribeCopyJob', 'backup:DescribeRestoreJob',
      'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
      'kms:Decrypt', 'kms:GenerateDataKey',
      'logs:CreateLogStream', 'logs:PutLogEvents',
      'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage',
      'sqs:SendMessage', 'sqs:StartMessageMoveTask',
    ]);
    // StartMessageMoveTask only on the dead-letter queue (its source); SendMessage only to the buffer.
    const redrive = statements.find((st: any) => ([] as string[]).concat(st.Action).includes('sqs:StartMessageMoveTask'));
    expect(redrive.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SlackDeadLetterQueue/), 'Arn'] });
    const send = statements.find((st: any) => ([] as string[]).concat(st.Action).includes('sqs:SendMessage'));
    expect(send.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SlackQueue/), 'Arn'] });
    for (const st of statements) {
      if (([] as string[]).concat(st.Action).some((a: string) => a.startsWith('backup:'))) expect(st.Resource).toBe('*');
      else expect(st.Resource).not.toBe('*');
    }
  });

  test('buffer queue: KMS-encrypted, 4 days, redrive to the dead-letter queue (14 days) after 32 receives, visibility 6 x timeout + window', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: ref('SlackKey'),
      VisibilityTimeout: 6 * 60 + 20,
      MessageRetentionPeriod: 4 * 24 * 3600,
      RedrivePolicy: { deadLetterTargetArn: ref('SlackDeadLetterQueue'), maxReceiveCount: 32 },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: ref('SlackKey'), MessageRetentionPeriod: 1209600, RedrivePolicy: Match.absent() });
    for (const policy of Object.values(t.findResources('AWS::SQS::QueuePolicy'))) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]));
    }
  });

  test('event source mapping: batches of up to 1,000 within 20 s, at most 2 at once, partial batch failures', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ref('SlackQueue'),
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 20,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('the key lets SNS and CloudWatch of this account use it', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    for (const service of ['sns.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      t.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Principal: { Service: service },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          })]),
        },
      });
    }
  });

  test('alarm forwarding topic: encrypted, CloudWatch alarms of the account may publish, subscribed to the queue WITHOUT a filter', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: stack.resolve(forwarder.alarmForwardingTopic.topicArn), Protocol: 'sqs' });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: ref('SlackKey') });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
        })]),
      },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:111122223333:alarm:*']] } } }),
        })]),
      },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: Match.stringLikeRegexp('SlackAlarmTopic') },
      Protocol: 'sqs',
      Endpoint: ref('SlackQueue'),
      RawMessageDelivery: false,
      FilterPolicy: Match.absent(),
      RedrivePolicy: { deadLetterTargetArn: ref('SlackDeadLetterQueue') },
    });
  });

  test('dead-letter alarm: fires for each increase of the dead-letter queue, invokes the function directly and tells the operator topic', () => {
    const { stack, secret } = setup();
    const alarmTopic = new sns.Topic(stack, 'Pager');
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), operator: { topic: alarmTopic } });
    const t = Template.fromStack(stack);
    const alarm = Object.values(t.findResources('AWS::CloudWatch::Alarm')).find((a: any) => a.Properties.Metrics)!;
    expect(alarm.Properties).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      EvaluationPeriods: 1,
    });
    // An alarm acts on state changes only (§3b): on the depth's increase, it goes back to OK by itself
    // and fires again for the next dead letters, however many wait already.
    const [expression, depth] = alarm.Properties.Metrics;
    expect(expression).toMatchObject({ Expression: 'DIFF(FILL(depth, 0))', Label: 'new dead letters', ReturnData: true });
    expect(depth).toMatchObject({
      Id: 'depth',
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^SlackDeadLetterQueue/), 'QueueName'] } }],
        },
        Period: 300,
        Stat: 'Maximum',
      },
    });
    expect(alarm.Properties.AlarmDescription).toMatch(/how many new ones\. They wait in the dead-letter queue S\/Slack\/DeadLetterQueue \(kept 14 days\) and move back/);
    expect(alarm.Properties.OKActions).toBeUndefined();
    expect(alarm.Properties.AlarmActions).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^SlackFunction/), 'Arn'] },
      { Ref: expect.stringMatching(/^Pager/) },
    ]);
    expect(JSON.stringify(alarm.Properties.AlarmActions)).not.toContain('SlackAlarmTopic');
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'lambda.alarms.cloudwatch.amazonaws.com', Action: 'lambda:InvokeFunction' });
    // The operator topic hears of the direct invocation's failures.
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { Ref: Match.stringLikeRegexp('^Pager') } } },
    });
  });

  test('addTopic: the queue subscribes with the filter, raw delivery off, redrive policy; SNS may send to both queues', () => {
    const { stack, secret } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(topic, { environmentName: 'production' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: Match.stringLikeRegexp('^Topic') },
      Endpoint: ref('SlackQueue'),
      RawMessageDelivery: false,
      FilterPolicyScope: 'MessageAttributes',
      FilterPolicy: NotificationFilter.failuresOnly().render(stack),
      RedrivePolicy: { deadLetterTargetArn: ref('SlackDeadLetterQueue') },
    });
    const sends = Object.values(t.findResources('AWS::SQS::QueuePolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => st.Principal?.Service === 'sns.amazonaws.com' && JSON.stringify(st.Condition).includes('"Topic'));
    expect(sends).toHaveLength(2); // the buffer queue and the dead-letter queue (SNS redrive)
    expect(functionResource(t).Properties.Environment.Variables.TOPIC_ENVIRONMENTS).toEqual({
      'Fn::Join': ['', ['[["', { 'Fn::GetAtt': [expect.stringMatching(/^Topic/), 'TopicName'] }, '","production"]]']],
    });
  });

  test('addTopic: the subscription waits for the queue policies that let the topic send (DependsOn, with no deprecated API)', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(new sns.Topic(stack, 'Topic'));
    const t = Template.fromStack(stack);
    const policies = Object.keys(t.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2); // the buffer queue and the dead-letter queue
    t.hasResource('AWS::SNS::Subscription', { Properties: Match.objectLike({ Protocol: 'sqs' }), DependsOn: Match.arrayWith(policies.sort()) });
  });

  test('addTopic with all(): no filter policy', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    forwarder.addTopic(new sns.Topic(stack, 'Topic'), { filter: NotificationFilter.all() });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: Match.stringLikeRegexp('^Topic') }, FilterPolicy: Match.absent(), FilterPolicyScope: Match.absent(),
    });
  });

  test('one function serves 20 topics: per topic only a subscription', () => {
    const { stack, secret } = setup();
    const forwarder = new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret) });
    for (let i = 0; i < 20; i++) forwarder.addTopic(new sns.Topic(stack, `Topic${i}`), { environmentName: `env${i}` });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::SNS::Subscription', 21); // + the alarm forwarding topic's
    t.resourceCountIs('AWS::Lambda::Permission', 3); // the dead-letter and stalled alarms' direct actions, the hourly probe
    t.resourceCountIs('AWS::SQS::Queue', 2);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 2); // dead letters, stalled buffer
    const join = functionResource(t).Properties.Environment.Variables.TOPIC_ENVIRONMENTS['Fn::Join'][1];
    expect(join.filter((part: any) => typeof part === 'object')).toHaveLength(20);
  });

  test('a given key encrypts the queues and the alarm topic ', () => {
    const { stack, secret } = setup();
    const key = new kms.Key(stack, 'QueueKey');
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), encryptionKey: key });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    for (const q of Object.values(t.findResources('AWS::SQS::Queue'))) {
      expect(q.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] });
    }
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
    expect(() => forwarder.addTopic(new sns.Topic(stack, 'Topic'), { filter })).toThrow(/S\/Slack: filter \(policy\) uses 6 distinct attribute names/);
  });

  test('rejects a timeout outside 5-900 seconds', () => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), timeout: Duration.seconds(3) }))
      .toThrow(/timeout \(3 seconds\) must be between 5 and 900 seconds/);
    expect(() => new SlackForwarder(stack, 'Slack2', { webhook: SlackWebhook.fromSecret(secret), timeout: Duration.minutes(16) }))
      .toThrow(/timeout \(960 seconds\) must be between 5 and 900 seconds/);
    // Lambda takes whole seconds: our error names the prop, not aws-cdk-lib's unnamed conversion error.
    expect(() => new SlackForwarder(stack, 'Slack3', { webhook: SlackWebhook.fromSecret(secret), timeout: Duration.millis(5500) }))
      .toThrow(/^S\/Slack3: timeout \(5\.5 seconds\) must be a whole number of seconds$/);
  });

  test.each([0, 64, 1.5, -1, 10241])('rejects memorySize %p outside Lambda\'s 128-10,240 MB', (memorySize) => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), memorySize }))
      .toThrow(new RegExp(`S/Slack: memorySize \\(${memorySize}\\) must be a whole number of MB from 128 to 10240 \\(Lambda's range\\)`));
  });

  test.each([0, 1, 1.5, -1])('rejects reservedConcurrentExecutions %p (below the queue\'s maximum concurrency of 2, or not whole)', (reserved) => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), reservedConcurrentExecutions: reserved }))
      .toThrow(new RegExp(`reservedConcurrentExecutions \\(${reserved}\\) must be a whole number of at least 2`));
  });

  test('reserved concurrency when asked', () => {
    const { stack, secret } = setup();
    new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), reservedConcurrentExecutions: 2, memorySize: 128 });
    expect(functionResource(Template.fromStack(stack)).Properties).toMatchObject({ ReservedConcurrentExecutions: 2, MemorySize: 128 });
  });

  test('rejects retryAttempts outside 0-2', () => {
    const { stack, secret } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', { webhook: SlackWebhook.fromSecret(secret), retryAttempts: 3 }))
      .toThrow(/retryAttempts \(3\) must be an integer from 0 to 2/);
  });

  test('a JavaScript caller without webhook gets our error, not a TypeError', () => {
    const { stack } = setup();
    expect(() => new SlackForwarder(stack, 'Slack', {} as any)).toThrow(/S\/Slack: webhook is required: SlackWebhook.fromSecret/);
    expect(() => new SlackForwarder(stack, 'Slack2', undefined as any)).toThrow(/webhook is required/);
    expect(() => SlackForwarder.forStack(stack, {} as any)).toThrow(/S: webhook is required/);
  });

  test('SlackWebhook.fromSecret without a secret (a JavaScript caller) names it', () => {
    expect(() => SlackWebhook.fromSecret(undefined as any)).toThrow(/SlackWebhook.fromSecret: secret \(undefined\) is required/);
  });

  test('SlackWebhook rejects an empty jsonField', () => {
    const { secret } = setup();
    expect(() => SlackWebhook.fromSecret(secret, { jsonField: '' })).toThrow(/jsonField \(''\) must not be empty/);
  });
});
