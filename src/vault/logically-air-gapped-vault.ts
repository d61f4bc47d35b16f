import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AIR_GAPPED_VAULT_LIMITS, amountOf, checkVaultName, describeDuration } from '../private/limits';
import { assertValid, formatAmount, requireProps, validationError, wholeDuration } from '../private/validation';

/**
 * A logically air-gapped vault that receives copies of an environment's recovery points: it is locked
 * in compliance mode, encrypted, and can be shared with a recovery account through AWS RAM.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
 */
export interface AirGappedCopyOptions {
  /**
   * The vault's name: 2 to 50 letters, digits, '-' or '_'.
   *
   * @default - `<environmentName>-air-gapped-vault`
   */
  readonly vaultName?: string;

  /** The shortest retention of a copy: at least 7 days. Every copied rule's retention must be at least this. */
  readonly minRetention: Duration;

  /** The longest retention of a copy: at most 36,500 days, and not less than minRetention. */
  readonly maxRetention: Duration;

  /**
   * A customer-managed key for the vault.
   *
   * @default - an AWS-owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The rules whose recovery points are copied.
   *
   * @default - every rule of the plan
   */
  readonly ruleNames?: string[];
}

/** Properties of a `LogicallyAirGappedVault`. */
export interface LogicallyAirGappedVaultProps {
  /** The vault's name: 2 to 50 letters, digits, '-' or '_'. */
  readonly vaultName: string;
  /** The shortest retention of a recovery point: at least 7 days. */
  readonly minRetention: Duration;
  /** The longest retention of a recovery point: at most 36,500 days, and not less than minRetention. */
  readonly maxRetention: Duration;
  /**
   * A customer-managed key for the vault.
   *
   * @default - an AWS-owned key
   */
  readonly encryptionKey?: kms.IKey;
}

const MIN_DAYS = AIR_GAPPED_VAULT_LIMITS.minRetentionDays;
const MAX_DAYS = AIR_GAPPED_VAULT_LIMITS.maxRetentionDays;

/** An AWS Backup logically air-gapped vault (`AWS::Backup::LogicallyAirGappedBackupVault`). */
export class LogicallyAirGappedVault extends Construct {
  /** The vault, usable as a copy destination. */
  public readonly vault: backup.IBackupVault;
  /** The vault's ARN. */
  public readonly vaultArn: string;
  /** The shortest retention of a recovery point in the vault. */
  public readonly minRetention: Duration;
  /** The longest retention of a recovery point in the vault. */
  public readonly maxRetention: Duration;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: LogicallyAirGappedVaultProps) {
    super(scope, id);
    requireProps(this, props, ['vaultName', 'minRetention', 'maxRetention'], 'airGappedCopy');
    assertValid(this, checkVaultName('airGappedCopy.vaultName', props.vaultName));
    const min = amountOf(props.minRetention, 'day');
    const max = amountOf(props.maxRetention, 'day');
    if (min !== undefined && (min < MIN_DAYS || !Number.isInteger(min))) {
      throw validationError(this, `airGappedCopy.minRetention (${describeDuration(props.minRetention)}) must be a whole number of days, at least ${MIN_DAYS}`);
    }
    if (max !== undefined && (max > MAX_DAYS || !Number.isInteger(max))) {
      throw validationError(this, `airGappedCopy.maxRetention (${formatAmount(max, 'day')}) must be a whole number of days, at most ${MAX_DAYS}`);
    }
    if (min !== undefined && max !== undefined && max < min) {
      throw validationError(this, `airGappedCopy.maxRetention (${formatAmount(max, 'day')}) must not be less than airGappedCopy.minRetention (${formatAmount(min, 'day')})`);
    }
    const cfn = new backup.CfnLogicallyAirGappedBackupVault(this, 'Resource', {
      backupVaultName: props.vaultName,
      minRetentionDays: wholeDuration(this, 'airGappedCopy.minRetention', props.minRetention, 'day'),
      maxRetentionDays: wholeDuration(this, 'airGappedCopy.maxRetention', props.maxRetention, 'day'),
      encryptionKeyArn: props.encryptionKey?.keyArn,
    });
    this.vaultArn = cfn.attrBackupVaultArn;
    this.vault = backup.BackupVault.fromBackupVaultArn(this, 'Imported', cfn.attrBackupVaultArn);
    this.minRetention = props.minRetention;
    this.maxRetention = props.maxRetention;
  }
}
