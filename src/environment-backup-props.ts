import { TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { AuditOptions } from './audit';
import { MonitoringOptions } from './monitoring';
import { NotificationOptions } from './notifications';
import { BackupResourceType, ContinuousBackupOptions, CopyDestination, EnvironmentTier, MalwareScanningOptions, S3BackupOptions, S3WarmTieringOptions } from './plan';
import { RestoreTestingOptions } from './restore-testing';
import { SelectionOptions } from './selection';
import { AirGappedCopyOptions, VaultOptions } from './vault';

/** Properties of an `EnvironmentBackup`. */
export interface EnvironmentBackupProps {
  /**
   * The environment's name, e.g. `production`: 1 to 32 letters, digits, '-' or '_', starting with a
   * letter or digit. It names the vault, the plan, the selections (`<name>-selection-tags` and
   * `<name>-selection-resources`, or `<name>-sel-…` for names of 31 or 32 characters, so that they fit
   * AWS's 50 characters) and the default selection tag, so it must be unique per account and region.
   */
  readonly environmentName: string;

  /**
   * The preset of rules and defaults. See the README for the exact rules of each tier.
   *
   * @default EnvironmentTier.PRODUCTION — the tier that loses nothing
   */
  readonly tier?: EnvironmentTier;

  /**
   * Backup rules that replace the tier's rules (at most 10, unique names). A rule without
   * `backupVault` writes to the environment's vault.
   *
   * @default - the tier's rules (`TierPresets.rules(tier)`)
   */
  readonly rules?: backup.BackupPlanRule[];

  /**
   * Continuous backup (point-in-time recovery) for RDS, Aurora and S3.
   *
   * @default - on for EnvironmentTier.PRODUCTION (35 days), off otherwise
   */
  readonly continuousBackup?: ContinuousBackupOptions;

  /**
   * Vaults in other regions or accounts that receive copies of the recovery points (at most 5 a rule).
   * A vault in another account needs its `account` confirmed: that account may then use the vault key.
   *
   * @default - no copies
   */
  readonly copyTo?: CopyDestination[];

  /**
   * Copy the recovery points into a logically air-gapped vault of this account and region (locked,
   * isolated from the account's own credentials, shareable with a recovery account). Copies keep the
   * rule's retention, without cold storage: every copied rule needs a `deleteAfter` within the air-gapped
   * vault's retention limits, or synth fails (the copies would).
   *
   * @default - no air-gapped copy
   */
  readonly airGappedCopy?: AirGappedCopyOptions;

  /**
   * Which resources the environment backs up.
   *
   * @default - every resource tagged `backup:environment=<environmentName>`
   */
  readonly selection?: SelectionOptions;

  /**
   * The environment's vault.
   *
   * @default - a vault named `<environmentName>-backup-vault`, encrypted with a new customer-managed
   * key, retained, with recovery point deletion blocked in PRODUCTION
   */
  readonly vault?: VaultOptions;

  /**
   * Where the vault's notifications go: an SNS topic (created, encrypted with a customer-managed key,
   * or `notifications.topic`), the events sent to it, a Slack forwarder filtered on the message
   * attributes (failures only by default), e-mail addresses and other subscribers. The alarms of
   * `monitoring` are sent to the same topic.
   *
   * @default - a topic receiving the events AWS Backup sends today; no subscriber
   */
  readonly notifications?: NotificationOptions;

  /**
   * Backup Audit Manager: a framework of controls scoped to the environment's selection tag, and
   * daily reports delivered to S3 as CSV and/or JSON. Audit Manager relies on AWS Config, which is
   * billed per configuration item recorded and per rule evaluation: see the README's costs.
   *
   * @default - no audit
   */
  readonly audit?: AuditOptions;

  /**
   * CloudWatch alarms on failed, expired and aborted backup jobs and failed copy and restore jobs
   * (sent to the notification topic), and a dashboard.
   *
   * @default - alarms on, no dashboard
   */
  readonly monitoring?: MonitoringOptions;

  /**
   * A restore testing plan that restores, on a schedule, the latest recovery point of one resource per
   * type selected by the environment's tags, to prove the backups restorable. Setting it turns restore
   * testing on: `{}` for the defaults.
   *
   * @default - no restore testing
   */
  readonly restoreTesting?: RestoreTestingOptions;

  /**
   * Grant AWS Backup's role the permissions to restore the selected resources too (managed policies
   * AWSBackupServiceRolePolicyForRestores and AWSBackupServiceRolePolicyForS3Restore).
   *
   * @default false — restores use a role you choose when you start them
   */
  readonly allowRestores?: boolean;

  /**
   * The time zone of the tier's schedules and of the `Continuous` rule that `continuousBackup` adds
   * (`ScheduleExpressionTimezone`): with `TimeZone.ASIA_TOKYO` the daily backup starts at 05:00 Tokyo
   * time. Rules you pass in `rules` keep their own `scheduleExpressionTimezone`.
   *
   * @default - UTC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
   */
  readonly timeZone?: TimeZone;

  /**
   * Windows VSS (Volume Shadow Copy Service) backups of EC2 Windows instances: application-consistent
   * backups (`AdvancedBackupSettings` EC2 `WindowsVSS: enabled`). The instances need the VSS agent
   * and an instance role that allows it.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/windows-backups.html
   */
  readonly windowsVss?: boolean;

  /**
   * Opt the rules that move recovery points to cold storage (`moveToColdStorageAfter`) in to the
   * archive tier for the resource types that support it (`OptInToArchiveForSupportedResources`). At
   * least one rule must have a cold storage transition.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
   */
  readonly optInToArchive?: boolean;

  /**
   * Backup indexes (search and item-level restore) of every rule's recovery points of one resource
   * type: `[BackupResourceType.EBS]` or `[BackupResourceType.S3]` (`IndexActions`), or
   * `BackupResourceType.of('…')` for a type AWS added after this release (checked for shape only,
   * noted in an info annotation). A backup rule accepts 1 index resource type, so two fail at synth.
   * With EBS, the backup role gets AWS's managed policy AWSBackupServiceRolePolicyForIndexing.
   * Indexes are billed per GB indexed and stored.
   *
   * @default - no index
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html
   */
  readonly backupIndexes?: BackupResourceType[];

  /**
   * Malware scanning of every rule's recovery points by GuardDuty (`ScanActions` and `ScanSettings`).
   * GuardDuty bills per GB scanned, so it is off in every tier unless set.
   *
   * @default - no scanning
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/malware-protection.html
   */
  readonly malwareScanning?: MalwareScanningOptions;

  /**
   * Move S3 backups of the environment's vault to the low-cost warm tier
   * (`AWS::Backup::TieringConfiguration`).
   *
   * @default - no warm tiering
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
   */
  readonly s3WarmTiering?: S3WarmTieringOptions;

  /**
   * What S3 backups leave out: `{ backupAcls: false }` and/or `{ backupObjectTags: false }` (the
   * plan's `AdvancedBackupSettings` for S3, `BackupACLs` / `BackupObjectTags` `disabled`).
   *
   * @default - ACLs and object tags are backed up (AWS's default)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_AdvancedBackupSetting.html
   */
  readonly s3BackupOptions?: S3BackupOptions;
}
