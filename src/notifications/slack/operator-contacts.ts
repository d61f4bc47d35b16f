import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Who hears of the notification pipeline's own failures (a revoked webhook, an unreadable secret, a
 * stalled buffer, dead letters) by a path that does not need Slack.
 */
export interface OperatorContacts {
  /**
   * E-mail addresses told (each confirms its subscription by e-mail first).
   *
   * @default - none.
   */
  readonly emailAddresses?: string[];

  /**
   * A topic told, e.g. with a pager or chat-ops subscription. If it is encrypted with a key not of
   * this stack, that key's policy must let cloudwatch.amazonaws.com and the forwarder's role use it.
   *
   * @default - a topic of the forwarder, encrypted with its key, when `emailAddresses` are given.
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
   */
  readonly topic?: sns.ITopic;
}
