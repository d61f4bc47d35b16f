/**
 * Limits of the newer backup plan options (malware scanning, backup indexes, archive tier, S3 warm
 * tiering, air-gapped vault sharing), each with the page it comes from. Pure validators: they return
 * the problem (property, value, rule) or undefined.
 */
import { Token } from 'aws-cdk-lib';

export const PLAN_OPTION_LIMITS = {
  /**
   * IndexAction.ResourceTypes: "Valid values: EBS, S3"; 0 or 1 index action a rule.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html
   */
  indexResourceTypes: ['EBS', 'S3'],
  /**
   * Resource types indexed by one backup rule: BackupRuleInput.IndexActions "There can up to one
   * IndexAction in each BackupRule [...] Only 1 resource type will be accepted for each BackupRule"
   * (the AWS SDK model of AWS Backup, botocore backup/2018-11-15).
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
   */
  maxIndexResourceTypesPerRule: 1,
  /**
   * ScanSetting.ResourceTypes (botocore's ScanResourceType enum: EBS, EC2, S3).
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ScanSetting.html
   */
  scanResourceTypes: ['EBS', 'EC2', 'S3'],
  /**
   * ResourceSelection.TieringDownSettingsInDays: "a positive integer between 60 and 36500 days";
   * ResourceType "currently limited to S3".
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
   */
  minTieringDownDays: 60,
  maxTieringDownDays: 36_500,
  /**
   * The resource type whose backups a tiering configuration moves to the low-cost warm tier
   * (ResourceSelection.ResourceType, "currently limited to S3").
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
   */
  lowCostWarmResourceType: 'S3',
  /**
   * The resource type `OptInToArchiveForSupportedResources` archives: "Amazon EBS Archive Tier for
   * cold storage: EBS is one of the resource that supports a transition of backups to cold storage"
   * (the archive tier); archived EBS snapshots are full snapshots, kept at least 90 days.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/multi-volume-crash-consistent.html
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive-considerations.html
   */
  archiveResourceType: 'EBS',
  /**
   * The resource types with continuous backup (point-in-time recovery); the others get snapshots
   * from a continuous rule.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   */
  continuousResourceTypes: ['Aurora', 'RDS', 'S3', 'SAP HANA on Amazon EC2'],
  /**
   * A multi-party approval team ARN: the ApprovalTeamArn pattern of the AWS SDK model of Multi-party
   * approval (`arn:aws(-[^:]+)?:mpa:[a-z0-9-]{1,20}:[0-9]{12}:approval-team/[a-zA-Z0-9._-]+`).
   * @see https://docs.aws.amazon.com/mpa/latest/APIReference/API_GetApprovalTeam.html
   */
  mpaApprovalTeamArn: /^arn:aws(-[^:]+)?:mpa:[a-z0-9-]{1,20}:[0-9]{12}:approval-team\/[a-zA-Z0-9._-]+$/,
};

const token = (v: unknown) => Token.isUnresolved(v);

/** Each element of `values` is one of `allowed` (unique, at least one). */
export function checkOneOf(property: string, values: string[], allowed: string[], why: string): string | undefined {
  if (values.length === 0) return `${property} is empty: name at least one of ${allowed.join(', ')}, or leave it out`;
  const seen = new Set<string>();
  for (const v of values) {
    if (token(v)) continue;
    if (!allowed.includes(v)) return `${property} contains "${v}", which is not one of ${allowed.join(', ')}: ${why}`;
    if (seen.has(v)) return `${property} contains "${v}" twice: resource types must be unique`;
    seen.add(v);
  }
  return undefined;
}

/** Backup index resource types: EBS and S3 only. */
export function checkIndexResourceTypes(property: string, values: string[]): string | undefined {
  return checkOneOf(property, values, PLAN_OPTION_LIMITS.indexResourceTypes, 'AWS Backup indexes only EBS snapshots and S3 backups');
}

/**
 * The number of backup index resource types: a rule accepts 1, and every rule of a plan (or policy)
 * gets the same index action, so a plan indexes one resource type.
 */
export function checkIndexResourceTypeCount(property: string, values: string[]): string | undefined {
  const max = PLAN_OPTION_LIMITS.maxIndexResourceTypesPerRule;
  if (values.length <= max) return undefined;
  return `${property} (${values.join(', ')}) names ${values.length} resource types, but a backup rule indexes at most ${max} ` +
    '(AWS Backup API, BackupRuleInput.IndexActions: "Only 1 resource type will be accepted for each BackupRule"): ' +
    'keep one; to index both EBS and S3, back them up in two environments (two plans)';
}

/** Malware scanning resource types: EBS, EC2 and S3. */
export function checkScanResourceTypes(property: string, values: string[]): string | undefined {
  return checkOneOf(property, values, PLAN_OPTION_LIMITS.scanResourceTypes, 'GuardDuty Malware Protection for AWS Backup scans only these resource types');
}

/** The S3 warm tier transition: a whole number of days, 60 to 36,500. */
export function checkTieringDownDays(property: string, days: number | undefined): string | undefined {
  if (days === undefined) return undefined;
  const { minTieringDownDays: min, maxTieringDownDays: max } = PLAN_OPTION_LIMITS;
  if (!Number.isInteger(days) || days < min || days > max) {
    return `${property} (${days} days) must be a whole number of days from ${min} to ${max}: AWS Backup moves S3 backups to the low-cost warm tier no earlier than ${min} days after creation`;
  }
  return undefined;
}

/** The multi-party approval team ARN's shape. */
export function checkMpaApprovalTeamArn(property: string, arn: string): string | undefined {
  if (token(arn) || PLAN_OPTION_LIMITS.mpaApprovalTeamArn.test(arn)) return undefined;
  return `${property} ("${arn}") is not a multi-party approval team ARN (arn:<partition>:mpa:<region>:<12-digit account>:approval-team/<id>)`;
}
