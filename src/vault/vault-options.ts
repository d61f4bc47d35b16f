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
   * to every principal except `breakGlassPrincipalArns` (an `EnvironmentBackup`'s vault).
   *
   * @default - true for EnvironmentTier.PRODUCTION, false otherwise
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
   * still allowed to delete recovery points when `blockRecoveryPointDeletion` is on.
   *
   * @default - nobody
   */
  readonly breakGlassPrincipalArns?: string[];

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
