/*
 * EventBridge rule targets that deliver AWS Backup events the way vault notifications are
 * delivered: into the Slack forwarder's buffer queue, and onto a notification topic. Internal to
 * the library (the organization's central rule and an environment's malware scan rule use them).
 */
import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { warn, WARNINGS } from './warnings';

/** The parts of the Slack forwarder a rule target sends to (a `SlackForwarder` is one). */
export interface ForwarderQueue extends IConstruct {
  /** The buffer queue. */
  readonly queue: sqs.IQueue;
  /** The dead-letter queue of what cannot be delivered. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The key of both queues. */
  readonly encryptionKey: kms.IKey;
}

/**
 * EventBridge's retries of a target: the event is kept this long and retried this many times
 * before it goes to the target's dead-letter queue (EventBridge user guide, "Event retry policy
 * and using dead-letter queues": at most 24 hours and 185 attempts).
 */
export const TARGET_RETRY = { attempts: 8, maxEventAgeHours: 24 };

const EVENT_MARKER = '__whole-event__';

/**
 * A rule target's input: a JSON object of values known at synth, with the whole event as
 * EventBridge's predefined variable `<aws.events.event.json>` in its `event` field (EventBridge
 * user guide, "Amazon EventBridge input transformation": the complete original event, usable only
 * as the value of a JSON field).
 */
export class EventEnvelopeInput extends events.RuleTargetInput {
  constructor(private readonly context: () => { [key: string]: any }) {
    super();
  }

  public bind(_rule: events.IRule): events.RuleTargetInputProperties {
    return {
      inputTemplate: Lazy.string({
        produce: () => JSON.stringify({ ...this.context(), event: EVENT_MARKER })
          .replace(JSON.stringify(EVENT_MARKER), '<aws.events.event.json>'),
      }),
    };
  }
}

/** Options of the targets below. */
export interface EventTargetOptions {
  /**
   * The rule's ARN, built from its fixed name: the key policy names it without a reference to the
   * rule (the key is created before the rule, which references what the key encrypts).
   */
  readonly ruleArn: string;
  /** The message the target receives. */
  readonly input: events.RuleTargetInput;
  /** The Sid of the resource policy statements (unique in the policy), or none. */
  readonly sid?: string;
  /**
   * Where EventBridge puts what it could not deliver after its retries.
   *
   * @default - the Slack forwarder's dead-letter queue (queue target); required for a topic target.
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/** Lets events.amazonaws.com, for this rule only, use a key; warns when the key's policy is not this app's. */
function allowEventsToUseKey(scope: IConstruct, key: kms.IKey | undefined, what: string, options: EventTargetOptions): void {
  if (!key) return;
  const statement = new iam.PolicyStatement({
    sid: options.sid ? `${options.sid}ToUseTheKey` : undefined,
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { ArnEquals: { 'aws:SourceArn': options.ruleArn } },
  });
  if (!key.addToResourcePolicy(statement, /* allowNoOp: an imported key's policy is its owner's */ true).statementAdded) {
    warn(scope, WARNINGS.eventsKey,
      `the KMS key of ${what} is not managed by this app: EventBridge cannot deliver to it until its key policy has ` +
      `${JSON.stringify(Stack.of(scope).resolve(statement.toStatementJson()))}`);
  }
}

/**
 * A rule target: the Slack forwarder's buffer queue (encrypted with a customer-managed key), with
 * the envelope as the message body, and a dead-letter queue for what EventBridge cannot put in it.
 * EventBridge may send to the queue and use its key only for this rule (`aws:SourceArn`):
 * EventBridge user guide, "Amazon SQS permissions" and "Encrypting EventBridge dead-letter queues"
 * (the key policy must allow events.amazonaws.com kms:Decrypt and kms:GenerateDataKey).
 */
export class ForwarderQueueTarget implements events.IRuleTarget {
  constructor(private readonly forwarder: ForwarderQueue, private readonly options: EventTargetOptions) {}

  public bind(rule: events.IRule, _id?: string): events.RuleTargetConfig {
    const { queue, encryptionKey } = this.forwarder;
    const deadLetterQueue = this.options.deadLetterQueue ?? this.forwarder.deadLetterQueue;
    // The dead-letter queue's policy: EventBridge may send to it for this rule (aws:SourceArn).
    targets.addToDeadLetterQueueResourcePolicy(rule, deadLetterQueue);
    queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: this.options.sid,
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': this.options.ruleArn } },
    }));
    allowEventsToUseKey(rule, encryptionKey, `the Slack forwarder's queue (${this.forwarder.node.path})`, this.options);
    return {
      ...targets.bindBaseTargetConfig({
        deadLetterQueue,
        retryAttempts: TARGET_RETRY.attempts,
        maxEventAge: Duration.hours(TARGET_RETRY.maxEventAgeHours),
      }),
      arn: queue.queueArn,
      input: this.options.input,
      targetResource: queue,
    };
  }
}

/**
 * A rule target: a notification topic (for its e-mail and other subscribers), with a dead-letter
 * queue. EventBridge may publish and use the topic's key only for this rule (`aws:SourceArn`;
 * EventBridge user guide, "Amazon SNS permissions": an encrypted topic's key policy must let
 * events.amazonaws.com use the key). A topic this app does not manage gets a warning with the
 * statements to add. EventBridge sets no message attributes: a subscription with a filter policy
 * never receives these messages (SNS "Key matching": an empty set of attributes matches no policy).
 */
export class NotificationTopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly key: kms.IKey | undefined, private readonly options: EventTargetOptions) {}

  public bind(rule: events.IRule, _id?: string): events.RuleTargetConfig {
    const deadLetterQueue = this.options.deadLetterQueue;
    if (deadLetterQueue) targets.addToDeadLetterQueueResourcePolicy(rule, deadLetterQueue);
    const statement = new iam.PolicyStatement({
      sid: this.options.sid,
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: { ArnEquals: { 'aws:SourceArn': this.options.ruleArn } },
    });
    if (!this.topic.addToResourcePolicy(statement).statementAdded) {
      warn(rule, WARNINGS.eventsTopic,
        `topic (${this.topic.topicArn}) is not managed by this app: EventBridge cannot publish to it until its topic policy has ` +
        `${JSON.stringify(Stack.of(rule).resolve(statement.toStatementJson()))}` +
        (this.key ? '' : ' and, if the topic is encrypted, its key policy lets events.amazonaws.com use the key for this rule'));
    }
    allowEventsToUseKey(rule, this.key, `topic (${this.topic.node.path})`, this.options);
    return {
      ...targets.bindBaseTargetConfig({
        deadLetterQueue,
        retryAttempts: TARGET_RETRY.attempts,
        maxEventAge: Duration.hours(TARGET_RETRY.maxEventAgeHours),
      }),
      arn: this.topic.topicArn,
      input: this.options.input,
      targetResource: this.topic,
    };
  }
}
