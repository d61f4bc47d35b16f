// Empties a backup vault of its recovery points (no aws-cdk-lib, no AWS SDK here: the handler passes
// the three AWS Backup calls in, so that the loop can be tested alone).

/**
 * The tag that marks a vault for emptying, present only while a cleaner is on and the vault is
 * deleted with the stack (DeletionPolicy and UpdateReplacePolicy Delete). Its value is the logical id
 * of the cleaner custom resource that owns it: at Delete, the handler empties the vault only when the
 * tag still names it, as aws-cdk-lib's S3 `autoDeleteObjects` checks its `aws-cdk:auto-delete-objects`
 * tag. Keys and values: letters, digits, spaces and `_ . : / = + - @`, 128 and 256 characters at most
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_KeyValue.html).
 */
export const MARKER_TAG_KEY = 'cdk-environment-backup:auto-delete-recovery-points';

/**
 * Whether a Delete of the cleaner `logicalResourceId` may empty the vault whose tags are `tags`
 * (undefined: the vault no longer exists). The tag is set and removed with the vault's own update,
 * which CloudFormation runs before it deletes a removed resource in its cleanup phase; so when the
 * option was switched off, the vault is retained, or another cleaner took over (construct id change),
 * the tag is gone or names another resource by the time this Delete runs.
 */
export function markedForThisCleaner(tags: Record<string, string> | undefined, logicalResourceId: string): boolean {
  return tags !== undefined && tags[MARKER_TAG_KEY] === logicalResourceId;
}

/** The fields of a listed recovery point that the loop reads. */
export interface RecoveryPointSummary {
  readonly RecoveryPointArn?: string;
  readonly Status?: string;
  /** Why the point is in its status: for EXPIRED, why AWS Backup could not delete it. */
  readonly StatusMessage?: string;
  readonly ParentRecoveryPointArn?: string;
}

/** The AWS Backup calls the loop needs (errors carry the AWS error code in `name`). */
export interface VaultApi {
  listRecoveryPoints(vaultName: string, nextToken: string | undefined, pageSize: number | undefined):
  Promise<{ points: RecoveryPointSummary[]; nextToken?: string }>;
  deleteRecoveryPoint(vaultName: string, recoveryPointArn: string): Promise<void>;
  disassociateRecoveryPoint(vaultName: string, recoveryPointArn: string): Promise<void>;
}

export interface EmptyVaultOptions {
  readonly client: VaultApi;
  readonly vaultName: string;
  /** Epoch milliseconds after which the vault is reported as not empty. */
  readonly deadline: number;
  /** Wait between two passes over the vault. */
  readonly pollIntervalMs: number;
  readonly pageSize?: number;
}

export interface EmptyVaultResult {
  readonly deleted: number;
  readonly disassociated: number;
  readonly passes: number;
}

/** Lists every recovery point of the vault, following NextToken. */
export async function listRecoveryPoints(
  client: VaultApi, vaultName: string, pageSize?: number,
): Promise<RecoveryPointSummary[]> {
  const points: RecoveryPointSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.listRecoveryPoints(vaultName, nextToken, pageSize);
    points.push(...page.points);
    nextToken = page.nextToken;
  } while (nextToken);
  return points;
}

/**
 * Delete requests after which a point still listed as EXPIRED counts as one AWS Backup cannot delete
 * (DeleteRecoveryPoint answers 200 and the point goes EXPIRED when a permission is missing; the second
 * request rules out a listing taken before the first one took effect).
 */
export const EXPIRED_AFTER_DELETES = 2;

/** The EXPIRED points, by name and with AWS Backup's reason, for an error message. */
export function describeExpired(vaultName: string, points: RecoveryPointSummary[]): string {
  const list = points.slice(0, 5).map((p) => `${p.RecoveryPointArn}${p.StatusMessage ? ` (${p.StatusMessage})` : ''}`).join('; ');
  const more = points.length > 5 ? `; and ${points.length - 5} more` : '';
  return `backup vault ${vaultName}: ${points.length} recovery point(s) are EXPIRED: AWS Backup accepted the deletion but could not ` +
    'delete the backup itself, usually because a permission is missing (the delete of that resource type through AWS Backup, ' +
    'under aws:CalledVia backup.amazonaws.com, or iam:CreateServiceLinkedRole for backup.amazonaws.com), or an EBS snapshot lock: ' +
    `${list}${more}. See https://docs.aws.amazon.com/aws-backup/latest/devguide/deleting-backups.html`;
}

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? 'Error';
}

/**
 * Deletes every recovery point and waits until the vault is empty. A continuous-backup (PITR) point
 * that DeleteRecoveryPoint refuses is disassociated instead (AWS Backup then hands it back to the
 * source service). Points already DELETING are waited for; children of a composite point go with
 * their parent. Fails with the last error when the deadline passes with points left.
 */
export async function emptyVault(options: EmptyVaultOptions): Promise<EmptyVaultResult> {
  const { client, vaultName } = options;
  let deleted = 0;
  let disassociated = 0;
  let passes = 0;
  const lastErrors = new Map<string, string>();
  const deleteRequests = new Map<string, number>();
  for (;;) {
    passes++;
    const points = await listRecoveryPoints(client, vaultName, options.pageSize);
    if (points.length === 0) return { deleted, disassociated, passes };
    const stuck = points.filter((p) => p.Status === 'EXPIRED' && (deleteRequests.get(p.RecoveryPointArn!) ?? 0) >= EXPIRED_AFTER_DELETES);
    if (stuck.length > 0) {
      // Waiting does not help: AWS Backup has given up on these.
      throw new Error(describeExpired(vaultName, stuck));
    }
    const arns = new Set(points.map((p) => p.RecoveryPointArn));
    for (const point of points) {
      const arn = point.RecoveryPointArn!;
      if (point.Status === 'DELETING') continue;
      if (point.ParentRecoveryPointArn && arns.has(point.ParentRecoveryPointArn)) continue;
      try {
        await client.deleteRecoveryPoint(vaultName, arn);
        if (!deleteRequests.has(arn)) deleted++;
        deleteRequests.set(arn, (deleteRequests.get(arn) ?? 0) + 1);
        lastErrors.delete(arn);
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') continue;
        if (errorName(error) !== 'InvalidRequestException') {
          lastErrors.set(arn, `${errorName(error)}: ${(error as Error).message}`);
          continue;
        }
        try {
          await client.disassociateRecoveryPoint(vaultName, arn);
          disassociated++;
          lastErrors.delete(arn);
        } catch (second) {
          lastErrors.set(arn, `${errorName(second)}: ${(second as Error).message}`);
        }
      }
    }
    if (Date.now() + options.pollIntervalMs > options.deadline) {
      const remaining = await listRecoveryPoints(client, vaultName, options.pageSize);
      if (remaining.length === 0) return { deleted, disassociated, passes };
      const expired = remaining.filter((p) => p.Status === 'EXPIRED');
      if (expired.length > 0) throw new Error(describeExpired(vaultName, expired));
      const detail = [...lastErrors.entries()].slice(0, 3).map(([a, m]) => `${a}: ${m}`).join('; ');
      throw new Error(
        `backup vault ${vaultName} still holds ${remaining.length} recovery point(s) after ${passes} pass(es)` +
        (detail ? `; last errors: ${detail}` : '; they are still being deleted'),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
  }
}
