// issue #19 item 1: the recovery-point cleaner over a stack's life. Each test synthesizes the real
// construct, plays CloudFormation's order on the vault and the cleaner (update surviving resources
// first, then delete what left the template with its OLD properties; create a replacement, then
// delete the old one), runs the handler that ships against a fake AWS Backup that holds state, and
// looks at what is left in the vaults.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { FakeBackupVaultApi } from './fake-backup-vault-api';
import { EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier, VaultRecoveryPointCleaner } from '../../../src';
import { handler as sourceHandler } from '../../../src/vault/auto-delete/handler/empty-vault.lambda';
import { customResourceProvider, SimulatedProvider, SimulatedStack, SimulatedTemplate } from '../../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../../support/handler-fixtures';
import { testStack } from '../../support/stack';

type Handler = (event: any, context: any) => Promise<void>;

const api = new FakeBackupVaultApi();
withLocalApi(api, { AWS_MAX_ATTEMPTS: '1' });

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1';
const VAULT = 'Custom::BackupVaultRecoveryPointCleaner';

/**
 * The vault and cleaner resources of a synthesized template, references resolved as CloudFormation
 * would. The poll interval is shortened to keep the tests fast (it only spaces the listings).
 */
function synth(build: (stack: Stack) => void): SimulatedTemplate {
  const stack = testStack({ env: { account: '123456789012', region: 'us-east-1' } });
  build(stack);
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
  const result: SimulatedTemplate = {};
  const names: Record<string, string> = {};
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Backup::BackupVault') continue;
    names[logicalId] = r.Properties.BackupVaultName;
    result[logicalId] = {
      type: r.Type,
      properties: {
        BackupVaultName: r.Properties.BackupVaultName,
        BackupVaultTags: r.Properties.BackupVaultTags ?? {},
        DeletionPolicy: r.DeletionPolicy ?? 'Delete',
        UpdateReplacePolicy: r.UpdateReplacePolicy ?? 'Delete',
      },
    };
  }
  const resolve = (v: any): any => {
    const [ref, attribute] = v?.['Fn::GetAtt'] ?? [];
    if (attribute === 'BackupVaultName') return names[ref];
    if (attribute === 'BackupVaultArn') return FakeBackupVaultApi.vaultArn(names[ref]);
    return v;
  };
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r.Type !== VAULT) continue;
    const { ServiceToken: _, ...properties } = r.Properties;
    const resolved = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, resolve(v)]));
    result[logicalId] = { type: r.Type, properties: { ...resolved, PollIntervalSeconds: 0.01 } };
  }
  return result;
}

/** An environment as a user declares it. */
function template(props: Partial<EnvironmentBackupProps>, id = 'Dev'): SimulatedTemplate {
  return synth((stack) => new EnvironmentBackup(stack, id, { environmentName: 'dev', tier: EnvironmentTier.DEVELOPMENT, ...props }));
}

/** A vault and a cleaner declared directly (VaultRecoveryPointCleaner is public). */
function standalone(cleanerId: string): SimulatedTemplate {
  return synth((stack) => {
    const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'dev-backup-vault', removalPolicy: RemovalPolicy.DESTROY });
    new VaultRecoveryPointCleaner(stack, cleanerId, { backupVault: vault });
  });
}

/** AWS::Backup::BackupVault played on the fake: tags updated in place, a new name replaces the vault, Retain keeps it. */
const vaultProvider: SimulatedProvider = {
  create: async (_id, p) => { api.createVault(String(p.BackupVaultName), p.BackupVaultTags as any); return String(p.BackupVaultName); },
  update: async (_id, physicalId, p) => { api.tags.set(physicalId, { ...p.BackupVaultTags as any }); return physicalId; },
  replaces: (p, old) => p.BackupVaultName !== old.BackupVaultName,
  delete: async (_id, physicalId, p) => {
    // A replaced resource follows UpdateReplacePolicy; one removed or deleted with the stack DeletionPolicy.
    if (p.DeletionPolicy === 'Retain') return;
    api.deleteVault(physicalId);
  },
};

const points = (n: number, prefix = 'snap') => Array.from({ length: n }, (_, i) => ({ arn: `arn:aws:ec2:us-east-1::snapshot/${prefix}-${i}`, status: 'COMPLETED' }));
const ON = { vault: { removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true } };

describe.each(sourceAndBundle<Handler>(sourceHandler, 'vault/auto-delete/handler/empty-vault.lambda'))('recovery-point cleaner over a stack\'s life (%s)', (_name, load) => {
  let stack: SimulatedStack;
  beforeEach(() => {
    api.reset();
    api.pageSize = 100;
    const cleaner = customResourceProvider(api, () => STACK_ID, VAULT, load(), () => lambdaContext());
    stack = new SimulatedStack(STACK_ID, { 'AWS::Backup::BackupVault': vaultProvider, [VAULT]: cleaner });
  });

  test('stack deletion: the vault is emptied, then deleted', async () => {
    await stack.deploy(template(ON));
    api.vaults.get('dev-backup-vault')!.push(...points(3));
    await stack.destroy();
    expect(api.vaults.has('dev-backup-vault')).toBe(false);
    expect(stack.log.filter((l) => l.includes('failed'))).toEqual([]);
  });

  test('the option switched off: the tag leaves the vault in the update, the cleaner\'s Delete keeps every recovery point', async () => {
    await stack.deploy(template(ON));
    api.vaults.get('dev-backup-vault')!.push(...points(3));
    await stack.deploy(template({ vault: { removalPolicy: RemovalPolicy.DESTROY } }));
    expect(stack.log.slice(-2)).toEqual([expect.stringMatching(/^Update DevVault/), expect.stringMatching(/^Delete DevVaultRecoveryPointCleaner.* \(cleanup\)$/)]);
    expect(api.vaults.get('dev-backup-vault')).toHaveLength(3);
  });

  test('a tier change that turns it off (development to production: retained vault, no cleaner) keeps every recovery point', async () => {
    await stack.deploy(template(ON));
    api.vaults.get('dev-backup-vault')!.push(...points(2));
    await stack.deploy(template({ tier: EnvironmentTier.PRODUCTION }));
    expect(api.vaults.get('dev-backup-vault')).toHaveLength(2);
    // and a later stack deletion retains the vault with its recovery points
    await stack.destroy();
    expect(api.vaults.get('dev-backup-vault')).toHaveLength(2);
  });

  test('a construct id change (new cleaner created, old one deleted) keeps every recovery point; the new cleaner empties on stack deletion', async () => {
    await stack.deploy(standalone('Cleaner'));
    api.vaults.get('dev-backup-vault')!.push(...points(2));
    await stack.deploy(standalone('RenamedCleaner'));
    // The vault's tag now names the new resource; the old one's Delete comes in the cleanup phase.
    expect(stack.log.slice(-3)).toEqual([expect.stringMatching(/^Update Vault/), expect.stringMatching(/^Create RenamedCleaner/), expect.stringMatching(/^Delete Cleaner.* \(cleanup\)$/)]);
    expect(api.vaults.get('dev-backup-vault')).toHaveLength(2);
    await stack.destroy();
    expect(api.vaults.has('dev-backup-vault')).toBe(false);
  });

  test('a move to another stack (vault retained, then removed from this one) keeps every recovery point', async () => {
    await stack.deploy(template(ON));
    api.vaults.get('dev-backup-vault')!.push(...points(2));
    // Step 1: retain the vault, as a user does before moving it (the cleaner stays; it warns that it is inactive).
    await stack.deploy(synth((st) => {
      const env = new EnvironmentBackup(st, 'Dev', { environmentName: 'dev', tier: EnvironmentTier.DEVELOPMENT, ...ON });
      env.vault.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }));
    expect(api.tags.get('dev-backup-vault')).not.toHaveProperty(['cdk-environment-backup:auto-delete-recovery-points']);
    // Step 2: the environment leaves this stack (another stack imports the vault).
    await stack.deploy({});
    expect(api.vaults.get('dev-backup-vault')).toHaveLength(2);
    expect(stack.log.filter((l) => l.includes('failed'))).toEqual([]);
  });

  test('a vault deleted already (ListTags: ResourceNotFoundException) lets the cleaner\'s Delete succeed', async () => {
    await stack.deploy(template(ON));
    api.vaults.delete('dev-backup-vault');
    await stack.destroy();
    expect(stack.log.filter((l) => l.includes('failed'))).toEqual([]);
  });

  test('a new vault name replaces the vault: the old one is emptied and deleted after the update, the new one keeps its points', async () => {
    await stack.deploy(template({ vault: { ...ON.vault, vaultName: 'dev-vault-1' } }));
    api.vaults.get('dev-vault-1')!.push(...points(2, 'old'));
    const next = template({ vault: { ...ON.vault, vaultName: 'dev-vault-2' } });
    await stack.deploy(next);
    // CloudFormation: new vault first, the cleaner's Update answers a new physical id, then in the
    // cleanup phase the old cleaner (old properties: the old vault) and the old vault go.
    expect(stack.log.slice(-4).map((l) => l.replace(/[0-9A-F]{8}/g, ''))).toEqual([
      'Create DevVault (replacement)', 'Update DevVaultRecoveryPointCleaner', 'Delete DevVaultRecoveryPointCleaner (cleanup)', 'Delete DevVault (cleanup)',
    ]);
    expect(api.vaults.has('dev-vault-1')).toBe(false);
    expect(api.vaults.get('dev-vault-2')).toEqual([]);
  });
});
