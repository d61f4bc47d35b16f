/**
 * The events a backup vault can send to its SNS topic, as AWS Backup fires them today.
 *
 * Unlike aws-cdk-lib's `BackupVaultEvents`, this list has the indexing, S3 and EKS events and none of
 * the deprecated ones (BACKUP_JOB_SUCCESSFUL, BACKUP_JOB_FAILED, BACKUP_JOB_EXPIRED,
 * RESTORE_JOB_SUCCESSFUL, RESTORE_JOB_FAILED, BACKUP_PLAN_CREATED, BACKUP_PLAN_MODIFIED), which AWS
 * Backup never sends. A failed or expired backup job arrives as BACKUP_JOB_COMPLETED with the
 * message attribute `State` set to FAILED or EXPIRED.
 *
 * `BackupVaultEvent.of('…')` names an event AWS added after this release, checked for its shape only.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
export class BackupVaultEvent {
  /** A backup job started. */
  public static readonly BACKUP_JOB_STARTED = new BackupVaultEvent('BACKUP_JOB_STARTED', false);
  /** A backup job ended, whatever its state (COMPLETED, FAILED, EXPIRED, ABORTED). */
  public static readonly BACKUP_JOB_COMPLETED = new BackupVaultEvent('BACKUP_JOB_COMPLETED', false);
  /** Continuous backup (point-in-time recovery) of a resource was interrupted. */
  public static readonly CONTINUOUS_BACKUP_INTERRUPTED = new BackupVaultEvent('CONTINUOUS_BACKUP_INTERRUPTED', false);
  /** A copy job started. */
  public static readonly COPY_JOB_STARTED = new BackupVaultEvent('COPY_JOB_STARTED', false);
  /** A copy job succeeded. */
  public static readonly COPY_JOB_SUCCESSFUL = new BackupVaultEvent('COPY_JOB_SUCCESSFUL', false);
  /** A copy job failed. */
  public static readonly COPY_JOB_FAILED = new BackupVaultEvent('COPY_JOB_FAILED', false);
  /** A restore job started. */
  public static readonly RESTORE_JOB_STARTED = new BackupVaultEvent('RESTORE_JOB_STARTED', false);
  /** A restore job ended, whatever its state. */
  public static readonly RESTORE_JOB_COMPLETED = new BackupVaultEvent('RESTORE_JOB_COMPLETED', false);
  /** A recovery point's lifecycle or retention was changed. */
  public static readonly RECOVERY_POINT_MODIFIED = new BackupVaultEvent('RECOVERY_POINT_MODIFIED', false);
  /** A recovery point's backup index was created. */
  public static readonly RECOVERY_POINT_INDEX_COMPLETED = new BackupVaultEvent('RECOVERY_POINT_INDEX_COMPLETED', false);
  /** A recovery point's backup index was deleted. */
  public static readonly RECOVERY_POINT_INDEX_DELETED = new BackupVaultEvent('RECOVERY_POINT_INDEX_DELETED', false);
  /** Indexing a recovery point failed. */
  public static readonly RECOVERY_POINT_INDEXING_FAILED = new BackupVaultEvent('RECOVERY_POINT_INDEXING_FAILED', false);
  /** Some objects of an S3 backup could not be backed up. */
  public static readonly S3_BACKUP_OBJECT_FAILED = new BackupVaultEvent('S3_BACKUP_OBJECT_FAILED', false);
  /** Some objects of an S3 restore could not be restored. */
  public static readonly S3_RESTORE_OBJECT_FAILED = new BackupVaultEvent('S3_RESTORE_OBJECT_FAILED', false);
  /** Some objects of an EKS cluster backup could not be backed up. */
  public static readonly EKS_BACKUP_OBJECT_FAILED = new BackupVaultEvent('EKS_BACKUP_OBJECT_FAILED', false);
  /** Some objects of an EKS restore could not be restored. */
  public static readonly EKS_RESTORE_OBJECT_FAILED = new BackupVaultEvent('EKS_RESTORE_OBJECT_FAILED', false);
  /** Some objects of an EKS restore were skipped. */
  public static readonly EKS_RESTORE_OBJECT_SKIPPED = new BackupVaultEvent('EKS_RESTORE_OBJECT_SKIPPED', false);

  /** The events this library knows: every event AWS Backup fires today, in the order above. */
  public static known(): BackupVaultEvent[] {
    return [
      BackupVaultEvent.BACKUP_JOB_STARTED,
      BackupVaultEvent.BACKUP_JOB_COMPLETED,
      BackupVaultEvent.CONTINUOUS_BACKUP_INTERRUPTED,
      BackupVaultEvent.COPY_JOB_STARTED,
      BackupVaultEvent.COPY_JOB_SUCCESSFUL,
      BackupVaultEvent.COPY_JOB_FAILED,
      BackupVaultEvent.RESTORE_JOB_STARTED,
      BackupVaultEvent.RESTORE_JOB_COMPLETED,
      BackupVaultEvent.RECOVERY_POINT_MODIFIED,
      BackupVaultEvent.RECOVERY_POINT_INDEX_COMPLETED,
      BackupVaultEvent.RECOVERY_POINT_INDEX_DELETED,
      BackupVaultEvent.RECOVERY_POINT_INDEXING_FAILED,
      BackupVaultEvent.S3_BACKUP_OBJECT_FAILED,
      BackupVaultEvent.S3_RESTORE_OBJECT_FAILED,
      BackupVaultEvent.EKS_BACKUP_OBJECT_FAILED,
      BackupVaultEvent.EKS_RESTORE_OBJECT_FAILED,
      BackupVaultEvent.EKS_RESTORE_OBJECT_SKIPPED,
    ];
  }

  /**
   * An event by name, for one AWS added after this release. A name this library knows gives its
   * static member; any other is checked for its shape only (an upper-case letter, then upper-case
   * letters, digits and underscores) when a construct uses it, and noted in an info annotation: AWS
   * accepts or rejects it at deploy time.
   *
   * @param name the event's name, e.g. `NEW_JOB_COMPLETED`
   */
  public static of(name: string): BackupVaultEvent {
    return BackupVaultEvent.known().find((e) => e.value === name) ?? new BackupVaultEvent(name, true);
  }

  /**
   * @param value the event's name, as AWS Backup spells it
   * @param custom whether it was made with `of()` from a name this library does not know
   */
  private constructor(
    /** The event's name, as AWS Backup spells it (e.g. `BACKUP_JOB_COMPLETED`). */
    public readonly value: string,
    /** Whether the event was made with `of()` from a name this library does not know (checked for shape only). */
    public readonly custom: boolean,
  ) {}

  /** The event's name. */
  public toString(): string {
    return this.value;
  }
}

/** Ready-made lists of vault notification events. */
export class VaultNotificationEvents {
  /**
   * Every event AWS Backup fires today (no deprecated one). The SNS filter of the Slack
   * forwarder, not this list, decides what reaches a person.
   */
  public static defaults(): BackupVaultEvent[] {
    return BackupVaultEvent.known();
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
