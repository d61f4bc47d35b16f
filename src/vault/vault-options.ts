import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/** The mode of an AWS Backup Vault Lock. */
export enum VaultLockMode {
  /**
   * Users with the right IAM permissions can still remove the lock or change its retention.
   * Use it to test a lock before you choose compliance mode.
   */
  GOVERNANCE = 'GOVERNANCE',
  /**
   * After the grace time (`changeableFor`) nobody — neither the root user nor AWS — can remove the
   * lock, shorten retention, or delete the vault while it holds recovery points.
   */
  COMPLIANCE = 'COMPLIANCE',
}

/**
 * AWS Backup Vault Lock: a write-once-read-many (WORM) retention floor and ceiling on the vault.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export interface VaultLockOptions {
  /**
   * The lock mode.
   *
   * @default VaultLockMode.GOVERNANCE
   */
  readonly mode?: VaultLockMode;

  /**
   * The shortest retention a recovery point in the vault may have: whole days, at least 1 day. Backup and copy
   * jobs whose retention is shorter fail, so every rule's deleteAfter must be at least this.
   */
  readonly minRetention: Duration;

  /**
   * The longest retention a recovery point in the vault may have: at most 36,500 days and more than
   * minRetention.
   *
   * @default - no maximum
   */
  readonly maxRetention?: Duration;

  /**
   * COMPLIANCE mode only: the grace time before the lock becomes immutable, at least 72 hours.
   *
   * @default Duration.days(3) in COMPLIANCE mode
   */
  readonly changeableFor?: Duration;
}

/**
 * What an environment's vault is, in one account (`EnvironmentBackup`, which adds `VaultOptions`)
 * or in every member account of an organization (`OrganizationEnvironment`, deployed by the member
 * baseline).
 */
export interface VaultBaseOptions {
  /**
   * The vault's name: 2 to 50 letters, digits, '-' or '_', unique in the account and region.
   *
   * @default - `<environmentName>-backup-vault`
   */
  readonly vaultName?: string;

  /**
   * A Vault Lock.
   *
   * @default - no lock
   */
  readonly lock?: VaultLockOptions;

  /**
   * Deny deleting recovery points and changing their lifecycle, through the vault's access policy,
   * to every principal except the break-glass principals (`breakGlassPrincipalArns` of an
   * `EnvironmentBackup`'s vault); deny changing or deleting that access policy to every principal
   * except those and the principals that deploy the vault (`deploymentPrincipalArns`, or in member
   * accounts the StackSet execution role). The vault then passes AWS Config's
   * `backup-recovery-point-manual-deletion-disabled` rule (Audit Manager's
   * BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED control).
   *
   * @default - true for EnvironmentTier.PRODUCTION, false otherwise
   * @see https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-manual-deletion-disabled.html
   */
  readonly blockRecoveryPointDeletion?: boolean;
}

/** The options of an `EnvironmentBackup`'s vault. */
export interface VaultOptions extends VaultBaseOptions {
  /**
   * The customer-managed KMS key that encrypts the recovery points.
   *
   * @default - a new key with rotation enabled, retained with the vault
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * IAM principal ARNs (roles or users; wildcards allowed, e.g. `arn:aws:iam::111122223333:role/BreakGlass*`)
   * still allowed to delete recovery points and to change the vault's access policy when
   * `blockRecoveryPointDeletion` is on, and to disable or schedule the deletion of the vault's key
   * with `protectEncryptionKey`.
   *
   * @default - nobody
   */
  readonly breakGlassPrincipalArns?: string[];

  /**
   * IAM principal ARNs (wildcards allowed) that deploy the stack: with `blockRecoveryPointDeletion`
   * they keep `backup:PutBackupVaultAccessPolicy` and `backup:DeleteBackupVaultAccessPolicy`, which
   * CloudFormation calls on later deploys to update or remove the vault's access policy (never
   * deleting recovery points). Give the role CloudFormation acts as: its service role
   * (`cdk deploy`'s CloudFormation execution role), or, without one, the role that runs the deploy.
   *
   * @default - the CloudFormation execution role of the stack's `DefaultStackSynthesizer`
   * (`cdk-<qualifier>-cfn-exec-role-<account>-<region>`); with another synthesizer none, and the
   * vault's access policy is then not protected against edits (a synth warning says so)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html
   */
  readonly deploymentPrincipalArns?: string[];

  /**
   * Deny `kms:ScheduleKeyDeletion` and `kms:DisableKey` on the vault's key (in its key policy) to
   * every principal except `breakGlassPrincipalArns`: recovery points encrypted with a deleted or
   * disabled key cannot be restored. `kms:PutKeyPolicy` stays allowed to the account (AWS warns
   * that a key whose policy nobody can change is unmanageable), so later deploys can still change
   * the key policy. Only for the key created with the vault (a key you pass is protected in its own
   * policy) and with `removalPolicy` RETAIN (CloudFormation schedules the deletion of a destroyed key).
   *
   * @default - true when `blockRecoveryPointDeletion` is on (EnvironmentTier.PRODUCTION), the key is
   * created with the vault and `removalPolicy` is RETAIN; false otherwise
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-adding-permission.html
   */
  readonly protectEncryptionKey?: boolean;

  /**
   * What happens to the vault and its key when they leave the stack: RETAIN or DESTROY (a vault
   * and a key have no snapshot, so SNAPSHOT fails synth). A vault that holds recovery points can
   * only be deleted empty: see `deleteRecoveryPointsOnDestroy`.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * DANGER — for short-lived (development, preview) environments only: when the vault is removed from
   * the stack (`cdk destroy`), delete every recovery point in it first, so that the vault can be
   * deleted. Requires `removalPolicy: RemovalPolicy.DESTROY`, and is refused with
   * `blockRecoveryPointDeletion` or a Vault Lock.
   *
   * @default false
   */
  readonly deleteRecoveryPointsOnDestroy?: boolean;
}
