/* SNS notifications as AWS Backup and CloudWatch send them (attribute sets and bodies). */

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:backup-production';
const RESOURCE = 'arn:aws:rds:eu-west-1:111122223333:db:orders';
const JOB_ID = '1b2345c6-d7e8-9f01-2345-6789abcdef01';

export interface Sample {
  readonly name: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: { [name: string]: string };
  /**
   * Should failuresOnly() let it through? (CloudWatch alarms: no. They carry no attributes, which
   * SNS never matches against a filter policy; they reach Slack through the forwarder's unfiltered
   * alarm topic instead.)
   */
  readonly failure: boolean;
}

const job = (eventType: string, state: string) => ({
  EventType: eventType, State: state, AccountId: '111122223333', Id: JOB_ID, StartTime: '2026-11-24T03:00:00.000Z',
});

export const SAMPLES: Sample[] = [
  {
    name: 'backup completed',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup job was completed successfully. Recovery point ARN: arn:aws:rds:eu-west-1:111122223333:snapshot:awsbackup:job-1. Resource ARN : ${RESOURCE}. BackupJob ID : ${JOB_ID}`,
    attributes: job('BACKUP_JOB', 'COMPLETED'),
    failure: false,
  },
  {
    name: 'backup started',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup job was started. Resource ARN : ${RESOURCE}. BackupJob ID : ${JOB_ID}`,
    attributes: job('BACKUP_JOB', 'CREATED'),
    failure: false,
  },
  {
    name: 'backup failed',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup job failed. Resource ARN : ${RESOURCE}. BackupJob ID : ${JOB_ID}`,
    attributes: job('BACKUP_JOB', 'FAILED'),
    failure: true,
  },
  {
    name: 'backup expired',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup job has expired. Resource ARN : ${RESOURCE}. BackupJob ID : ${JOB_ID}`,
    attributes: job('BACKUP_JOB', 'EXPIRED'),
    failure: true,
  },
  {
    name: 'backup aborted',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup job was aborted. Resource ARN : ${RESOURCE}. BackupJob ID : ${JOB_ID}`,
    attributes: job('BACKUP_JOB', 'ABORTED'),
    failure: true,
  },
  {
    name: 'copy successful',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup copy job was completed successfully. Resource ARN : ${RESOURCE}. CopyJob ID : ${JOB_ID}`,
    attributes: job('COPY_JOB', 'COMPLETED'),
    failure: false,
  },
  {
    name: 'copy failed',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup copy job failed. Resource ARN : ${RESOURCE}. CopyJob ID : ${JOB_ID}`,
    attributes: job('COPY_JOB', 'FAILED'),
    failure: true,
  },
  {
    name: 'restore failed',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup restore job failed. Resource ARN : ${RESOURCE}. RestoreJob ID : ${JOB_ID}`,
    attributes: job('RESTORE_JOB', 'FAILED'),
    failure: true,
  },
  {
    name: 'continuous backup interrupted',
    subject: 'Notification from AWS Backup',
    message: `Continuous backup of a resource was interrupted. Resource ARN : ${RESOURCE}.`,
    attributes: { EventType: 'CONTINUOUS_BACKUP_INTERRUPTED', AccountId: '111122223333' },
    failure: true,
  },
  {
    name: 'indexing failed',
    subject: 'Notification from AWS Backup',
    message: 'Indexing of a recovery point failed. Recovery point ARN : arn:aws:backup:eu-west-1:111122223333:recovery-point:abc.',
    attributes: {
      EventType: 'RECOVERY_POINT_INDEXING_FAILED',
      IndexStatus: 'FAILED',
      AccountId: '111122223333',
      RecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:abc',
    },
    failure: true,
  },
  {
    name: 'indexing completed',
    subject: 'Notification from AWS Backup',
    message: 'Indexing of a recovery point completed. Recovery point ARN : arn:aws:backup:eu-west-1:111122223333:recovery-point:abc.',
    attributes: {
      EventType: 'RECOVERY_POINT_INDEXING_COMPLETED',
      IndexStatus: 'ACTIVE',
      AccountId: '111122223333',
      RecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:abc',
    },
    failure: false,
  },
  {
    name: 'S3 object failed',
    subject: 'Notification from AWS Backup',
    message: 'Some objects of the S3 backup failed. Resource ARN : arn:aws:s3:::orders.bucket.',
    attributes: { EventType: 'S3_BACKUP_OBJECT_FAILED', AccountId: '111122223333', Id: JOB_ID },
    failure: true,
  },
  {
    name: 'EKS object failed',
    subject: 'Notification from AWS Backup',
    message: 'Some objects of the EKS cluster backup failed.',
    attributes: { eventType: 'EKS_BACKUP_OBJECT_FAILED', backupJobId: JOB_ID, clusterName: 'platform', reason: 'Secret kube-system/token: access denied' },
    failure: true,
  },
  {
    name: 'EKS object skipped',
    subject: 'Notification from AWS Backup',
    message: 'Some objects of the EKS restore were skipped.',
    attributes: { eventType: 'EKS_RESTORE_OBJECT_SKIPPED', restoreJobId: JOB_ID, clusterName: 'platform', reason: 'already exists' },
    failure: false,
  },
  {
    name: 'backup partial',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup job completed with some items failed. Resource ARN : ${RESOURCE}. BackupJob ID : ${JOB_ID}`,
    attributes: job('BACKUP_JOB', 'PARTIAL'),
    failure: true,
  },
  {
    name: 'copy partial',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup copy job completed with some items failed. Resource ARN : ${RESOURCE}. CopyJob ID : ${JOB_ID}`,
    attributes: job('COPY_JOB', 'PARTIAL'),
    failure: true,
  },
  {
    name: 'restore completed',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup restore job was completed successfully. Resource ARN : ${RESOURCE}. RestoreJob ID : ${JOB_ID}`,
    attributes: job('RESTORE_JOB', 'COMPLETED'),
    failure: false,
  },
  {
    name: 'restore aborted',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup restore job was aborted. Resource ARN : ${RESOURCE}. RestoreJob ID : ${JOB_ID}`,
    attributes: job('RESTORE_JOB', 'ABORTED'),
    failure: true,
  },
  {
    name: 'copy started',
    subject: 'Notification from AWS Backup',
    message: `An AWS Backup copy job was started. Resource ARN : ${RESOURCE}. CopyJob ID : ${JOB_ID}`,
    attributes: job('COPY_JOB', 'CREATED'),
    failure: false,
  },
  {
    name: 'indexing completed as FAILED',
    subject: 'Notification from AWS Backup',
    message: 'Indexing of a recovery point completed with status FAILED. Recovery point ARN : arn:aws:backup:eu-west-1:111122223333:recovery-point:def.',
    attributes: {
      EventType: 'RECOVERY_POINT_INDEXING_COMPLETED',
      IndexStatus: 'FAILED',
      AccountId: '111122223333',
      RecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:def',
    },
    failure: true,
  },
  {
    name: 'S3 restore object failed',
    subject: 'Notification from AWS Backup',
    message: 'Some objects of the S3 restore failed. Resource ARN : arn:aws:s3:::orders.restore.',
    attributes: { EventType: 'S3_RESTORE_OBJECT_FAILED', AccountId: '111122223333', Id: JOB_ID },
    failure: true,
  },
  {
    name: 'EKS restore object failed',
    subject: 'Notification from AWS Backup',
    message: 'Some objects of the EKS restore failed.',
    attributes: { eventType: 'EKS_RESTORE_OBJECT_FAILED', restoreJobId: JOB_ID, clusterName: 'platform', reason: 'Namespace payments: forbidden' },
    failure: true,
  },
  {
    name: 'recovery point modified',
    subject: 'Notification from AWS Backup',
    message: 'A recovery point was modified. Recovery point ARN : arn:aws:backup:eu-west-1:111122223333:recovery-point:abc.',
    attributes: { EventType: 'RECOVERY_POINT_MODIFIED', AccountId: '111122223333' },
    failure: false,
  },
  {
    name: 'CloudWatch alarm',
    subject: 'ALARM: "production-backup-jobs-failed" in EU (Ireland)',
    message: JSON.stringify({
      AlarmName: 'production-backup-jobs-failed',
      AlarmDescription: 'Backup jobs failed in production',
      AWSAccountId: '111122223333',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).',
      StateChangeTime: '2026-11-24T03:05:00.000+0000',
      Region: 'EU (Ireland)',
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:production-backup-jobs-failed',
      OldStateValue: 'OK',
      Trigger: { MetricName: 'NumberOfBackupJobsFailed', Namespace: 'AWS/Backup' },
    }),
    attributes: {},
    failure: false,
  },
];

/**
 * The filter policy `NotificationFilter.failuresOnly()` renders (the subscriptions' default), as a value: for the
 * tests that load no aws-cdk-lib (handler tests, which the newest-aws-cdk-lib run leaves out). filter.test.ts
 * checks it against the rendered policy on both aws-cdk-lib versions the suite runs.
 */
export const FAILURES_ONLY_POLICY = {
  $or: [
    { State: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] },
    { IndexStatus: ['FAILED'] },
    { EventType: ['CONTINUOUS_BACKUP_INTERRUPTED', 'RECOVERY_POINT_INDEXING_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED', 'COPY_JOB_FAILED'] },
    { eventType: ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'] },
  ],
};

export function sample(name: string): Sample {
  const found = SAMPLES.find((s) => s.name === name);
  if (!found) throw new Error(`no sample ${name}`);
  return found;
}

/** One SNS record as Lambda receives it. */
export function snsRecord(s: Sample, topicArn = TOPIC_ARN): any {
  const attributes: any = {};
  for (const [k, v] of Object.entries(s.attributes)) attributes[k] = { Type: 'String', Value: v };
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:7a1b2c3d`,
    Sns: {
      Type: 'Notification',
      MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      TopicArn: topicArn,
      Subject: s.subject,
      Message: s.message,
      Timestamp: '2026-11-24T03:10:00.000Z',
      MessageAttributes: attributes,
    },
  };
}

export function snsEvent(...samples: Sample[]): any {
  return { Records: samples.map((s) => snsRecord(s)) };
}

/** The SNS envelope SQS holds when raw message delivery is off. */
export function snsEnvelope(s: Sample, topicArn = TOPIC_ARN, attributes: { [name: string]: string } = s.attributes, message = s.message): any {
  const messageAttributes: any = {};
  for (const [k, v] of Object.entries(attributes)) messageAttributes[k] = { Type: 'String', Value: v };
  return {
    Type: 'Notification',
    MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    TopicArn: topicArn,
    Subject: s.subject,
    Message: message,
    Timestamp: '2026-11-24T03:10:00.000Z',
    MessageAttributes: messageAttributes,
  };
}

let sqsCounter = 0;

/** One SQS record as the event source mapping delivers it (body: the SNS envelope). */
export function sqsRecord(s: Sample, topicArn = TOPIC_ARN, overrides: { jobId?: string; messageId?: string } = {}): any {
  const attributes = overrides.jobId && s.attributes.Id ? { ...s.attributes, Id: overrides.jobId } : s.attributes;
  const message = overrides.jobId ? s.message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, overrides.jobId) : s.message;
  return {
    messageId: overrides.messageId ?? `msg-${++sqsCounter}`,
    receiptHandle: 'AQEB…',
    body: JSON.stringify(snsEnvelope(s, topicArn, attributes, message)),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1764558600000' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:SlackForwarderQueue',
    awsRegion: 'eu-west-1',
  };
}

export function sqsEvent(...records: any[]): any {
  return { Records: records };
}

/** The text of each section block of a Slack message (not its header, fields or context), for exact expectations. */
export function sectionTexts(message: { blocks: any[] }): string[] {
  return message.blocks.filter((b) => b.type === 'section' && b.text).map((b) => b.text.text);
}
