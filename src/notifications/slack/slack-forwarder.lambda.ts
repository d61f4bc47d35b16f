/*
 * Forwards AWS Backup notifications and CloudWatch alarms to a Slack webhook. Input: an SQS batch
 * from the buffer queue (the normal path), SNS records (the former direct subscription, while a
 * stack upgrades), or a CloudWatch Lambda alarm action (the dead-letter alarm).
 */
import { BackupClient, DescribeBackupJobCommand, DescribeCopyJobCommand, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { BatchRecord, forwardBatch } from './handler/forward-batch';
import { JobDetailsCache, JobLookup } from './handler/job-details';
import { MalformedRecordError, parseAlarmActionEvent, parseQueueRecord, parseRecord } from './handler/notification-parser';
import { fetchTransport, Pacing, realClock } from './handler/slack-delivery';
import { forgetWebhookUrl, getWebhookUrl } from './handler/webhook-url';

/** Time kept back at the end of the invocation to log and return. */
const SAFETY_MARGIN_MS = 1_000;
/** Default pacing: 2 s between posts of an instance, 2 instances at most (see forwarder-limits.ts). */
const DEFAULT_MIN_POST_INTERVAL_MS = 2_000;

let secretsClient: SecretsManagerClient | undefined;
const readSecret = async (secretArn: string) => {
  secretsClient ??= new SecretsManagerClient({});
  return (await secretsClient.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
};

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

type Output = { batchItemFailures: Array<{ itemIdentifier: string }> } | { delivered: number };

export async function handler(event: any, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<Output> {
  const secretArn = process.env.WEBHOOK_SECRET_ARN;
  if (!secretArn) throw new Error('WEBHOOK_SECRET_ARN is not set');
  const jsonField = process.env.WEBHOOK_SECRET_JSON_FIELD || undefined;
  const interval = Number(process.env.MIN_POST_INTERVAL_MS);
  const remaining = context?.getRemainingTimeInMillis?.() ?? 30_000;

  let records: BatchRecord[];
  let kind: 'sqs' | 'sns' | 'alarm';
  const alarm = parseAlarmActionEvent(event);
  if (alarm) {
    kind = 'alarm';
    records = [{ id: 'alarm', parse: () => alarm }];
  } else if (event && Array.isArray(event.Records)) {
    const sqs = event.Records.length > 0 && event.Records.every((r: any) => r?.eventSource === 'aws:sqs');
    kind = sqs ? 'sqs' : 'sns';
    records = event.Records.map((r: any, i: number) => sqs
      ? { id: String(r.messageId), parse: () => parseQueueRecord(r) }
      : { id: `record ${i}`, parse: () => parseRecord(r) });
  } else {
    throw new MalformedRecordError('the event has no Records array and is no CloudWatch alarm action: not a notification');
  }

  const outcome = await forwardBatch(records, {
    clock: realClock,
    transport: fetchTransport,
    pacing,
    minIntervalMs: Number.isFinite(interval) && interval >= 0 ? interval : DEFAULT_MIN_POST_INTERVAL_MS,
    webhookUrl: async (fresh) => {
      if (fresh) forgetWebhookUrl();
      return getWebhookUrl(secretArn, jsonField, readSecret);
    },
    lookup: jobLookup,
    cache,
    environments: environmentNames(process.env.TOPIC_ENVIRONMENTS),
    deadline: Date.now() + remaining - SAFETY_MARGIN_MS,
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify({
    records: records.length,
    delivered: outcome.delivered,
    failed: outcome.failedIds.length,
    posts: outcome.posts,
    requests: outcome.requests,
    rateLimited: outcome.rateLimited,
    lookups: outcome.lookups,
  }));

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
