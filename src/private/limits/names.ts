/**
 * Name and identifier rules that AWS applies at deploy time, each with the page it comes from.
 * Pure functions: each returns the problem as a sentence naming the property, the value and the
 * rule, or undefined when the value is valid (or a token, unknown at synth).
 */
import { Token } from 'aws-cdk-lib';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, ROLE_NAME_PATTERN, ROLE_NAME_WITH_PATH_PATTERN } from './handler/identifiers';

export * from './handler/identifiers';

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
export const MAX_RESTORE_TESTING_PLAN_NAME_LENGTH = 50;
export const RESTORE_TESTING_PLAN_NAME_PATTERN = new RegExp(`^[a-zA-Z0-9_]{1,${MAX_RESTORE_TESTING_PLAN_NAME_LENGTH}}$`);

/**
 * Audit Manager framework and report plan names: start with a letter; letters, digits and
 * underscores; 1 to 256 characters.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateFramework.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateReportPlan.html
 */
export const MAX_AUDIT_NAME_LENGTH = 256;
export const AUDIT_NAME_PATTERN = new RegExp(`^[a-zA-Z][a-zA-Z0-9_]{0,${MAX_AUDIT_NAME_LENGTH - 1}}$`);

/**
 * Any text (an environment name, a construct path) as an audit name: other characters become '_',
 * a name that does not start with a letter gets a 'B' before it, cut at 256 characters.
 */
export function auditNameFrom(text: string): string {
  let name = text.replace(/[^a-zA-Z0-9_]/g, '_');
  if (!AUDIT_NAME_PATTERN.test(name.charAt(0))) name = `B${name}`;
  return name.slice(0, MAX_AUDIT_NAME_LENGTH);
}

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


/** `property` is an IAM role name without path (a token passes); `why` says who needs it so. */
export function checkRoleName(property: string, value: string, why?: string): string | undefined {
  if (token(value) || ROLE_NAME_PATTERN.test(value)) return undefined;
  return `${property} ('${value}') must be 1 to 64 letters, digits or +=,.@_- (an IAM role name without path${why ? `: ${why}` : ''})`;
}

/**
 * `property` is an IAM role name with an optional path, as a role ARN holds it after `role/`
 * (a token passes): e.g. service-role/AWSBackupDefaultServiceRole.
 */
export function checkRoleNameWithPath(property: string, value: string): string | undefined {
  if (token(value) || ROLE_NAME_WITH_PATH_PATTERN.test(value)) return undefined;
  return `${property} ('${value}') must be an IAM role name with an optional path, e.g. service-role/AWSBackupDefaultServiceRole: ` +
    "'/'-separated segments of letters, digits or +=,.@_-, the name 1 to 64 of them";
}

/**
 * An environment name, one rule for `EnvironmentBackup` and `OrganizationBackup`: 1 to 32 letters,
 * digits or '-', starting with a letter or digit. It is the rule every name derived from it accepts:
 * - the organization's StackSet `backup-baseline-<name>`: `[a-zA-Z][-a-zA-Z0-9]*`, at most 128
 *   characters, so no '_' (botocore cloudformation StackSetNameOrId; CloudFormation schema
 *   AWS::CloudFormation::StackSet StackSetName);
 * - vaults `<name>-backup-vault` and `<name>-air-gapped-vault`: `VAULT_NAME_PATTERN`, at most 50;
 * - plan, rule and selection names and the policy `backup-<name>`: `BACKUP_NAME_PATTERN`, at most 50;
 * - roles `<name>-backup-role` and `<name>-malware-scanner-role`: `ROLE_NAME_PATTERN`, at most 64;
 * - alarm names `<name>-…` (CloudWatch: up to 255 characters).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,31}$/;

/** The problem with an environment name (one text for both facades), or undefined; a token passes. */
export function checkEnvironmentName(property: string, name: string): string | undefined {
  if (token(name) || ENVIRONMENT_NAME_PATTERN.test(name)) return undefined;
  return `${property} ("${name}") must be 1 to 32 characters: letters, digits or '-', starting with a letter or digit, ` +
    "without '_' (EnvironmentBackup and OrganizationBackup take the same names: an organization's StackSet " +
    "backup-baseline-<name> accepts letters, digits and '-' only)";
}

/**
 * Glue database names as Athena reads them: 1 to 255 lower-case letters, digits or underscores
 * (Glue's own model allows more, `NameString`; Athena lower-cases names and allows only these).
 * @see https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
 */
export const ATHENA_DATABASE_NAME_PATTERN = /^[a-z0-9_]{1,255}$/;

/**
 * Athena workgroup names: 1 to 128 letters, digits, '.', '_' or '-' (botocore athena WorkGroupName;
 * CloudFormation schema AWS::Athena::WorkGroup Name).
 * @see https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html
 */
export const ATHENA_WORKGROUP_NAME_PATTERN = /^[a-zA-Z0-9._-]{1,128}$/;

export function checkAthenaDatabaseName(property: string, name: string): string | undefined {
  if (token(name) || ATHENA_DATABASE_NAME_PATTERN.test(name)) return undefined;
  return `${property} (${name}) must be 1 to 255 lower-case letters, digits or underscores (Athena's rule for Glue databases)`;
}

export function checkAthenaWorkGroupName(property: string, name: string): string | undefined {
  if (token(name) || ATHENA_WORKGROUP_NAME_PATTERN.test(name)) return undefined;
  return `${property} (${name}) must be 1 to 128 letters, digits, ".", "_" or "-" (Athena's rule)`;
}

/**
 * CloudWatch dashboard names: 1 to 255 letters, digits, '-' or '_'.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 */
export const DASHBOARD_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
