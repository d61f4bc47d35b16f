import { DefaultStackSynthesizer, Duration, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { VaultRecoveryPointCleaner } from './auto-delete';
import { VaultLockMode, VaultLockOptions, VaultOptions } from './vault-options';
import { shareCreationTrace } from '../private/creation-trace';
import { amountOf, checkRemovalPolicy, checkVaultName, describeDuration, VAULT_LOCK_LIMITS } from '../private/limits';
import { assertValid, formatAmount, requireProps, validationError, wholeDuration } from '../private/validation';
import { warn, WARNINGS } from '../private/warnings';

/** Properties of an `EnvironmentVault`. */
export interface EnvironmentVaultProps extends VaultOptions {
  /** The environment the vault belongs to; used in names and descriptions. */
  readonly environmentName: string;
}

/** Actions that the deletion-blocking access policy denies to all but the break-glass principals. */
const PROTECTED_RECOVERY_POINT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:DisassociateRecoveryPoint',
];

/**
 * Actions on the access policy itself, denied to all but the break-glass and deployment principals:
 * whoever may edit the policy may remove the deny. AWS Config's managed rule
 * backup-recovery-point-manual-deletion-disabled (Audit Manager's
 * BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED) wants one Deny statement with Principal and
 * Resource "*" holding backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle and
 * backup:PutBackupVaultAccessPolicy.
 * https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-manual-deletion-disabled.html
 */
const ACCESS_POLICY_ACTIONS = [
  'backup:PutBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultAccessPolicy',
];

/**
 * Key actions that make a vault's recovery points unrestorable, denied with `protectEncryptionKey`
 * (kms:PutKeyPolicy is never denied: AWS warns that a key whose policy nobody can change is
 * unmanageable). https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
const PROTECTED_KEY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'];

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
  /**
   * The principals exempt from the access policy's deny of `backup:PutBackupVaultAccessPolicy` and
   * `backup:DeleteBackupVaultAccessPolicy` (besides the break-glass principals): `deploymentPrincipalArns`,
   * or the CloudFormation execution role of the stack's `DefaultStackSynthesizer`. Empty when the
   * access policy is not protected against edits.
   */
  public readonly deploymentPrincipalArns: string[];
  /** Whether the key policy denies `kms:ScheduleKeyDeletion` and `kms:DisableKey` to all but the break-glass principals. */
  public readonly protectsEncryptionKey: boolean;
  /** The key created here (not a given one): it follows the vault's removal policy. */
  private readonly ownKey?: kms.Key;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: EnvironmentVaultProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
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

    if (props.deploymentPrincipalArns?.length && !props.blockRecoveryPointDeletion) {
      throw validationError(this, 'vault.deploymentPrincipalArns is set but vault.blockRecoveryPointDeletion is false: there is no access policy to protect');
    }
    if (props.protectEncryptionKey) {
      if (props.encryptionKey) {
        throw validationError(this, 'vault.protectEncryptionKey (true) applies only to the key created with the vault, not to vault.encryptionKey: deny kms:ScheduleKeyDeletion and kms:DisableKey in that key\'s own policy');
      }
      if (removalPolicy !== RemovalPolicy.RETAIN) {
        throw validationError(this, `vault.protectEncryptionKey (true) requires vault.removalPolicy RemovalPolicy.RETAIN, not RemovalPolicy.${String(removalPolicy).toUpperCase()}: CloudFormation schedules the deletion of a destroyed key, which the key policy would deny`);
      }
    }

    this.blocksRecoveryPointDeletion = props.blockRecoveryPointDeletion ?? false;
    this.protectsEncryptionKey = props.protectEncryptionKey
      ?? (this.blocksRecoveryPointDeletion && !props.encryptionKey && removalPolicy === RemovalPolicy.RETAIN);
    const breakGlass = props.breakGlassPrincipalArns ?? [];
    this.deploymentPrincipalArns = this.blocksRecoveryPointDeletion ? props.deploymentPrincipalArns ?? this.synthesizerExecutionRole() : [];
    this.ownKey = props.encryptionKey ? undefined : new kms.Key(this, 'Key', {
      description: `AWS Backup vault key of the ${props.environmentName} environment`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: removalPolicy === RemovalPolicy.DESTROY ? Duration.days(7) : undefined,
    });
    this.encryptionKey = props.encryptionKey ?? this.ownKey!;
    if (this.protectsEncryptionKey) {
      this.ownKey!.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyKeyDeletionAndDisabling',
        effect: iam.Effect.DENY,
        principals: [new iam.StarPrincipal()],
        actions: PROTECTED_KEY_ACTIONS,
        resources: ['*'],
        conditions: exceptPrincipals(breakGlass),
      }));
    }

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
      accessPolicy: this.blocksRecoveryPointDeletion ? deletionBlockingPolicy(breakGlass, this.deploymentPrincipalArns) : undefined,
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
   * The role CloudFormation acts as when it deploys this stack: the execution role of a
   * `DefaultStackSynthesizer` (`cdk deploy` passes it to CloudFormation, which updates the vault's
   * access policy with it). Another synthesizer names none: a warning says the policy stays editable.
   */
  private synthesizerExecutionRole(): string[] {
    const synthesizer = Stack.of(this).synthesizer;
    if (synthesizer instanceof DefaultStackSynthesizer) {
      try {
        // The synthesizer leaves the cloud assembly's placeholders (${AWS::AccountId}…) for the CLI
        // to fill in the manifest; in the template they are the stack's own values.
        const stack = Stack.of(this);
        return [synthesizer.cloudFormationExecutionRoleArn
          .replace(/\$\{AWS::Partition\}/g, stack.partition)
          .replace(/\$\{AWS::AccountId\}/g, stack.account)
          .replace(/\$\{AWS::Region\}/g, stack.region)];
      } catch {
        // A BootstraplessSynthesizer without cloudFormationExecutionRoleArn: no role to name.
      }
    }
    warn(this, WARNINGS.accessPolicyEditable,
      `vault.deploymentPrincipalArns: the stack's synthesizer (${synthesizer.constructor.name}) names no CloudFormation execution role, so the ` +
      'vault\'s access policy does not deny backup:PutBackupVaultAccessPolicy and backup:DeleteBackupVaultAccessPolicy (CloudFormation must ' +
      'keep them to update the policy on later deploys), and AWS Config\'s backup-recovery-point-manual-deletion-disabled rule reports the ' +
      'vault NON_COMPLIANT. Set vault.deploymentPrincipalArns to the role(s) that deploy this stack.');
    return [];
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
    if (this.protectsEncryptionKey && policy !== RemovalPolicy.RETAIN) {
      throw validationError(this, `removalPolicy (RemovalPolicy.${String(policy).toUpperCase()}) contradicts vault.protectEncryptionKey: CloudFormation would schedule the deletion of the key, which its policy denies`);
    }
    if (this.recoveryPointCleaner && policy !== RemovalPolicy.DESTROY) {
      throw validationError(this, `removalPolicy (RemovalPolicy.${String(policy).toUpperCase()}) contradicts vault.deleteRecoveryPointsOnDestroy (true): the recovery points would be deleted from a retained vault`);
    }
    this.vault.applyRemovalPolicy(policy);
    this.ownKey?.applyRemovalPolicy(policy);
  }
}

function exceptPrincipals(arns: string[]): { [operator: string]: unknown } | undefined {
  return arns.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': arns } } : undefined;
}

/**
 * The deletion-blocking access policy. With deployment principals: one statement denies the
 * recovery point actions and the access policy actions to all but the break-glass and deployment
 * principals (the statement AWS Config's rule looks for), a second denies the recovery point
 * actions to all but the break-glass principals (so the deployment role cannot delete recovery
 * points either). Principal "*" (not {"AWS": "*"}): the Config rule wants a wildcard principal.
 * https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-manual-deletion-disabled.html
 */
function deletionBlockingPolicy(breakGlass: string[], deployers: string[]): iam.PolicyDocument {
  const statements = [new iam.PolicyStatement({
    sid: 'DenyRecoveryPointDeletion',
    effect: iam.Effect.DENY,
    principals: [new iam.StarPrincipal()],
    actions: PROTECTED_RECOVERY_POINT_ACTIONS,
    resources: ['*'],
    conditions: exceptPrincipals(breakGlass),
  })];
  if (deployers.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyAccessPolicyChanges',
      effect: iam.Effect.DENY,
      principals: [new iam.StarPrincipal()],
      actions: [...PROTECTED_RECOVERY_POINT_ACTIONS, ...ACCESS_POLICY_ACTIONS],
      resources: ['*'],
      conditions: exceptPrincipals([...breakGlass, ...deployers]),
    }));
  }
  return new iam.PolicyDocument({ statements });
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
