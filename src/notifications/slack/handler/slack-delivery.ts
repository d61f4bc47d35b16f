/* Paced delivery to a Slack incoming webhook (no aws-cdk-lib, no AWS SDK; clock and HTTP injected). */

/**
 * What a failed delivery means for its notifications:
 * - `transient`: Slack did not take the message (5xx, 429, a refused connection, the deadline):
 *   retry later;
 * - `permanent`: Slack refuses it until someone changes the configuration (a revoked webhook, an
 *   archived channel, a redirect): tell the operator, keep the notifications, retry rarely;
 * - `unknown`: the request went out and no answer came (a timeout, a reset): Slack may have shown
 *   it (Slack has no idempotency key), so it is not retried at once.
 */
export type DeliveryOutcome = 'transient' | 'permanent' | 'unknown';

/** Slack answered with an error that retrying now will not fix, or the deadline came first. */
export class SlackDeliveryError extends Error {
  /**
   * @param kind a short code of what happened: Slack's error word (`no_service`, `channel_is_archived`…), `http_500`, `timeout`…
   */
  constructor(message: string, readonly status: number | undefined, readonly body: string, readonly revoked: boolean,
    readonly outcome: DeliveryOutcome = 'transient', readonly kind: string = 'unknown_error') {
    super(message);
    this.name = 'SlackDeliveryError';
  }
}

/** Slack's answer body as a short word safe to log (its error codes are lower-case words); anything else by its length. */
export function answerWord(text: string): string {
  const t = text.trim();
  return /^[a-z0-9_]{1,60}$/.test(t) ? t : `(${t.length} characters)`;
}

/** A network error's message, with anything that looks like a URL taken out. */
export function safeErrorMessage(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  const code = e?.cause?.code ? ` (${e.cause.code})` : '';
  return `${e?.name ?? 'Error'}: ${String(e?.message ?? error).replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<URL>')}${code}`;
}

/** Network errors that mean nothing reached Slack: safe to retry at once. */
const NOTHING_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'];

/** Bodies (or statuses) that mean the webhook itself is gone: fetch the URL again. */
const REVOKED_BODIES = ['no_service', 'invalid_token', 'channel_is_archived', 'channel_not_found', 'action_prohibited', 'no_team', 'team_disabled'];
const REVOKED_STATUSES = [403, 404, 410];

/** What the webhook answered. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  /** The Retry-After header, if any. */
  readonly retryAfter?: string | null;
}

/** POSTs a JSON body; rejects on network errors and timeouts. */
export type Transport = (url: string, body: string, timeoutMs: number) => Promise<HttpAnswer>;

/** Time, real or simulated. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Node's fetch as a Transport. */
export const fetchTransport: Transport = async (url, body, timeoutMs) => {
  const response = await fetch(url, {
    method: 'POST',
    // A webhook answers; it never redirects: a redirect is refused, not followed (the URL would leak).
    redirect: 'manual',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
};

/** Seconds of a Retry-After header (Slack sends seconds), or an HTTP date. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** When the next post may start: shared by the posts of a Lambda instance (module state of the handler). */
export interface Pacing {
  nextPostAt: number;
}

export interface PosterOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly pacing: Pacing;
  /** Least time between the starts of two posts of this instance. */
  readonly minIntervalMs: number;
  /** Epoch milliseconds after which no attempt starts and no wait ends. */
  readonly deadline: number;
  /** Most attempts after 5xx answers and network errors (429s are bounded by the deadline). */
  readonly maxAttempts?: number;
  /** First backoff after a 5xx or network error, doubled each time. */
  readonly baseDelayMs?: number;
  /** Longest single backoff. */
  readonly maxDelayMs?: number;
  /** Longest single request. */
  readonly requestTimeoutMs?: number;
  /** Logs a line. */
  readonly log?: (line: string) => void;
}

/** What one post took. */
export interface PostResult {
  /** HTTP requests made. */
  readonly requests: number;
  /** 429 answers received (each waited out as Retry-After said). */
  readonly rateLimited: number;
}

/**
 * POSTs a JSON payload to a webhook, never starting sooner than `minIntervalMs` after this
 * instance's previous post. A 429 pushes the next post back by its Retry-After (1 s if absent) and
 * retries; 5xx and connections refused are retried with exponential backoff; other answers fail at
 * once (`revoked` when the hook is gone); a request with no answer (timeout, reset) fails at once as
 * `unknown`, since Slack may have shown it. Nothing waits past the deadline: the post fails instead.
 */
export async function postPaced(url: string, payload: unknown, o: PosterOptions): Promise<PostResult> {
  const maxAttempts = o.maxAttempts ?? 5;
  const baseDelay = o.baseDelayMs ?? 250;
  const maxDelay = o.maxDelayMs ?? 5_000;
  const requestTimeout = o.requestTimeoutMs ?? 10_000;
  const log = o.log ?? ((line: string) => console.log(line));
  const body = JSON.stringify(payload);
  let failures = 0;
  let requests = 0;
  let rateLimited = 0;
  let lastProblem = 'no attempt made';
  let lastKind = 'deadline';

  for (;;) {
    const startAt = Math.max(o.clock.now(), o.pacing.nextPostAt);
    if (startAt >= o.deadline) {
      throw new SlackDeliveryError(`Slack delivery failed: ${lastProblem} (past the deadline)`, undefined, lastProblem, false, 'transient', lastKind);
    }
    if (startAt > o.clock.now()) await o.clock.sleep(startAt - o.clock.now());
    o.pacing.nextPostAt = o.clock.now() + o.minIntervalMs;
    requests++;
    let retryAt: number;
    let answeredAt = o.clock.now();
    try {
      const answer = await o.transport(url, body, Math.max(1, Math.min(requestTimeout, o.deadline - o.clock.now())));
      answeredAt = o.clock.now();
      if (answer.status >= 200 && answer.status < 300) return { requests, rateLimited };
      const word = answerWord(answer.text);
      lastProblem = `HTTP ${answer.status} ${word}`;
      if (answer.status === 429) {
        rateLimited++;
        lastKind = 'rate_limited';
        retryAt = answeredAt + (retryAfterMs(answer.retryAfter, answeredAt) ?? 1000);
      } else if (answer.status >= 500) {
        failures++;
        lastKind = `http_${answer.status}`;
        retryAt = answeredAt + Math.min(maxDelay, baseDelay * 2 ** (failures - 1));
      } else if (answer.status >= 300 && answer.status < 400) {
        throw new SlackDeliveryError(`Slack answered HTTP ${answer.status} (a redirect, not followed): the webhook URL is not a Slack webhook`,
          answer.status, '', false, 'permanent', 'redirect');
      } else {
        const revoked = REVOKED_STATUSES.includes(answer.status) || REVOKED_BODIES.includes(answer.text.trim());
        throw new SlackDeliveryError(
          `Slack rejected the message: HTTP ${answer.status} ${word}${revoked ? ' (the webhook is revoked or its channel is gone)' : ''}`,
          answer.status, answer.text, revoked, 'permanent', /^[a-z0-9_]{1,60}$/.test(answer.text.trim()) ? answer.text.trim() : `http_${answer.status}`);
      }
    } catch (error) {
      if (error instanceof SlackDeliveryError) throw error;
      const e = error as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        // The request went out and no answer came: Slack may have shown it. Not retried blindly.
        throw new SlackDeliveryError(`Slack did not answer within ${requestTimeout} ms: the message may have been shown`,
          undefined, '', false, 'unknown', 'timeout');
      }
      const code = e.cause?.code ?? (e as any).code;
      if (!NOTHING_SENT_CODES.includes(code)) {
        throw new SlackDeliveryError(`the connection to Slack failed after the request went out (${safeErrorMessage(e)}): the message may have been shown`,
          undefined, '', false, 'unknown', code ? String(code).toLowerCase() : 'connection_failed');
      }
      failures++;
      lastKind = String(code).toLowerCase();
      lastProblem = safeErrorMessage(e);
      answeredAt = o.clock.now();
      retryAt = answeredAt + Math.min(maxDelay, baseDelay * 2 ** (failures - 1));
    }
    if (failures >= maxAttempts) {
      throw new SlackDeliveryError(`Slack delivery failed after ${requests} requests: ${lastProblem}`, undefined, lastProblem, false, 'transient', lastKind);
    }
    o.pacing.nextPostAt = Math.max(o.pacing.nextPostAt, retryAt);
    if (o.pacing.nextPostAt >= o.deadline) {
      throw new SlackDeliveryError(`Slack delivery failed: ${lastProblem} (its retry time passes the deadline)`, undefined, lastProblem, false, 'transient', lastKind);
    }
    // The wait as decided when the answer came (the clock has moved on by the time this line runs).
    log(`Slack attempt ${requests} failed (${lastProblem}); retrying in ${o.pacing.nextPostAt - answeredAt} ms`);
  }
}
