import { Duration } from 'aws-cdk-lib';

/**
 * Resource types a restore testing selection can restore.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
 */
export enum RestoreTestingResourceType {
  /** Amazon Aurora. */
  AURORA = 'Aurora',
  /** Amazon DocumentDB. */
  DOCUMENTDB = 'DocumentDB',
  /** Amazon DynamoDB. */
  DYNAMODB = 'DynamoDB',
  /** Amazon EBS. */
  EBS = 'EBS',
  /** Amazon EC2 (restoring launches an instance). */
  EC2 = 'EC2',
  /** Amazon EFS. */
  EFS = 'EFS',
  /** Amazon FSx. */
  FSX = 'FSx',
  /** Amazon Neptune. */
  NEPTUNE = 'Neptune',
  /** Amazon RDS. */
  RDS = 'RDS',
  /** Amazon S3 (the role also gets AWSBackupServiceRolePolicyForS3Restore). */
  S3 = 'S3',
}

/** How the recovery point to restore is chosen within the selection window. */
export enum RestoreTestingAlgorithm {
  /** The most recent recovery point within the window. */
  LATEST_WITHIN_WINDOW = 'LATEST_WITHIN_WINDOW',
  /** A random recovery point within the window. */
  RANDOM_WITHIN_WINDOW = 'RANDOM_WITHIN_WINDOW',
}

/** Kinds of recovery points a restore test may use. */
export enum RestoreTestingRecoveryPointType {
  /** Snapshot recovery points. */
  SNAPSHOT = 'SNAPSHOT',
  /** Continuous backups (point-in-time recovery). */
  CONTINUOUS = 'CONTINUOUS',
}

/**
 * One resource type to restore-test (one restore testing selection).
 */
export interface RestoreTestingResource {
  /** The resource type. */
  readonly resourceType: RestoreTestingResourceType;

  /**
   * How long the restored resource is kept for validation (whole hours, 0 to 168) before AWS Backup
   * deletes it. A longer window costs more (the restored resource runs meanwhile).
   *
   * @default - AWS Backup's default applies.
   */
  readonly validationWindow?: Duration;

  /**
   * Restore metadata that overrides what AWS Backup infers (e.g. a subnet or instance class).
   * Keys must not be empty.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
   * @default - the inferred metadata is used.
   */
  readonly restoreMetadataOverrides?: { [key: string]: string };
}
