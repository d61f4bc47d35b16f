import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { NotificationFilter } from './filter';
import { NotificationOptions } from './options';
import { ScanResultNotifications } from './scan-result-notifications';
import { SlackForwarder } from './slack/slack-forwarder';
import { BackupNotificationTopic } from './topic';
import { shareCreationTrace } from '../private/creation-trace';
import { checkEmailAddress } from '../private/limits';
import { assertValid, isUnresolved, validationError } from '../private/validation';

/** Properties of `BackupNotifications`. */
export interface BackupNotificationsProps extends NotificationOptions {
  /** The vault whose events are sent. */
  readonly vault: backup.BackupVault;

  /**
   * Environment name shown in the Slack messages.
   *
   * @default - none shown.
   */
  readonly environmentName?: string;

  /**
   * Let every CloudWatch alarm of this account publish to the topic (`grantAlarmPublish()` at
   * construction). `EnvironmentBackup` turns it off: its `BackupMonitoring` grants only the alarms
   * named after the environment (`grantAlarmPublish('<environmentName>-*')`).
   *
   * @default true
   */
  readonly allowCloudWatchAlarms?: boolean;
}

/**
 * A vault's notifications end to end: the topic (created encrypted, or given), the vault's events,
 * e-mail and other subscribers, and Slack through the stack's shared `SlackForwarder`.
 */
export class BackupNotifications extends Construct {
  /** The topic the vault notifies. */
  public readonly topic: sns.ITopic;

  /**
   * The key that encrypts the topic.
   *
   * @default - undefined when an existing topic was given.
   */
  public readonly encryptionKey?: kms.IKey;

  /**
   * The Slack forwarder (shared by the stack's environments).
   *
   * @default - undefined without `slack`.
   */
  public readonly slackForwarder?: SlackForwarder;

  private readonly notificationTopic: BackupNotificationTopic;
  private readonly environmentName?: string;
  /** Whether the Slack subscription has no filter policy (it receives attribute-less messages). */
  private readonly slackUnfiltered: boolean = false;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupNotificationsProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    // A JavaScript caller may omit the required vault: name it instead of a TypeError.
    if (!props || !props.vault || !props.vault.node) {
      throw validationError(this, 'vault is required: the BackupVault (created in this app) whose notifications are sent');
    }
    if (props.operator && !props.slack) {
      throw validationError(this, 'operator is set without slack: operator contacts hear of the Slack pipeline\'s failures; use emailAddresses or subscriptions for the notifications themselves');
    }
    if (props.filter && !props.slack) {
      throw validationError(this, 'filter is set without slack: the filter applies to the Slack subscription only');
    }
    const topic = new BackupNotificationTopic(this, 'Topic', {
      topic: props.topic,
      allowCloudWatchAlarms: props.allowCloudWatchAlarms,
      topicName: props.topic || !props.environmentName || isUnresolved(props.environmentName) ? undefined : `${props.environmentName}-backup-notifications`,
    });
    this.notificationTopic = topic;
    topic.configureVault(props.vault, props.events);
    this.topic = topic.topic;
    this.encryptionKey = topic.encryptionKey;

    for (const [i, address] of (props.emailAddresses ?? []).entries()) {
      assertValid(this, checkEmailAddress(`emailAddresses[${i}]`, address));
      this.topic.addSubscription(new subscriptions.EmailSubscription(address));
    }
    for (const subscription of props.subscriptions ?? []) {
      this.topic.addSubscription(subscription);
    }

    this.environmentName = props.environmentName;
    if (props.slack) {
      this.slackForwarder = SlackForwarder.forStack(this, { webhook: props.slack, operator: props.operator });
      this.slackForwarder.addTopic(this.topic, { filter: props.filter, environmentName: props.environmentName });
      this.slackUnfiltered = (props.filter ?? NotificationFilter.failuresOnly()).render(this) === undefined;
    }
  }

  /**
   * Lets CloudWatch alarms of this account publish to the topic and use its KMS key: every alarm of
   * the account, or those whose names match `alarmNamePattern` (see
   * `BackupNotificationTopic.grantAlarmPublish`).
   *
   * @param alarmNamePattern alarm names, `*` a wildcard (e.g. `production-*`); default: every alarm of this account
   * @returns the grant; `success` is false for an imported topic, whose policy cannot be changed here
   */
  public grantAlarmPublish(alarmNamePattern?: string): iam.Grant {
    return this.notificationTopic.grantAlarmPublish(alarmNamePattern);
  }

  /**
   * Tells the topic's subscribers and Slack of the malware scan jobs of these vaults that need a
   * person (threats found, failed, canceled, completed with issues): vault notifications carry no
   * scan events, so an EventBridge rule sends them (see `ScanResultNotifications`).
   * `EnvironmentBackup` calls it when `malwareScanning` is set.
   *
   * @param vaults the vaults whose recovery points are scanned
   * @returns the rule, its dead-letter queue and alarm
   */
  public addScanResults(vaults: backup.IBackupVault[]): ScanResultNotifications {
    return new ScanResultNotifications(this, 'ScanResults', {
      vaultNames: vaults.map((v) => v.backupVaultName),
      topic: this.topic,
      topicKey: this.encryptionKey,
      slackForwarder: this.slackForwarder,
      slackReceivesTopic: this.slackUnfiltered,
      environmentName: this.environmentName,
    });
  }
}
