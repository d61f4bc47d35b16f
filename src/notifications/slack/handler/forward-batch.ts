/*
 * The forwarder's logic for one batch (no aws-cdk-lib, no AWS SDK: time, HTTP, the webhook URL and
 * job lookups are injected, so tests and the storm benchmark run it as it runs in Lambda).
 */
import { DIGEST_LISTED, DigestItem, formatDigest } from './digest';
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
  const groups = new Map<string, { env?: string; items: Array<{ id: string; n: Notification }> }>();
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
      deps.log(`Record ${record.id} is not a notification: ${problems[record.id]}`);
      continue;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, group = { env, items: [] });
    group.items.push({ id: record.id, n });
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
  for (const group of groups.values()) {
    const items: DigestItem[] = group.items.map((i) => ({ notification: i.n, job: i.n.jobId ? details.get(i.n.jobId) : undefined }));
    try {
      // Formatting inside the try: a record the formatter cannot handle fails its group only.
      const payload: SlackPayload = items.length === 1
        ? formatMessage(items[0].notification, group.env, items[0].job ?? {})
        : formatDigest(group.env, items);
      const result = await deliver(payload, deps);
      requests += result.requests;
      rateLimited += result.rateLimited;
      posts++;
      delivered += items.length;
    } catch (error) {
      const e = error as Error;
      deps.log(`${items.length} notification(s) of ${group.env ?? 'an unnamed topic'} not delivered: ${e?.name}: ${e?.message}`);
      for (const i of group.items) problems[i.id] = String(e?.message ?? e);
    }
  }
  return { failedIds: Object.keys(problems), delivered, posts, requests, rateLimited, lookups: calls, problems };
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
