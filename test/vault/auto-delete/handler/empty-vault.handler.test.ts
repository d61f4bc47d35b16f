import { handler as sourceHandler } from '../../../../src/vault/auto-delete/handler/empty-vault.lambda';
import { customResourceEvent } from '../../../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../../../support/handler-fixtures';
import { FakeBackupVaultApi, FakePoint } from '../fake-backup-vault-api';

type Handler = (event: any, context: any) => Promise<void>;

const api = new FakeBackupVaultApi();
withLocalApi(api, { AWS_MAX_ATTEMPTS: '1' });

const VAULT = 'dev-vault';
const PHYSICAL_ID = `empty-on-delete:${VAULT}`;

function event(requestType: string, extra: any = {}): any {
  return customResourceEvent(requestType, {
    endpoint: api.endpoint,
    logicalResourceId: 'Cleaner',
    resourceType: 'Custom::BackupVaultRecoveryPointCleaner',
    properties: { BackupVaultName: VAULT, BackupVaultArn: FakeBackupVaultApi.vaultArn(VAULT), PollIntervalSeconds: '0.01' },
  }, extra);
}

const context = lambdaContext;

/** The vault holding `points`, marked for the cleaner 'Cleaner' (the marker tag its construct sets). */
function markedVault(points: FakePoint[]): void {
  api.vaults.set(VAULT, points);
  api.tags.set(VAULT, { 'cdk-environment-backup:auto-delete-recovery-points': 'Cleaner' });
}

function snapshotPoints(n: number): FakePoint[] {
  return Array.from({ length: n }, (_, i) => ({
    arn: `arn:aws:ec2:us-east-1::snapshot/snap-${i}`, status: 'COMPLETED',
  }));
}

describe.each(sourceAndBundle<Handler>(sourceHandler, 'vault/auto-delete/handler/empty-vault.lambda'))('empty-vault handler (%s)', (_name, load) => {
  let handler: Handler;
  beforeAll(() => { handler = load(); });
  beforeEach(() => { api.reset(); api.pageSize = 2; });

  test('create does nothing to the vault', async () => {
    markedVault(snapshotPoints(3));
    await handler(event('Create'), context());
    expect(api.requests).toEqual([]);
    expect(api.vaults.get(VAULT)).toHaveLength(3);
    expect(api.responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID })]);
  });

  test('update does nothing to the vault', async () => {
    markedVault(snapshotPoints(3));
    await handler(event('Update', { PhysicalResourceId: PHYSICAL_ID, OldResourceProperties: {} }), context());
    expect(api.requests).toEqual([]);
    expect(api.vaults.get(VAULT)).toHaveLength(3);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID });
  });

  test('delete deletes every recovery point across pages and waits until the vault is empty', async () => {
    markedVault(snapshotPoints(5));
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context());
    expect(api.vaults.get(VAULT)).toEqual([]);
    const lists = api.requests.filter((r) => r.method === 'GET' && !r.path.startsWith('/tags/'));
    // first pass reads 3 pages (2 + 2 + 1) following NextToken, then one empty listing
    expect(lists.slice(0, 3).map((r) => r.query.get('nextToken'))).toEqual([null, '2', '4']);
    expect(lists[lists.length - 1].query.get('nextToken')).toBeNull();
    const deletes = api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deletes).toEqual(snapshotPoints(5).map((p) => `/backup-vaults/${VAULT}/recovery-points/${p.arn}`));
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID, RequestId: 'req-Delete' });
  });

  test('delete disassociates a continuous backup that refuses deletion, waits for DELETING points, skips children', async () => {
    markedVault([
      { arn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:db-1', status: 'COMPLETED', refusesDelete: true },
      { arn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:efs-1', status: 'COMPLETED', listingsUntilGone: 2 },
      { arn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:parent', status: 'COMPLETED' },
      { arn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:child', status: 'COMPLETED', parentArn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:parent' },
    ]);
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context());
    expect(api.vaults.get(VAULT)).toEqual([]);
    const calls = api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('recovery-points/')[1]}`);
    expect(calls).toEqual([
      'DELETE arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:db-1',
      'POST arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:db-1/disassociate',
      'DELETE arn:aws:backup:us-east-1:123456789012:recovery-point:efs-1',
      'DELETE arn:aws:backup:us-east-1:123456789012:recovery-point:parent',
    ]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('delete of an empty vault succeeds after one listing', async () => {
    markedVault([]);
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context());
    expect(api.requests.map((r) => r.path.split('/')[1])).toEqual(['tags', 'backup-vaults']);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('delete answers FAILED, naming the vault and the error, when points remain at the deadline', async () => {
    markedVault([{ arn: 'arn:aws:ec2:us-east-1::snapshot/snap-stuck', status: 'COMPLETED', refusesDelete: true, refusesDisassociate: true }]);
    // 21 s left: the handler keeps 20 s for itself, so it gives up after its first pass.
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context(21_000));
    expect(api.responses[0]).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: PHYSICAL_ID,
      Reason: expect.stringMatching(/backup vault dev-vault still holds 1 recovery point\(s\).*snap-stuck: InvalidRequestException: not a continuous backup/),
    });
    expect(api.vaults.get(VAULT)).toHaveLength(1);
  });

  test('delete answers FAILED at once, naming each EXPIRED point and its reason, instead of waiting for time', async () => {
    const reason = 'Insufficient permissions to delete the backup: dynamodb:DeleteBackup';
    markedVault([
      { arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01', status: 'COMPLETED', expiresOnDelete: reason },
      { arn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:efs-ok', status: 'COMPLETED' },
    ]);
    const started = Date.now();
    // A whole minute left: the handler must not wait for it.
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context(60_000));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(api.responses[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: PHYSICAL_ID });
    const message: string = api.responses[0].Reason;
    expect(message).toContain('backup vault dev-vault: 1 recovery point(s) are EXPIRED');
    expect(message).toContain(`arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01 (${reason})`);
    expect(message).toContain('iam:CreateServiceLinkedRole');
    expect(message).not.toMatch(/still being deleted/);
    // the healthy point went, the expired one was asked twice (a listing may predate the first request)
    const deletes = api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('recovery-points/')[1]);
    expect(deletes.filter((a) => a.includes('orders'))).toHaveLength(2);
    expect(api.vaults.get(VAULT)!.map((p) => p.arn)).toEqual(['arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01']);
  });

  test('an EXPIRED point that a new request deletes is not an error', async () => {
    // Left EXPIRED by an earlier attempt without permissions; now deletable (DeleteRecoveryPoint API reference).
    markedVault([{ arn: 'arn:aws:ec2:us-east-1::snapshot/snap-old', status: 'EXPIRED', statusMessage: 'earlier failure' }]);
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context());
    expect(api.vaults.get(VAULT)).toEqual([]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('at the deadline, EXPIRED points are reported by name, not as still being deleted', async () => {
    markedVault([{ arn: 'arn:aws:fsx:us-east-1:123456789012:backup/backup-1', status: 'COMPLETED', expiresOnDelete: 'Access denied: fsx:DeleteBackup' }]);
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context(21_000));
    expect(api.responses[0].Status).toBe('FAILED');
    expect(api.responses[0].Reason).toContain('1 recovery point(s) are EXPIRED');
    expect(api.responses[0].Reason).toContain('arn:aws:fsx:us-east-1:123456789012:backup/backup-1 (Access denied: fsx:DeleteBackup)');
  });
});

describe.each(sourceAndBundle<Handler>(sourceHandler, 'vault/auto-delete/handler/empty-vault.lambda'))('empty-vault handler marker (%s)', (_name, load) => {
  let handler: Handler;
  beforeAll(() => { handler = load(); });
  beforeEach(() => { api.reset(); api.pageSize = 2; });

  test.each([
    ['no marker tag', {}],
    ['a marker naming another cleaner', { 'cdk-environment-backup:auto-delete-recovery-points': 'OtherCleaner' }],
  ])('delete with %s leaves the vault alone and succeeds', async (_case, tags) => {
    api.vaults.set(VAULT, snapshotPoints(3));
    api.tags.set(VAULT, tags);
    await handler(event('Delete', { PhysicalResourceId: PHYSICAL_ID }), context());
    expect(api.vaults.get(VAULT)).toHaveLength(3);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /tags/${FakeBackupVaultApi.vaultArn(VAULT)}`]);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID });
  });

  test('a resource deployed before the marker (no BackupVaultArn) empties nothing', async () => {
    markedVault(snapshotPoints(2));
    const e = event('Delete', { PhysicalResourceId: PHYSICAL_ID });
    delete e.ResourceProperties.BackupVaultArn;
    await handler(e, context());
    expect(api.vaults.get(VAULT)).toHaveLength(2);
    expect(api.requests).toEqual([]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });
});
