import { TimeZone } from 'aws-cdk-lib';
import { AuditOptions } from './audit';
import { MonitoringOptions } from './monitoring';
import { NotificationOptions } from './notifications';
import { ContinuousBackupOptions, CopyDestination, EnvironmentBackupOptions, S3BackupOptions, S3WarmTieringOptions } from './plan';
import { RestoreTestingOptions } from './restore-testing';
import { SelectionOptions } from './selection';
import { VaultOptions } from './vault';

/**
 * Properties of an `EnvironmentBackup`: the options it shares with an organization environment
 * (`EnvironmentBackupOptions`) and those of one account.
 */
export interface EnvironmentBackupProps extends EnvironmentBackupOptions {
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
