import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NotificationFilter } from '../filter';
import { OperatorContacts } from './operator-contacts';
import { SlackWebhook } from './webhook';

/** Properties of a `SlackForwarder`. */
export interface SlackForwarderProps {
  /** The Slack incoming webhook to post to. */
  readonly webhook: SlackWebhook;

  /**
   * Timeout of the function: posts and retries of Slack (429, 5xx) stop before it; what is left
   * goes back to the queue.
   *
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;

  /**
   * Memory of the function, in MB: a whole number from 128 to 10,240 (Lambda's range).
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How many times Lambda retries a failed asynchronous invocation (0 to 2). Only the dead-letter
   * alarm invokes the function asynchronously (a CloudWatch Lambda alarm action); notifications
   * arrive through the queue, whose own retries and dead-letter queue apply.
   *
   * @default 2
   */
  readonly retryAttempts?: number;

  /**
   * Who hears of the pipeline's own failures without Slack: the dead-letter alarm, the alarm on a
   * stalled buffer, the function's failed direct invocations (on-failure destination), and the
   * function itself when Slack refuses the webhook for good or the secret cannot be read (once an
   * hour per kind of error, saying what to fix).
   *
   * @default - none: only Slack is told, and a synth warning
   * (`cdk-environment-backup:notifications:slackOnly`) says so.
   */
  readonly operator?: OperatorContacts;

  /**
   * KMS key that encrypts the buffer queue, the dead-letter queue and the alarm topic. Its policy
   * must let sns.amazonaws.com and cloudwatch.amazonaws.com of this account use it (and, with
   * `OrganizationBackup`, events.amazonaws.com for its central rule); a key of this stack gets the
   * statements.
   *
   * @default - a new key with rotation on, retained when the stack is deleted.
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Reserved concurrency of the function: a whole number, at least 2 (the queue's event source
   * mapping runs up to 2 invocations at once; fewer reserved makes Lambda throttle its batches).
   *
   * @default - no reserved concurrency (the event source mapping's maximum concurrency of 2 bounds it).
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * How long the function's logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Options of `SlackForwarder.addTopic()`. */
export interface SlackForwarderTopicOptions {
  /**
   * Which notifications of the topic reach Slack.
   *
   * @default - NotificationFilter.failuresOnly().
   */
  readonly filter?: NotificationFilter;

  /**
   * Environment name shown in the Slack messages of this topic.
   *
   * @default - none shown.
   */
  readonly environmentName?: string;
}
