/**
 * The shapes of the open values (report templates, vault events, resource type names): a value this
 * library does not know yet is checked for its shape only, so that a value AWS adds needs no release.
 */
import { Token } from 'aws-cdk-lib';

/**
 * An AWS Backup Audit Manager report template: AWS's templates are upper-case identifiers
 * (`BACKUP_JOB_REPORT`, `SCAN_JOB_REPORT`…). The API types `ReportSetting.ReportTemplate` as a
 * string (no enum, no pattern): the shape is the one every documented template has.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportSetting.html
 */
export const REPORT_TEMPLATE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * A backup vault event: the API's `BackupVaultEvent` values are upper-case identifiers
 * (`BACKUP_JOB_COMPLETED`…).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultNotifications.html
 */
export const VAULT_EVENT_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * An AWS Backup resource type name: the API's `ResourceType` pattern is `^[a-zA-Z0-9\-\_\.]{1,50}$`,
 * but AWS's own names `Redshift Serverless`, `SAP HANA on Amazon EC2` and `Storage Gateway` hold
 * spaces (DescribeRegionSettings returns them as keys), so a space is accepted too, not at either end.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html
 */
export const RESOURCE_TYPE_PATTERN = /^(?! )[a-zA-Z0-9\-_. ]{1,50}(?<! )$/;

function checkShape(property: string, value: string, pattern: RegExp, rule: string): string | undefined {
  if (Token.isUnresolved(value) || pattern.test(value)) return undefined;
  return `${property} ("${value}") is not ${rule}`;
}

/** A report template's shape. */
export function checkReportTemplateShape(property: string, value: string): string | undefined {
  return checkShape(property, value, REPORT_TEMPLATE_PATTERN,
    'a report template name: an upper-case letter, then upper-case letters, digits and underscores, e.g. BACKUP_JOB_REPORT');
}

/** A vault event's shape. */
export function checkVaultEventShape(property: string, value: string): string | undefined {
  return checkShape(property, value, VAULT_EVENT_PATTERN,
    'a backup vault event name: an upper-case letter, then upper-case letters, digits and underscores, e.g. BACKUP_JOB_COMPLETED');
}

/** A resource type name's shape. */
export function checkResourceTypeShape(property: string, value: string): string | undefined {
  return checkShape(property, value, RESOURCE_TYPE_PATTERN,
    'an AWS Backup resource type name: 1 to 50 letters, digits, "-", "_", "." or inner spaces (e.g. EBS, Redshift Serverless)');
}
