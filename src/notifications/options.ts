import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupVaultEvent } from './events';
import { NotificationFilter } from './filter';
import { OperatorContacts } from './slack/operator-contacts';
import { SlackWebhook } from './slack/webhook';

/** Where an environment's backup notifications go (the `notifications` prop of `EnvironmentBackup`). */
export interface NotificationOptions {
  /**
   * The topic the vault notifies. It must be a standard topic of this account whose policy (and
   * key policy, if encrypted) lets `backup.amazonaws.com` publish.
   *
   * @default - a new topic encrypted with a customer-managed KMS key (`BackupNotificationTopic`).
   */
  readonly topic?: sns.ITopic;

  /**
   * The vault events sent to the topic.
   *
   * @default - VaultNotificationEvents.defaults(): every event AWS Backup fires today.
   */
  readonly events?: BackupVaultEvent[];

  /**
   * Forward notifications to a Slack channel through this incoming webhook.
   *
   * @default - no Slack forwarding.
   */
  readonly slack?: SlackWebhook;

  /**
   * Which notifications reach Slack (an SNS filter policy on the subscription). Ignored without
   * `slack`. CloudWatch alarms reach Slack whatever the filter, through the forwarder's alarm
   * forwarding topic (they carry no message attributes, which no filter policy matches).
   *
   * @default - NotificationFilter.failuresOnly(): failed, expired, aborted and partial jobs, failed
   * indexing, interrupted continuous backups, S3 and EKS object failures.
   */
  readonly filter?: NotificationFilter;

  /**
   * Who hears of the Slack pipeline's own failures by a path that does not need Slack (e-mail
   * addresses and/or a topic): a revoked webhook or archived channel, an unreadable webhook secret,
   * notifications waiting over 10 minutes, dead letters. Needs `slack`. The stack's forwarder is
   * shared: the first environment that creates it sets its contacts.
   *
   * @default - none: Slack is the only path, and synth warns (`cdk-environment-backup:notifications:slackOnly`).
   */
  readonly operator?: OperatorContacts;

  /**
   * E-mail addresses subscribed to the topic (each confirms by e-mail); they receive every
   * notification, unfiltered.
   *
   * @default - none.
   */
  readonly emailAddresses?: string[];

  /**
   * Other subscribers of the topic (queues, functions, HTTPS endpoints…).
   *
   * @default - none.
   */
  readonly subscriptions?: sns.ITopicSubscription[];
}
