/**
 * ARN formats, each once, with the page it comes from. Pure functions: each returns the problem as
 * a sentence naming the property, the value and the rule, or undefined (a token passes).
 */
import { Token } from 'aws-cdk-lib';
import { VAULT_NAME_PATTERN } from './names';

/** The parts of a backup vault ARN. */
export interface BackupVaultArnParts {
  readonly partition: string;
  readonly region: string;
  /** A 12-digit account id, or `$account` where an organization backup policy allows it. */
  readonly account: string;
  readonly vaultName: string;
}

const VAULT_NAME_BODY = VAULT_NAME_PATTERN.source.replace(/^\^|\$$/g, '');

/**
 * A backup vault ARN: `arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<name>`, the
 * name per `VAULT_NAME_PATTERN`. An organization backup policy may write the account as the variable
 * `$account` (each member account), so `allowAccountVariable` accepts it.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
const BACKUP_VAULT_ARN = new RegExp(`^arn:(aws[a-z-]*):backup:([a-z0-9-]+):(\\d{12}|\\$account):backup-vault:(${VAULT_NAME_BODY})$`);

/** The parts of a backup vault ARN, or undefined when `arn` is not one. */
export function parseBackupVaultArn(arn: string, options: { readonly allowAccountVariable?: boolean } = {}): BackupVaultArnParts | undefined {
  const m = BACKUP_VAULT_ARN.exec(arn);
  if (!m || (m[3] === '$account' && !options.allowAccountVariable)) return undefined;
  return { partition: m[1], region: m[2], account: m[3], vaultName: m[4] };
}

export function isBackupVaultArn(arn: string, options: { readonly allowAccountVariable?: boolean } = {}): boolean {
  return parseBackupVaultArn(arn, options) !== undefined;
}

/** A literal ARN must be a backup vault's; tokens (an imported or created vault's ARN) pass. */
export function checkBackupVaultArn(property: string, arn: string): string | undefined {
  if (Token.isUnresolved(arn) || isBackupVaultArn(arn, { allowAccountVariable: true })) return undefined;
  return `${property} ("${arn}") must be a backup vault ARN: arn:<partition>:backup:<region>:<account>:backup-vault:<name>`;
}

/**
 * The role name (with its path) of a role ARN an organization backup policy writes for every member
 * account: `arn:<partition>:iam::$account:role/<path/><name>`; undefined for another ARN.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function memberRoleNameOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::\$account:role\/(.+)$/.exec(arn)?.[1];
}

/**
 * An ARN: `arn:<partition>:<service>:<region>:<account>:<resource>` (region and account may be
 * empty, as in S3's).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

export function checkArn(property: string, arn: string): string | undefined {
  if (Token.isUnresolved(arn) || ARN_PATTERN.test(arn)) return undefined;
  return `${property} ("${arn}") must be a resource ARN (arn:<partition>:<service>:<region>:<account>:<resource>)`;
}

/**
 * A resource of an organization backup policy's selection: an ARN pattern, where any part may be
 * `*` and the account may be `$account`, such as `arn:aws:rds:*:*:cluster:*`.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export const POLICY_RESOURCE_ARN_PATTERN = /^arn:[a-z0-9*-]+:[a-z0-9*-]+:[a-z0-9*-]*:(\d{12}|\*|\$account)?:\S+$/;

export function checkPolicyResourceArn(property: string, value: string): string | undefined {
  if (Token.isUnresolved(value) || value === '*' || POLICY_RESOURCE_ARN_PATTERN.test(value)) return undefined;
  return `${property} ('${value}') must be '*' or an ARN pattern such as arn:aws:rds:*:*:cluster:* (backup policy resource types are ARNs)`;
}
