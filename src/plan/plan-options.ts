import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BackupResourceType } from './backup-resource-type';

/**
 * How GuardDuty scans a recovery point.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ScanAction.html
 */
export enum ScanMode {
  /** Every scan reads the whole recovery point. */
  FULL_SCAN = 'FULL_SCAN',
  /** A scan reads what changed since the last scanned recovery point of the resource (cheaper). */
  INCREMENTAL_SCAN = 'INCREMENTAL_SCAN',
}

/**
 * Malware scanning of the recovery points by Amazon GuardDuty Malware Protection for AWS Backup:
 * every rule of the plan gets a scan action and the plan gets the scan settings. GuardDuty bills
 * per GB scanned: see the README's "Costs to know about". The same options for an `EnvironmentBackup`, an
 * `OrganizationBackup` environment and an `OrganizationBackupPolicy`.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/malware-protection.html
 */
export interface MalwareScanningOptions {
  /**
   * How each recovery point is scanned.
   *
   * @default ScanMode.INCREMENTAL_SCAN — only the changes since the last scan are read (and billed)
   */
  readonly scanMode?: ScanMode;

  /**
   * The resource types scanned: `BackupResourceType.EBS`, `EC2` and/or `S3`, or
   * `BackupResourceType.of('…')` for a type GuardDuty added after this release (checked for shape
   * only, noted in an info annotation).
   *
   * @default [BackupResourceType.EBS, BackupResourceType.EC2, BackupResourceType.S3] — every resource type GuardDuty scans
   */
  readonly resourceTypes?: BackupResourceType[];

  /**
   * `EnvironmentBackup` only: an existing role GuardDuty assumes to read the recovery points, instead
   * of the one created. An organization's member accounts each need their own role: name it with
   * `scannerRoleName` there.
   *
   * @default - a role trusted by `malware-protection.guardduty.amazonaws.com` with AWS's managed
   * policy AWSBackupGuardDutyRolePolicyForScans
   */
  readonly scannerRole?: iam.IRole;

  /**
   * The name of the role GuardDuty assumes (1 to 64 letters, digits or `+=,.@_-`): the role created
   * by an `EnvironmentBackup` or, in an organization, by the member baseline in every member account
   * (and named by the backup policy's `scan_settings`). An `OrganizationBackupPolicy` requires it
   * (the role must exist in every member account; a path is allowed there). Not with `scannerRole`.
   *
   * @default - a generated name for an `EnvironmentBackup`; `<environmentName>-malware-scanner-role`
   * for an `OrganizationBackup` environment
   */
  readonly scannerRoleName?: string;
}

/**
 * What S3 backups leave out (the plan's `AdvancedBackupSettings` for S3): ACLs and object tags are
 * included by default; leaving them out makes backups of buckets with many objects faster and
 * smaller, and their restores carry no ACLs or tags.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_AdvancedBackupSetting.html
 */
export interface S3BackupOptions {
  /**
   * Whether S3 backups include the objects' ACLs (`BackupACLs`).
   *
   * @default true (AWS's default)
   */
  readonly backupAcls?: boolean;

  /**
   * Whether S3 backups include the objects' tags (`BackupObjectTags`).
   *
   * @default true (AWS's default)
   */
  readonly backupObjectTags?: boolean;
}

/**
 * The low-cost warm storage tier for S3 backups in the environment's vault
 * (`AWS::Backup::TieringConfiguration`): objects move there a number of days after creation, one way.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
 */
export interface S3WarmTieringOptions {
  /**
   * How long after creation an S3 backup object moves to the low-cost warm tier: 60 to 36,500 whole
   * days.
   *
   * @default Duration.days(60) — the earliest AWS allows
   */
  readonly tierDownAfter?: Duration;
}
