/*
 * The forwarder under faults, handler side: backoff by ChangeMessageVisibility, permanent errors told
 * to the operator topic once an hour, each notification posted once (dedupe table), no blind retry
 * of an unanswered post, the dead-letter queue moved back after a post, EMF metrics, the webhook host
 * allow-list. Slack: a stand-in on 127.0.0.1. Secrets Manager, DynamoDB, SNS: moto_server. SQS: a
 * local stand-in that records ChangeMessageVisibility and StartMessageMoveTask (moto 5.2 has no
 * StartMessageMoveTask), reached through AWS_ENDPOINT_URL_SQS as the SDK's service-specific endpoint.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FakeSlack } from './fake-slack';
import { DynamoDedupeStore } from '../../../src/notifications/slack/handler/dedupe-table';
import { classifyFailure } from '../../../src/notifications/slack/handler/failure-policy';
import { forgetPacing, handler } from '../../../src/notifications/slack/handler/slack-forwarder.lambda';
import { validateWebhookUrl, forgetWebhookUrl, SLACK_WEBHOOK_HOSTS } from '../../../src/notifications/slack/handler/webhook-url';
import { captureConsole, serve, withMotoAccount } from '../../support/handler-fixtures';
import { LocalAwsApi } from '../../support/local-aws-api';
import { sample, sqsEvent, sqsRecord, TOPIC_ARN } from '../fixtures';


/** SQS's JSON protocol (X-Amz-Target: AmazonSQS.<Action>): records the calls, answers success. */
class FakeSqs extends LocalAwsApi {
  readonly calls: Array<{ action: string; body: any; path: string }> = [];
  /** What the next ReceiveMessage returns (the dead-letter queue's messages). */
  deadLetters: Array<{ MessageId: string; ReceiptHandle: string; Body: string }> = [];
  protected handle(_method: string, url: URL, body: any, res: http.ServerResponse, req: http.IncomingMessage): void {
    const action = String(req.headers['x-amz-target'] ?? '').replace('AmazonSQS.', '');
    this.calls.push({ action, body, path: url.pathname });
    if (action === 'ReceiveMessage') {
      // SQS's answer shape: the SDK checks each body against its MD5OfBody.
      const messages = this.deadLetters.splice(0, Number(body.MaxNumberOfMessages) || 1)
        .map((m) => ({ ...m, MD5OfBody: crypto.createHash('md5').update(m.Body).digest('hex') }));
      return this.json(res, 200, { Messages: messages });
    }
    if (action === 'DeleteMessageBatch') return this.json(res, 200, { Successful: body.Entries.map((e: any) => ({ Id: e.Id })), Failed: [] });
    this.json(res, 200, action === 'StartMessageMoveTask' ? { TaskHandle: 'task-1' } : {});
  }
  of(action: string): any[] {
    return this.calls.filter((c) => c.action === action).map((c) => c.body);
  }
}

const slack = new FakeSlack();
const fakeSqs = new FakeSqs();
const output = captureConsole();
serve(slack, fakeSqs);
const account = withMotoAccount(() => ({ AWS_ENDPOINT_URL_SQS: fakeSqs.endpoint }));
const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
// The remaining time of an invocation whose every answer comes at once (Slack's 503, a refused connection): as long as
// the forwarder's own timeout allows, so that only the answer decides the backoff. With 3 s, one run on a loaded 2-core
// machine (load 7) held the first record 900 s instead of 60: the invocation's time budget, not Slack's answer, decided
// (with 200 ms the refused-connection test fails the same way on a quiet machine).
const AMPLE_MS = 30_000;

const BUFFER_ARN = 'arn:aws:sqs:eu-west-1:111122223333:S-SlackQueue';
const DLQ_ARN = 'arn:aws:sqs:eu-west-1:111122223333:S-SlackDeadLetterQueue';
let secretArn: string;
let dynamo: DynamoDBClient;
let motoSqs: SQSClient;
let operatorInbox: string;
let tables = 0;

/** A queue record of the buffer: its own SNS MessageId (the dedupe key), receive count, receipt handle. */
function record(name: string, snsMessageId: string, receives = 1): any {
  const r = sqsRecord(sample(name));
  const body = JSON.parse(r.body);
  body.MessageId = snsMessageId;
  return {
    ...r,
    body: JSON.stringify(body),
    receiptHandle: `handle-${snsMessageId}-${receives}`,
    attributes: { ...r.attributes, ApproximateReceiveCount: String(receives) },
    eventSourceARN: BUFFER_ARN,
  };
}

async function operatorMessages(): Promise<Array<{ Subject: string; Message: string }>> {
  const out = await motoSqs.send(new ReceiveMessageCommand({ QueueUrl: operatorInbox, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (out.Messages ?? []).map((m) => JSON.parse(m.Body!));
}

beforeAll(async () => {
  const secrets = new SecretsManagerClient({});
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'backup/pipeline-webhook', SecretString: `${slack.endpoint}/hook` }))).ARN!;
  dynamo = new DynamoDBClient({});
  // The test reads the operator's inbox in moto's SQS (explicit endpoint: AWS_ENDPOINT_URL_SQS is the stand-in).
  motoSqs = new SQSClient({ endpoint: account.endpoint });
  const sns = new SNSClient({});
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'operator' }))).TopicArn!;
  operatorInbox = (await motoSqs.send(new CreateQueueCommand({ QueueName: 'operator-inbox' }))).QueueUrl!;
  const inboxArn = (await motoSqs.send(new GetQueueAttributesCommand({ QueueUrl: operatorInbox, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: inboxArn }));
  process.env.OPERATOR_TOPIC_ARN = topicArn;
}, 30_000);

beforeEach(async () => {
  forgetWebhookUrl();
  forgetPacing();
  fakeSqs.calls.length = 0;
  while ((await operatorMessages()).length > 0) { /* drain */ }
  // A fresh table a test: alerts are once an hour per kind, redrives once per 15 minutes.
  const table = `dedupe-${++tables}`;
  await dynamo.send(new CreateTableCommand({
    TableName: table,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  Object.assign(process.env, {
    WEBHOOK_SECRET_ARN: secretArn,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    DEDUPE_TABLE_NAME: table,
    DEAD_LETTER_QUEUE_ARN: DLQ_ARN,
    BUFFER_QUEUE_ARN: BUFFER_ARN,
    TOPIC_ENVIRONMENTS: JSON.stringify([[TOPIC_ARN.split(':')[5], 'production']]),
    MIN_POST_INTERVAL_MS: '0',
  });
});

describe('transient errors back off on the record, growing, capped at an hour', () => {
  test('Slack 503: each record\'s visibility is set from its receive count (60 s, 1,920 s, 3,600 s) on the queue of its eventSourceARN', async () => {
    slack.reset({ '/hook': [{ status: 503 }] });
    const records = [record('backup failed', 'm-1', 1), record('copy failed', 'm-2', 6), record('restore failed', 'm-3', 20)];
    const result = await handler(sqsEvent(...records), context(AMPLE_MS));
    expect((result as any).batchItemFailures.map((f: any) => f.itemIdentifier).sort()).toEqual(records.map((r) => r.messageId).sort());
    const changes = fakeSqs.of('ChangeMessageVisibility');
    expect(changes.map((c) => [c.ReceiptHandle, c.VisibilityTimeout]).sort()).toEqual([
      ['handle-m-1-1', 60], ['handle-m-2-6', 1920], ['handle-m-3-20', 3600],
    ]);
    for (const c of changes) expect(c.QueueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/S-SlackQueue');
    // Nothing posted, so no redrive; no operator alert for a transient error.
    expect(fakeSqs.of('StartMessageMoveTask')).toEqual([]);
    expect(await operatorMessages()).toEqual([]);
  });

  test('connection refused is transient too; a malformed record keeps the queue\'s own timeout', async () => {
    const closed = new FakeSlack();
    await closed.start();
    const url = closed.endpoint;
    await closed.stop(); // nothing listens there now
    const secrets = new SecretsManagerClient({});
    process.env.WEBHOOK_SECRET_ARN = (await secrets.send(new CreateSecretCommand({ Name: 'backup/refused', SecretString: `${url}/hook` }))).ARN!;
    const good = record('backup failed', 'r-1', 2);
    const bad = { ...record('backup failed', 'r-2', 2), body: 'not json' };
    await handler(sqsEvent(good, bad), context(AMPLE_MS));
    expect(fakeSqs.of('ChangeMessageVisibility').map((c) => [c.ReceiptHandle, c.VisibilityTimeout])).toEqual([['handle-r-1-2', 120]]);
    expect(output.lines('log').some((l) => /not delivered \(transient, econnrefused\)/.test(l))).toBe(true);
  });
});

describe('permanent errors: the operator is told once an hour, the notifications are held', () => {
  test('404 no_service: one alert saying what to fix, without the URL; held 15 minutes or more; a second batch tells no one again', async () => {
    slack.reset({ '/hook': [{ status: 404, body: 'no_service' }] });
    await handler(sqsEvent(record('backup failed', 'p-1'), record('copy failed', 'p-2')), context(5_000));
    const alerts = await operatorMessages();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].Subject).toBe('Backup notifications are not reaching Slack (no_service)');
    expect(alerts[0].Message).toContain('Create a new incoming webhook and put its URL in the secret.');
    expect(alerts[0].Message).toContain('Notifications held: 2 in this batch; none are dropped.');
    expect(alerts[0].Message).toContain(`Webhook secret: ${secretArn}`);
    expect(alerts[0].Message).not.toContain(slack.endpoint);
    expect(fakeSqs.of('ChangeMessageVisibility').map((c) => c.VisibilityTimeout)).toEqual([900, 900]);

    await handler(sqsEvent(record('backup failed', 'p-3')), context(5_000));
    expect(await operatorMessages()).toEqual([]);
    // Never the URL in a log line.
    expect(output.lines('log').join('\n')).not.toContain(slack.endpoint);
  });

  test('a missing secret: the operator is told to create or restore it', async () => {
    process.env.WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:backup/gone-AbCdEf';
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(record('backup failed', 's-1')), context(5_000));
    const alerts = await operatorMessages();
    expect(alerts.map((a) => a.Subject)).toEqual(['Backup notifications are not reaching Slack (secret_not_found)']);
    expect(alerts[0].Message).toContain('The webhook secret does not exist (ResourceNotFound): create it, or restore it');
    expect(slack.requests).toHaveLength(0);
  });

  test('AccessDenied on the secret or its key and throttling are told apart (Secrets Manager\'s error names)', () => {
    expect(classifyFailure(Object.assign(new Error('x'), { name: 'AccessDeniedException' }))).toEqual({ outcome: 'permanent', kind: 'secret_access_denied' });
    expect(classifyFailure(Object.assign(new Error('x'), { name: 'DecryptionFailure' }))).toEqual({ outcome: 'permanent', kind: 'secret_decryption_failure' });
    expect(classifyFailure(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toEqual({ outcome: 'transient', kind: 'secrets_manager_ThrottlingException' });
  });

  test('a redirect is not followed: one request, the target never asked, the operator told', async () => {
    slack.reset({ '/hook': [{ status: 302, headers: { location: `${slack.endpoint}/elsewhere` } }], '/elsewhere': [{ status: 200 }] });
    await handler(sqsEvent(record('backup failed', 'x-1')), context(5_000));
    expect(slack.requests.map((r) => r.path)).toEqual(['/hook']);
    expect((await operatorMessages()).map((a) => a.Subject)).toEqual(['Backup notifications are not reaching Slack (redirect)']);
  });
});

describe('each notification shown once', () => {
  test('the same notification delivered twice by SQS (new SQS message id, same SNS MessageId) is posted once', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const first = record('backup failed', 'd-1');
    const again = { ...record('backup failed', 'd-1'), messageId: 'another-sqs-id' };
    await expect(handler(sqsEvent(first), context(5_000))).resolves.toEqual({ batchItemFailures: [] });
    await expect(handler(sqsEvent(again), context(5_000))).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(1);
    const metrics = output.lines('log').filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l));
    expect(metrics.map((m) => [m.Delivered, m.Duplicates])).toEqual([[1, 0], [0, 1]]);
  });

  test('a post whose answer never comes is not posted again by the next invocation (held 15 minutes, then once more)', async () => {
    slack.reset({ '/hook': ['hang'] });
    await handler(sqsEvent(record('backup failed', 'h-1')), context(1_500));
    expect(fakeSqs.of('ChangeMessageVisibility').map((c) => c.VisibilityTimeout)).toEqual([900]);
    slack.reset({ '/hook': [{ status: 200 }] });
    const again = await handler(sqsEvent(record('backup failed', 'h-1', 2)), context(5_000));
    expect(slack.requests).toHaveLength(0);
    expect((again as any).batchItemFailures).toHaveLength(1);
    const item = await dynamo.send(new GetItemCommand({ TableName: process.env.DEDUPE_TABLE_NAME!, Key: { pk: { S: 'sns#h-1' } } }));
    expect(item.Item?.st?.S).toBe('posting');
  });

  test('the dedupe table\'s states: posting holds for 15 minutes, then 30 and 60 for each unanswered attempt; failed frees at once, posted for good', async () => {
    const store = new DynamoDedupeStore({
      updateItem: (input) => dynamo.send(new UpdateItemCommand(input)),
      getItem: (input) => dynamo.send(new GetItemCommand(input)),
      putItem: (input) => dynamo.send(new PutItemCommand(input)),
    }, process.env.DEDUPE_TABLE_NAME!);
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    expect(await store.claim('k', t0)).toBe('claimed');
    expect(await store.claim('k', t0 + 60_000)).toBe('in-flight');
    expect(await store.claim('k', t0 + 15 * 60_000)).toBe('in-flight');
    const t1 = t0 + 15 * 60_000 + 1;
    expect(await store.claim('k', t1)).toBe('claimed'); // the lease passed: the answer never came
    // Each attempt whose answer never comes holds twice as long as the one before, up to an hour.
    expect(await store.claim('k', t1 + 30 * 60_000)).toBe('in-flight');
    const t2 = t1 + 30 * 60_000 + 1;
    expect(await store.claim('k', t2)).toBe('claimed');
    expect(await store.claim('k', t2 + 60 * 60_000)).toBe('in-flight');
    const t3 = t2 + 60 * 60_000 + 1;
    expect(await store.claim('k', t3)).toBe('claimed');
    expect(await store.claim('k', t3 + 60 * 60_000)).toBe('in-flight');
    expect(await store.claim('k', t3 + 60 * 60_000 + 1)).toBe('claimed');
    // A certain failure frees it at once, and the next claim starts again at 15 minutes.
    await store.settle('k', 'failed', t3 + 61 * 60_000);
    expect(await store.claim('k', t3 + 61 * 60_000 + 1)).toBe('claimed');
    expect(await store.claim('k', t3 + 76 * 60_000 + 2)).toBe('claimed');
    await store.settle('k', 'failed', t0 + 16 * 60_000);
    expect(await store.claim('k', t0 + 16 * 60_000 + 1)).toBe('claimed');
    await store.settle('k', 'posted', t0 + 17 * 60_000);
    expect(await store.claim('k', t0 + 30 * 24 * 3600_000)).toBe('posted');
    expect(await store.once('alert#x', t0, 3600)).toBe(true);
    expect(await store.once('alert#x', t0 + 3599_000, 3600)).toBe(false);
    expect(await store.once('alert#x', t0 + 3600_000, 3600)).toBe(true);
  });
});

/** EventBridge's scheduled event, as the hourly dead-letter probe rule sends it. */
const scheduled = { 'version': '0', 'id': 'probe', 'detail-type': 'Scheduled Event', 'source': 'aws.events', 'account': '111122223333', 'time': '2026-12-05T10:00:00Z', 'region': 'eu-west-1', 'resources': [], 'detail': {} };
const deadLetter = (name: string, snsMessageId: string) => ({ MessageId: `dl-${snsMessageId}`, ReceiptHandle: `dl-handle-${snsMessageId}`, Body: record(name, snsMessageId).body });

describe('the hourly dead-letter probe', () => {
  test('Slack answers: the oldest dead letters are posted and deleted, then the rest moves back to the buffer', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    fakeSqs.deadLetters = [deadLetter('backup failed', 'p-1'), deadLetter('copy failed', 'p-2')];
    await expect(handler(scheduled, context(10_000))).resolves.toEqual({ delivered: 2 });
    expect(fakeSqs.of('ReceiveMessage')).toEqual([expect.objectContaining({ QueueUrl: expect.stringMatching(/S-SlackDeadLetterQueue$/), MaxNumberOfMessages: 10 })]);
    expect(slack.requests.length).toBeGreaterThan(0);
    expect(fakeSqs.of('DeleteMessageBatch')).toEqual([expect.objectContaining({
      Entries: [{ Id: '0', ReceiptHandle: 'dl-handle-p-1' }, { Id: '1', ReceiptHandle: 'dl-handle-p-2' }],
    })]);
    expect(fakeSqs.of('StartMessageMoveTask')).toEqual([{ SourceArn: DLQ_ARN, DestinationArn: BUFFER_ARN, MaxNumberOfMessagesPerSecond: 1 }]);
  });

  test('Slack still down: nothing deleted, nothing moved (the dead letters wait for the next hour)', async () => {
    slack.reset({ '/hook': [{ status: 503, body: 'service_unavailable' }] });
    fakeSqs.deadLetters = [deadLetter('backup failed', 'p-3')];
    await handler(scheduled, context(10_000));
    expect(fakeSqs.of('DeleteMessageBatch')).toEqual([]);
    // Visible again at once, so the dead-letter alarm does not read its return as a new dead letter.
    expect(fakeSqs.of('ChangeMessageVisibilityBatch')).toEqual([expect.objectContaining({ Entries: [{ Id: '0', ReceiptHandle: 'dl-handle-p-3', VisibilityTimeout: 0 }] })]);
    expect(fakeSqs.of('StartMessageMoveTask')).toEqual([]);
  });

  test('an empty dead-letter queue: no post, no move', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    fakeSqs.deadLetters = [];
    await expect(handler(scheduled, context(10_000))).resolves.toEqual({ delivered: 0 });
    expect(slack.requests).toEqual([]);
    expect(fakeSqs.of('StartMessageMoveTask')).toEqual([]);
  });

  test('a dead letter already shown is deleted without a second post', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(record('backup failed', 'p-4')), context(5_000));
    const posts = slack.requests.length;
    fakeSqs.calls.length = 0;
    fakeSqs.deadLetters = [deadLetter('backup failed', 'p-4')];
    await handler(scheduled, context(10_000));
    expect(slack.requests.length).toBe(posts);
    expect(fakeSqs.of('DeleteMessageBatch')).toEqual([expect.objectContaining({ Entries: [{ Id: '0', ReceiptHandle: 'dl-handle-p-4' }] })]);
  });
});

describe('recovery', () => {
  test('after a post, the dead-letter queue is moved back to the buffer at one message a second, at most once per 15 minutes', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(record('backup failed', 'v-1')), context(5_000));
    await handler(sqsEvent(record('copy failed', 'v-2')), context(5_000));
    expect(fakeSqs.of('StartMessageMoveTask')).toEqual([{ SourceArn: DLQ_ARN, DestinationArn: BUFFER_ARN, MaxNumberOfMessagesPerSecond: 1 }]);
  });
});

describe('the webhook URL is what it claims', () => {
  test('Slack\'s hosts and GovSlack\'s are accepted; other hosts, credentials, http and odd ports are not, and no error names the URL', () => {
    expect(SLACK_WEBHOOK_HOSTS).toEqual(['hooks.slack.com', 'hooks.slack-gov.com']);
    expect(validateWebhookUrl('https://hooks.slack.com/services/T0/B0/secretpart')).toBe('https://hooks.slack.com/services/T0/B0/secretpart');
    expect(validateWebhookUrl('https://hooks.slack-gov.com/services/T0/B0/secretpart')).toBeDefined();
    const refused = [
      'https://hooks.slack.com.evil.example/services/T0/B0/secretpart',
      'https://evil.example/services/T0/B0/secretpart',
      'https://user:secretpart@hooks.slack.com/services/T0/B0/x',
      'http://hooks.slack.com/services/T0/B0/secretpart',
      'https://hooks.slack.com:8443/services/T0/B0/secretpart',
      'not a url secretpart',
    ];
    for (const url of refused) {
      expect(() => validateWebhookUrl(url)).toThrow();
      try { validateWebhookUrl(url); } catch (e) { expect((e as Error).message).not.toContain('secretpart'); }
    }
    expect(() => validateWebhookUrl('https://evil.example/x')).toThrow(/the webhook URL's host is not allowed: only hooks.slack.com, hooks.slack-gov.com/);
    expect(validateWebhookUrl('https://proxy.example/x', [...SLACK_WEBHOOK_HOSTS, 'proxy.example'])).toBe('https://proxy.example/x');
  });

  test('a secret naming another host: nothing posted, the operator told', async () => {
    delete process.env.WEBHOOK_ALLOWED_HOSTS; // the stand-in on 127.0.0.1 is not allowed now
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(record('backup failed', 'w-1')), context(5_000));
    expect(slack.requests).toHaveLength(0);
    expect((await operatorMessages()).map((a) => a.Subject)).toEqual(['Backup notifications are not reaching Slack (webhook_url_not_allowed)']);
  });
});
