/**
 * The events a backup vault can send to its SNS topic, as AWS Backup fires them today.
 *
 * Unlike aws-cdk-lib's `BackupVaultEvents`, this list has the indexing, S3 and EKS events and none of
 * the deprecated ones (BACKUP_JOB_SUCCESSFUL, BACKUP_JOB_FAILED, BACKUP_JOB_EXPIRED,
 * RESTORE_JOB_SUCCESSFUL, RESTORE_JOB_FAILED, BACKUP_PLAN_CREATED, BACKUP_PLAN_MODIFIED), which AWS
 * Backup never sends. A failed or expired backup job arrives as BACKUP_JOB_COMPLETED with the
 * message attribute `State` set to FAILED or EXPIRED.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
export enum BackupVaultEvent {
  /** A backup job started. */
  BACKUP_JOB_STARTED = 'BACKUP_JOB_STARTED',
  /** A backup job ended, whatever its state (COMPLETED, FAILED, EXPIRED, ABORTED). */
  BACKUP_JOB_COMPLETED = 'BACKUP_JOB_COMPLETED',
  /** Continuous backup (point-in-time recovery) of a resource was interrupted. */
  CONTINUOUS_BACKUP_INTERRUPTED = 'CONTINUOUS_BACKUP_INTERRUPTED',
  /** A copy job started. */
  COPY_JOB_STARTED = 'COPY_JOB_STARTED',
  /** A copy job succeeded. */
  COPY_JOB_SUCCESSFUL = 'COPY_JOB_SUCCESSFUL',
  /** A copy job failed. */
  COPY_JOB_FAILED = 'COPY_JOB_FAILED',
  /** A restore job started. */
  RESTORE_JOB_STARTED = 'RESTORE_JOB_STARTED',
  /** A restore job ended, whatever its state. */
  RESTORE_JOB_COMPLETED = 'RESTORE_JOB_COMPLETED',
  /** A recovery point's lifecycle or retention was changed. */
  RECOVERY_POINT_MODIFIED = 'RECOVERY_POINT_MODIFIED',
  /** A recovery point's backup index was created. */
  RECOVERY_POINT_INDEX_COMPLETED = 'RECOVERY_POINT_INDEX_COMPLETED',
  /** A recovery point's backup index was deleted. */
  RECOVERY_POINT_INDEX_DELETED = 'RECOVERY_POINT_INDEX_DELETED',
  /** Indexing a recovery point failed. */
  RECOVERY_POINT_INDEXING_FAILED = 'RECOVERY_POINT_INDEXING_FAILED',
  /** Some objects of an S3 backup could not be backed up. */
  S3_BACKUP_OBJECT_FAILED = 'S3_BACKUP_OBJECT_FAILED',
  /** Some objects of an S3 restore could not be restored. */
  S3_RESTORE_OBJECT_FAILED = 'S3_RESTORE_OBJECT_FAILED',
  /** Some objects of an EKS cluster backup could not be backed up. */
  EKS_BACKUP_OBJECT_FAILED = 'EKS_BACKUP_OBJECT_FAILED',
  /** Some objects of an EKS restore could not be restored. */
  EKS_RESTORE_OBJECT_FAILED = 'EKS_RESTORE_OBJECT_FAILED',
  /** Some objects of an EKS restore were skipped. */
  EKS_RESTORE_OBJECT_SKIPPED = 'EKS_RESTORE_OBJECT_SKIPPED',
}

/** Ready-made lists of vault notification events. */
export class VaultNotificationEvents {
  /**
   * Every event AWS Backup fires today (no deprecated one). The SNS filter of the Slack
   * forwarder, not this list, decides what reaches a person.
   */
  public static defaults(): BackupVaultEvent[] {
    return Object.values(BackupVaultEvent);
  }

  /**
   * Only the events that can carry a failure: job ends (whose `State` tells failure from
   * success), copy failures, interrupted continuous backups, indexing, S3 and EKS object failures.
   */
  public static failures(): BackupVaultEvent[] {
    return [
      BackupVaultEvent.BACKUP_JOB_COMPLETED,
      BackupVaultEvent.COPY_JOB_FAILED,
      BackupVaultEvent.RESTORE_JOB_COMPLETED,
      BackupVaultEvent.CONTINUOUS_BACKUP_INTERRUPTED,
      BackupVaultEvent.RECOVERY_POINT_INDEXING_FAILED,
      BackupVaultEvent.S3_BACKUP_OBJECT_FAILED,
      BackupVaultEvent.S3_RESTORE_OBJECT_FAILED,
      BackupVaultEvent.EKS_BACKUP_OBJECT_FAILED,
      BackupVaultEvent.EKS_RESTORE_OBJECT_FAILED,
    ];
  }

  private constructor() {}
}
