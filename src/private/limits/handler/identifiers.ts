/**
 * AWS identifier and name formats, each once, with the page or model it comes from. Pure (no
 * aws-cdk-lib): synth code reads them through `src/private/limits`, Lambda handlers import this
 * module directly (a `handler/` folder: the lint rule keeps aws-cdk-lib out).
 */

/** An AWS account id: 12 digits. @see https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** A region code such as eu-west-1 or us-gov-west-1. @see https://docs.aws.amazon.com/general/latest/gr/rande.html */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

// Identifier formats of AWS Organizations, as the Organizations API model declares them
// (botocore organizations/2016-11-28/service-2.json: OrganizationId, OrganizationalUnitId, RootId,
// PolicyTargetId).

/** An organization id: `o-` and 10 to 32 lower-case letters or digits. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An OU id: `ou-`, the root's 4 to 32 characters, `-`, 8 to 32 characters. */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** A root id: `r-` and 4 to 32 lower-case letters or digits. */
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;

/**
 * A policy target (`AttachPolicy` TargetId, an organization backup policy's targets): a root, an
 * OU or an account id.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 */
export function isPolicyTargetId(value: string): boolean {
  return ROOT_ID_PATTERN.test(value) || OU_ID_PATTERN.test(value) || ACCOUNT_ID_PATTERN.test(value);
}

/** One IAM role name, without the `^…$` anchors: letters, digits and `+=,.@_-`. */
const ROLE_NAME_CHARACTERS = '[\\w+=,.@-]';

/**
 * An IAM role name, without path (`CreateRole` RoleName, `AWS::IAM::Role` RoleName): 1 to 64
 * letters, digits or `+=,.@_-`. `CreateRole` takes the path apart (`Path`), so a name never holds a
 * `/`.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export const ROLE_NAME_PATTERN = new RegExp(`^${ROLE_NAME_CHARACTERS}{1,64}$`);

/**
 * An IAM role name with an optional path before it, as it stands after `role/` in a role ARN
 * (`arn:aws:iam::<account>:role/<path><name>`): what an organization backup policy's
 * `iam_role_arn` and scan role take (`service-role/AWSBackupDefaultServiceRole`). The path is
 * `/`-separated segments of the same characters (IAM's `Path` allows more, but a backup policy's
 * role lives in every member account, created by this library or by AWS Backup).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export const ROLE_NAME_WITH_PATH_PATTERN = new RegExp(`^(${ROLE_NAME_CHARACTERS}+/)*${ROLE_NAME_CHARACTERS}{1,64}$`);

/**
 * The vault name at the end of a backup vault ARN (`…:backup-vault:<name>`), as AWS Backup's events
 * carry it; undefined for another ARN.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies
 */
export function vaultNameOfArn(arn: string | undefined): string | undefined {
  return arn ? /:backup-vault:([^:/]+)$/.exec(arn)?.[1] : undefined;
}

/**
 * The role name (after any path) of a role ARN (`arn:<partition>:iam::<account>:role/<path/><name>`);
 * undefined for another ARN.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function roleNameOfArn(arn: string | undefined): string | undefined {
  return arn ? /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] : undefined;
}
