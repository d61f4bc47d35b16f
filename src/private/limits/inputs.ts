/**
 * Inputs that used to reach deploy (issue 19 item 12): resource ARNs of a backup selection, e-mail
 * subscription endpoints, report key prefixes. Pure validators: each returns the problem (property,
 * value, rule) or undefined; tokens pass.
 */
import { Token } from 'aws-cdk-lib';

const token = (v: unknown) => Token.isUnresolved(v);

/**
 * A backup selection's Resources / NotResources entry: an ARN, wildcards allowed ("You can use
 * wildcards in the ARN", e.g. `arn:aws:ec2:*:*:volume/*`), or `*` alone (every resource).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export const SELECTION_RESOURCE_ARN = /^arn:[a-z*-]*:[a-z0-9*-]+:[a-z0-9*-]*:(\d{12}|\*|):.+$/;

/** `selection.resources` / `selection.excludedResources` entries: ARNs (wildcards allowed) or `*`. */
export function checkSelectionResource(property: string, value: unknown): string | undefined {
  if (token(value)) return undefined;
  if (typeof value === 'string' && (value === '*' || SELECTION_RESOURCE_ARN.test(value))) return undefined;
  return `${property} (${JSON.stringify(value)}) is not a resource ARN: AWS Backup selects resources by ARN ` +
    '(arn:<partition>:<service>:<region>:<account>:<resource>, "*" wildcards allowed, or "*" for every resource)';
}

/**
 * An e-mail address SNS can subscribe: RFC 5321 limits (64-byte local part, 254 characters in all)
 * and RFC 5322 dot-atom syntax for the local part, DNS host name labels for the domain, with a
 * top-level domain of 2 or more letters.
 * @see https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html
 */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_EMAIL_LOCAL_PART_LENGTH = 64;
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function checkEmailAddress(property: string, value: string): string | undefined {
  if (token(value)) return undefined;
  const local = typeof value === 'string' ? value.split('@')[0] : '';
  if (typeof value !== 'string' || !EMAIL.test(value) || value.length > MAX_EMAIL_LENGTH || local.length > MAX_EMAIL_LOCAL_PART_LENGTH) {
    return `${property} (${JSON.stringify(value)}) is not an e-mail address SNS can subscribe: local-part@domain.tld, ` +
      'letters, digits and !#$%&\'*+/=?^_`{|}~- in the local part (dots between), host name labels in the domain, ' +
      `at most ${MAX_EMAIL_LOCAL_PART_LENGTH} characters before the @ and ${MAX_EMAIL_LENGTH} in all`;
  }
  return undefined;
}

/**
 * S3 object keys: at most 1,024 bytes of UTF-8.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
 */
export const MAX_S3_KEY_BYTES = 1024;
/** The longest region code today (e.g. `ap-southeast-5`), with room for longer ones. */
const REGION_RESERVE = 20;

/**
 * A report plan's S3KeyPrefix: AWS Backup Audit Manager writes reports under
 * `<prefix>/Backup/<region>/<year>/<month>/<day>/<report plan name>/…` (API_ReportDeliveryChannel);
 * that folder alone must fit S3's 1,024-byte key, or no report is ever delivered. CloudFormation's
 * schema and the API model give S3KeyPrefix no length, so this is the bound.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportDeliveryChannel.html
 */
export function checkReportKeyPrefix(property: string, prefix: string, longestReportPlanName: number): string | undefined {
  if (token(prefix)) return undefined;
  const folder = `/Backup/${'r'.repeat(REGION_RESERVE)}/yyyy/MM/dd/${'n'.repeat(longestReportPlanName)}/`;
  const bytes = Buffer.byteLength(prefix, 'utf8');
  const max = MAX_S3_KEY_BYTES - folder.length;
  if (bytes > max) {
    return `${property} ("${prefix.slice(0, 40)}…", ${bytes} bytes) is too long: reports land under <prefix>/Backup/<region>/<yyyy>/<MM>/<dd>/<report plan name>/, ` +
      `and an S3 key holds at most ${MAX_S3_KEY_BYTES} bytes, which leaves at most ${max} bytes for the prefix`;
  }
  return undefined;
}
