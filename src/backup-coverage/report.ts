/** Whether a protectable resource is backed up. */
export enum CoverageStatus {
  /** Selected by at least one environment. */
  PROTECTED = 'PROTECTED',
  /** Selected by no environment. */
  UNPROTECTED = 'UNPROTECTED',
  /** Marked with `BackupCoverage.exempt()`. */
  EXEMPT = 'EXEMPT',
}

/** How an environment selects a resource. */
export enum SelectionMatch {
  /** Its tags satisfy all the selection's conditions. */
  TAGS = 'TAGS',
  /** It is listed as a construct or by ARN. */
  RESOURCE = 'RESOURCE',
}

/** One environment protecting a resource. */
export interface ResourceProtection {
  /** The environment's name. */
  readonly environmentName: string;
  /** How it selects the resource. */
  readonly match: SelectionMatch;
  /** The rules that back the resource up (as registered). */
  readonly ruleNames: string[];
}

/** A resource of a type AWS Backup can protect, and its coverage. */
export interface CoverageResource {
  /** The construct path of the resource (its L2 when it has one). */
  readonly path: string;
  /** The CloudFormation type, e.g. `AWS::DynamoDB::Table`. */
  readonly cloudFormationType: string;
  /** The AWS Backup resource type, e.g. `DynamoDB`, `Aurora`. */
  readonly backupResourceType: string;
  /** The tags the resource carries at synth (unresolved values shown as tokens). */
  readonly tags: { [key: string]: string };
  /** Protected, unprotected or exempt. */
  readonly status: CoverageStatus;
  /** The environments that select it. */
  readonly protectedBy: ResourceProtection[];
  /** Environments whose selection would match but that exclude it. */
  readonly excludedBy: string[];
  /**
   * Why it needs no backup.
   *
   * @default - not exempt.
   */
  readonly exemptReason?: string;
}

/** One environment's share of the report. */
export interface EnvironmentCoverage {
  /** The environment's name. */
  readonly environmentName: string;
  /** The rules of its plan (as registered). */
  readonly ruleNames: string[];
  /** Paths of the resources it protects. */
  readonly protectedResources: string[];
}

/** What `BackupCoverage.report()` returns after synthesis. */
export interface CoverageReport {
  /** Every protectable resource found. */
  readonly resources: CoverageResource[];
  /** Per registered environment. */
  readonly environments: EnvironmentCoverage[];
  /** Paths of the resources no environment protects. */
  readonly unprotected: string[];
  /** Paths of the exempt resources. */
  readonly exempt: string[];
  /**
   * Selected resources whose backup jobs would fail, e.g. an S3 bucket without versioning (errors
   * fail synthesis; an exempt resource gets a warning).
   */
  readonly problems: string[];
}
