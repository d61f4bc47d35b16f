/*
 * A storm through the BUNDLED handler: a few hundred failures in batches, as the queue's event
 * source mapping delivers them (up to 2 invocations at once, each its own process like a Lambda
 * instance), against a Slack stand-in on 127.0.0.1 that accepts one message a second and answers
 * 429 with Retry-After otherwise. Measured, not assumed: nothing lost, at most one accepted post a
 * second, every job listed in a post or counted in a digest that links to the console's job list.
 */
import * as http from 'http';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { invokeBundle } from '../../support/bundled-handler';
import { serve, withMotoAccount } from '../../support/handler-fixtures';
import { LoopbackServer } from '../../support/loopback-server';
import { sample, sqsRecord, TOPIC_ARN } from '../fixtures';

const STAGING_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:backup-staging';
const ALARM_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:S-SlackForwarderAlarmTopic';

/** Slack at one message a second: a request within 1 s of the last accepted one gets 429 + Retry-After. */
class RateLimitedSlack extends LoopbackServer {
  readonly accepted: Array<{ at: number; body: any }> = [];
  readonly rejected: number[] = [];
  private lastAccepted = -Infinity;

  protected receive(_req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const now = Date.now();
    const wait = this.lastAccepted + 1000 - now;
    if (wait > 0) {
      this.rejected.push(now);
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(Math.ceil(wait / 1000)) });
      res.end('rate_limited');
      return;
    }
    this.lastAccepted = now;
    this.accepted.push({ at: now, body: JSON.parse(raw) });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  }
}

const slack = new RateLimitedSlack();
let secretArn: string;
serve(slack);
withMotoAccount();

beforeAll(async () => {
  const secrets = new SecretsManagerClient({});
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'backup/storm-webhook', SecretString: `${slack.endpoint}/hook` }))).ARN!;
}, 30_000);

/** One invocation of the bundled handler in a fresh process (one Lambda instance), as the event source mapping makes it. */
async function invoke(records: any[]): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const outcome = await invokeBundle('notifications/slack/handler/slack-forwarder.lambda', { Records: records }, {
    env: {
      WEBHOOK_SECRET_ARN: secretArn,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', // the Slack stand-in
      TOPIC_ENVIRONMENTS: JSON.stringify([[TOPIC_ARN.split(':')[5], 'production'], ['backup-staging', 'staging']]),
      MIN_POST_INTERVAL_MS: '2000', // what the construct sets: 2 instances x 1 post per 2 s = 1 a second
    },
    remainingMs: 60_000,
    timeoutMs: 90_000,
  });
  if (!outcome.ok) throw new Error(`the handler threw: ${outcome.value}`);
  return outcome.value;
}

test('a storm of 300 failures in two environments and two alarms: nothing lost, at most 1 post a second, every job listed or counted', async () => {
  const jobId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const kinds = ['backup failed', 'backup partial', 'copy failed', 'backup expired'];
  const records: any[] = [];
  for (let i = 0; i < 250; i++) records.push(sqsRecord(sample(kinds[i % kinds.length]), TOPIC_ARN, { jobId: jobId(i), messageId: `p${i}` }));
  for (let i = 250; i < 300; i++) records.push(sqsRecord(sample('restore failed'), STAGING_TOPIC, { jobId: jobId(i), messageId: `s${i}` }));
  records.push(sqsRecord(sample('CloudWatch alarm'), ALARM_TOPIC, { messageId: 'alarm-1' }));
  const heartbeat = sqsRecord(sample('CloudWatch alarm'), ALARM_TOPIC, { messageId: 'alarm-2' });
  heartbeat.body = heartbeat.body.replace(/production-backup-jobs-failed/g, 'staging-NoBackupJobCompleted');
  records.push(heartbeat);
  // Interleaved as they would arrive, cut into 4 batches; the mapping runs 2 at once.
  const shuffled = records.map((r, i) => ({ r, k: (i * 7919) % records.length })).sort((a, b) => a.k - b.k).map((x) => x.r);
  const batches = [0, 1, 2, 3].map((b) => shuffled.slice(b * 76, (b + 1) * 76));
  expect(batches.flat()).toHaveLength(302);

  const receives = new Map<string, number>();
  let pending = batches;
  const deadLettered: string[] = [];
  while (pending.length > 0) {
    const retry: any[] = [];
    for (let i = 0; i < pending.length; i += 2) {
      const results = await Promise.all(pending.slice(i, i + 2).map((batch) => invoke(batch)));
      results.forEach((result, j) => {
        const batch = pending[i + j];
        for (const { itemIdentifier } of result.batchItemFailures) {
          const record = batch.find((r: any) => r.messageId === itemIdentifier);
          const count = (receives.get(itemIdentifier) ?? 1) + 1;
          receives.set(itemIdentifier, count);
          // The queue's redrive policy: after 5 receives, the dead-letter queue.
          if (count > 5) deadLettered.push(itemIdentifier);
          else retry.push(record);
        }
      });
    }
    pending = retry.length > 0 ? [retry] : [];
  }

  expect(deadLettered).toEqual([]);
  // At most one accepted post a second (the stand-in enforces it; this says the handler lived with it).
  const times = slack.accepted.map((a) => a.at).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
  // Retry-After honoured: no hammering (each 429 is followed by a wait, not a burst of retries).
  expect(slack.rejected.length).toBeLessThanOrEqual(slack.accepted.length);
  // A handful of messages, not 302.
  expect(slack.accepted.length).toBeLessThanOrEqual(12);

  // Every notification is listed in a post or counted in a digest that links to the job list.
  let counted = 0;
  const listed = new Set<string>();
  for (const { body } of slack.accepted) {
    const text = JSON.stringify(body);
    const digest = /^:rotating_light: \[\w+\] (\d+) backup notifications/.exec(body.text);
    counted += digest ? Number(digest[1]) : 1;
    for (const m of text.matchAll(/00000000-0000-4000-8000-\d{12}/g)) listed.add(m[0]);
    if (digest && /and \d+ more/.test(text)) expect(text).toMatch(/backup\/home\?region=eu-west-1#\/jobs\/(backup|restore)/);
  }
  expect(counted).toBe(302);
  expect([...listed].every((id) => Number(id.slice(-12)) < 300)).toBe(true);
  const alarmPosts = slack.accepted.filter((a) => JSON.stringify(a.body).includes('NoBackupJobCompleted') || JSON.stringify(a.body).includes('production-backup-jobs-failed'));
  expect(alarmPosts.length).toBeGreaterThanOrEqual(1);
}, 120_000);
