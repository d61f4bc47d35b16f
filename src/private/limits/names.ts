/**
 * Name and identifier rules that AWS applies at deploy time, each with the page it comes from.
 * Pure functions: each returns the problem as a sentence naming the property, the value and the
 * rule, or undefined when the value is valid (or a token, unknown at synth).
 */
import { Token } from 'aws-cdk-lib';

function token(value: unknown): boolean {
  return value !== undefined && value !== null && Token.isUnresolved(value);
}

/**
 * Backup vault names (standard and logically air-gapped): 2 to 50 letters, digits, '-' or '_'.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html
 */
export const VAULT_NAME_PATTERN = /^[a-zA-Z0-9\-_]{2,50}$/;

/**
 * Backup rule, plan and selection names: 1 to 50 letters, digits, '-', '_' or '.'.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
 */
export const BACKUP_NAME_PATTERN = /^[a-zA-Z0-9\-_.]{1,50}$/;

/**
 * Restore testing plan names: 1 to 50 letters, digits or underscores (AWS Backup's console and
 * API reject '-').
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html
 */
export const RESTORE_TESTING_PLAN_NAME_PATTERN = /^[a-zA-Z0-9_]{1,50}$/;

/**
 * Audit Manager framework and report plan names: start with a letter; letters, digits and
 * underscores; 1 to 256 characters.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateFramework.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateReportPlan.html
 */
export const AUDIT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,255}$/;

/**
 * Audit Manager control names: 1 to 256 characters (`FrameworkControl.ControlName`). AWS's
 * controls are upper-case identifiers (BACKUP_RECOVERY_POINT_ENCRYPTED…); the list grows, so the
 * shape is checked, not membership.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_FrameworkControl.html
 */
export const AUDIT_CONTROL_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,255}$/;

/**
 * AWS Organizations policy names: 1 to 128 characters.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
 */
export const MAX_ORGANIZATION_POLICY_NAME_LENGTH = 128;

/** An AWS account id: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** A region code such as eu-west-1 or us-gov-west-1. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

// Identifier formats of AWS Organizations, as the Organizations API model declares them
// (botocore organizations/2016-11-28/service-2.json: OrganizationId, OrganizationalUnitId, RootId).

/** An organization id: `o-` and 10 to 32 lower-case letters or digits. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An OU id: `ou-`, the root's 4 to 32 characters, `-`, 8 to 32 characters. */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** A root id: `r-` and 4 to 32 lower-case letters or digits. */
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;

/**
 * A backup vault ARN: `arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<name>`, the
 * name per `VAULT_NAME_PATTERN`. An organization backup policy may write the account as the variable
 * `$account` (each member account), so `allowAccountVariable` accepts it.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export function isBackupVaultArn(arn: string, options: { readonly allowAccountVariable?: boolean } = {}): boolean {
  const account = options.allowAccountVariable ? '(\\d{12}|\\$account)' : '\\d{12}';
  return new RegExp(`^arn:aws[a-z-]*:backup:[a-z0-9-]+:${account}:backup-vault:${VAULT_NAME_PATTERN.source.replace(/^\^|\$$/g, '')}$`).test(arn);
}

/**
 * Restore metadata keys (`RestoreMetadataOverrides`): AWS Backup's keys are identifiers such as
 * `instanceType`, `availabilityZone` or `file-system-id`; an empty key, whitespace or more than 128
 * characters cannot be one.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
 */
export const RESTORE_METADATA_KEY_PATTERN = /^[^\s]{1,128}$/;

export function checkRestoreMetadataKey(property: string, key: string): string | undefined {
  if (token(key) || RESTORE_METADATA_KEY_PATTERN.test(key)) return undefined;
  return `${property} key ("${key}") must be a restore metadata key such as "instanceType": 1 to 128 characters without spaces`;
}

export function checkVaultName(property: string, name: string): string | undefined {
  if (token(name) || VAULT_NAME_PATTERN.test(name)) return undefined;
  return `${property} ("${name}") must be 2 to 50 characters: letters, digits, '-' or '_' (AWS Backup vault name)`;
}

export function checkBackupName(property: string, name: string): string | undefined {
  if (token(name) || BACKUP_NAME_PATTERN.test(name)) return undefined;
  return `${property} ("${name}") must be 1 to 50 characters: letters, digits, '-', '_' or '.' (AWS Backup name rule)`;
}

export function checkRestoreTestingPlanName(property: string, name: string): string | undefined {
  if (token(name) || RESTORE_TESTING_PLAN_NAME_PATTERN.test(name)) return undefined;
  return `${property} ("${name}") must be 1 to 50 letters, digits or underscores (AWS Backup restore testing plan name)`;
}

export function checkAuditName(property: string, name: string): string | undefined {
  if (token(name) || AUDIT_NAME_PATTERN.test(name)) return undefined;
  return `${property} ("${name}") must start with a letter and hold only letters, digits and underscores, at most 256 characters (AWS Backup rule)`;
}

export function checkAuditControlName(property: string, name: string): string | undefined {
  if (token(name) || AUDIT_CONTROL_NAME_PATTERN.test(name)) return undefined;
  return `${property} ("${name}") must be an AWS Backup Audit Manager control name: an upper-case letter, then upper-case letters, digits and underscores, at most 256 characters (e.g. BACKUP_RECOVERY_POINT_ENCRYPTED)`;
}

export function checkAccountId(property: string, account: string): string | undefined {
  if (token(account) || ACCOUNT_ID_PATTERN.test(account)) return undefined;
  return `${property} ("${account}") must be a 12-digit AWS account ID`;
}

export function checkRegion(property: string, region: string): string | undefined {
  if (token(region) || REGION_PATTERN.test(region)) return undefined;
  return `${property} ("${region}") must be a region code such as eu-west-1`;
}

/** A literal ARN must be a backup vault's; tokens (an imported or created vault's ARN) pass. */
export function checkBackupVaultArn(property: string, arn: string): string | undefined {
  if (token(arn) || isBackupVaultArn(arn, { allowAccountVariable: true })) return undefined;
  return `${property} ("${arn}") must be a backup vault ARN: arn:<partition>:backup:<region>:<account>:backup-vault:<name>`;
}

/**
 * IAM role names (without path): 1 to 64 letters, digits or `+=,.@_-`.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/** `property` is an IAM role name without path (a token passes); `why` says who needs it so. */
export function checkRoleName(property: string, value: string, why?: string): string | undefined {
  if (token(value) || ROLE_NAME_PATTERN.test(value)) return undefined;
  return `${property} ('${value}') must be 1 to 64 letters, digits or +=,.@_- (an IAM role name without path${why ? `: ${why}` : ''})`;
}
