import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { warn, WARNINGS } from '../../../private/warnings';
import { STALLED_AGE_SECONDS } from '../handler/forwarder-limits';

/** What the forwarder's alarms watch and whom they tell. */
export interface PipelineAlarmTargets {
  readonly fn: lambda.IFunction;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly operatorTopic?: sns.ITopic;
}

/**
 * The forwarder's own signals, on `scope` (the forwarder: the construct ids are its children): the
 * dead-letter alarm (each increase), the stalled-buffer alarm (the oldest message's age), both
 * invoking the function directly and telling the operator topic, and the hourly dead-letter probe.
 */
export function addPipelineAlarms(scope: Construct, { fn, queue, deadLetterQueue, operatorTopic }: PipelineAlarmTargets) {
  // A queue's depth over 5 minutes; new dead letters are its increase (SQS "Available CloudWatch
  // metrics": ApproximateNumberOfMessagesVisible and ApproximateAgeOfOldestMessage are published
  // for every queue, a dead-letter queue included).
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
  const depth = deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM });
  const deadLetterAlarm = new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmDescription: 'Backup notifications could not be delivered to Slack after ~26 hours of retries; the alarm\'s value is how many new ones. ' +
      `They wait in the dead-letter queue ${deadLetterQueue.node.path} (kept 14 days) and move back to the buffer by themselves ` +
      'once Slack answers again; the forwarder function\'s log says why they failed.',
    // FILL: a first dead letter after a quiet spell (no datapoint) counts as an increase.
    metric: new cloudwatch.MathExpression({
      expression: 'DIFF(FILL(depth, 0))',
      usingMetrics: { depth },
      label: 'new dead letters',
      period: Duration.minutes(5),
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  // Straight to the function, not through the buffer queue whose failures it reports.
  const direct = new cw_actions.LambdaAction(fn);
  deadLetterAlarm.addAlarmAction(direct);

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html (ApproximateAgeOfOldestMessage)
  const stalledAlarm = new cloudwatch.Alarm(scope, 'StalledAlarm', {
    alarmDescription: `Backup notifications have waited over ${STALLED_AGE_SECONDS / 60} minutes in the Slack forwarder's buffer: ` +
      'Slack, the webhook secret or the function is failing. Nothing is lost yet (they are retried for ~26 hours); the function\'s log says why.',
    metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: STALLED_AGE_SECONDS,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  // Straight to the function too: a stalled buffer whose function still reaches Slack (a broken event
  // source mapping, poison messages) is reported there; Slack's own failures go to the operator.
  // (LambdaAction names its permission 'AlarmPermission' on the floor: one per function, so this
  // alarm's permission is added by hand.)
  fn.addPermission('StalledAlarmPermission', {
    principal: new iam.ServicePrincipal('lambda.alarms.cloudwatch.amazonaws.com'),
    sourceAccount: Stack.of(scope).account,
    sourceArn: stalledAlarm.alarmArn,
  });
  stalledAlarm.addAlarmAction({ bind: () => ({ alarmActionArn: fn.functionArn }) });

  // Every hour the function tries the oldest dead letters on Slack, and when one is shown moves the
  // rest back to the buffer: a backlog dead-lettered by an outage past the buffer's ~26 hours comes
  // back by itself once Slack answers, without waiting for new traffic (an empty queue: one
  // ReceiveMessage, about 720 invocations a month).
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
  new events.Rule(scope, 'DeadLetterProbe', {
    description: 'Tries the Slack forwarder\'s oldest dead letters every hour; moves the rest back to the buffer once one is shown',
    schedule: events.Schedule.rate(Duration.hours(1)),
    targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
  });

  if (operatorTopic) {
    const action = new cw_actions.SnsAction(operatorTopic);
    deadLetterAlarm.addAlarmAction(action);
    stalledAlarm.addAlarmAction(action);
    stalledAlarm.addOkAction(action);
  } else {
    // Without an operator path, the stalled alarm has no one to tell but Slack, the path that stalls.
    warn(scope, WARNINGS.slackOnly,
      'Slack is the only path to a person: when the webhook is revoked, the secret cannot be read or Slack is down, no one hears of it. ' +
      'Add operator contacts (notifications.operator or SlackForwarder\'s operator: { emailAddresses: [...] } or { topic })');
  }
  return { deadLetterAlarm, stalledAlarm };
}
