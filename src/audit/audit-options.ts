import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditControl } from './controls';
import { ReportAnalyticsOptions } from './report-analytics';
import { ReportFormat } from './report-plans';
import { ReportTemplate } from './report-template';

/**
 * Options of AWS Backup Audit Manager for an environment: a framework of controls and report
 * plans delivering to S3.
 *
 * Audit Manager relies on AWS Config recording the AWS Backup resource types (backup plans,
 * selections, vaults, recovery points) and resource compliance. AWS Config costs money: it is billed per configuration
 * item recorded and per rule evaluation (each control is a Config rule), on top of Audit
 * Manager's own price per control evaluation.
 *
 * @see https://aws.amazon.com/backup/pricing/
 * @see https://aws.amazon.com/config/pricing/
 */
export interface AuditOptions {
  /**
   * The formats of the reports.
   *
   * @default [ReportFormat.CSV]
   */
  readonly reportFormats?: ReportFormat[];
  /**
   * The reports to deliver: one report plan a template.
   *
   * @default [ReportTemplate.CONTROL_COMPLIANCE_REPORT, ReportTemplate.BACKUP_JOB_REPORT], and
   * ReportTemplate.SCAN_JOB_REPORT when the environment has `malwareScanning`
   */
  readonly reportTemplates?: ReportTemplate[];
  /**
   * The bucket that receives the reports: the `bucket` of a `BackupReportBucket` (for example one
   * shared by the environments of an app), or your own bucket, whose policy must let the role
   * AWSServiceRoleForBackupReports `s3:PutObject` with the `bucket-owner-full-control` ACL (and use
   * its KMS key, if any). When the bucket is defined in this app, the report plans wait for its
   * policy.
   *
   * @default - one BackupReportBucket a stack, shared by the environments of the stack.
   */
  readonly bucket?: s3.IBucket;
  /**
   * The key prefix of this environment's reports.
   *
   * @default - the environment's name.
   */
  readonly keyPrefix?: string;
  /**
   * The controls of the framework, replacing the defaults.
   *
   * @default - the five standard controls: resources protected by a backup plan; plan minimum
   * frequency and retention (requiredFrequency, requiredRetention); recovery point minimum
   * retention (requiredRetention); recovery points encrypted; manual deletion disabled.
   */
  readonly controls?: AuditControl[];
  /**
   * Controls added to `controls` (or to the defaults), e.g. the last recovery point created,
   * vault lock, cross-region or cross-account controls.
   *
   * @default - none.
   */
  readonly additionalControls?: AuditControl[];
  /**
   * The backup frequency the default controls require.
   *
   * @default Duration.days(1)
   */
  readonly requiredFrequency?: Duration;
  /**
   * The retention the default controls require.
   *
   * @default Duration.days(35)
   */
  readonly requiredRetention?: Duration;
  /**
   * The selection tag that scopes the controls (AWS accepts one tag in a control scope). Backup
   * plans and vaults are scoped by their own tags: tag them with it too.
   *
   * @default - the first selection tag.
   */
  readonly scopeTagKey?: string;
  /**
   * The framework's name.
   *
   * @default - `<environmentName>_backup_framework`, with invalid characters replaced by `_`.
   */
  readonly frameworkName?: string;
  /**
   * Create an AWS Config recorder and delivery channel that record only the AWS Backup resource
   * types and resource compliance, for accounts that have no recorder. AWS Config allows one
   * recorder per account and region: the environments of one stack share it, but only one stack
   * per account and region may turn this on, and only where no recorder exists (the deploy fails
   * otherwise). AWS Config is billed per configuration item recorded.
   *
   * @default false
   */
  readonly recordBackupResourcesWithConfig?: boolean;
  /**
   * Make the reports queryable by auditors: a Glue table a report template, an Athena workgroup and
   * saved queries (`{}` for the defaults). Athena bills per data scanned; reports are small.
   *
   * @default - no analytics.
   */
  readonly analytics?: ReportAnalyticsOptions;
}
