/** How recovery points are assumed to occupy storage. */
export enum StorageModel {
  /**
   * The first backup is full, each later warm backup stores only the data changed since the
   * previous one (`resourceSizeGb × dailyChangeRate × interval in days`, at most the full size).
   * Cold storage does not keep incremental chains: each cold point counts as a full copy
   * (conservative; true for EFS and DynamoDB advanced backups moved to cold storage).
   */
  INCREMENTAL = 'INCREMENTAL',
  /** Every recovery point stores the full resource (e.g. some snapshot types, or a worst case). */
  FULL = 'FULL',
}

/** The inputs of a storage cost estimate. No price is built in: pass your region's prices. */
export interface StorageEstimateOptions {
  /** Size of one protected resource, in GB. */
  readonly resourceSizeGb: number;

  /** Warm storage price of the resource type in the region, per GB-month. */
  readonly warmPricePerGbMonth: number;

  /** Cold storage price of the resource type in the region, per GB-month. */
  readonly coldPricePerGbMonth: number;

  /**
   * The AWS Backup resource type of the estimated resource (`EBS`, `S3`, `EFS`, `RDS`...), as
   * `GetSupportedResourceTypes` names it. It decides the storage classes that apply: the archive
   * tier (EBS, when a rule opts in with `optInToArchive`; an EBS rule without the opt-in keeps its
   * points warm) and the low-cost warm tier (S3, when the calculator has `s3WarmTieringAfter`).
   * Required when the rules use one of those classes, since each applies to one type only. A
   * continuous rule gives a type without continuous backup (other than Aurora, RDS, S3 and SAP HANA
   * on Amazon EC2) the snapshots of its schedule.
   *
   * @default - a resource type with neither tier, and with continuous backup where a rule is continuous
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   */
  readonly resourceType?: string;

  /**
   * Archive tier price of the resource type in the region, per GB-month (EBS Snapshots Archive).
   * Archived EBS snapshots are full copies, kept at least 90 days.
   *
   * @default - required when a rule keeps points of the resource in the archive tier
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive-considerations.html
   */
  readonly archivePricePerGbMonth?: number;

  /**
   * Low-cost warm tier price of S3 backups in the region, per GB-month (`s3WarmTiering`). The
   * one-time per-object transition fee is not part of the estimate.
   *
   * @default - required when a rule keeps points of the resource in the low-cost warm tier
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-tiering.html
   */
  readonly lowCostWarmPricePerGbMonth?: number;

  /**
   * Fraction of the resource that changes each day (0.05 = 5 %). Used by the INCREMENTAL model
   * and for the change log of continuous backups.
   *
   * @default 0.05
   */
  readonly dailyChangeRate?: number;

  /**
   * How recovery points occupy storage.
   *
   * @default StorageModel.INCREMENTAL
   */
  readonly storageModel?: StorageModel;

  /**
   * Number of resources of this size protected by the rules (the estimate is multiplied).
   *
   * @default 1
   */
  readonly resourceCount?: number;

  /**
   * Count copies (copy actions) at the same prices.
   *
   * @default true
   */
  readonly includeCopies?: boolean;

  /**
   * GuardDuty malware scanning price per GB scanned (`malwareScanning`): adds the scan cost line.
   * Each backup of a rule is scanned: in full (`scanMode` FULL_SCAN: the resource's size) or
   * incrementally (the data changed since the previous backup, as the INCREMENTAL model counts it).
   *
   * @default - no scan cost line (0)
   * @see https://aws.amazon.com/guardduty/pricing/
   */
  readonly scanPricePerGb?: number;

  /**
   * Whether scans read the whole recovery point (`ScanMode.FULL_SCAN`) rather than the changes.
   *
   * @default false — incremental scans, the `malwareScanning` default
   */
  readonly fullScans?: boolean;
}

/** The storage one rule occupies at steady state. */
export interface RuleStorageEstimate {
  /** The rule's name. */
  readonly ruleName: string;
  /** GB in warm storage. */
  readonly warmGb: number;
  /** GB in cold storage. */
  readonly coldGb: number;
  /** GB in the archive tier (EBS with `optInToArchive`; 0 otherwise). */
  readonly archiveGb: number;
  /** GB in the S3 low-cost warm tier (S3 with `s3WarmTieringAfter`; 0 otherwise). */
  readonly lowCostWarmGb: number;
  /** The GB of each class times its price per GB-month, summed. */
  readonly monthlyCost: number;
}

/** The storage all rules occupy at steady state, and its monthly cost. */
export interface StorageEstimate {
  /** Per rule (copies included in their rule when `includeCopies`). */
  readonly rules: RuleStorageEstimate[];
  /** GB in warm storage, all rules. */
  readonly warmGb: number;
  /** GB in cold storage, all rules. */
  readonly coldGb: number;
  /** GB in the archive tier, all rules. */
  readonly archiveGb: number;
  /** GB in the S3 low-cost warm tier, all rules. */
  readonly lowCostWarmGb: number;
  /** Monthly cost, in the currency of the prices passed in (storage and scans). */
  readonly monthlyCost: number;
  /** GB scanned for malware a month (30 days), all rules; 0 without `scanPricePerGb`. */
  readonly scanGbPerMonth: number;
  /** The scan cost line: `scanGbPerMonth × scanPricePerGb`, included in `monthlyCost`. */
  readonly scanMonthlyCost: number;
  /**
   * Rules left out because their counts are unknown (unparseable schedule, or kept indefinitely).
   */
  readonly skippedRules: string[];
}
