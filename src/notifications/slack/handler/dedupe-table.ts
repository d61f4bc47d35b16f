/*
 * The dedupe store in a DynamoDB table: partition key `pk` (string), TTL attribute `expiresAt`
 * (epoch seconds), conditional writes. An item: `st` (posting, posted, failed), `at` (epoch ms of
 * the last claim or alert).
 */
import { ClaimResult, DedupeStore } from './dedupe';
import { DEDUPE_TTL_SECONDS, POSTING_LEASE_SECONDS } from './forwarder-limits';

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
    try {
      await this.client.updateItem({
        TableName: this.tableName,
        Key: { pk: { S: key } },
        UpdateExpression: 'SET st = :posting, #at = :now, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(pk) OR st = :failed OR (st = :posting AND #at < :stale)',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: {
          ':posting': { S: 'posting' },
          ':failed': { S: 'failed' },
          ':now': { N: String(nowMs) },
          ':stale': { N: String(nowMs - POSTING_LEASE_SECONDS * 1000) },
          ':expires': { N: String(seconds(nowMs) + DEDUPE_TTL_SECONDS) },
        },
      });
      return 'claimed';
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const item = await this.client.getItem({ TableName: this.tableName, Key: { pk: { S: key } }, ConsistentRead: true });
    return item.Item?.st?.S === 'posted' ? 'posted' : 'in-flight';
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
