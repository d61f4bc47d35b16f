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
  /** `warmGb × warmPricePerGbMonth + coldGb × coldPricePerGbMonth`. */
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
