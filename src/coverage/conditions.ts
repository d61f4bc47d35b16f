/**
 * The operators of an AWS Backup selection's `Conditions` (tag conditions combined with AND).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Conditions.html
 */
export enum CoverageConditionOperator {
  /** The tag is present with exactly this value. */
  STRING_EQUALS = 'StringEquals',
  /** The tag is present and its value matches the pattern (`*` matches any characters). */
  STRING_LIKE = 'StringLike',
  /** The tag is absent or has another value. */
  STRING_NOT_EQUALS = 'StringNotEquals',
  /** The tag is absent or its value does not match the pattern. */
  STRING_NOT_LIKE = 'StringNotLike',
}

/** One tag condition of a backup selection. */
export interface CoverageTagCondition {
  /** The tag key (case-sensitive), without the `aws:ResourceTag/` prefix. */
  readonly key: string;

  /** The value, or a pattern with `*` for the LIKE operators (case-sensitive). */
  readonly value: string;

  /**
   * How the tag is compared.
   *
   * @default CoverageConditionOperator.STRING_EQUALS
   */
  readonly operator?: CoverageConditionOperator;
}
