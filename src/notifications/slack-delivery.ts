/* Delivery to a Slack incoming webhook with bounded retries (Node built-ins only). */

/** Slack answered with an error that retrying will not fix. */
export class SlackDeliveryError extends Error {
  constructor(message: string, readonly status: number | undefined, readonly body: string, readonly revoked: boolean) {
    super(message);
    this.name = 'SlackDeliveryError';
  }
}

/** Bodies (or statuses) that mean the webhook itself is gone: fetch the URL again. */
const REVOKED_BODIES = ['no_service', 'invalid_token', 'channel_is_archived', 'channel_not_found', 'action_prohibited', 'no_team', 'team_disabled'];
const REVOKED_STATUSES = [403, 404, 410];

export interface DeliveryOptions {
  /** Epoch milliseconds after which no attempt starts and no wait ends. */
  readonly deadline: number;
  /** Most attempts in all. */
  readonly maxAttempts?: number;
  /** First backoff after a 5xx or network error, doubled each time. */
  readonly baseDelayMs?: number;
  /** Longest single backoff. */
  readonly maxDelayMs?: number;
  /** Longest single request. */
  readonly requestTimeoutMs?: number;
  /** Logs a line (console.log by default). */
  readonly log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds of a Retry-After header (Slack sends seconds). */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * POSTs a JSON payload to a webhook. Retries 429 (honouring Retry-After), 5xx and network errors
 * or timeouts with exponential backoff, as long as the deadline allows; fails at once on other
 * answers. Returns the number of attempts.
 */
export async function postToSlack(url: string, payload: unknown, options: DeliveryOptions): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const requestTimeout = options.requestTimeoutMs ?? 5_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const body = JSON.stringify(payload);
  let lastProblem = 'no attempt made';

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) break;
    let waitMs: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(Math.min(requestTimeout, remaining)),
      });
      const text = await response.text();
      if (response.ok) return attempt;
      lastProblem = `HTTP ${response.status} ${text.slice(0, 200)}`;
      if (response.status === 429) {
        waitMs = retryAfterMs(response.headers.get('retry-after')) ?? baseDelay * 2 ** (attempt - 1);
      } else if (response.status >= 500) {
        waitMs = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
      } else {
        const revoked = REVOKED_STATUSES.includes(response.status) || REVOKED_BODIES.includes(text.trim());
        throw new SlackDeliveryError(
          `Slack rejected the message: HTTP ${response.status} ${text.slice(0, 200)}${revoked ? ' (the webhook is revoked or its channel is gone)' : ''}`,
          response.status, text, revoked);
      }
    } catch (error) {
      if (error instanceof SlackDeliveryError) throw error;
      const e = error as Error;
      lastProblem = e.name === 'TimeoutError' || e.name === 'AbortError'
        ? 'the request timed out'
        : `${e.name}: ${e.message}`;
      waitMs = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
    }
    if (attempt === maxAttempts) break;
    if (Date.now() + waitMs >= options.deadline) {
      lastProblem += ` (retrying after ${waitMs} ms would pass the function's deadline)`;
      break;
    }
    log(`Slack attempt ${attempt} failed (${lastProblem}); retrying in ${waitMs} ms`);
    await sleep(waitMs);
  }
  throw new SlackDeliveryError(`Slack delivery failed: ${lastProblem}`, undefined, lastProblem, false);
}
