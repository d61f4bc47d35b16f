// Empties a backup vault of its recovery points (no aws-cdk-lib, no AWS SDK here: the handler passes
// the three AWS Backup calls in, so that the loop can be tested alone).

/** The fields of a listed recovery point that the loop reads. */
export interface RecoveryPointSummary {
  readonly RecoveryPointArn?: string;
  readonly Status?: string;
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
  for (;;) {
    passes++;
    const points = await listRecoveryPoints(client, vaultName, options.pageSize);
    if (points.length === 0) return { deleted, disassociated, passes };
    const arns = new Set(points.map((p) => p.RecoveryPointArn));
    for (const point of points) {
      const arn = point.RecoveryPointArn!;
      if (point.Status === 'DELETING') continue;
      if (point.ParentRecoveryPointArn && arns.has(point.ParentRecoveryPointArn)) continue;
      try {
        await client.deleteRecoveryPoint(vaultName, arn);
        deleted++;
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
      const detail = [...lastErrors.entries()].slice(0, 3).map(([a, m]) => `${a}: ${m}`).join('; ');
      throw new Error(
        `backup vault ${vaultName} still holds ${remaining.length} recovery point(s) after ${passes} pass(es)` +
        (detail ? `; last errors: ${detail}` : '; they are still being deleted'),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
  }
}
