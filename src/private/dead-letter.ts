/**
 * Dead-letter queues and their alarms, written once: the Slack forwarder's, the restore validation's,
 * the malware scan results rule's and the member baseline's forwarding rule's. What lands in one is
 * kept 14 days (to redrive) and an alarm says so within 5 minutes. Internal.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNagFindings } from './nag';

/** How long a dead-letter queue keeps what could not be delivered: SQS's maximum, 14 days. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * A dead-letter queue: TLS only, kept 14 days, encrypted with `key` or else SQS-managed keys (which
 * EventBridge and SNS can send to with no key grant). `purpose` says whose dead letters it holds (the
 * cdk-nag SQS3 acknowledgement: a dead-letter queue needs none of its own).
 */
export function deadLetterQueue(scope: Construct, id: string, purpose: string, key?: kms.IKey): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    ...key ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key } : { encryption: sqs.QueueEncryption.SQS_MANAGED },
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  acknowledgeNagFindings(queue, { 'AwsSolutions-SQS3': `This queue is the dead-letter queue of ${purpose}.` });
  return queue;
}

/** An alarm as soon as a dead-letter queue holds a message (its depth's 5-minute maximum above 0). */
export function deadLetterAlarm(
  scope: Construct, id: string, queue: sqs.IQueue, props: { alarmName?: string; alarmDescription: string },
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: props.alarmDescription,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
