/* The numbers of the Slack forwarder's pipeline, each with the AWS or Slack page it comes from. */

/**
 * Slack incoming webhooks accept about one message a second (short bursts allowed), then answer
 * 429 with Retry-After.
 *
 * @see https://api.slack.com/apis/rate-limits
 */
export const SLACK_MESSAGES_PER_SECOND = 1;

/**
 * Most concurrent invocations the queue's event source mapping starts. 2 is the smallest value
 * Lambda accepts for an SQS event source's maximum concurrency (2 to 1,000).
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export const MAX_CONCURRENCY = 2;

/** Each invocation waits this long between two posts, so that all of them together stay within Slack's rate. */
export const MIN_POST_INTERVAL_MS = Math.ceil(1000 * MAX_CONCURRENCY / SLACK_MESSAGES_PER_SECOND);

/**
 * How long the event source mapping gathers messages before invoking: a single failure reaches
 * Slack within this plus the function's run (well under a minute); a storm becomes a few digests.
 * Lambda allows 0 to 300 seconds.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const BATCHING_WINDOW_SECONDS = 20;

/** Messages per batch: with a batching window, Lambda allows up to 10,000 for a standard queue. */
export const BATCH_SIZE = 1000;

/**
 * Deliveries of a message from the buffer queue before it moves to the dead-letter queue: with
 * BACKOFF between them, at least 24 hours of Slack outage (see `outageSurvivedSeconds`).
 */
export const MAX_RECEIVE_COUNT = 32;

/**
 * Lambda's function memory: 128 to 10,240 MB, in whole MB.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 };

/**
 * Lambda's function timeout: at most 900 seconds. We ask for at least 5 (Slack retries).
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
 */
export const LAMBDA_TIMEOUT_SECONDS = { min: 5, max: 900 };

/**
 * AWS recommends a queue visibility timeout of at least six times the function's timeout (plus
 * the batching window) for an SQS event source.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * The longest SQS message retention: 14 days (1,209,600 seconds).
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
 */
export const SQS_MAX_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * The longest visibility timeout `ChangeMessageVisibility` may set: 12 hours from the receive.
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 */
export const SQS_MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * How a notification that could not be posted waits before its next receive (the handler sets its
 * visibility with `ChangeMessageVisibility`): `baseSeconds` × 2^(receives − 1), at most `capSeconds`
 * (so a backlog drains within an hour of Slack's return); at least `heldSeconds` when no retry can
 * help yet (a permanent error: a revoked webhook, an unreadable secret) or when Slack may already
 * have shown it (no answer came: retrying at once would show it again).
 */
export const BACKOFF = { baseSeconds: 60, capSeconds: 3600, heldSeconds: 900 };

/** The wait before the receive after the `receiveCount`-th (1 for the first receive). */
export function backoffSeconds(receiveCount: number, held: boolean): number {
  const n = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  const grown = Math.min(BACKOFF.capSeconds, BACKOFF.baseSeconds * 2 ** Math.min(n - 1, 30));
  return Math.min(SQS_MAX_VISIBILITY_SECONDS, held ? Math.max(BACKOFF.heldSeconds, grown) : grown);
}

/**
 * The hours of Slack outage a notification survives in the buffer before it is dead-lettered
 * (then the dead-letter queue keeps it, and the handler moves it back once Slack answers).
 */
export function outageSurvivedSeconds(maxReceiveCount: number): number {
  let total = 0;
  for (let n = 1; n < maxReceiveCount; n++) total += backoffSeconds(n, false);
  return total;
}

/** How long the buffer keeps a notification: longer than the outage it survives, shorter than the dead-letter queue (§3b: a dead letter keeps its first enqueue time). */
export const BUFFER_RETENTION_SECONDS = 4 * 24 * 3600;

/**
 * How long the dedupe table remembers a notification: past the dead-letter queue's retention, so a
 * duplicate or a notification moved back from it is still recognised.
 */
export const DEDUPE_TTL_SECONDS = SQS_MAX_RETENTION_SECONDS + 24 * 3600;

/**
 * A "posting" record older than its lease is taken as an attempt whose answer never came (posted
 * again). The first lease is this long; each attempt that takes over an unanswered one doubles it,
 * up to POSTING_LEASE_MAX_SECONDS: Slack's incoming webhooks have no idempotency key, so a Slack that
 * accepts posts but answers late shows each notification at 0, 15 and 45 min, then once an hour,
 * not once every 15 min (§3b, Slack errors).
 */
export const POSTING_LEASE_SECONDS = BACKOFF.heldSeconds;
/** The longest lease of an unanswered post (the backoff's cap: a held message is received at least this often). */
export const POSTING_LEASE_MAX_SECONDS = BACKOFF.capSeconds;

/** The operator hears of each kind of permanent error at most once in this window. */
export const OPERATOR_ALERT_WINDOW_SECONDS = 3600;

/** After a successful post, the dead-letter queue is moved back to the buffer at most once in this window. */
export const REDRIVE_WINDOW_SECONDS = 900;

/**
 * Messages a second moved back from the dead-letter queue (`StartMessageMoveTask`'s
 * MaxNumberOfMessagesPerSecond, 1 to 500): within Slack's rate, and the buffer gathers them into digests.
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
 */
export const REDRIVE_MESSAGES_PER_SECOND = 1;

/** The buffer's oldest message older than this: notifications wait, the operator is told (alarm). */
export const STALLED_AGE_SECONDS = 600;
