import { Duration, RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { VaultRecoveryPointCleaner } from './auto-delete';
import { VaultLockMode, VaultLockOptions, VaultOptions } from './vault-options';
import { amountOf, checkRemovalPolicy, checkVaultName, describeDuration, VAULT_LOCK_LIMITS } from '../private/limits';
import { assertValid, formatAmount, requireProps, validationError, wholeDuration } from '../private/validation';

/** Properties of an `EnvironmentVault`. */
export interface EnvironmentVaultProps extends VaultOptions {
  /** The environment the vault belongs to; used in names and descriptions. */
  readonly environmentName: string;
}

/** Actions that the deletion-blocking access policy denies. */
const PROTECTED_RECOVERY_POINT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:DisassociateRecoveryPoint',
];

/**
 * A Backup Vault of its own for one environment: a customer-managed KMS key with rotation, an
 * optional Vault Lock, and an optional access policy that denies deleting recovery points.
 *
 * It is an `aws-backup` `IBackupVault`: pass it wherever aws-cdk-lib expects a vault (a
 * `BackupPlan`, a copy action, `VaultRecoveryPointCleaner`). Public because `EnvironmentBackup`
 * composes it and `MemberBaselineStack.vault` exposes it, and because it stands alone.
 */
export class EnvironmentVault extends Resource implements backup.IBackupVault {
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** The vault's name. */
  public readonly backupVaultName: string;
  /** The vault's ARN. */
  public readonly backupVaultArn: string;
  /** The key that encrypts the vault's recovery points. */
  public readonly encryptionKey: kms.IKey;
  /** Whether the vault's access policy denies deleting recovery points. */
  public readonly blocksRecoveryPointDeletion: boolean;
  /** The custom resource that empties the vault on delete, when `deleteRecoveryPointsOnDestroy` is on. */
  public readonly recoveryPointCleaner?: VaultRecoveryPointCleaner;
  /** The key created here (not a given one): it follows the vault's removal policy. */
  private readonly ownKey?: kms.Key;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: EnvironmentVaultProps) {
    super(scope, id);
    requireProps(this, props, ['environmentName']);
    const vaultName = props.vaultName ?? `${props.environmentName}-backup-vault`;
    assertValid(this, checkVaultName('vault.vaultName', vaultName));
    if (props.lock) validateLock(this, props.lock);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    assertValid(this, checkRemovalPolicy('vault.removalPolicy', removalPolicy));
    if (props.deleteRecoveryPointsOnDestroy) {
      if (removalPolicy !== RemovalPolicy.DESTROY) {
        throw validationError(this, 'vault.deleteRecoveryPointsOnDestroy (true) requires vault.removalPolicy RemovalPolicy.DESTROY: a retained vault keeps its recovery points');
      }
      if (props.blockRecoveryPointDeletion) {
        throw validationError(this, 'vault.deleteRecoveryPointsOnDestroy (true) contradicts vault.blockRecoveryPointDeletion (true): choose one');
      }
      if (props.lock) {
        throw validationError(this, 'vault.deleteRecoveryPointsOnDestroy (true) cannot be combined with vault.lock: a Vault Lock keeps recovery points until their retention ends');
      }
    }
    if (props.breakGlassPrincipalArns?.length && !props.blockRecoveryPointDeletion) {
      throw validationError(this, 'vault.breakGlassPrincipalArns is set but vault.blockRecoveryPointDeletion is false: there is nothing to break through');
    }

    this.blocksRecoveryPointDeletion = props.blockRecoveryPointDeletion ?? false;
    this.ownKey = props.encryptionKey ? undefined : new kms.Key(this, 'Key', {
      description: `AWS Backup vault key of the ${props.environmentName} environment`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: removalPolicy === RemovalPolicy.DESTROY ? Duration.days(7) : undefined,
    });
    this.encryptionKey = props.encryptionKey ?? this.ownKey!;

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: vaultName,
      encryptionKey: this.encryptionKey,
      removalPolicy,
      lockConfiguration: props.lock ? {
        minRetention: Duration.days(wholeDuration(this, 'vault.lock.minRetention', props.lock.minRetention, 'day')),
        maxRetention: props.lock.maxRetention && Duration.days(wholeDuration(this, 'vault.lock.maxRetention', props.lock.maxRetention, 'day')),
        changeableFor: (props.lock.mode ?? VaultLockMode.GOVERNANCE) === VaultLockMode.COMPLIANCE
          ? Duration.days(wholeDuration(this, 'vault.lock.changeableFor', props.lock.changeableFor ?? Duration.days(3), 'day'))
          : undefined,
      } : undefined,
      accessPolicy: props.blockRecoveryPointDeletion ? deletionBlockingPolicy(props.breakGlassPrincipalArns ?? []) : undefined,
    });

    if (props.deleteRecoveryPointsOnDestroy) {
      // It references the vault, so CloudFormation deletes it (emptying the vault) before the vault.
      this.recoveryPointCleaner = new VaultRecoveryPointCleaner(this, 'RecoveryPointCleaner', { backupVault: this.vault });
    }
    this.backupVaultName = this.vault.backupVaultName;
    this.backupVaultArn = this.vault.backupVaultArn;
  }

  /** The vault's name and ARN. */
  public get backupVaultRef(): backup.BackupVaultReference {
    return this.vault.backupVaultRef;
  }

  /**
   * Grants the given actions on the vault to the grantee (an IAM statement on the grantee). The
   * vault's access policy still applies: with `blockRecoveryPointDeletion` it denies deleting
   * recovery points to everyone but the break-glass principals.
   *
   * @param grantee the principal
   * @param actions the actions, e.g. `backup:StartBackupJob`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.vault.grant(grantee, ...actions);
  }

  /**
   * Applies the removal policy to the vault and to the key created with it (not to a given key):
   * RETAIN or DESTROY (a vault and a key have no snapshot). With `deleteRecoveryPointsOnDestroy`
   * only DESTROY: the recovery points would be deleted from a retained vault.
   *
   * @param policy the removal policy
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    assertValid(this, checkRemovalPolicy('removalPolicy', policy));
    if (this.recoveryPointCleaner && policy !== RemovalPolicy.DESTROY) {
      throw validationError(this, `removalPolicy (RemovalPolicy.${String(policy).toUpperCase()}) contradicts vault.deleteRecoveryPointsOnDestroy (true): the recovery points would be deleted from a retained vault`);
    }
    this.vault.applyRemovalPolicy(policy);
    this.ownKey?.applyRemovalPolicy(policy);
  }
}

function deletionBlockingPolicy(breakGlass: string[]): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      sid: 'DenyRecoveryPointDeletion',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: PROTECTED_RECOVERY_POINT_ACTIONS,
      resources: ['*'],
      conditions: breakGlass.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': breakGlass } } : undefined,
    })],
  });
}

function validateLock(scope: Construct, lock: VaultLockOptions) {
  requireProps(scope, lock, ['minRetention'], 'vault.lock');
  const mode = lock.mode ?? VaultLockMode.GOVERNANCE;
  const min = amountOf(lock.minRetention, 'day');
  const max = lock.maxRetention && amountOf(lock.maxRetention, 'day');
  if (min !== undefined && min < VAULT_LOCK_LIMITS.minRetentionDays) {
    throw validationError(scope, `vault.lock.minRetention (${describeDuration(lock.minRetention)}) must be at least ${VAULT_LOCK_LIMITS.minRetentionDays} day`);
  }
  if (max !== undefined && max > VAULT_LOCK_LIMITS.maxRetentionDays) {
    throw validationError(scope, `vault.lock.maxRetention (${formatAmount(max, 'day')}) must be at most ${VAULT_LOCK_LIMITS.maxRetentionDays} days`);
  }
  if (min !== undefined && max !== undefined && max <= min) {
    throw validationError(scope, `vault.lock.maxRetention (${formatAmount(max, 'day')}) must be greater than vault.lock.minRetention (${formatAmount(min, 'day')})`);
  }
  if (lock.changeableFor !== undefined) {
    if (mode !== VaultLockMode.COMPLIANCE) {
      throw validationError(scope, `vault.lock.changeableFor (${describeDuration(lock.changeableFor)}) applies only to VaultLockMode.COMPLIANCE, not ${mode}`);
    }
    const hours = amountOf(lock.changeableFor, 'hour');
    if (hours !== undefined && hours < VAULT_LOCK_LIMITS.minChangeableForHours) {
      throw validationError(scope, `vault.lock.changeableFor (${describeDuration(lock.changeableFor)}) must be at least ${VAULT_LOCK_LIMITS.minChangeableForHours} hours: AWS Backup's cooling-off period before a compliance lock becomes immutable`);
    }
  }
}
