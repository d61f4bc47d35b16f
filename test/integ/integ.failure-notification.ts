/*
 * Integration test (CDK's integ-runner convention): a failed-job notification on the environment's
 * topic reaches the Slack forwarder, which posts it to the webhook. A completed-job notification is
 * published first, for the subscription's filter to drop (that it is dropped is asserted against
 * moto's SNS in test/notifications/filter-policy.moto.test.ts). A Lambda function URL stands in for
 * Slack's incoming webhook and keeps each post in an SQS queue that the assertion reads.
 *
 * Here `npx projen integ` synthesizes this app and compares it with the committed snapshot; a
 * pipeline with AWS credentials deploys it (see integ.on-demand-backup.ts for the command).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Fn, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EnvironmentBackup, EnvironmentTier, SlackWebhook } from '../../src';

export const app = new App();
const stack = new Stack(app, 'EnvironmentBackupFailureNotification');

// The stand-in for Slack: every POST body goes into a queue.
const posts = new sqs.Queue(stack, 'Posts', {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  retentionPeriod: Duration.hours(1),
});
const fakeSlack = new lambda.Function(stack, 'FakeSlack', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline([
    "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');",
    'const client = new SQSClient({});',
    'exports.handler = async (event) => {',
    "  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;",
    '  await client.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body }));',
    "  return { statusCode: 200, body: 'ok' };",
    '};',
  ].join('\n')),
  environment: { QUEUE_URL: posts.queueUrl },
  timeout: Duration.seconds(10),
});
posts.grantSendMessages(fakeSlack);
// Slack's webhooks take unsigned POSTs, so the stand-in does too (it lives only for the test run).
const url = fakeSlack.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
const webhook = new secretsmanager.Secret(stack, 'Webhook', {
  secretStringValue: SecretValue.resourceAttribute(url.url),
  removalPolicy: RemovalPolicy.DESTROY,
});

const environment = new EnvironmentBackup(stack, 'Backup', {
  environmentName: 'integ-notify',
  tier: EnvironmentTier.DEVELOPMENT,
  vault: { removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true },
  notifications: {
    // The stand-in's host (<id>.lambda-url.<region>.on.aws) is allowed explicitly, as any host but Slack's must be.
    slack: SlackWebhook.fromSecret(webhook, { allowedHosts: [Fn.select(2, Fn.split('/', url.url))] }),
  },
});

const integ = new IntegTest(app, 'FailureNotification', {
  testCases: [stack],
  diffAssets: false,
});

/** A notification as AWS Backup publishes it (message attributes EventType and State). */
function publish(state: string, jobId: string) {
  const call = integ.assertions.awsApiCall('SNS', 'publish', {
    TopicArn: environment.topic.topicArn,
    Subject: 'Notification from AWS Backup',
    Message: `An AWS Backup job ${state === 'FAILED' ? 'failed' : 'was completed successfully'}. ` +
      `Resource ARN : ${stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: 'orders' })}. BackupJob ID : ${jobId}`,
    MessageAttributes: {
      EventType: { DataType: 'String', StringValue: 'BACKUP_JOB' },
      State: { DataType: 'String', StringValue: state },
    },
  });
  // The topic is encrypted with a customer-managed key.
  const key = environment.notifications.encryptionKey;
  if (key) call.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: [key.keyArn] });
  return call;
}

const completed = publish('COMPLETED', 'integ-completed-job');
const failed = publish('FAILED', 'integ-failed-job');
const received = integ.assertions.awsApiCall('SQS', 'receiveMessage', {
  QueueUrl: posts.queueUrl,
  MaxNumberOfMessages: 10,
  WaitTimeSeconds: 20,
}).expect(ExpectedResult.objectLike({
  Messages: Match.arrayWith([Match.objectLike({ Body: Match.stringLikeRegexp('integ-failed-job') })]),
})).waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) });
completed.next(failed).next(received);
