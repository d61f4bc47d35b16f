import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SAMPLES } from './fixtures';
import { NotificationFilter, SlackForwarder, SlackWebhook } from '../../src/notifications';
import { localAwsEnvironment, MotoServer, startMotoServer } from '../support/moto';

/** The FilterPolicy the construct puts on the subscription, read back from the template. */
function synthesizedPolicy(filter?: NotificationFilter): { policy: any; scope: string } {
  const stack = new Stack(new App(), 'S');
  const forwarder = new SlackForwarder(stack, 'Slack', {
    webhook: SlackWebhook.fromSecret(new secretsmanager.Secret(stack, 'Webhook')),
  });
  forwarder.addTopic(new sns.Topic(stack, 'Topic'), { filter });
  const subscription = Object.values(Template.fromStack(stack).findResources('AWS::SNS::Subscription'))[0];
  return { policy: subscription.Properties.FilterPolicy, scope: subscription.Properties.FilterPolicyScope };
}

let moto: MotoServer;
let snsClient: SNSClient;
let sqsClient: SQSClient;
const savedEnv = { ...process.env };
let counter = 0;

beforeAll(async () => {
  moto = await startMotoServer();
  Object.assign(process.env, localAwsEnvironment(moto.endpoint));
  snsClient = new SNSClient({});
  sqsClient = new SQSClient({});
});

afterAll(async () => {
  await moto.stop();
  process.env = savedEnv;
});

/**
 * Publishes every sample to a fresh topic whose SQS subscription carries the policy, and returns
 * the names of the samples the queue received.
 */
async function delivered(policy: any, scope: string): Promise<string[]> {
  const n = ++counter;
  const topicArn = (await snsClient.send(new CreateTopicCommand({ Name: `backup-${n}` }))).TopicArn!;
  const queueUrl = (await sqsClient.send(new CreateQueueCommand({ QueueName: `slack-${n}` }))).QueueUrl!;
  const queueArn = (await sqsClient.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
  await snsClient.send(new SubscribeCommand({
    TopicArn: topicArn,
    Protocol: 'sqs',
    Endpoint: queueArn,
    Attributes: { FilterPolicy: JSON.stringify(policy), FilterPolicyScope: scope },
  }));
  for (const s of SAMPLES) {
    const attributes: any = {};
    for (const [k, v] of Object.entries(s.attributes)) attributes[k] = { DataType: 'String', StringValue: v };
    await snsClient.send(new PublishCommand({
      TopicArn: topicArn, Subject: s.subject?.slice(0, 99), Message: s.message, MessageAttributes: attributes,
    }));
  }
  const received: string[] = [];
  for (;;) {
    const batch = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!batch.Messages?.length) break;
    for (const m of batch.Messages) {
      const envelope = JSON.parse(m.Body!);
      received.push(SAMPLES.find((s) => s.message === envelope.Message)!.name);
    }
  }
  return received.sort();
}

/** Applies the policy as a whole; where moto finds an `$or` too complex, each branch on its own. */
async function deliveredByPolicy(policy: any, scope: string): Promise<{ names: string[]; perBranch: boolean }> {
  try {
    return { names: await delivered(policy, scope), perBranch: false };
  } catch (error) {
    if (!/too complex|complex/i.test(String((error as Error).message)) || !policy.$or) throw error;
    const { $or, ...common } = policy;
    const union = new Set<string>();
    for (const branch of $or) {
      for (const name of await delivered({ ...common, ...branch }, scope)) union.add(name);
    }
    return { names: [...union].sort(), perBranch: true };
  }
}

test('the samples have distinct messages (so deliveries can be told apart)', () => {
  expect(new Set(SAMPLES.map((s) => s.message)).size).toBe(SAMPLES.length);
});

test('failuresOnly(): moto SNS delivers exactly the failures and the CloudWatch alarm', async () => {
  const { policy, scope } = synthesizedPolicy();
  expect(scope).toBe('MessageAttributes');
  const { names, perBranch } = await deliveredByPolicy(policy, scope);
  console.log(`failuresOnly() applied by moto ${perBranch ? 'branch by branch (moto: too complex)' : 'as a whole'}`);
  const expected = SAMPLES.filter((s) => s.failure).map((s) => s.name).sort();
  expect(names).toEqual(expected);
  expect(names).toEqual([
    'CloudWatch alarm', 'EKS object failed', 'S3 object failed', 'backup aborted', 'backup expired', 'backup failed',
    'continuous backup interrupted', 'copy failed', 'indexing failed', 'restore failed',
  ]);
});

test('states([FAILED]): only jobs whose State is FAILED', async () => {
  const { policy, scope } = synthesizedPolicy(NotificationFilter.states(['FAILED']));
  const { names } = await deliveredByPolicy(policy, scope);
  expect(names).toEqual(['backup failed', 'copy failed', 'restore failed']);
});

test('eventTypes([COPY_JOB]).withAlarms(): copy jobs and the alarm', async () => {
  const { policy, scope } = synthesizedPolicy(NotificationFilter.eventTypes(['COPY_JOB']).withAlarms());
  const { names } = await deliveredByPolicy(policy, scope);
  expect(names).toEqual(['CloudWatch alarm', 'copy failed', 'copy successful']);
});
