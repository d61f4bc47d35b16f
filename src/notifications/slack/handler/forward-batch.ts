/*
 * The forwarder's logic for one batch (no aws-cdk-lib, no AWS SDK: time, HTTP, the webhook URL and
 * job lookups are injected, so tests and the storm benchmark run it as it runs in Lambda).
 */
import { DedupeStore } from './dedupe';
import { DIGEST_LISTED, DigestItem, formatDigest } from './digest';
import { classifyFailure, FailureClass } from './failure-policy';
import { describeJobs, JobDetailsCache, JobLookup } from './job-details';
import { arnParts, Notification } from './notification-parser';
import { dictionary } from './own';
import { Clock, Pacing, postPaced, SlackDeliveryError, Transport } from './slack-delivery';
import { formatMessage, JobDetails, SlackPayload } from './slack-message';

/** Failure-reason lookups of a batch: at most this many calls, this many at once, this long each. */
export const LOOKUP_BUDGET = { maxLookups: 20, concurrency: 4, timeoutMs: 2_000, shareOfTime: 0.25 };

/** One record of a batch: its id (the SQS message id) and how to read it. */
export interface BatchRecord {
  readonly id: string;
  readonly parse: () => Notification;
  /** The notification's identity across deliveries (SNS MessageId, event id): what the dedupe store remembers. */
  readonly key?: string;
}

export interface ForwardDeps {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly pacing: Pacing;
  /** Least time between two posts of this instance. */
  readonly minIntervalMs: number;
  /** The webhook URL; `fresh` forgets the cached one and reads the secret again. */
  readonly webhookUrl: (fresh: boolean) => Promise<string>;
  readonly lookup: JobLookup;
  readonly cache: JobDetailsCache;
  /** Topic name → environment name. */
  readonly environments: Map<string, string>;
  /** Epoch milliseconds after which nothing starts. */
  readonly deadline: number;
  readonly log: (line: string) => void;
  /** Remembers what was posted, across invocations. @default - none: duplicates are posted again. */
  readonly dedupe?: DedupeStore;
}

export interface BatchOutcome {
  /** Records not delivered (to be retried by the queue, then dead-lettered). */
  readonly failedIds: string[];
  /** Records delivered, listed or counted in a Slack message. */
  readonly delivered: number;
  /** Slack messages posted. */
  readonly posts: number;
  /** HTTP requests made to Slack, and 429 answers among them. */
  readonly requests: number;
  readonly rateLimited: number;
  /** Describe*Job calls made. */
  readonly lookups: number;
  /** Why records failed, by id. */
  readonly problems: { [id: string]: string };
  /** What each failure means (retry soon, hold, wait), by id. */
  readonly failures: { [id: string]: FailureClass };
  /** Records not posted because they were posted already (SQS duplicates, moved back from the dead-letter queue). */
  readonly duplicates: number;
  /** Digests among the posts. */
  readonly digests: number;
}

/** The environment a notification belongs to: the one it names (organization events), by its topic, or an alarm by its name (`<environment>-…`). */
export function environmentOf(n: Notification, environments: Map<string, string>): string | undefined {
  if (n.environmentName) return n.environmentName;
  const topicName = arnParts(n.topicArn).resource;
  const byTopic = topicName ? environments.get(topicName) : undefined;
  if (byTopic) return byTopic;
  if (n.kind === 'ALARM' && n.eventType) {
    const names = [...new Set(environments.values())].sort((a, b) => b.length - a.length);
    return names.find((env) => n.eventType!.startsWith(`${env}-`));
  }
  return undefined;
}

/**
 * Delivers a batch: groups the notifications by environment, looks up the failure reasons of the
 * jobs it will list (within LOOKUP_BUDGET), and posts one message per environment (the message
 * of a single notification, or a digest), paced and deadline-bound. A group that cannot be posted
 * has all its records reported as failed; a malformed record fails alone.
 */
export async function forwardBatch(records: BatchRecord[], deps: ForwardDeps): Promise<BatchOutcome> {
  const problems = dictionary<string>();
  const failures = dictionary<FailureClass>();
  const groups = new Map<string, { env?: string; items: Array<{ id: string; n: Notification; key?: string }> }>();
  for (const record of records) {
    let n: Notification;
    let env: string | undefined;
    let key: string;
    try {
      n = record.parse();
      env = environmentOf(n, deps.environments);
      key = env ?? arnParts(n.topicArn).resource ?? '';
    } catch (error) {
      problems[record.id] = String((error as Error)?.message ?? error);
      failures[record.id] = { outcome: 'malformed', kind: 'malformed_record' };
      deps.log(`Record ${record.id} is not a notification: ${problems[record.id]}`);
      continue;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, group = { env, items: [] });
    group.items.push({ id: record.id, n, key: record.key });
  }

  const toDescribe = [...groups.values()].flatMap((g) => g.items.slice(0, DIGEST_LISTED).map((i) => i.n));
  const now = deps.clock.now();
  let details = new Map<string, JobDetails>();
  let calls = 0;
  try {
    ({ details, calls } = await describeJobs(toDescribe, {
      maxLookups: LOOKUP_BUDGET.maxLookups,
      concurrency: LOOKUP_BUDGET.concurrency,
      timeoutMs: LOOKUP_BUDGET.timeoutMs,
      deadline: now + Math.max(0, (deps.deadline - now) * LOOKUP_BUDGET.shareOfTime),
      now: () => deps.clock.now(),
    }, deps.lookup, deps.cache, deps.log));
  } catch (error) {
    // The reasons are extras: the messages are posted without them.
    deps.log(`Failure reasons not looked up: ${String((error as Error)?.message ?? error)}`);
  }

  let delivered = 0;
  let posts = 0;
  let requests = 0;
  let rateLimited = 0;
  let duplicates = 0;
  let digests = 0;
  for (const group of groups.values()) {
    const claimed = await claimAll(group.items, deps);
    duplicates += claimed.posted.length;
    for (const i of claimed.inFlight) {
      problems[i.id] = 'an earlier attempt to post it got no answer yet: not posted again before its lease ends';
      failures[i.id] = { outcome: 'unknown', kind: 'in_flight' };
    }
    if (claimed.post.length === 0) continue;
    const items: DigestItem[] = claimed.post.map((i) => ({ notification: i.n, job: i.n.jobId ? details.get(i.n.jobId) : undefined }));
    try {
      // Formatting inside the try: a record the formatter cannot handle fails its group only.
      const payload: SlackPayload = items.length === 1
        ? formatMessage(items[0].notification, group.env, items[0].job ?? {})
        : formatDigest(group.env, items);
      const result = await deliver(payload, deps);
      requests += result.requests;
      rateLimited += result.rateLimited;
      posts++;
      if (items.length > 1) digests++;
      delivered += items.length;
      await settleAll(claimed.post, 'posted', deps);
    } catch (error) {
      const e = error as Error;
      const failure = classifyFailure(error);
      deps.log(`${items.length} notification(s) of ${group.env ?? 'an unnamed topic'} not delivered (${failure.outcome}, ${failure.kind}): ${e?.name}: ${e?.message}`);
      for (const i of claimed.post) {
        problems[i.id] = String(e?.message ?? e);
        failures[i.id] = failure;
      }
      // Certainly not shown: the next attempt need not wait for the lease. Unknown: it must.
      if (failure.outcome !== 'unknown') await settleAll(claimed.post, 'failed', deps);
    }
  }
  return { failedIds: Object.keys(problems), delivered, posts, requests, rateLimited, lookups: calls, problems, failures, duplicates, digests };
}

type Item = { id: string; n: Notification; key?: string };

/** Claims the items of a group: those to post, those posted already, those another attempt holds. A store that fails claims nothing (posting twice beats losing). */
async function claimAll(items: Item[], deps: ForwardDeps): Promise<{ post: Item[]; posted: Item[]; inFlight: Item[] }> {
  const post: Item[] = [];
  const posted: Item[] = [];
  const inFlight: Item[] = [];
  const seen = new Set<string>();
  const store = deps.dedupe;
  await forEachLimited(items, 8, async (i) => {
    if (!store || !i.key) return post.push(i);
    if (seen.has(i.key)) return posted.push(i); // the same notification twice in one batch: posted with the first
    seen.add(i.key);
    let result: string;
    try {
      result = await store.claim(i.key, deps.clock.now());
    } catch (error) {
      deps.log(`The dedupe table could not be read (${(error as Error).name}): posting without it`);
      result = 'claimed';
    }
    (result === 'posted' ? posted : result === 'in-flight' ? inFlight : post).push(i);
    return undefined;
  });
  // Keep the batch's order (the listing of a digest).
  const order = new Map(items.map((i, index) => [i, index]));
  post.sort((a, b) => order.get(a)! - order.get(b)!);
  return { post, posted, inFlight };
}

async function settleAll(items: Item[], state: 'posted' | 'failed', deps: ForwardDeps): Promise<void> {
  const store = deps.dedupe;
  if (!store) return;
  await forEachLimited(items.filter((i) => i.key), 8, async (i) => {
    try {
      await store.settle(i.key!, state, deps.clock.now());
    } catch (error) {
      deps.log(`The dedupe table could not record ${state} (${(error as Error).name})`);
    }
  });
}

async function forEachLimited<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function deliver(payload: SlackPayload, deps: ForwardDeps) {
  const options = {
    transport: deps.transport, clock: deps.clock, pacing: deps.pacing, minIntervalMs: deps.minIntervalMs, deadline: deps.deadline, log: deps.log,
  };
  const url = await deps.webhookUrl(false);
  try {
    return await postPaced(url, payload, options);
  } catch (error) {
    if (!(error instanceof SlackDeliveryError) || !error.revoked) throw error;
    // The hook is revoked: the secret may have been rotated since it was cached.
    const fresh = await deps.webhookUrl(true);
    if (fresh === url) throw error;
    deps.log('The webhook secret changed: retrying with the new URL');
    return postPaced(fresh, payload, options);
  }
}
