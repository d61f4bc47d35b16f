import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';

/**
 * A vault in another region and/or account that receives copies of an environment's recovery points.
 *
 * The destination vault's access policy must allow `backup:CopyIntoBackupVault` from this account
 * (`CopyDestinationVault` creates such a vault), and for a cross-account copy both accounts must
 * belong to the same AWS Organization with cross-account backup enabled.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
 */
export interface CopyDestination {
  /**
   * The destination vault, e.g. `backup.BackupVault.fromBackupVaultArn(this, 'Dr', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:dr')`.
   */
  readonly vault: backup.IBackupVault;

  /**
   * The destination vault's account (12 digits) when it is not this stack's account; it must equal
   * the account in the vault's ARN. A cross-account copy needs the destination account to use the
   * source vault's key, so `EnvironmentBackup` grants that account use of the key it created, but only
   * an account confirmed here: a typo in the ARN then fails synth instead of handing the key to a
   * stranger. The accounts granted are listed in a synth message (info) on the environment.
   *
   * @default - the vault is in this stack's account; a vault ARN naming another account fails synth
   */
  readonly account?: string;

  /**
   * How long the copies are kept in the destination vault.
   *
   * @default - the source rule's deleteAfter
   */
  readonly deleteAfter?: Duration;

  /**
   * When the copies move to cold storage: 0 or at least 30 days, and at least 90 days before deleteAfter.
   *
   * @default - the source rule's moveToColdStorageAfter
   */
  readonly moveToColdStorageAfter?: Duration;

  /**
   * The names of the rules whose recovery points are copied.
   *
   * @default - every rule of the plan
   */
  readonly ruleNames?: string[];
}
