/** How a tag condition compares a resource's tag value. Conditions are case-sensitive. */
export enum TagOperator {
  /** The tag has exactly this value. */
  STRING_EQUALS = 'StringEquals',
  /** The tag's value matches a pattern with `*` wildcards, e.g. `prod*`. */
  STRING_LIKE = 'StringLike',
  /** The tag does not have this value (resources without the tag match too). */
  STRING_NOT_EQUALS = 'StringNotEquals',
  /** The tag's value does not match a pattern with `*` wildcards. */
  STRING_NOT_LIKE = 'StringNotLike',
}

/** A condition on a resource tag. */
export interface TagCondition {
  /** The tag key, e.g. `backup:environment`. */
  readonly key: string;
  /** The value or pattern. */
  readonly value: string;
  /**
   * The comparison.
   *
   * @default TagOperator.STRING_EQUALS
   */
  readonly operator?: TagOperator;
}

/**
 * Which resources an environment backs up by tag, in one account (`EnvironmentBackup`, which adds
 * `SelectionOptions`) or in every member account of an organization (`OrganizationEnvironment`,
 * rendered in the backup policy). The tags and conditions are combined with AND (the selection's
 * `Conditions`, not `ListOfTags`, which is OR).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export interface TagSelectionOptions {
  /**
   * Tags that a resource must all carry (StringEquals, combined with AND). `protect()` adds these
   * tags to a construct.
   *
   * @default - { 'backup:environment': environmentName }
   */
  readonly tags?: { [key: string]: string };

  /**
   * More conditions, combined with the tags with AND: StringLike, StringNotEquals, StringNotLike.
   *
   * @default - none
   */
  readonly conditions?: TagCondition[];
}

/**
 * Which resources an `EnvironmentBackup` backs up: the tags and conditions of
 * `TagSelectionOptions`; `resources` are added to what the tags select; `excludedResources` are
 * taken out of both.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export interface SelectionOptions extends TagSelectionOptions {

  /**
   * Resource ARNs (wildcards allowed, e.g. `arn:aws:dynamodb:*:*:table/orders-*`) backed up whatever
   * their tags.
   *
   * @default - none
   */
  readonly resources?: string[];

  /**
   * Resource ARNs never backed up by this environment, even when their tags match (NotResources).
   *
   * @default - none
   */
  readonly excludedResources?: string[];

  /**
   * Whether to select by tags at all. Set false to back up only `resources`.
   *
   * @default true
   */
  readonly selectByTags?: boolean;
}
