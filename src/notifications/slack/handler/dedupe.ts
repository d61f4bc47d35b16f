/*
 * Each notification shown once: a record of what was posted, kept across invocations (the store is
 * injected: DynamoDB in Lambda, see dedupe-table.ts). No aws-cdk-lib, no AWS SDK.
 */

/**
 * - `claimed`: this invocation may post it (new, or an earlier attempt failed for sure, or an
 *   attempt whose answer never came is older than the lease);
 * - `posted`: shown already: not posted again;
 * - `in-flight`: another attempt is under way, or its answer never came and the lease has not
 *   passed: try later, not now.
 */
export type ClaimResult = 'claimed' | 'posted' | 'in-flight';

export interface DedupeStore {
  /** Records "posting" for the notification `key`, unless it is posted or being posted. */
  claim(key: string, nowMs: number): Promise<ClaimResult>;
  /** Records the attempt's outcome: `posted` (shown) or `failed` (certainly not shown: may be claimed again at once). */
  settle(key: string, state: 'posted' | 'failed', nowMs: number): Promise<void>;
  /** True for the first caller for `key` in each window of `windowSeconds` (operator alerts, redrives). */
  once(key: string, nowMs: number, windowSeconds: number): Promise<boolean>;
}

/** The dedupe key of a queue record: the SNS MessageId, an EventBridge event id, else the SQS message id. */
export function notificationKey(record: { messageId?: unknown; body?: unknown }): string {
  try {
    const body = JSON.parse(String(record.body));
    if (body && typeof body === 'object') {
      if (typeof body.MessageId === 'string' && body.MessageId !== '') return `sns#${body.MessageId}`;
      const event = body.event;
      if (event && typeof event === 'object' && typeof event.id === 'string' && event.id !== '') return `event#${event.id}`;
    }
  } catch {
    // not JSON: the SQS message id
  }
  return `sqs#${String(record.messageId)}`;
}
