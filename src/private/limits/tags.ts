/**
 * Tag rules, each with the page it comes from. One validator for every tag this library writes
 * (vault, plan and recovery point tags, restore testing and organization policy conditions).
 */
import { Token } from 'aws-cdk-lib';

/**
 * Tag keys: 1 to 128 characters; values: 0 to 256 characters; letters, digits, spaces
 * representable in UTF-8 and `_ . : / = + - @`; the `aws:` prefix (any case) is reserved for AWS.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html
 */
export const TAG_LIMITS = {
  maxKeyLength: 128,
  maxValueLength: 256,
  /** Tags a selection may hold (conditions included). */
  maxConditionsPerSelection: 30,
};

/** Letters, digits, spaces (Unicode) and `_ . : / = + - @`. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * A selection condition names the tag as `aws:ResourceTag/<key>`, a condition key of at most 128
 * characters.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ConditionParameter.html
 */
export const CONDITION_KEY_PREFIX = 'aws:ResourceTag/';
export const MAX_CONDITION_KEY_LENGTH = 128;

function token(value: unknown): boolean {
  return value !== undefined && value !== null && Token.isUnresolved(value);
}

function characters(text: string): number {
  return [...text].length;
}

/**
 * A tag this library writes on an AWS resource (vault, plan, recovery point, restore test):
 * key 1–128 characters, value 0–256, AWS's tag characters, no `aws:` prefix.
 *
 * @param property e.g. `selection.tags`.
 */
export function checkTag(property: string, key: string, value: string): string | undefined {
  if (!token(key)) {
    if (characters(key) < 1 || characters(key) > TAG_LIMITS.maxKeyLength) {
      return `${property} key ("${key}") must be 1 to ${TAG_LIMITS.maxKeyLength} characters (AWS tag key)`;
    }
    if (/^aws:/i.test(key)) {
      return `${property} key ("${key}") must not start with "aws:": the prefix is reserved for AWS's own tags, which cannot be set`;
    }
    if (!TAG_CHARACTERS.test(key)) {
      return `${property} key ("${key}") may hold only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)`;
    }
  }
  if (!token(value)) {
    if (typeof value !== 'string') return `${property} value of "${key}" (${String(value)}) must be a string`;
    if (characters(value) > TAG_LIMITS.maxValueLength) {
      return `${property} value of "${key}" (${characters(value)} characters) must be at most ${TAG_LIMITS.maxValueLength} characters (AWS tag value)`;
    }
    if (!TAG_CHARACTERS.test(value)) {
      return `${property} value of "${key}" ("${value}") may hold only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)`;
    }
  }
  return undefined;
}

/** Every tag of a map; the first problem. */
export function checkTags(property: string, tags: { [key: string]: string }): string | undefined {
  for (const [key, value] of Object.entries(tags)) {
    const problem = checkTag(property, key, value);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A tag condition of a selection (`aws:ResourceTag/<key>` and a value or pattern). Resources may
 * carry AWS's own tags (`aws:cloudformation:stack-name`) and, for some services (EC2), any
 * characters, so only the lengths are checked: the condition key at most 128, the value at most 256.
 */
export function checkTagCondition(property: string, key: string, value: string): string | undefined {
  if (!token(key)) {
    if (typeof key !== 'string' || key.length === 0) return `${property} key ("${key}") must be a non-empty tag key`;
    const conditionKey = `${CONDITION_KEY_PREFIX}${key}`;
    if (characters(conditionKey) > MAX_CONDITION_KEY_LENGTH) {
      return `${property} key ("${key}") must be at most ${MAX_CONDITION_KEY_LENGTH - CONDITION_KEY_PREFIX.length} characters: the condition key ${CONDITION_KEY_PREFIX}<key> is at most ${MAX_CONDITION_KEY_LENGTH}`;
    }
  }
  if (!token(value)) {
    if (typeof value !== 'string') return `${property} value of "${key}" (${String(value)}) must be a string`;
    if (characters(value) > TAG_LIMITS.maxValueLength) {
      return `${property} value of "${key}" (${characters(value)} characters) must be at most ${TAG_LIMITS.maxValueLength} characters`;
    }
  }
  return undefined;
}
