import * as http from 'http';
import { LocalAwsApi } from '../../support/local-aws-api';

/** A recovery point held by the fake vault. */
export interface FakePoint {
  arn: string;
  status: string;
  /** A continuous (PITR) point that DeleteRecoveryPoint refuses, so it must be disassociated. */
  refusesDelete?: boolean;
  /** A snapshot point that DisassociateRecoveryPoint refuses (not a continuous backup). */
  refusesDisassociate?: boolean;
  parentArn?: string;
  /**
   * DeleteRecoveryPoint answers 200 but the point goes EXPIRED with this StatusMessage, as AWS Backup
   * does when the caller lacks a permission for the deletion (DeleteRecoveryPoint API reference).
   */
  expiresOnDelete?: string;
  statusMessage?: string;
  /** DeleteRecoveryPoint puts the point in DELETING; it disappears after this many listings. */
  listingsUntilGone?: number;
}

/**
 * A local HTTP server on 127.0.0.1 speaking AWS Backup's REST-JSON (shapes of the AWS SDK model) for ListRecoveryPointsByBackupVault
 * (paginated), DeleteRecoveryPoint, DisassociateRecoveryPoint and ListTags (GET /tags/{resourceArn}/,
 * ResourceNotFoundException for a vault that does not exist), and accepting CloudFormation custom
 * resource responses on PUT /cfn-response/*. `createVault` / `deleteVault` play what
 * AWS::Backup::BackupVault does; a vault that holds recovery points cannot be deleted
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVault.html).
 */
export class FakeBackupVaultApi extends LocalAwsApi {
  /** The ARN of a vault of this fake's account and region. */
  public static vaultArn(name: string): string {
    return `arn:aws:backup:us-east-1:123456789012:backup-vault:${name}`;
  }

  public readonly vaults = new Map<string, FakePoint[]>();
  /** Each vault's tags, by vault name. */
  public readonly tags = new Map<string, Record<string, string>>();
  public readonly requests: { method: string; path: string; query: URLSearchParams }[] = [];
  public pageSize = 2;

  protected handle(method: string, url: URL, _body: unknown, res: http.ServerResponse): void {
    this.requests.push({ method, path: decodeURIComponent(url.pathname), query: url.searchParams });
    this.route(method, url, res);
  }

  /** CreateBackupVault, as CloudFormation creates the vault. */
  public createVault(name: string, tags: Record<string, string> = {}): void {
    if (this.vaults.has(name)) throw new Error(`AlreadyExistsException: vault ${name} already exists`);
    this.vaults.set(name, []);
    this.tags.set(name, { ...tags });
  }

  /** DeleteBackupVault: refused while the vault holds recovery points. */
  public deleteVault(name: string): void {
    const points = this.vaults.get(name);
    if (!points) return;
    if (points.length > 0) throw new Error(`InvalidRequestException: backup vault ${name} cannot be deleted (contains ${points.length} recovery points)`);
    this.vaults.delete(name);
    this.tags.delete(name);
  }

  private route(method: string, url: URL, res: http.ServerResponse): void {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'tags' && method === 'GET') {
      const name = parts[1]?.match(/^arn:aws:backup:us-east-1:123456789012:backup-vault:(.+)$/)?.[1];
      if (!name || !this.vaults.has(name)) return this.error(res, 400, 'ResourceNotFoundException', `resource ${parts[1]} not found`);
      return this.json(res, 200, { Tags: this.tags.get(name) ?? {} });
    }
    // /backup-vaults/{name}/recovery-points[/{arn}[/disassociate]]
    if (parts[0] !== 'backup-vaults' || parts[2] !== 'recovery-points') return this.error(res, 404, 'UnknownOperationException', url.pathname);
    const points = this.vaults.get(parts[1]);
    if (!points) return this.error(res, 400, 'ResourceNotFoundException', `vault ${parts[1]} not found`);

    if (method === 'GET' && parts.length === 3) {
      for (const p of points) {
        if (p.status === 'DELETING' && p.listingsUntilGone !== undefined && url.searchParams.get('nextToken') === null) {
          p.listingsUntilGone--;
        }
      }
      this.vaults.set(parts[1], points.filter((p) => !(p.status === 'DELETING' && (p.listingsUntilGone ?? 0) <= 0)));
      const current = this.vaults.get(parts[1])!;
      const start = Number(url.searchParams.get('nextToken') ?? 0);
      const page = current.slice(start, start + this.pageSize);
      const next = start + this.pageSize < current.length ? String(start + this.pageSize) : undefined;
      return this.json(res, 200, {
        RecoveryPoints: page.map((p) => ({
          RecoveryPointArn: p.arn,
          BackupVaultName: parts[1],
          Status: p.status,
          StatusMessage: p.statusMessage,
          ParentRecoveryPointArn: p.parentArn,
        })),
        NextToken: next,
      });
    }
    const arn = parts[3];
    const point = points.find((p) => p.arn === arn);
    if (!point) return this.error(res, 400, 'ResourceNotFoundException', `recovery point ${arn} not found`);
    if (method === 'DELETE' && parts.length === 4) {
      if (point.refusesDelete) return this.error(res, 400, 'InvalidRequestException', 'use DisassociateRecoveryPoint for this continuous backup');
      if (point.expiresOnDelete !== undefined) {
        point.status = 'EXPIRED';
        point.statusMessage = point.expiresOnDelete;
      } else if (point.listingsUntilGone !== undefined) {
        point.status = 'DELETING';
      } else {
        this.vaults.set(parts[1], points.filter((p) => p !== point && p.parentArn !== point.arn));
      }
      return this.json(res, 200, {});
    }
    if (method === 'POST' && parts[4] === 'disassociate') {
      if (!point.refusesDelete || point.refusesDisassociate) return this.error(res, 400, 'InvalidRequestException', 'not a continuous backup');
      this.vaults.set(parts[1], points.filter((p) => p !== point));
      return this.json(res, 200, {});
    }
    return this.error(res, 404, 'UnknownOperationException', url.pathname);
  }

  public reset(): void {
    this.requests.length = 0;
    this.responses.length = 0;
    this.vaults.clear();
    this.tags.clear();
  }
}
