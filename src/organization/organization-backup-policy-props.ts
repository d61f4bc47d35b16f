import * as backup from 'aws-cdk-lib/aws-backup';
import { BackupResourceType, MalwareScanningOptions } from '../plan';
import { TagCondition } from '../selection';

/** Properties of an `OrganizationBackupPolicy`. */
export interface OrganizationBackupPolicyProps {
  /** The name of the AWS Organizations policy (1 to 128 characters). */
  readonly policyName: string;

  /**
   * The policy's description (at most 512 characters).
   *
   * @default - none.
   */
  readonly description?: string;

  /**
   * The name of the backup plan the policy creates in each account (`^[a-zA-Z0-9\-_.]{1,50}$`).
   *
   * @default - the policy name.
   */
  readonly planName?: string;

  /**
   * The rules, as for a backup plan (an `EnvironmentBackup` tier's rules). Each rule needs a
   * `scheduleExpression` (a cron expression in UTC: a policy has no time zone; jobs at least 60
   * minutes apart) and a literal name or gets `RuleN`. The same limits as a backup plan's rules
   * apply; a rule without `startWindow` gets AWS Backup's default of 8 hours (480 minutes), so its
   * `completionWindow` must be at least 540 minutes. Every rule backs up to `backupVaultName`; a
   * rule's own `backupVault` is not used.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
   */
  readonly rules: backup.BackupPlanRule[];

  /**
   * Tags a resource must carry, ALL of them (rendered as `string_equals` conditions of a
   * `resources` selection, which AWS combines with AND).
   */
  readonly selectionTags: { [key: string]: string };

  /**
   * More tag conditions (like, not equals, not like), combined with `selectionTags` by AND.
   *
   * @default - none.
   */
  readonly selectionConditions?: TagCondition[];

  /**
   * The name of the selection in the policy: 1 to 50 letters, digits, '-', '_' or '.'.
   *
   * @default 'tagged-resources'
   */
  readonly selectionName?: string;

  /**
   * Resource types the selection covers, as ARN patterns (e.g. `arn:aws:rds:*:*:cluster:*`) or
   * `'*'`.
   *
   * @default ['*']
   */
  readonly resourceTypes?: string[];

  /**
   * Resource types the selection never covers, as ARN patterns.
   *
   * @default - none.
   */
  readonly excludedResourceTypes?: string[];

  /**
   * The vault every rule backs up to. It must exist in each account and region the policy
   * applies to (deploy it with a StackSet, for example).
   */
  readonly backupVaultName: string;

  /** The regions where the plan protects resources, e.g. `['eu-west-1']`. */
  readonly regions: string[];

  /**
   * The IAM role AWS Backup assumes in each account, by name with its path; it must exist there.
   *
   * @default 'service-role/AWSBackupDefaultServiceRole'
   */
  readonly iamRoleName?: string;

  /**
   * The partition of the role's ARN.
   *
   * @default 'aws'
   */
  readonly partition?: string;

  /**
   * Roots (`r-…`), OUs (`ou-…`) or accounts (12 digits) the policy is attached to.
   *
   * @default - the policy is created and not attached.
   */
  readonly targetIds?: string[];

  /**
   * Tags of the backup plan created in each account.
   *
   * @default - none.
   */
  readonly backupPlanTags?: { [key: string]: string };

  /**
   * Windows VSS backups of EC2 instances (`advanced_backup_settings` `ec2.windows_vss: enabled`).
   *
   * @default false
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#advanced-backup-settings
   */
  readonly windowsVss?: boolean;

  /**
   * Rules with `moveToColdStorageAfter` opt in to the archive tier
   * (`lifecycle.opt_in_to_archive_for_supported_resources`); at least one rule must have it.
   *
   * @default false
   */
  readonly optInToArchive?: boolean;

  /**
   * Backup indexes of every rule's recovery points of one resource type:
   * `[BackupResourceType.EBS]` or `[BackupResourceType.S3]` (`index_actions.resource_types`; a backup
   * rule accepts 1 index resource type), or `BackupResourceType.of('…')` (checked for shape only,
   * noted in an info annotation). EBS indexes need AWS's managed policy
   * AWSBackupServiceRolePolicyForIndexing on the member accounts' backup role.
   *
   * @default - no index
   */
  readonly backupIndexes?: BackupResourceType[];

  /**
   * GuardDuty malware scanning of every rule's recovery points (`scan_actions` in each rule,
   * `scan_settings` in the plan). `scannerRoleName` is required: the name (with an optional path) of
   * the role GuardDuty assumes in each member account, rendered as
   * `arn:<partition>:iam::$account:role/<name>`; it must exist there, with AWS's managed policy
   * AWSBackupGuardDutyRolePolicyForScans, trusting `malware-protection.guardduty.amazonaws.com`.
   * `scannerRole` is not supported (a role of this app cannot serve member accounts).
   *
   * AWS's backup policy syntax page shows no JSON for these blocks: they follow `copy_actions` (keyed
   * by the scanner, `GUARDDUTY`) and the API's ScanAction / ScanSetting fields, and synth warns
   * (`cdk-environment-backup:organization:undocumentedScanPolicy`). Check a member account's
   * effective policy after the first deployment.
   *
   * @default - no scanning
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ScanAction.html
   */
  readonly malwareScanning?: MalwareScanningOptions;
}
