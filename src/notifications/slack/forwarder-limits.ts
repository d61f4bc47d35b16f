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

/** Deliveries of a message from the buffer queue before it moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

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
