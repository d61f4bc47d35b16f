/*
 * Forwards AWS Backup notifications and CloudWatch alarms to a Slack webhook. Input: an SQS batch
 * from the buffer queue (the normal path), SNS records (the former direct subscription, while a
 * stack upgrades), a CloudWatch Lambda alarm action (the dead-letter and stalled-buffer alarms), or
 * the hourly EventBridge schedule that probes Slack with the oldest dead letters (`probeDeadLetters`).
 */
import { BackupClient, DescribeBackupJobCommand, DescribeCopyJobCommand, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityBatchCommand, ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { DedupeStore, notificationKey } from './dedupe';
import { DynamoDedupeStore } from './dedupe-table';
import { operatorAlert } from './failure-policy';
import { BatchOutcome, BatchRecord, forwardBatch } from './forward-batch';
import { backoffSeconds, OPERATOR_ALERT_WINDOW_SECONDS, REDRIVE_MESSAGES_PER_SECOND, REDRIVE_WINDOW_SECONDS } from './forwarder-limits';
import { JobDetailsCache, JobLookup } from './job-details';
import { MalformedRecordError, parseAlarmActionEvent, parseQueueRecord, parseRecord } from './notification-parser';
import { fetchTransport, Pacing, realClock, safeErrorMessage } from './slack-delivery';
import { allowedHosts, forgetWebhookUrl, getWebhookUrl } from './webhook-url';

/** Time kept back at the end of the invocation to log and return. */
const SAFETY_MARGIN_MS = 1_000;
/** Default pacing: 2 s between posts of an instance, 2 instances at most (see forwarder-limits.ts). */
const DEFAULT_MIN_POST_INTERVAL_MS = 2_000;

let secretsClient: SecretsManagerClient | undefined;
const readSecret = async (secretArn: string) => {
  secretsClient ??= new SecretsManagerClient({});
  return (await secretsClient.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
};

let sqsClient: SQSClient | undefined;
let snsClient: SNSClient | undefined;
let dynamoClient: DynamoDBClient | undefined;
/** The SQS client: the QueueUrl is not used as the endpoint (the SDK's default), so AWS_ENDPOINT_URL and the Lambda region's endpoint apply. */
const sqsApi = () => sqsClient ??= new SQSClient({ useQueueUrlAsEndpoint: false, maxAttempts: 3 });
const snsApi = () => snsClient ??= new SNSClient({ maxAttempts: 3 });
function dedupeStore(): DedupeStore | undefined {
  const table = process.env.DEDUPE_TABLE_NAME;
  if (!table) return undefined;
  const client = dynamoClient ??= new DynamoDBClient({ maxAttempts: 3 });
  return new DynamoDedupeStore({
    updateItem: (input) => client.send(new UpdateItemCommand(input)),
    getItem: (input) => client.send(new GetItemCommand(input)),
    putItem: (input) => client.send(new PutItemCommand(input)),
  }, table);
}

const backupClients = new Map<string, BackupClient>();
function backupClient(region: string | undefined): BackupClient {
  let client = backupClients.get(region ?? '');
  if (!client) {
    client = new BackupClient({ region, maxAttempts: 2 });
    backupClients.set(region ?? '', client);
  }
  return client;
}

const jobLookup: JobLookup = {
  async describeBackupJob(region, jobId, abortSignal) {
    const r = await backupClient(region).send(new DescribeBackupJobCommand({ BackupJobId: jobId }), { abortSignal });
    return { statusMessage: r.StatusMessage, resourceArn: r.ResourceArn, resourceType: r.ResourceType, backupVaultName: r.BackupVaultName };
  },
  async describeCopyJob(region, jobId, abortSignal) {
    const job = (await backupClient(region).send(new DescribeCopyJobCommand({ CopyJobId: jobId }), { abortSignal })).CopyJob ?? {};
    return { statusMessage: job.StatusMessage, resourceArn: job.ResourceArn, resourceType: job.ResourceType };
  },
  async describeRestoreJob(region, jobId, abortSignal) {
    const r = await backupClient(region).send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }), { abortSignal });
    return { statusMessage: r.StatusMessage, resourceType: r.ResourceType };
  },
};

/** Kept across the invocations of an instance: the pacing of posts and the looked-up jobs. */
const pacing: Pacing = { nextPostAt: 0 };
const cache = new JobDetailsCache();

/** Forgets the pacing (a Retry-After still to honour) of this instance: for tests. */
export function forgetPacing(): void {
  pacing.nextPostAt = 0;
}

/** TOPIC_ENVIRONMENTS: JSON array of [topicName, environmentName] pairs. */
export function environmentNames(json: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!json) return map;
  try {
    const pairs = JSON.parse(json);
    if (Array.isArray(pairs)) {
      for (const pair of pairs) {
        if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') map.set(pair[0], pair[1]);
      }
    }
  } catch {
    console.log('TOPIC_ENVIRONMENTS is not JSON: environment names are not shown');
  }
  return map;
}

/** The queue URL of a queue ARN (arn:aws:sqs:<region>:<account>:<name>). */
export function queueUrlOf(queueArn: string): string | undefined {
  const parts = queueArn.split(':');
  if (parts.length !== 6 || parts[2] !== 'sqs') return undefined;
  const [, partition, , region, account, name] = parts;
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${suffix}/${account}/${name}`;
}

/** The metrics of an invocation in CloudWatch's embedded metric format: one log line, no API call. */
export function metricLines(outcome: BatchOutcome, functionName: string, now: number): string[] {
  const namespace = 'CdkEnvironmentBackup/SlackForwarder';
  const lines = [JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [{
        Namespace: namespace,
        Dimensions: [['FunctionName']],
        // Each metric name is a custom metric billed monthly: only these four (and one per error kind seen).
        Metrics: ['Delivered', 'Undelivered', 'DigestsPosted', 'Duplicates'].map((Name) => ({ Name, Unit: 'Count' })),
      }],
    },
    FunctionName: functionName,
    Delivered: outcome.delivered,
    Undelivered: outcome.failedIds.length,
    DigestsPosted: outcome.digests,
    Duplicates: outcome.duplicates,
  })];
  const kinds = new Map<string, number>();
  for (const f of Object.values(outcome.failures)) {
    if (f.outcome === 'permanent') kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  }
  for (const [kind, count] of kinds) {
    lines.push(JSON.stringify({
      _aws: { Timestamp: now, CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [['FunctionName', 'ErrorKind']], Metrics: [{ Name: 'PermanentErrors', Unit: 'Count' }] }] },
      FunctionName: functionName,
      ErrorKind: kind,
      PermanentErrors: count,
    }));
  }
  return lines;
}

type Output = { batchItemFailures: Array<{ itemIdentifier: string }> } | { delivered: number };

export async function handler(event: any, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<Output> {
  const secretArn = process.env.WEBHOOK_SECRET_ARN;
  if (!secretArn) throw new Error('WEBHOOK_SECRET_ARN is not set');
  const jsonField = process.env.WEBHOOK_SECRET_JSON_FIELD || undefined;
  const interval = Number(process.env.MIN_POST_INTERVAL_MS);
  const remaining = context?.getRemainingTimeInMillis?.() ?? 30_000;

  let records: BatchRecord[];
  let kind: 'sqs' | 'sns' | 'alarm' | 'probe';
  const alarm = parseAlarmActionEvent(event);
  let probed: DeadLetter[] = [];
  if (isScheduledEvent(event)) {
    kind = 'probe';
    probed = await receiveDeadLetters();
    if (probed.length === 0) return { delivered: 0 };
    records = probed.map((m) => ({ id: m.messageId, parse: () => parseQueueRecord(m), key: notificationKey(m) }));
  } else if (alarm) {
    kind = 'alarm';
    records = [{ id: 'alarm', parse: () => alarm }];
  } else if (event && Array.isArray(event.Records)) {
    const sqs = event.Records.length > 0 && event.Records.every((r: any) => r?.eventSource === 'aws:sqs');
    kind = sqs ? 'sqs' : 'sns';
    records = event.Records.map((r: any, i: number) => sqs
      ? { id: String(r.messageId), parse: () => parseQueueRecord(r), key: notificationKey(r) }
      : { id: `record ${i}`, parse: () => parseRecord(r), key: typeof r?.Sns?.MessageId === 'string' ? `sns#${r.Sns.MessageId}` : undefined });
  } else {
    throw new MalformedRecordError('the event has no Records array and is no CloudWatch alarm action: not a notification');
  }

  const hosts = allowedHosts(process.env.WEBHOOK_ALLOWED_HOSTS);
  const dedupe = dedupeStore();
  const outcome = await forwardBatch(records, {
    clock: realClock,
    transport: fetchTransport,
    pacing,
    minIntervalMs: Number.isFinite(interval) && interval >= 0 ? interval : DEFAULT_MIN_POST_INTERVAL_MS,
    webhookUrl: async (fresh) => {
      if (fresh) forgetWebhookUrl();
      return getWebhookUrl(secretArn, jsonField, readSecret, hosts);
    },
    lookup: jobLookup,
    cache,
    environments: environmentNames(process.env.TOPIC_ENVIRONMENTS),
    deadline: Date.now() + remaining - SAFETY_MARGIN_MS,
    log: (line) => console.log(line),
    dedupe,
  });
  console.log(JSON.stringify({
    records: records.length,
    delivered: outcome.delivered,
    failed: outcome.failedIds.length,
    posts: outcome.posts,
    requests: outcome.requests,
    rateLimited: outcome.rateLimited,
    lookups: outcome.lookups,
    duplicates: outcome.duplicates,
  }));
  for (const line of metricLines(outcome, process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'slack-forwarder', Date.now())) console.log(line);

  await tellOperator(outcome, secretArn, dedupe, kind === 'sqs' ? event.Records[0]?.eventSourceARN : undefined);
  if (kind === 'sqs') {
    await backOff(event.Records, outcome);
    if (outcome.posts > 0) await redriveDeadLetters(dedupe, event.Records[0]?.eventSourceARN);
  }
  if (kind === 'probe') {
    // Shown (or shown before): out of the dead-letter queue; Slack answers again: the rest moves back
    // to the buffer. The others become visible again after the probe's visibility timeout.
    const done = probed.filter((m) => !outcome.failedIds.includes(m.messageId));
    await deleteDeadLetters(done);
    // The others are visible again at once: hidden for the probe's timeout, their return would read as
    // new dead letters to the dead-letter alarm (its metric is the queue's visible depth).
    await releaseDeadLetters(probed.filter((m) => outcome.failedIds.includes(m.messageId)));
    if (done.length > 0) await redriveDeadLetters(dedupe, undefined);
    return { delivered: outcome.delivered };
  }

  if (kind === 'sqs') {
    // Partial batch response: only these go back to the queue (and after 5 receives to its dead-letter queue).
    return { batchItemFailures: outcome.failedIds.map((id) => ({ itemIdentifier: id })) };
  }
  if (outcome.failedIds.length > 0) {
    // Throwing makes Lambda retry the asynchronous invocation.
    const reasons = outcome.failedIds.map((id) => `${id}: ${outcome.problems[id]}`);
    throw new Error(`${outcome.failedIds.length} of ${records.length} notifications not delivered to Slack: ${reasons.join('; ')}`);
  }
  return { delivered: outcome.delivered };
}

/**
 * Sets when each failed record comes back (`ChangeMessageVisibility`): a growing backoff, long for
 * permanent errors and unanswered posts. A record whose visibility cannot be changed comes back
 * after the queue's visibility timeout. Malformed records keep the queue's timeout.
 */
async function backOff(queueRecords: any[], outcome: BatchOutcome): Promise<void> {
  const byId = new Map<string, any>(queueRecords.map((r) => [String(r.messageId), r]));
  const changes = outcome.failedIds.flatMap((id) => {
    const failure = outcome.failures[id];
    const record = byId.get(id);
    if (!record || !failure || failure.outcome === 'malformed') return [];
    const url = queueUrlOf(String(record.eventSourceARN));
    if (!url || typeof record.receiptHandle !== 'string') return [];
    const receives = Number(record.attributes?.ApproximateReceiveCount);
    return [{ url, handle: record.receiptHandle as string, seconds: backoffSeconds(receives, failure.outcome !== 'transient') }];
  });
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < changes.length) {
      const c = changes[next++];
      try {
        await sqsApi().send(new ChangeMessageVisibilityCommand({ QueueUrl: c.url, ReceiptHandle: c.handle, VisibilityTimeout: c.seconds }));
      } catch (error) {
        if (failed++ === 0) console.log(`Could not set the backoff of a record (${safeErrorMessage(error)}): it returns after the queue's visibility timeout`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(10, changes.length) }, worker));
  if (changes.length > 0) {
    console.log(`Backoff set for ${changes.length - failed} of ${changes.length} undelivered records (longest ${Math.max(...changes.map((c) => c.seconds))} s)`);
  }
}

/** Tells the operator topic of each permanent error kind, at most once an hour each (the dedupe table). */
async function tellOperator(outcome: BatchOutcome, secretArn: string, dedupe: DedupeStore | undefined, queueArn: string | undefined): Promise<void> {
  const kinds = new Map<string, number>();
  for (const f of Object.values(outcome.failures)) {
    if (f.outcome === 'permanent') kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  }
  if (kinds.size === 0) return;
  const topicArn = process.env.OPERATOR_TOPIC_ARN;
  for (const [kind, held] of kinds) {
    if (!topicArn) {
      console.log(`Permanent delivery error ${kind} (${held} notifications held): no operator topic is configured to tell`);
      continue;
    }
    try {
      if (dedupe && !(await dedupe.once(`alert#${kind}`, Date.now(), OPERATOR_ALERT_WINDOW_SECONDS))) continue;
    } catch (error) {
      console.log(`The dedupe table could not be read (${safeErrorMessage(error)}): telling the operator anyway`);
    }
    const alert = operatorAlert(kind, { held, secretArn, queueArn, logGroup: process.env.AWS_LAMBDA_LOG_GROUP_NAME });
    try {
      await snsApi().send(new PublishCommand({ TopicArn: topicArn, Subject: alert.subject, Message: alert.message }));
      console.log(`Told the operator topic of ${kind} (${held} notifications held)`);
    } catch (error) {
      console.log(`Could not tell the operator topic of ${kind}: ${safeErrorMessage(error)}`);
    }
  }
}

/** A dead letter as ReceiveMessage returns it, in the shape of an SQS event record. */
interface DeadLetter {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
}

/** Up to this many dead letters per probe (ReceiveMessage's maximum). */
const PROBE_MESSAGES = 10;
/** They stay invisible this long while the probe tries them (the function's timeout is shorter). */
const PROBE_VISIBILITY_SECONDS = 300;

/** EventBridge's scheduled event: `{"source":"aws.events","detail-type":"Scheduled Event",…}`. */
function isScheduledEvent(event: any): boolean {
  return !!event && typeof event === 'object' && event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

/**
 * The hourly probe: the oldest dead letters, tried on Slack like a queue batch. Without it, a
 * backlog dead-lettered by an outage longer than the buffer's retries (about 26 hours) would wait for
 * new traffic before moving back (the redrive follows a successful post).
 */
async function receiveDeadLetters(): Promise<DeadLetter[]> {
  const url = queueUrlOf(process.env.DEAD_LETTER_QUEUE_ARN ?? '');
  if (!url) return [];
  try {
    const out = await sqsApi().send(new ReceiveMessageCommand({
      QueueUrl: url, MaxNumberOfMessages: PROBE_MESSAGES, VisibilityTimeout: PROBE_VISIBILITY_SECONDS, WaitTimeSeconds: 0,
    }));
    return (out.Messages ?? []).filter((m) => m.MessageId && m.ReceiptHandle && typeof m.Body === 'string')
      .map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body! }));
  } catch (error) {
    console.log(`Could not read the dead-letter queue: ${safeErrorMessage(error)}`);
    return [];
  }
}

async function deleteDeadLetters(done: DeadLetter[]): Promise<void> {
  const url = queueUrlOf(process.env.DEAD_LETTER_QUEUE_ARN ?? '');
  if (!url || done.length === 0) return;
  try {
    const out = await sqsApi().send(new DeleteMessageBatchCommand({
      QueueUrl: url, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle })),
    }));
    if ((out.Failed ?? []).length > 0) console.log(`${out.Failed!.length} delivered dead letters could not be deleted: the dedupe table keeps them from showing again`);
  } catch (error) {
    console.log(`Could not delete delivered dead letters (${safeErrorMessage(error)}): the dedupe table keeps them from showing again`);
  }
}

async function releaseDeadLetters(held: DeadLetter[]): Promise<void> {
  const url = queueUrlOf(process.env.DEAD_LETTER_QUEUE_ARN ?? '');
  if (!url || held.length === 0) return;
  try {
    await sqsApi().send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl: url, Entries: held.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle, VisibilityTimeout: 0 })),
    }));
  } catch (error) {
    console.log(`Could not release the probed dead letters (${safeErrorMessage(error)}): they return after ${PROBE_VISIBILITY_SECONDS} s`);
  }
}

/**
 * Slack answers again: moves the dead-letter queue back to the buffer (`StartMessageMoveTask`, at
 * REDRIVE_MESSAGES_PER_SECOND), at most once per REDRIVE_WINDOW_SECONDS. Redriven messages are new
 * messages (new id, new retention); the dedupe table keeps those already posted from showing again.
 */
async function redriveDeadLetters(dedupe: DedupeStore | undefined, eventSourceArn: string | undefined): Promise<void> {
  const deadLetterArn = process.env.DEAD_LETTER_QUEUE_ARN;
  const destination = process.env.BUFFER_QUEUE_ARN || eventSourceArn;
  if (!deadLetterArn || !destination) return;
  try {
    if (dedupe && !(await dedupe.once('redrive', Date.now(), REDRIVE_WINDOW_SECONDS))) return;
    const task = await sqsApi().send(new StartMessageMoveTaskCommand({
      SourceArn: deadLetterArn, DestinationArn: destination, MaxNumberOfMessagesPerSecond: REDRIVE_MESSAGES_PER_SECOND,
    }));
    console.log(`Moving the dead-letter queue's messages back to the buffer (task ${task.TaskHandle ? 'started' : 'not started'})`);
  } catch (error) {
    // e.g. a move task already running: the next window tries again.
    console.log(`Could not move the dead-letter queue back to the buffer: ${safeErrorMessage(error)}`);
  }
}
