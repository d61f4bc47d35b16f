/* Forwards SNS notifications (AWS Backup, CloudWatch alarms, anything) to a Slack webhook. */
import { BackupClient, DescribeBackupJobCommand, DescribeCopyJobCommand, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context, SNSEvent } from 'aws-lambda';
import { describeJob, JobLookup } from './job-details';
import { arnParts, MalformedRecordError, parseRecord } from './notification-parser';
import { postToSlack, SlackDeliveryError } from './slack-delivery';
import { formatMessage } from './slack-message';
import { forgetWebhookUrl, getWebhookUrl } from './webhook-url';

/** Time kept back at the end of the invocation to log and return. */
const SAFETY_MARGIN_MS = 500;
/** Longest time spent looking up a job's failure reason. */
const ENRICHMENT_TIMEOUT_MS = 3_000;

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

export async function handler(event: SNSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<{ delivered: number }> {
  const secretArn = process.env.WEBHOOK_SECRET_ARN;
  if (!secretArn) throw new Error('WEBHOOK_SECRET_ARN is not set');
  const jsonField = process.env.WEBHOOK_SECRET_JSON_FIELD || undefined;
  if (!event || !Array.isArray((event as any).Records)) {
    throw new MalformedRecordError('the event has no Records array: not an SNS event');
  }
  const remaining = context?.getRemainingTimeInMillis?.() ?? 30_000;
  const deadline = Date.now() + remaining - SAFETY_MARGIN_MS;
  const environments = environmentNames(process.env.TOPIC_ENVIRONMENTS);

  const failures: string[] = [];
  let delivered = 0;
  for (const [index, record] of event.Records.entries()) {
    try {
      const notification = parseRecord(record);
      const topicName = arnParts(notification.topicArn).resource;
      const environmentName = topicName ? environments.get(topicName) : undefined;
      const enrichmentBudget = Math.min(ENRICHMENT_TIMEOUT_MS, (deadline - Date.now()) / 3);
      const job = await describeJob(notification, enrichmentBudget, jobLookup);
      const payload = formatMessage(notification, environmentName, job);
      await deliver(payload, secretArn, jsonField, deadline);
      delivered++;
    } catch (error) {
      const e = error as Error;
      console.log(`Record ${index} not delivered: ${e.name}: ${e.message}`);
      failures.push(`record ${index}: ${e.message}`);
    }
  }
  if (failures.length > 0) {
    // Throwing makes Lambda retry the invocation, then send it to the on-failure destination.
    throw new Error(`${failures.length} of ${event.Records.length} notifications not delivered to Slack: ${failures.join('; ')}`);
  }
  return { delivered };
}

async function deliver(payload: unknown, secretArn: string, jsonField: string | undefined, deadline: number): Promise<void> {
  const url = await getWebhookUrl(secretArn, jsonField, readSecret);
  try {
    await postToSlack(url, payload, { deadline });
  } catch (error) {
    if (!(error instanceof SlackDeliveryError) || !error.revoked) throw error;
    // The hook is revoked: the secret may have been rotated since it was cached.
    forgetWebhookUrl();
    const fresh = await getWebhookUrl(secretArn, jsonField, readSecret);
    if (fresh === url) throw error;
    console.log('The webhook secret changed: retrying with the new URL');
    await postToSlack(fresh, payload, { deadline });
  }
}
