import { Duration } from 'aws-cdk-lib';

/** How often a rule takes a backup, as read from its schedule expression. */
export enum BackupFrequency {
  /** Several times a day (every N hours). */
  HOURLY = 'HOURLY',
  /** Once a day. */
  DAILY = 'DAILY',
  /** On some days of the week. */
  WEEKLY = 'WEEKLY',
  /** On some days of the month. */
  MONTHLY = 'MONTHLY',
  /** In some months of the year only. */
  YEARLY = 'YEARLY',
  /** A rate that is none of the above. */
  CUSTOM = 'CUSTOM',
  /** The schedule could not be parsed: see `RuleGenerations.error`. */
  UNKNOWN = 'UNKNOWN',
}

/** Recovery points a copy action keeps in its destination vault at steady state. */
export interface CopyGenerations {
  /**
   * The destination vault's name, or `(unresolved)` when it is only known at deploy time.
   */
  readonly destination: string;

  /**
   * How long a copy is kept.
   *
   * @default - the copy is kept as long as the source recovery point.
   */
  readonly retention?: Duration;

  /**
   * Recovery points in the destination vault at steady state.
   *
   * @default - undefined when the copy is kept indefinitely or the schedule is unknown.
   */
  readonly recoveryPoints?: number;

  /**
   * Of those, the points in warm storage.
   *
   * @default - undefined when `recoveryPoints` is.
   */
  readonly warmRecoveryPoints?: number;

  /**
   * Of those, the points in cold storage.
   *
   * @default - undefined when `recoveryPoints` is.
   */
  readonly coldRecoveryPoints?: number;
}

/**
 * What one backup rule keeps at steady state, for one protected resource.
 *
 * Counts assume backups evenly spaced at the schedule's average interval (a monthly rule's
 * interval is 365.25 / 12 = 30.44 days) and are rounded up: `ceil(retention / interval)`.
 */
export interface RuleGenerations {
  /** The rule's name (`rule-N` when the rule has none). */
  readonly ruleName: string;

  /**
   * The rule's schedule expression, e.g. `cron(0 5 * * ? *)`.
   *
   * @default - AWS Backup's default, `cron(0 5 ? * * *)`, for a rule without one.
   */
  readonly scheduleExpression?: string;

  /** The schedule in words, e.g. `daily at 05:00`. */
  readonly scheduleDescription: string;

  /** How often the rule backs up. */
  readonly frequency: BackupFrequency;

  /**
   * Average time between two backups, in hours (30.4375 days = 730.5 hours for a monthly rule).
   *
   * @default - undefined when the schedule is unknown.
   */
  readonly intervalHours?: number;

  /**
   * How long a recovery point is kept (`deleteAfter`): the oldest restore point is at most this
   * old, and at least this minus one interval.
   *
   * @default - undefined: recovery points are kept indefinitely.
   */
  readonly retention?: Duration;

  /**
   * When recovery points move to cold storage.
   *
   * @default - never.
   */
  readonly moveToColdStorageAfter?: Duration;

  /**
   * Recovery points a protected resource has from this rule at steady state.
   *
   * @default - undefined when the points are kept indefinitely or the schedule is unknown.
   */
  readonly recoveryPoints?: number;

  /**
   * Of those, the points in warm storage: `ceil(moveToColdStorageAfter / interval)`.
   *
   * @default - undefined when `recoveryPoints` is.
   */
  readonly warmRecoveryPoints?: number;

  /**
   * Of those, the points in cold storage.
   *
   * @default - undefined when `recoveryPoints` is.
   */
  readonly coldRecoveryPoints?: number;

  /**
   * Whether the rule's cold points go to the archive tier for the resource types that have one
   * (`optInToArchive` on a rule with `moveToColdStorageAfter`: `Lifecycle.OptInToArchiveForSupportedResources`).
   * For EBS, the only such type, the cold points are then archived full snapshots; without the
   * opt-in, AWS Backup keeps EBS snapshots in warm storage whatever `moveToColdStorageAfter` says.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/multi-volume-crash-consistent.html
   */
  readonly optInToArchive: boolean;

  /**
   * For S3 backups in a vault with low-cost warm tiering (`s3WarmTiering`): of the warm points, those
   * older than the tiering age (`warmRecoveryPoints - ceil(tierDownAfter / interval)`, at least 0).
   * Other resource types keep them in warm storage.
   *
   * @default - undefined without S3 warm tiering, or when `recoveryPoints` is undefined.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
   */
  readonly lowCostWarmRecoveryPoints?: number;

  /**
   * The age of the oldest restore point at steady state (`retention`).
   *
   * @default - undefined when points are kept indefinitely.
   */
  readonly oldestRestorePoint?: Duration;

  /** Whether the rule is a continuous backup rule (point-in-time recovery). */
  readonly continuousBackup: boolean;

  /**
   * For a continuous rule: how far back a supported resource (RDS, Aurora, S3, SAP HANA) can be
   * restored to any second. Such a resource has ONE continuous recovery point; resource types
   * without continuous support get the snapshot counts of this rule.
   *
   * @default - undefined for snapshot rules.
   */
  readonly pointInTimeRecoveryWindow?: Duration;

  /** Recovery points kept by each copy action of the rule. */
  readonly copies: CopyGenerations[];

  /**
   * Why the counts could not be computed.
   *
   * @default - undefined: the schedule was understood.
   */
  readonly error?: string;
}
