import * as crypto from 'crypto';
import { Duration, Lazy, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NotificationFilter } from './filter';
import { SlackForwarderFunction } from './slack-forwarder-function';
import { SlackWebhook } from './webhook';
import { acknowledgeNagFindings } from '../private/nag';
import { isUnresolved, validationError } from '../private/validation';

/** Properties of a `SlackForwarder`. */
export interface SlackForwarderProps {
  /** The Slack incoming webhook to post to. */
  readonly webhook: SlackWebhook;

  /**
   * Timeout of the function: retries of Slack (429, 5xx) stop before it.
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;

  /**
   * Memory of the function.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How many times Lambda retries a failed asynchronous invocation before it goes to the
   * on-failure queue (0 to 2).
   *
   * @default 2
   */
  readonly retryAttempts?: number;

  /**
   * Topic notified when the on-failure queue holds messages (notifications that never reached
   * Slack).
   *
   * @default - the alarm has no action.
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * KMS key that encrypts the on-failure queue.
   *
   * @default - SQS-managed server-side encryption (SSE-SQS).
   */
  readonly deadLetterQueueEncryptionKey?: kms.IKey;

  /**
   * Reserved concurrency of the function: a low value spreads bursts of failures (Slack accepts
   * about one message a second per webhook) at the cost of reserving account concurrency.
   *
   * @default - no reserved concurrency.
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

/**
 * One Lambda function that forwards the notifications of any number of SNS topics to a Slack
 * incoming webhook, each topic through a filtered subscription. Per topic it adds only a
 * subscription and a Lambda permission, so one forwarder per stack can serve many environments.
 *
 * Notifications that cannot be delivered (after Lambda's retries) land in an encrypted SQS queue,
 * and an alarm goes off when that queue is not empty.
 */
export class SlackForwarder extends Construct {
  /**
   * The stack's forwarder for this webhook: created at the stack's root on the first call, the
   * same one returned afterwards (so many environments of a stack share one function). The props
   * of the first call win.
   */
  public static forStack(scope: Construct, props: SlackForwarderProps): SlackForwarder {
    const stack = Stack.of(scope);
    const key = JSON.stringify(stack.resolve(props.webhook.secret.secretArn)) + '|' + (props.webhook.jsonField ?? '');
    const id = `SlackForwarder${crypto.createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase()}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof SlackForwarder) return existing;
    return new SlackForwarder(stack, id, props);
  }

  /** The function that posts to Slack. */
  public readonly function: lambda.IFunction;

  /** Failed invocations (the on-failure destination), kept 14 days. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** In alarm when the dead-letter queue holds messages. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  private readonly topicEnvironments: Array<[string, string]> = [];
  private readonly topicIds = new Set<string>();

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: SlackForwarderProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(30);
    if (!timeout.isUnresolved() && (timeout.toSeconds() < 5 || timeout.toSeconds() > 900)) {
      throw validationError(this, `timeout (${timeout.toSeconds()} seconds) must be between 5 and 900 seconds (Lambda's maximum; Slack retries need a few seconds)`);
    }
    const retryAttempts = props.retryAttempts ?? 2;
    if (!isUnresolved(retryAttempts) && (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 2)) {
      throw validationError(this, `retryAttempts (${retryAttempts}) must be an integer from 0 to 2 (Lambda's asynchronous retries)`);
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: props.deadLetterQueueEncryptionKey ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: props.deadLetterQueueEncryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    acknowledgeNagFindings(this.deadLetterQueue, {
      'AwsSolutions-SQS3': 'This queue is the dead-letter (on-failure) destination of the Slack forwarder function.',
    });

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

    const environment: { [key: string]: string } = {
      WEBHOOK_SECRET_ARN: props.webhook.secret.secretArn,
      TOPIC_ENVIRONMENTS: Lazy.string({ produce: () => Stack.of(this).toJsonString(this.topicEnvironments) }),
    };
    if (props.webhook.jsonField) environment.WEBHOOK_SECRET_JSON_FIELD = props.webhook.jsonField;

    const fn = new SlackForwarderFunction(this, 'Function', {
      description: 'Forwards AWS Backup notifications from SNS to Slack',
      role,
      timeout,
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      environment,
    });
    fn.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      retryAttempts,
      maxEventAge: Duration.hours(6),
    });
    this.function = fn;

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'Backup notifications could not be delivered to Slack: see the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) {
      this.deadLetterAlarm.addAlarmAction(new cw_actions.SnsAction(props.alarmTopic));
    }
  }

  /**
   * Forwards the notifications of a topic to Slack: a filtered subscription and the permission for
   * SNS to invoke the function.
   *
   * @returns the subscription
   */
  public addTopic(topic: sns.ITopic, options: SlackForwarderTopicOptions = {}): sns.CfnSubscription {
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
    const permission = new lambda.CfnPermission(this, `Invoke${id}`, {
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionArn,
      principal: 'sns.amazonaws.com',
      sourceArn: topic.topicArn,
    });
    const subscription = new sns.CfnSubscription(this, `Subscription${id}`, {
      topicArn: topic.topicArn,
      protocol: 'lambda',
      endpoint: this.function.functionArn,
      filterPolicy,
      filterPolicyScope: filterPolicy ? 'MessageAttributes' : undefined,
    });
    subscription.node.addDependency(permission); // CfnResource#addDependency is deprecated on the newest aws-cdk-lib
    // Keyed by topic name, not ARN: Lambda's environment holds 4 KB in all.
    if (environmentName) this.topicEnvironments.push([topic.topicName, environmentName]);
    return subscription;
  }
}
