/**
 * Length limits of descriptions and free text, each with the page it comes from.
 */
import { Token } from 'aws-cdk-lib';

/**
 * Audit Manager framework and report plan descriptions: at most 1,024 characters, at least one
 * non-blank character (pattern `.*\S.*`).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateFramework.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateReportPlan.html
 */
export const MAX_AUDIT_DESCRIPTION_LENGTH = 1024;

/**
 * AWS Organizations policy descriptions: at most 512 characters.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
 */
export const MAX_ORGANIZATION_POLICY_DESCRIPTION_LENGTH = 512;

/**
 * AWS Organizations backup policy documents: at most 10,000 characters.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const MAX_BACKUP_POLICY_CHARACTERS = 10_000;

/** Text that must have 1 to `max` characters, not all blank (AWS pattern `.*\S.*`). */
export function checkDescription(property: string, text: string, max: number): string | undefined {
  if (Token.isUnresolved(text)) return undefined;
  if (text.length > max) return `${property} (${text.length} characters) must be at most ${max} characters`;
  if (!/\S/.test(text)) return `${property} ("${text}") must contain a non-blank character (omit it for no description)`;
  return undefined;
}

/** Text of at most `max` characters (may be empty). */
export function checkMaxLength(property: string, text: string, max: number): string | undefined {
  if (Token.isUnresolved(text) || text.length <= max) return undefined;
  return `${property} (${text.length} characters) must be at most ${max} characters`;
}

/**
 * The largest template a StackSet takes inline, in bytes (`TemplateBody`, AWS CloudFormation
 * StackSet quotas).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const MAX_STACKSET_TEMPLATE_BODY_BYTES = 51_200;

/**
 * The largest inline Lambda code (`Code.ZipFile`, Node.js and Python): CloudFormation puts it in a
 * file named index and zips it, and "this zip file cannot exceed 4MB". Checked on the code before
 * zipping, which is never smaller (4,000,000 bytes: the stricter reading of 4 MB). The 4,096-character
 * limit of older versions of the page no longer applies (aws-cdk-lib dropped its check in PR 20624);
 * a StackSet's inline code also counts towards MAX_STACKSET_TEMPLATE_BODY_BYTES, the tighter limit.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html
 */
export const MAX_INLINE_CODE_BYTES = 4_000_000;

/**
 * CloudWatch alarm names: 1 to 255 characters (PutMetricAlarm AlarmName).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const MAX_ALARM_NAME_LENGTH = 255;

/**
 * EventBridge rule names: at most 64 characters.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
 */
export const MAX_EVENT_RULE_NAME_LENGTH = 64;

/**
 * A name that derives alarm names by appending suffixes (e.g. `<environmentName>-NoBackupJobCompleted`):
 * the longest must fit MAX_ALARM_NAME_LENGTH; the problem names the property, its length, the
 * longest derived name and the limit.
 */
export function checkAlarmNamePrefix(property: string, name: string, suffixes: string[]): string | undefined {
  if (Token.isUnresolved(name) || suffixes.length === 0) return undefined;
  const longest = suffixes.reduce((a, b) => (b.length > a.length ? b : a));
  const length = name.length + longest.length;
  if (length <= MAX_ALARM_NAME_LENGTH) return undefined;
  return `${property} ("${name.slice(0, 20)}…", ${name.length} characters) is too long for the alarm names it derives: ` +
    `<${property}>${longest} would be ${length} characters, CloudWatch allows at most ${MAX_ALARM_NAME_LENGTH} (AlarmName)`;
}
