import * as crypto from 'crypto';
import { Duration, Lazy, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BackupCoverage } from '../../backup-coverage';
import { deadLetterQueue } from '../../private/dead-letter';
import { NotificationFilter } from '../filter';
import {
  BATCH_SIZE, BATCHING_WINDOW_SECONDS, BUFFER_RETENTION_SECONDS, LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS, MAX_CONCURRENCY, MAX_RECEIVE_COUNT,
  MIN_POST_INTERVAL_MS, VISIBILITY_TIMEOUT_FACTOR,
} from './handler/forwarder-limits';
import { SlackForwarderFunction } from './handler/slack-forwarder-function';
import { operatorPath } from './private/operator-path';
import { addPipelineAlarms } from './private/pipeline-alarms';
import { SlackForwarderProps, SlackForwarderTopicOptions } from './slack-forwarder-props';
import { grantAlarmPublish } from '../../private/alarm-publish';
import { shareCreationTrace } from '../../private/creation-trace';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../../private/nag';
import { attachedOnce, perStack } from '../../private/singleton';
import { isUnresolved, validationError, wholeDuration } from '../../private/validation';

/**
 * Forwards the notifications of any number of SNS topics to a Slack incoming webhook, through a
 * durable buffer:
 *
 * topic → filtered SQS subscription (raw delivery off, redrive to the dead-letter queue) → encrypted
 * buffer queue → the function, by an event source mapping that gathers a batch for up to 20
 * seconds, runs at most 2 invocations at once and reports partial batch failures. Each invocation
 * groups its batch by environment: one readable message for a single failure, a digest for many,
 * paced under Slack's rate (about one message a second) and honouring Retry-After.
 *
 * CloudWatch alarms carry no message attributes, which no filter policy matches: point alarm
 * actions at `alarmForwardingTopic`, subscribed to the same queue without a filter.
 *
 * A message the function could not deliver 5 times, or that SNS could not put in the queue, lands
 * in the dead-letter queue (14 days), whose alarm invokes the function directly (not through the
 * queue it watches) and notifies the `operator` contacts if given.
 */
export class SlackForwarder extends Construct {
  /**
   * The stack's forwarder for this webhook: created at the stack's root on the first call, the
   * same one returned afterwards (so many environments of a stack share one function). The props
   * of the first call win.
   */
  public static forStack(scope: Construct, props: SlackForwarderProps): SlackForwarder {
    requireWebhook(scope, props);
    const stack = Stack.of(scope);
    // The resolved ARN, once per stack and ARN string (each environment of a stack asks again: resolving is not free).
    const arn = attachedOnce(stack, `slackForwarder:arn:${props.webhook.secret.secretArn}`, () => JSON.stringify(stack.resolve(props.webhook.secret.secretArn)));
    const key = arn + '|' + (props.webhook.jsonField ?? '');
    const id = `SlackForwarder${crypto.createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase()}`;
    return perStack(stack, id, SlackForwarder, (owner, ownerId) => new SlackForwarder(owner, ownerId, props));
  }

  /** The function that posts to Slack. */
  public readonly function: lambda.IFunction;

  /** The buffer between the topics and the function. */
  public readonly queue: sqs.IQueue;

  /**
   * Notifications that could not be delivered (5 receives from the buffer queue, or SNS could not
   * put them in it), kept 14 days.
   */
  public readonly deadLetterQueue: sqs.IQueue;

  /**
   * In alarm when new notifications land in the dead-letter queue (its depth grew in the last 5
   * minutes): back to OK by itself, so each new batch of dead letters alarms again.
   */
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  /** In alarm when the buffer's oldest notification has waited 10 minutes: Slack or the function is failing. */
  public readonly stalledAlarm: cloudwatch.Alarm;

  /**
   * Where the pipeline's own failures go without Slack.
   *
   * @default - undefined without `operator` contacts.
   */
  public readonly operatorTopic?: sns.ITopic;

  /**
   * Remembers which notifications were posted (SQS delivers at least once): each shown once.
   */
  public readonly dedupeTable: dynamodb.ITable;

  /**
   * A topic whose every message reaches Slack, unfiltered: point CloudWatch alarm actions at it.
   * CloudWatch alarms of this account may publish to it.
   */
  public readonly alarmForwardingTopic: sns.ITopic;

  /** The key of the queues and the alarm forwarding topic. */
  public readonly encryptionKey: kms.IKey;

  private readonly topicEnvironments: Array<[string, string]> = [];
  private readonly topicIds = new Set<string>();

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: SlackForwarderProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireWebhook(this, props);
    const timeout = props.timeout ?? Duration.seconds(60);
    if (!timeout.isUnresolved() && (wholeDuration(this, 'timeout', timeout, 'second') < LAMBDA_TIMEOUT_SECONDS.min || timeout.toSeconds() > LAMBDA_TIMEOUT_SECONDS.max)) {
      throw validationError(this, `timeout (${timeout.toSeconds()} seconds) must be between ${LAMBDA_TIMEOUT_SECONDS.min} and ${LAMBDA_TIMEOUT_SECONDS.max} seconds (Lambda's maximum; Slack retries need a few seconds)`);
    }
    const retryAttempts = props.retryAttempts ?? 2;
    if (!isUnresolved(retryAttempts) && (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 2)) {
      throw validationError(this, `retryAttempts (${retryAttempts}) must be an integer from 0 to 2 (Lambda's asynchronous retries)`);
    }
    const memorySize = props.memorySize ?? 256;
    if (!isUnresolved(memorySize) && (!Number.isInteger(memorySize) || memorySize < LAMBDA_MEMORY_MB.min || memorySize > LAMBDA_MEMORY_MB.max)) {
      throw validationError(this, `memorySize (${memorySize}) must be a whole number of MB from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max} (Lambda's range)`);
    }
    const reserved = props.reservedConcurrentExecutions;
    if (reserved !== undefined && !isUnresolved(reserved) && (!Number.isInteger(reserved) || reserved < MAX_CONCURRENCY)) {
      throw validationError(this, `reservedConcurrentExecutions (${reserved}) must be a whole number of at least ${MAX_CONCURRENCY}: ` +
        `the queue's event source mapping runs up to ${MAX_CONCURRENCY} invocations at once, and fewer reserved would make Lambda throttle its batches (0 stops the function)`);
    }
    const stack = Stack.of(this);

    const key = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Encrypts the Slack forwarder queues and alarm topic of AWS Backup notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.encryptionKey = key;
    for (const service of ['sns', 'cloudwatch']) {
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `Allow${service}ToUseTheKey`,
        principals: [new iam.ServicePrincipal(`${service}.amazonaws.com`)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }), /* allowNoOp */ true);
    }

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', "the Slack forwarder's buffer queue and subscriptions", key);

    const visibility = isUnresolved(timeout) ? Duration.minutes(15)
      : Duration.seconds(VISIBILITY_TIMEOUT_FACTOR * timeout.toSeconds() + BATCHING_WINDOW_SECONDS);
    const queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // Shorter than the dead-letter queue's 14 days: a dead letter keeps its first enqueue time.
      retentionPeriod: Duration.seconds(BUFFER_RETENTION_SECONDS),
      visibilityTimeout: visibility,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.queue = queue;

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Slack forwarder of AWS Backup notifications: logs, webhook secret, job lookups',
    });
    logGroup.grantWrite(role);
    props.webhook.secret.grantRead(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DescribeJobsForTheFailureReason',
      actions: ['backup:DescribeBackupJob', 'backup:DescribeCopyJob', 'backup:DescribeRestoreJob'],
      // These actions have no resource-level permissions in IAM.
      resources: ['*'],
    }));
    acknowledgeNagFindings(role, {
      'AwsSolutions-IAM5[Resource::*]': 'backup:DescribeBackupJob, DescribeCopyJob and DescribeRestoreJob support no resource-level permissions.',
    });

    // Holds notification ids and states, no notification text: nothing to keep when the stack goes.
    const table = new dynamodb.Table(this, 'DedupeTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeNagFindings(table, {
      'AwsSolutions-DDB3': 'The table holds only notification ids and delivery states for 15 days (no user data): a restore would not be used.',
    });
    BackupCoverage.exempt(table, 'The Slack forwarder\'s dedupe table: notification ids and delivery states for 15 days, no user data');
    table.grant(role, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    this.dedupeTable = table;

    // Moving dead letters back to the buffer once Slack answers (StartMessageMoveTask needs these on
    // the source queue, SendMessage on the destination, and the queues' key).
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RedriveTheDeadLetterQueue',
      actions: ['sqs:StartMessageMoveTask', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      resources: [this.deadLetterQueue.queueArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RedriveToTheBuffer',
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
    }));
    // What an SQS producer of a KMS-encrypted queue needs (SQS developer guide, "Key management").
    key.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');

    const operatorTopic = operatorPath(this, props.operator, key);
    this.operatorTopic = operatorTopic;
    if (operatorTopic) {
      operatorTopic.grantPublish(role);
      acknowledgeNagFindings(role, {
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': 'Topic.grantPublish grants kms:GenerateDataKey* on the operator topic\'s key only ' +
          '(SNS needs a data key to publish to an encrypted topic); the resource is that one key.',
      });
    }

    const environment: { [key: string]: string } = {
      WEBHOOK_SECRET_ARN: props.webhook.secret.secretArn,
      TOPIC_ENVIRONMENTS: Lazy.string({ produce: () => Stack.of(this).toJsonString(this.topicEnvironments) }),
      MIN_POST_INTERVAL_MS: String(MIN_POST_INTERVAL_MS),
      DEDUPE_TABLE_NAME: table.tableName,
      BUFFER_QUEUE_ARN: queue.queueArn,
      DEAD_LETTER_QUEUE_ARN: this.deadLetterQueue.queueArn,
    };
    if (props.webhook.jsonField) environment.WEBHOOK_SECRET_JSON_FIELD = props.webhook.jsonField;
    if (props.webhook.allowedHosts && props.webhook.allowedHosts.length > 0) environment.WEBHOOK_ALLOWED_HOSTS = props.webhook.allowedHosts.join(',');
    if (operatorTopic) environment.OPERATOR_TOPIC_ARN = operatorTopic.topicArn;

    const fn = new SlackForwarderFunction(this, 'Function', {
      description: 'Forwards AWS Backup notifications and alarms from a queue to Slack, as digests in storms',
      role,
      timeout,
      memorySize,
      reservedConcurrentExecutions: reserved,
      logGroup,
      environment,
    });
    acknowledgePinnedRuntime(fn);
    fn.configureAsyncInvoke({
      retryAttempts,
      maxEventAge: Duration.hours(1),
      // The dead-letter alarm's direct invocation fails when Slack does: the operator hears of it.
      onFailure: operatorTopic ? new destinations.SnsDestination(operatorTopic) : undefined,
    });
    fn.addEventSource(new sources.SqsEventSource(queue, {
      batchSize: BATCH_SIZE,
      maxBatchingWindow: Duration.seconds(BATCHING_WINDOW_SECONDS),
      maxConcurrency: MAX_CONCURRENCY,
      reportBatchItemFailures: true,
    }));
    this.function = fn;

    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    // Its key lets cloudwatch.amazonaws.com in by the statements above.
    grantAlarmPublish(alarmTopic, { alarmNamePattern: '*', sid: 'AllowCloudWatchAlarmsOfThisAccountToPublish', key: false });
    this.alarmForwardingTopic = alarmTopic;
    this.subscribe(alarmTopic, 'AlarmSubscription', undefined);

    const alarms = addPipelineAlarms(this, { fn, queue, deadLetterQueue: this.deadLetterQueue, operatorTopic });
    this.deadLetterAlarm = alarms.deadLetterAlarm;
    this.stalledAlarm = alarms.stalledAlarm;
  }


  /**
   * Forwards the notifications of a topic to Slack: a filtered subscription of the buffer queue
   * (raw message delivery off, so the function sees the message attributes; undeliverable
   * messages to the dead-letter queue).
   *
   * @returns the subscription
   */
  public addTopic(topic: sns.ITopic, options: SlackForwarderTopicOptions = {}): sns.CfnSubscription {
    if (!topic) throw validationError(this, 'addTopic(topic) needs a topic');
    const id = Names.uniqueId(topic);
    if (this.topicIds.has(id)) {
      throw validationError(this, `topic (${topic.node.path}) is already forwarded: add each topic once`);
    }
    const environmentName = options.environmentName;
    if (environmentName !== undefined && !isUnresolved(environmentName) && environmentName.trim() === '') {
      throw validationError(this, 'environmentName (\'\') must not be empty: omit it to show none');
    }
    this.topicIds.add(id);
    const filterPolicy = (options.filter ?? NotificationFilter.failuresOnly()).render(this);
    // Same id as the former SNS → Lambda subscription: CloudFormation replaces it (new one first).
    const subscription = this.subscribe(topic, `Subscription${id}`, filterPolicy);
    // Keyed by topic name, not ARN: Lambda's environment holds 4 KB in all.
    if (environmentName) this.topicEnvironments.push([topic.topicName, environmentName]);
    return subscription;
  }

  private subscribe(topic: sns.ITopic, id: string, filterPolicy: { [key: string]: any } | undefined): sns.CfnSubscription {
    const sendFromTopic = (queue: sqs.IQueue) => queue.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': topic.topicArn } },
    }));
    sendFromTopic(this.queue);
    sendFromTopic(this.deadLetterQueue);
    const subscription = new sns.CfnSubscription(this, id, {
      topicArn: topic.topicArn,
      protocol: 'sqs',
      endpoint: this.queue.queueArn,
      rawMessageDelivery: false,
      filterPolicy,
      filterPolicyScope: filterPolicy ? 'MessageAttributes' : undefined,
      redrivePolicy: { deadLetterTargetArn: this.deadLetterQueue.queueArn },
    });
    for (const queue of [this.queue, this.deadLetterQueue]) {
      const policy = queue.node.tryFindChild('Policy');
      if (policy) subscription.node.addDependency(policy);
    }
    return subscription;
  }
}

/** A JavaScript caller may omit the required webhook: say so instead of a TypeError. */
function requireWebhook(scope: Construct, props: SlackForwarderProps | undefined): void {
  if (!props || !props.webhook || !props.webhook.secret) {
    throw validationError(scope, 'webhook is required: SlackWebhook.fromSecret(secret) with the Secrets Manager secret that holds the incoming webhook URL');
  }
}
