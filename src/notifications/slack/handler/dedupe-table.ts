/*
 * The dedupe store in a DynamoDB table: partition key `pk` (string), TTL attribute `expiresAt`
 * (epoch seconds), conditional writes. An item: `st` (posting, posted, failed), `at` (epoch ms of
 * the last claim or alert), `lease` (seconds a "posting" claim holds).
 */
import { ClaimResult, DedupeStore } from './dedupe';
import { DEDUPE_TTL_SECONDS, POSTING_LEASE_MAX_SECONDS, POSTING_LEASE_SECONDS } from './forwarder-limits';

const seconds = (ms: number) => Math.floor(ms / 1000);

function conditionFailed(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** DynamoDB's UpdateItem, GetItem and PutItem (inputs and outputs as in the API; the SDK is wired by the handler). */
export interface DynamoOperations {
  updateItem(input: any): Promise<unknown>;
  getItem(input: any): Promise<{ Item?: { [name: string]: any } }>;
  putItem(input: any): Promise<unknown>;
}

export class DynamoDedupeStore implements DedupeStore {
  constructor(private readonly client: DynamoOperations, private readonly tableName: string) {}

  async claim(key: string, nowMs: number): Promise<ClaimResult> {
    // New, or certainly not shown: claimed with the first lease.
    if (await this.setPosting(key, nowMs, POSTING_LEASE_SECONDS, 'attribute_not_exists(pk) OR st = :failed', {})) return 'claimed';
    const item = (await this.client.getItem({ TableName: this.tableName, Key: { pk: { S: key } }, ConsistentRead: true })).Item;
    if (item?.st?.S === 'posted') return 'posted';
    if (item?.st?.S !== 'posting') return 'in-flight';
    const at = Number(item.at?.N);
    const lease = Number(item.lease?.N ?? POSTING_LEASE_SECONDS);
    if (!(nowMs - at > lease * 1000)) return 'in-flight';
    // The answer never came: take the attempt over (only if nobody else did since it was read), with a longer lease.
    const next = Math.min(POSTING_LEASE_MAX_SECONDS, lease * 2);
    return await this.setPosting(key, nowMs, next, 'st = :posting AND #at = :seen', { ':seen': { N: String(at) } }) ? 'claimed' : 'in-flight';
  }

  /** Records "posting" under `condition`; false when the condition does not hold. */
  private async setPosting(key: string, nowMs: number, leaseSeconds: number, condition: string, values: { [name: string]: any }): Promise<boolean> {
    try {
      await this.client.updateItem({
        TableName: this.tableName,
        Key: { pk: { S: key } },
        UpdateExpression: 'SET st = :posting, #at = :now, #lease = :lease, expiresAt = :expires',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#at': 'at', '#lease': 'lease' },
        ExpressionAttributeValues: {
          ':posting': { S: 'posting' },
          ...condition.includes(':failed') ? { ':failed': { S: 'failed' } } : {},
          ':now': { N: String(nowMs) },
          ':lease': { N: String(leaseSeconds) },
          ':expires': { N: String(seconds(nowMs) + DEDUPE_TTL_SECONDS) },
          ...values,
        },
      });
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async settle(key: string, state: 'posted' | 'failed', nowMs: number): Promise<void> {
    await this.client.putItem({
      TableName: this.tableName,
      Item: { pk: { S: key }, st: { S: state }, at: { N: String(nowMs) }, expiresAt: { N: String(seconds(nowMs) + DEDUPE_TTL_SECONDS) } },
    });
  }

  async once(key: string, nowMs: number, windowSeconds: number): Promise<boolean> {
    try {
      // TTL deletes lazily (within days): the condition reads expiresAt, not the item's presence.
      await this.client.updateItem({
        TableName: this.tableName,
        Key: { pk: { S: key } },
        UpdateExpression: 'SET #at = :now, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :nowSeconds',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: {
          ':now': { N: String(nowMs) },
          ':nowSeconds': { N: String(seconds(nowMs)) },
          ':expires': { N: String(seconds(nowMs) + windowSeconds) },
        },
      });
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
