/*
 * The storm scenario, in simulated time: 1,000 failures within 5 minutes in one environment and
 * 100 in another, Slack accepting one message a second (429 + Retry-After otherwise).
 *
 * - The pipeline: the buffer queue and its event source mapping (batching window 20 s, batches of
 *   up to 1,000, at most 2 invocations at once, partial batch failures, 5 receives then the
 *   dead-letter queue), each invocation running the REAL handler logic (`forwardBatch`: grouping,
 *   digests, budgeted lookups, paced posts, Retry-After) on a simulated clock and HTTP.
 * - The naive path (the former design): SNS invokes the function once per notification with no
 *   concurrency bound; each invocation formats one message and posts it with up to 5 attempts
 *   (429s included) within a 30 s timeout; Lambda retries a failed asynchronous invocation twice
 *   (about 1 and 2 minutes later), then sends it to the on-failure queue.
 */
import { forwardBatch } from '../src/notifications/slack/handler/forward-batch';
import { BATCH_SIZE, BATCHING_WINDOW_SECONDS, MAX_CONCURRENCY, MAX_RECEIVE_COUNT, MIN_POST_INTERVAL_MS, VISIBILITY_TIMEOUT_FACTOR } from '../src/notifications/slack/handler/forwarder-limits';
import { JobDetailsCache, JobLookup } from '../src/notifications/slack/handler/job-details';
import { Notification, parseQueueRecord } from '../src/notifications/slack/handler/notification-parser';
import { Clock, HttpAnswer, retryAfterMs } from '../src/notifications/slack/handler/slack-delivery';
import { formatMessage } from '../src/notifications/slack/handler/slack-message';
import { sample, sqsRecord, TOPIC_ARN } from '../test/notifications/fixtures';

const STAGING_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:backup-staging';
const ENVIRONMENTS = new Map([[TOPIC_ARN.split(':')[5], 'production'], ['backup-staging', 'staging']]);
const FUNCTION_TIMEOUT_MS = 60_000;
const NAIVE_TIMEOUT_MS = 30_000;
const LATENCY_MS = 80;

/** A discrete-event clock: `sleep` resolves when the simulation reaches its time. */
class VirtualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
  }
  /** Runs until no timer is left. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

/** Slack at one message a second per webhook. */
class SimulatedSlack {
  readonly accepted: number[] = [];
  readonly requests: number[] = [];
  rejected = 0;
  private last = -Infinity;
  constructor(private readonly clock: VirtualClock) {}
  async post(): Promise<HttpAnswer> {
    await this.clock.sleep(LATENCY_MS / 2);
    const now = this.clock.now();
    this.requests.push(now);
    const wait = this.last + 1000 - now;
    let answer: HttpAnswer;
    if (wait > 0) {
      this.rejected++;
      answer = { status: 429, text: 'rate_limited', retryAfter: String(Math.ceil(wait / 1000)) };
    } else {
      this.last = now;
      this.accepted.push(now);
      answer = { status: 200, text: 'ok' };
    }
    await this.clock.sleep(LATENCY_MS / 2);
    return answer;
  }
}

const REASONS = [
  'Access denied to KMS key arn:aws:kms:eu-west-1:111122223333:key/1234 (kms:CreateGrant)',
  'IAM role arn:aws:iam::111122223333:role/backup-production does not have sufficient permissions',
  'Resource is in an invalid state for backup',
];

function lookup(clock: VirtualClock): JobLookup {
  const answer = async (jobId: string) => {
    await clock.sleep(120);
    return { statusMessage: REASONS[Number(jobId.slice(-1)) % 3 === 0 ? 1 : 0] };
  };
  return { describeBackupJob: (_r, id) => answer(id), describeCopyJob: (_r, id) => answer(id), describeRestoreJob: (_r, id) => answer(id) };
}

/** The storm's notifications: arrival time (ms) and SQS record. */
function storm(): Array<{ at: number; record: any }> {
  const out: Array<{ at: number; record: any }> = [];
  const kinds = ['backup failed', 'backup failed', 'backup partial', 'copy failed'];
  const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  for (let i = 0; i < 1000; i++) out.push({ at: Math.round(i * 300_000 / 1000), record: sqsRecord(sample(kinds[i % 4]), TOPIC_ARN, { jobId: id(i), messageId: `p${i}` }) });
  for (let i = 0; i < 100; i++) out.push({ at: Math.round(i * 300_000 / 100) + 1500, record: sqsRecord(sample('backup failed'), STAGING_TOPIC, { jobId: id(1000 + i), messageId: `s${i}` }) });
  return out.sort((a, b) => a.at - b.at);
}

export interface StormResult {
  readonly name: string;
  readonly notifications: number;
  readonly invocations: number;
  readonly slackMessages: number;
  readonly peakMessagesPerSecond: number;
  readonly peakRequestsPerSecond: number;
  readonly rateLimited: number;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly lost: number;
  readonly firstMessageSeconds: number;
  readonly drainSeconds: number;
  readonly lookups: number;
}

function peak(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const silent = () => undefined;

/** The pipeline: buffer queue, event source mapping, real handler logic. */
export async function pipelineStorm(): Promise<StormResult> {
  const clock = new VirtualClock();
  const slack = new SimulatedSlack(clock);
  const arrivals = storm();
  const queue: Array<{ record: any; visibleAt: number; receives: number }> = [];
  const deadLetter: string[] = [];
  let delivered = 0;
  let invocations = 0;
  let lookups = 0;
  let arrived = 0;
  let inFlight = 0;
  const cache = new JobDetailsCache();
  const deliveredAt: number[] = [];

  const producer = async () => {
    for (const a of arrivals) {
      await clock.sleep(a.at - clock.now());
      queue.push({ record: a.record, visibleAt: clock.now(), receives: 0 });
      arrived++;
    }
  };
  const visible = () => queue.filter((m) => m.visibleAt <= clock.now());
  const finished = () => arrived === arrivals.length && queue.length === 0 && inFlight === 0;
  const poller = async () => {
    const pacing = { nextPostAt: 0 }; // one Lambda instance
    while (!finished()) {
      if (visible().length === 0) {
        await clock.sleep(1000);
        continue;
      }
      // Batching window: gather up to BATCH_SIZE, for at most BATCHING_WINDOW_SECONDS.
      const windowEnd = clock.now() + BATCHING_WINDOW_SECONDS * 1000;
      while (clock.now() < windowEnd && visible().length < BATCH_SIZE) await clock.sleep(Math.min(1000, windowEnd - clock.now()));
      const batch = visible().slice(0, BATCH_SIZE);
      if (batch.length === 0) continue;
      for (const m of batch) {
        m.receives++;
        m.visibleAt = clock.now() + (VISIBILITY_TIMEOUT_FACTOR * FUNCTION_TIMEOUT_MS / 1000 + BATCHING_WINDOW_SECONDS) * 1000;
      }
      inFlight++;
      invocations++;
      const outcome = await forwardBatch(batch.map((m) => ({ id: m.record.messageId, parse: () => parseQueueRecord(m.record) })), {
        clock,
        transport: () => slack.post(),
        pacing,
        minIntervalMs: MIN_POST_INTERVAL_MS,
        webhookUrl: async () => 'https://hooks.slack.com/services/simulated',
        lookup: lookup(clock),
        cache,
        environments: ENVIRONMENTS,
        deadline: clock.now() + FUNCTION_TIMEOUT_MS - 1000,
        log: silent,
      });
      inFlight--;
      lookups += outcome.lookups;
      const failed = new Set(outcome.failedIds);
      for (const m of batch) {
        if (!failed.has(m.record.messageId)) {
          queue.splice(queue.indexOf(m), 1);
          delivered++;
          deliveredAt.push(clock.now());
        } else if (m.receives >= MAX_RECEIVE_COUNT) {
          queue.splice(queue.indexOf(m), 1);
          deadLetter.push(m.record.messageId);
        }
      }
    }
  };
  const run = Promise.all([producer(), ...Array.from({ length: MAX_CONCURRENCY }, poller)]);
  await clock.run();
  await run;
  return {
    name: `buffer queue + digests (batching window ${BATCHING_WINDOW_SECONDS} s, ${MAX_CONCURRENCY} at once)`,
    notifications: arrivals.length,
    invocations,
    slackMessages: slack.accepted.length,
    peakMessagesPerSecond: peak(slack.accepted),
    peakRequestsPerSecond: peak(slack.requests),
    rateLimited: slack.rejected,
    delivered,
    deadLettered: deadLetter.length,
    lost: arrivals.length - delivered - deadLetter.length,
    firstMessageSeconds: (Math.min(...slack.accepted) - arrivals[0].at) / 1000,
    drainSeconds: (Math.max(...deliveredAt) - arrivals[0].at) / 1000,
    lookups,
  };
}

/** The former path: one invocation and one message per notification, unbounded concurrency. */
export async function naiveStorm(): Promise<StormResult> {
  const clock = new VirtualClock();
  const slack = new SimulatedSlack(clock);
  const arrivals = storm();
  let delivered = 0;
  let deadLettered = 0;
  let invocations = 0;
  const deliveredAt: number[] = [];

  /** The former postToSlack: 5 attempts in all (429s included), Retry-After honoured, within the deadline. */
  const postOnce = async (deadline: number): Promise<boolean> => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (clock.now() >= deadline) return false;
      const answer = await slack.post();
      if (answer.status === 200) return true;
      const wait = retryAfterMs(answer.retryAfter, clock.now()) ?? 250 * 2 ** (attempt - 1);
      if (attempt === 5 || clock.now() + wait >= deadline) return false;
      await clock.sleep(wait);
    }
    return false;
  };
  const notification = async (at: number, record: any) => {
    await clock.sleep(at - clock.now());
    const n: Notification = parseQueueRecord(record);
    formatMessage(n, 'production');
    // Lambda's asynchronous invocation: the first try, then 2 retries about 1 and 2 minutes apart.
    for (const retryDelay of [0, 60_000, 120_000]) {
      await clock.sleep(retryDelay);
      invocations++;
      if (await postOnce(clock.now() + NAIVE_TIMEOUT_MS - 500)) {
        delivered++;
        deliveredAt.push(clock.now());
        return;
      }
    }
    deadLettered++;
  };
  const run = Promise.all(arrivals.map((a) => notification(a.at, a.record)));
  await clock.run();
  await run;
  return {
    name: 'naive: one invocation and one message per notification',
    notifications: arrivals.length,
    invocations,
    slackMessages: slack.accepted.length,
    peakMessagesPerSecond: peak(slack.accepted),
    peakRequestsPerSecond: peak(slack.requests),
    rateLimited: slack.rejected,
    delivered,
    deadLettered,
    lost: arrivals.length - delivered - deadLettered,
    firstMessageSeconds: (Math.min(...slack.accepted) - arrivals[0].at) / 1000,
    drainSeconds: (Math.max(...deliveredAt, ...slack.requests) - arrivals[0].at) / 1000,
    lookups: 0,
  };
}

if (require.main === module) {
  void (async () => {
    for (const r of [await pipelineStorm(), await naiveStorm()]) process.stdout.write(`${JSON.stringify(r)}\n`);
  })();
}
