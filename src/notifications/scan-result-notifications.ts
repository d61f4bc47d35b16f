import { Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm, deadLetterQueue } from '../private/dead-letter';
import { EventEnvelopeInput, ForwarderQueueTarget, NotificationTopicTarget } from '../private/event-targets';
import { SCAN_JOB_EVENT_KIND } from './slack/handler/scan-job-events';
import { SlackForwarder } from './slack/slack-forwarder';
import { grantAlarmPublish } from '../private/alarm-publish';
import { shareCreationTrace } from '../private/creation-trace';
import { MAX_ALARM_NAME_LENGTH, MAX_EVENT_RULE_NAME_LENGTH } from '../private/limits';
import { scanResultPattern } from '../private/scan-result-pattern';
import { isUnresolved, validationError } from '../private/validation';
import { warn, WARNINGS } from '../private/warnings';

/** Properties of `ScanResultNotifications`. */
export interface ScanResultNotificationsProps {
  /** The vaults whose recovery points are scanned (names, as in the events' `backupVaultName`). */
  readonly vaultNames: string[];

  /** The topic whose subscribers (e-mail…) get the scan results that need a person. */
  readonly topic: sns.ITopic;

  /**
   * The key that encrypts the topic: its policy gets a statement for the rule.
   *
   * @default - none (an unencrypted topic, or one whose key this app does not manage).
   */
  readonly topicKey?: kms.IKey;

  /**
   * The Slack forwarder whose buffer queue receives the scan results.
   *
   * @default - no Slack.
   */
  readonly slackForwarder?: SlackForwarder;

  /**
   * Whether the forwarder's subscription to `topic` is unfiltered (`NotificationFilter.all()`): it
   * then receives the topic's copy, and the rule sends none to the queue (one Slack message per
   * event, not two).
   *
   * @default false
   */
  readonly slackReceivesTopic?: boolean;

  /**
   * Environment name shown in the messages, and the start of the rule's and the alarm's names.
   *
   * @default - none shown; names made from the construct's path.
   */
  readonly environmentName?: string;
}

/**
 * The malware scan results of an environment that need a person, delivered like its vault
 * notifications. AWS Backup vault notifications (SNS) have no scan events; scan jobs report to
 * EventBridge only ("Scan Job State Change", AWS Backup developer guide, "Monitoring AWS Backup
 * events using Amazon EventBridge"). A rule of the environment's account and region matches the
 * scan jobs of its vaults that found threats (`scanResult.scanResultStatus` THREATS_FOUND) or that
 * FAILED, were CANCELED or COMPLETED_WITH_ISSUES, and sends an envelope with the event:
 *
 * - to the Slack forwarder's buffer queue (its retries, pacing and digest);
 * - to the environment's topic, for its e-mail and other unfiltered subscribers.
 *
 * EventBridge retries each target for 24 hours, then puts the event in a dead-letter queue whose
 * alarm notifies the topic and, when there is one, the Slack forwarder's alarm topic.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#aws-backup-events-malware-scan-job
 */
export class ScanResultNotifications extends Construct {
  /** The rule that matches the scan jobs that need a person. */
  public readonly rule: events.Rule;
  /** What EventBridge could not deliver, kept 14 days. */
  public readonly deadLetterQueue: sqs.Queue;
  /** In alarm when the dead-letter queue holds events (scan results nobody was told of). */
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: ScanResultNotificationsProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    if (!props.vaultNames || props.vaultNames.length === 0) {
      throw validationError(this, 'vaultNames must name at least one vault: the rule matches the scan jobs of these vaults');
    }
    const environmentName = props.environmentName !== undefined && !isUnresolved(props.environmentName) ? props.environmentName : undefined;
    // A fixed name: the key policies name the rule's ARN without a reference to the rule (the keys
    // are created before the rule, whose targets they encrypt). 64 characters at most.
    const ruleName = environmentName ? `${environmentName}-malware-scan-results` : Names.uniqueResourceName(this, { maxLength: MAX_EVENT_RULE_NAME_LENGTH });
    const ruleArn = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: ruleName });

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', "the malware scan results rule's targets");

    this.rule = new events.Rule(this, 'Rule', {
      ruleName,
      description: `Malware scan jobs that need a person (threats found, failed, canceled, completed with issues)${environmentName ? ` of ${environmentName}` : ''}`,
      eventPattern: scanResultPattern(props.vaultNames),
    });
    const input = new EventEnvelopeInput(() => ({
      kind: SCAN_JOB_EVENT_KIND,
      ...environmentName ? { environmentName } : {},
      summary: `A malware scan of a recovery point${environmentName ? ` of the ${environmentName} environment` : ''} needs attention: ` +
        'GuardDuty found threats (event.detail.scanResult), or the scan failed, was canceled or completed with issues (event.detail.state, event.detail.statusMessage).',
    }));
    const targetOptions = { ruleArn, input, deadLetterQueue: this.deadLetterQueue };
    if (props.slackForwarder && !props.slackReceivesTopic) {
      this.rule.addTarget(new ForwarderQueueTarget(props.slackForwarder, targetOptions));
    }
    this.rule.addTarget(new NotificationTopicTarget(props.topic, props.topicKey, targetOptions));

    const alarmName = environmentName ? `${environmentName}-MalwareScanResultsUndelivered` : Names.uniqueResourceName(this, { maxLength: MAX_ALARM_NAME_LENGTH });
    this.deadLetterAlarm = deadLetterAlarm(this, 'DeadLetterAlarm', this.deadLetterQueue, {
      alarmName,
      alarmDescription: 'Malware scan results could not be delivered (Slack queue or topic): see the malware scan results dead-letter queue',
    });
    // This alarm may publish to the topic whatever else the topic admits.
    if (!grantAlarmPublish(props.topic, { alarmNamePattern: alarmName }).topicStatementAdded) {
      warn(this, WARNINGS.scanAlarmTopic,
        `topic (${props.topic.topicArn}) is not managed by this app: the alarm ${alarmName} cannot publish to it until its policy lets cloudwatch.amazonaws.com publish for that alarm`);
    }
    this.deadLetterAlarm.addAlarmAction(new cw_actions.SnsAction(props.topic));
    if (props.slackForwarder) {
      // Alarms carry no message attributes: the forwarder's unfiltered alarm topic, ALARM and OK.
      const action = new cw_actions.SnsAction(props.slackForwarder.alarmForwardingTopic);
      this.deadLetterAlarm.addAlarmAction(action);
      this.deadLetterAlarm.addOkAction(action);
    }
  }
}
