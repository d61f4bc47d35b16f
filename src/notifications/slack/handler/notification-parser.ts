/* Pure parsing of SNS records into notifications (no aws-cdk-lib, no AWS SDK). */
import {
  isOrganizationJobEnvelope, JOB_LABELS, MalformedJobEventError, parseOrganizationJobEvent, summarizeOrganizationJobEvent,
} from './eventbridge-job-events';
import { dictionary, own } from './own';
import {
  isScanJobEnvelope, MalformedScanEventError, parseScanJobEvent, SCAN_JOB_DETAIL_TYPE, scanOutcome, summarizeScanJobEvent,
} from './scan-job-events';
import { ALARM_STATE_CHANGE_DETAIL_TYPE } from '../../../private/handler/organization-job-event';

/** What a record is about. */
export type NotificationKind =
  | 'BACKUP_JOB' | 'COPY_JOB' | 'RESTORE_JOB'
  | 'CONTINUOUS_BACKUP' | 'INDEXING' | 'S3_OBJECT' | 'EKS_OBJECT' | 'RECOVERY_POINT'
  | 'RESTORE_VALIDATION' | 'SCAN_JOB' | 'BACKUP_OTHER' | 'ALARM' | 'UNKNOWN';

export interface Notification {
  readonly kind: NotificationKind;
  /** COMPLETED, FAILED, EXPIRED, ABORTED, RUNNING…; ALARM/OK/INSUFFICIENT_DATA for alarms. */
  readonly state?: string;
  /** The EventType / eventType attribute as sent. */
  readonly eventType?: string;
  readonly jobId?: string;
  readonly resourceArn?: string;
  readonly recoveryPointArn?: string;
  readonly accountId?: string;
  /** The account's name, when known (organization events: `OrganizationBackup`'s accountNames). */
  readonly accountName?: string;
  /** The environment the notification itself names (organization events); else found by its topic. */
  readonly environmentName?: string;
  /** ORGANIZATION: an AWS Backup job event of a member account, from the central bus. */
  readonly origin?: 'ORGANIZATION';
  readonly region?: string;
  readonly partition: string;
  readonly startTime?: string;
  readonly topicArn?: string;
  readonly subject?: string;
  readonly message: string;
  /** Extra name → value pairs worth showing (cluster name, reason, alarm fields…). */
  readonly details: { [name: string]: string };
}

/** A record that is not an SNS notification at all. */
export class MalformedRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRecordError';
  }
}

const JOB_KINDS: { [eventType: string]: NotificationKind } = {
  BACKUP_JOB: 'BACKUP_JOB',
  COPY_JOB: 'COPY_JOB',
  RESTORE_JOB: 'RESTORE_JOB',
  CONTINUOUS_BACKUP_INTERRUPTED: 'CONTINUOUS_BACKUP',
  RECOVERY_POINT_INDEXING_FAILED: 'INDEXING',
  RECOVERY_POINT_INDEX_COMPLETED: 'INDEXING',
  RECOVERY_POINT_INDEXING_COMPLETED: 'INDEXING',
  RECOVERY_POINT_INDEX_DELETED: 'INDEXING',
  S3_BACKUP_OBJECT_FAILED: 'S3_OBJECT',
  S3_RESTORE_OBJECT_FAILED: 'S3_OBJECT',
  EKS_BACKUP_OBJECT_FAILED: 'EKS_OBJECT',
  EKS_RESTORE_OBJECT_FAILED: 'EKS_OBJECT',
  EKS_RESTORE_OBJECT_SKIPPED: 'EKS_OBJECT',
  RECOVERY_POINT_MODIFIED: 'RECOVERY_POINT',
  // Published by this library's RestoreValidation (restore-validation-logic.ts), State = FAILED.
  RESTORE_VALIDATION: 'RESTORE_VALIDATION',
};

/** Reads the String value of each message attribute. */
export function attributeValues(attributes: unknown): { [name: string]: string } {
  const result = dictionary<string>();
  if (!attributes || typeof attributes !== 'object') return result;
  for (const [name, attribute] of Object.entries(attributes as Record<string, any>)) {
    const value = attribute && typeof attribute === 'object' ? attribute.Value : attribute;
    if (typeof value === 'string' || typeof value === 'number') result[name] = String(value);
  }
  return result;
}

/** "arn:aws:sns:eu-west-1:123456789012:topic" → its parts. */
export function arnParts(arn: string | undefined): { partition?: string; region?: string; account?: string; resource?: string } {
  if (!arn) return {};
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return {};
  return { partition: parts[1], region: parts[3] || undefined, account: parts[4] || undefined, resource: parts.slice(5).join(':') };
}

/** An ARN after a label ("Resource ARN : arn:…."), without the sentence's final dot. */
function arnAfter(label: string, body: string): string | undefined {
  const match = new RegExp(`${label}\\s*:\\s*(arn:\\S+)`, 'i').exec(body);
  return match ? match[1].replace(/[.,;]$/, '') : undefined;
}

function stateFromBody(body: string): string | undefined {
  const lower = body.toLowerCase();
  if (/\bfailed\b/.test(lower)) return 'FAILED';
  if (/\bexpired\b/.test(lower)) return 'EXPIRED';
  if (/\baborted\b/.test(lower)) return 'ABORTED';
  if (/completed successfully|\bsucceeded\b|\bsuccessful\b/.test(lower)) return 'COMPLETED';
  if (/\bstarted\b/.test(lower)) return 'STARTED';
  return undefined;
}

/** Parses one record of an SNS event. Throws MalformedRecordError when it is not SNS. */
export function parseRecord(record: unknown): Notification {
  if (!record || typeof record !== 'object') throw new MalformedRecordError('record is not an object');
  const sns = (record as any).Sns;
  if (!sns || typeof sns !== 'object') throw new MalformedRecordError('record has no Sns object');
  const message = typeof sns.Message === 'string' ? sns.Message : undefined;
  if (message === undefined) throw new MalformedRecordError('record has no Sns.Message string');

  const topicArn = typeof sns.TopicArn === 'string' ? sns.TopicArn : undefined;
  const subject = typeof sns.Subject === 'string' ? sns.Subject : undefined;
  const topic = arnParts(topicArn);
  const attrs = attributeValues(sns.MessageAttributes);
  // An environment's scan rule publishes its envelope to the topic too (no attributes): it reaches
  // this function only through an unfiltered subscription (NotificationFilter.all()).
  const scanEnvelope = parseJson(message);
  if (isScanJobEnvelope(scanEnvelope)) return { ...scanNotification(scanEnvelope), topicArn, subject };
  const base = {
    topicArn,
    subject,
    message,
    partition: topic.partition ?? 'aws',
    region: topic.region,
  };

  const eventType = attrs.EventType ?? attrs.eventType;
  const fromBackup = eventType !== undefined || (subject ?? '').includes('AWS Backup');
  if (fromBackup) {
    const kind: NotificationKind = own(JOB_KINDS, eventType) ?? 'BACKUP_OTHER';
    const details = dictionary<string>();
    for (const name of ['clusterName', 'reason', 'IndexStatus', 'backupJobId', 'restoreJobId']) {
      if (attrs[name]) details[name] = attrs[name];
    }
    if (kind === 'RESTORE_VALIDATION') {
      const validation = /^Validation\s*:\s*(.+)$/m.exec(message)?.[1];
      const reporting = /^Reporting\s*:\s*(.+)$/m.exec(message)?.[1];
      const reason = [validation, reporting].filter(Boolean).join(' — ');
      if (reason) details.reason = reason;
    }
    const jobIdMatch = /(?:BackupJob|CopyJob|RestoreJob|Job) ID\s*:\s*([A-Za-z0-9-]+)/i.exec(message);
    let state = attrs.State ?? attrs.state ?? attrs.IndexStatus;
    if (!state && kind !== 'BACKUP_JOB' && kind !== 'COPY_JOB' && kind !== 'RESTORE_JOB') {
      if (eventType && /FAILED$/.test(eventType)) state = 'FAILED';
      else if (eventType && /SKIPPED$/.test(eventType)) state = 'SKIPPED';
      else if (eventType && /INTERRUPTED$/.test(eventType)) state = 'INTERRUPTED';
      else if (eventType && /COMPLETED$/.test(eventType)) state = 'COMPLETED';
    }
    return {
      ...base,
      kind,
      eventType,
      state: state ?? stateFromBody(message),
      jobId: attrs.Id ?? attrs.backupJobId ?? attrs.restoreJobId ?? jobIdMatch?.[1],
      resourceArn: arnAfter('Resource ARN', message),
      recoveryPointArn: attrs.RecoveryPointArn ?? arnAfter('Recovery point ARN', message),
      accountId: attrs.AccountId ?? attrs.accountId ?? topic.account,
      startTime: attrs.StartTime ?? attrs.startTime,
      details,
    };
  }

  const alarm = parseAlarm(message);
  if (alarm) {
    const alarmArn = arnParts(typeof alarm.AlarmArn === 'string' ? alarm.AlarmArn : undefined);
    const details: { [name: string]: string } = {};
    if (alarm.NewStateReason) details.reason = String(alarm.NewStateReason);
    if (alarm.AlarmDescription) details.description = String(alarm.AlarmDescription);
    return {
      ...base,
      kind: 'ALARM',
      state: String(alarm.NewStateValue),
      eventType: String(alarm.AlarmName),
      accountId: alarm.AWSAccountId ? String(alarm.AWSAccountId) : topic.account,
      region: alarmArn.region ?? base.region,
      startTime: alarm.StateChangeTime ? String(alarm.StateChangeTime) : undefined,
      details,
    };
  }

  return { ...base, kind: 'UNKNOWN', accountId: topic.account, details: {} };
}

function parseJson(message: string): unknown {
  if (!message.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}

function parseAlarm(message: string): Record<string, unknown> | undefined {
  if (!message.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(message);
    if (parsed && typeof parsed === 'object' && typeof parsed.AlarmName === 'string' && parsed.NewStateValue) return parsed;
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * Parses one record of an SQS batch. Its body is an SNS notification envelope (raw message
 * delivery off: `{"Type":"Notification","TopicArn":…,"Message":…,"MessageAttributes":{…}}`), the
 * envelope `OrganizationBackup`'s central rule puts in the queue (`{"kind":
 * "cdk-environment-backup/organization-job-event",…,"event":{…}}`), or the one an environment's
 * malware scan rule puts there (`{"kind":"cdk-environment-backup/scan-job-event",…}`). Throws
 * MalformedRecordError when it is none of them, or an envelope that carries no event of its kind.
 */
export function parseQueueRecord(record: unknown): Notification {
  if (!record || typeof record !== 'object') throw new MalformedRecordError('record is not an object');
  const body = (record as any).body;
  if (typeof body !== 'string') throw new MalformedRecordError('record has no body string');
  let envelope: any;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new MalformedRecordError('record body is not JSON: not an SNS notification (is raw message delivery on?)');
  }
  if (isOrganizationJobEnvelope(envelope)) {
    try {
      return organizationJobNotification(envelope);
    } catch (error) {
      if (error instanceof MalformedJobEventError) throw new MalformedRecordError(`organization job event envelope: ${error.message}`);
      throw error;
    }
  }
  if (isScanJobEnvelope(envelope)) return scanNotification(envelope);
  if (!envelope || typeof envelope !== 'object' || typeof envelope.Message !== 'string') {
    throw new MalformedRecordError('record body has no SNS Message string');
  }
  return parseRecord({ Sns: envelope });
}

/**
 * Parses the event CloudWatch sends to a Lambda alarm action
 * (`{"source":"aws.cloudwatch","alarmArn":…,"alarmData":{"alarmName":…,"state":{…}}}`).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions-Lambda
 */
export function parseAlarmActionEvent(event: unknown): Notification | undefined {
  const e = event as any;
  if (!e || typeof e !== 'object' || e.source !== 'aws.cloudwatch' || !e.alarmData || typeof e.alarmData.alarmName !== 'string') return undefined;
  const arn = arnParts(typeof e.alarmArn === 'string' ? e.alarmArn : undefined);
  const details: { [name: string]: string } = {};
  if (e.alarmData.state?.reason) details.reason = String(e.alarmData.state.reason);
  if (e.alarmData.configuration?.description) details.description = String(e.alarmData.configuration.description);
  return {
    kind: 'ALARM',
    state: String(e.alarmData.state?.value ?? 'ALARM'),
    eventType: e.alarmData.alarmName,
    accountId: typeof e.accountId === 'string' ? e.accountId : arn.account,
    region: typeof e.region === 'string' ? e.region : arn.region,
    partition: arn.partition ?? 'aws',
    startTime: e.alarmData.state?.timestamp ? String(e.alarmData.state.timestamp) : undefined,
    message: details.description ?? e.alarmData.alarmName,
    details,
  };
}

/**
 * The notification the forwarder's batch logic (grouping, digest, single message) works on: the
 * failure reason is the event's `statusMessage` (no Describe*Job call: the job is in another
 * account), the environment is the one the envelope's maps name.
 */
export function organizationJobNotification(input: unknown): Notification {
  const alarm = organizationAlarmNotification(input);
  if (alarm) return alarm;
  const scan = organizationScanNotification(input);
  if (scan) return scan;
  const e = parseOrganizationJobEvent(input);
  const details: { [name: string]: string } = {};
  if (e.statusMessage) details.reason = e.statusMessage;
  if (e.backupVaultName) details.vault = e.backupVaultName;
  return {
    kind: e.kind,
    state: e.state,
    jobId: e.jobId,
    resourceArn: e.resourceArn,
    accountId: e.accountId,
    accountName: e.accountName,
    environmentName: e.environmentName,
    region: e.region,
    partition: e.partition,
    startTime: e.time,
    subject: `${JOB_LABELS[e.kind]} ${e.state}`,
    message: summarizeOrganizationJobEvent(e),
    origin: 'ORGANIZATION',
    details,
  };
}

/**
 * A member account's CloudWatch alarm state change in the central rule's envelope (the member
 * baseline's forwarding alarm): an ALARM notification, its environment the one whose name prefixes
 * the alarm's (`<environment>-…`). Event shape: CloudWatch user guide, "Alarm events and
 * EventBridge" (source aws.cloudwatch, detail alarmName, state.value/reason/timestamp,
 * configuration.description). Undefined when the event is no alarm state change.
 */
function organizationAlarmNotification(input: unknown): Notification | undefined {
  const envelope: any = input;
  const event = isOrganizationJobEnvelope(envelope) ? envelope.event : undefined;
  if (!event || event.source !== 'aws.cloudwatch' || event['detail-type'] !== ALARM_STATE_CHANGE_DETAIL_TYPE) return undefined;
  const detail = event.detail;
  if (!detail || typeof detail !== 'object' || typeof detail.alarmName !== 'string') {
    throw new MalformedJobEventError('the alarm state change event has no detail.alarmName');
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const arn = arnParts(Array.isArray(event.resources) ? text(event.resources[0]) : undefined);
  const accountId = text(event.account) ?? arn.account;
  const names = envelope.accountNames && typeof envelope.accountNames === 'object' ? envelope.accountNames : {};
  const environments = envelope.environmentsByVault && typeof envelope.environmentsByVault === 'object'
    ? [...new Set(Object.values(envelope.environmentsByVault).filter((v): v is string => typeof v === 'string'))] : [];
  const environmentName = environments.sort((a, b) => b.length - a.length).find((env) => detail.alarmName.startsWith(`${env}-`));
  const details: { [name: string]: string } = {};
  const reason = text(detail.state?.reason);
  const description = text(detail.configuration?.description);
  if (reason) details.reason = reason;
  if (description) details.description = description;
  const state = text(detail.state?.value) ?? 'UNKNOWN';
  return {
    kind: 'ALARM',
    state,
    eventType: detail.alarmName,
    accountId,
    accountName: accountId && typeof names[accountId] === 'string' ? names[accountId] : undefined,
    environmentName,
    region: text(event.region) ?? arn.region,
    partition: arn.partition ?? 'aws',
    startTime: text(detail.state?.timestamp) ?? text(event.time),
    subject: `CloudWatch alarm ${detail.alarmName} ${state}`,
    message: description ?? detail.alarmName,
    origin: 'ORGANIZATION',
    details,
  };
}

/**
 * A member account's malware scan in the central rule's envelope: the scan's notification, with the
 * environment found by its vault and the account's name. Undefined when the event is no scan event.
 */
function organizationScanNotification(input: unknown): Notification | undefined {
  const envelope: any = input;
  if (!isOrganizationJobEnvelope(envelope) || envelope.event?.['detail-type'] !== SCAN_JOB_DETAIL_TYPE) return undefined;
  const n = scanNotification(envelope.event);
  const byVault = envelope.environmentsByVault && typeof envelope.environmentsByVault === 'object' ? envelope.environmentsByVault : {};
  const names = envelope.accountNames && typeof envelope.accountNames === 'object' ? envelope.accountNames : {};
  const environmentName = own<unknown>(byVault, n.details.vault);
  const accountName = own<unknown>(names, n.accountId);
  return {
    ...n,
    environmentName: typeof environmentName === 'string' ? environmentName : undefined,
    accountName: typeof accountName === 'string' ? accountName : undefined,
    origin: 'ORGANIZATION',
  };
}

/**
 * The notification of a malware scan job that needs a person: its state is THREATS_FOUND when
 * GuardDuty found malware, else the scan job's state (FAILED, CANCELED, COMPLETED_WITH_ISSUES); the
 * reason is the event's `statusMessage`. Throws MalformedRecordError when the envelope carries no
 * scan job event.
 */
export function scanNotification(input: unknown): Notification {
  let e;
  try {
    e = parseScanJobEvent(input);
  } catch (error) {
    if (error instanceof MalformedScanEventError) throw new MalformedRecordError(`scan job event envelope: ${error.message}`);
    throw error;
  }
  const details: { [name: string]: string } = { scanState: e.state };
  if (e.scanResult) details.scanResult = e.scanResult;
  if (e.statusMessage) details.reason = e.statusMessage;
  if (e.backupVaultName) details.vault = e.backupVaultName;
  if (e.resourceType) details.resourceType = e.resourceType;
  const state = scanOutcome(e);
  return {
    kind: 'SCAN_JOB',
    state,
    jobId: e.scanJobId,
    resourceArn: e.resourceArn,
    recoveryPointArn: e.recoveryPointArn,
    accountId: e.accountId,
    environmentName: e.environmentName,
    region: e.region,
    partition: e.partition,
    startTime: e.time,
    subject: `Malware scan ${state}`,
    message: summarizeScanJobEvent(e),
    details,
  };
}
