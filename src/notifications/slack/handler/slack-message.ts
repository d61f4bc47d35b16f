/* Pure formatting of notifications as Slack messages (no aws-cdk-lib, no AWS SDK). */
import { Notification } from './notification-parser';
import { own } from './own';
import { REGION_PATTERN } from '../../../private/limits/handler/identifiers';

/** Slack's limits. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
export const MAX_FIELDS = 10;

/** What DescribeBackupJob / DescribeCopyJob / DescribeRestoreJob told us. */
export interface JobDetails {
  readonly statusMessage?: string;
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly backupVaultName?: string;
}

export interface SlackPayload {
  readonly text: string;
  readonly blocks: any[];
}

const EMOJI: { [state: string]: string } = {
  FAILED: ':red_circle:',
  EXPIRED: ':hourglass:',
  ABORTED: ':no_entry_sign:',
  INTERRUPTED: ':warning:',
  SKIPPED: ':warning:',
  PARTIAL: ':warning:',
  COMPLETED_WITH_ISSUES: ':warning:',
  CANCELED: ':no_entry_sign:',
  THREATS_FOUND: ':biohazard_sign:',
  ALARM: ':rotating_light:',
  INSUFFICIENT_DATA: ':grey_question:',
  COMPLETED: ':white_check_mark:',
  SUCCEEDED: ':white_check_mark:',
  OK: ':white_check_mark:',
  CREATED: ':arrow_forward:',
  STARTED: ':arrow_forward:',
  RUNNING: ':arrow_forward:',
};

export const KIND_LABEL: { [kind: string]: string } = {
  BACKUP_JOB: 'Backup job',
  COPY_JOB: 'Copy job',
  RESTORE_JOB: 'Restore job',
  RESTORE_VALIDATION: 'Restore validation',
  SCAN_JOB: 'Malware scan',
  CONTINUOUS_BACKUP: 'Continuous backup',
  INDEXING: 'Recovery point indexing',
  S3_OBJECT: 'S3 objects',
  EKS_OBJECT: 'EKS objects',
  RECOVERY_POINT: 'Recovery point',
  BACKUP_OTHER: 'AWS Backup',
  ALARM: 'CloudWatch alarm',
  UNKNOWN: 'Notification',
};

/**
 * Cuts a text to a length, marking the cut. Escaped text stays escaped: the cut never ends inside
 * an entity (`&amp;`) or a link (`<url|label>`); the partial one is dropped.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1).replace(/&[a-z]*$/, '');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  return `${cut}…`;
}

/**
 * THE escaping of everything that reaches Slack (every text object, mrkdwn or plain_text, the
 * fallback `text`, digest lines, link labels): Slack parses `&`, `<` and `>` as control characters
 * (`<!channel>` pings a channel, `<https://x|label>` disguises a link) in every text object, so
 * they become `&amp;`, `&lt;`, `&gt;`. Nothing else is encoded: Slack decodes only these three.
 *
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escapeSlack(text: unknown): string {
  return String(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The console hosts our links point to. */
const CONSOLE_URL = /^https:\/\/[a-z0-9-]+\.console\.(aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/[^\s<>|&"]*$/;

/**
 * A link built by us: `<url|label>` with the label escaped, when the URL is one of the console's
 * (https, its host, no character that could end or split the link); else the label alone.
 */
export function slackLink(url: string | undefined, label: string): string {
  return url && CONSOLE_URL.test(url) ? `<${url}|${escapeSlack(label)}>` : escapeSlack(label);
}

/** True when the region may go into a console link (a region name, nothing else). */
export function linkableRegion(region: string | undefined): region is string {
  return !!region && REGION_PATTERN.test(region);
}

export function consoleHost(partition: string, region: string): string {
  if (partition === 'aws-cn') return `https://${region}.console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

/** Link to the job (or the jobs list) in the AWS Backup console. */
export function consoleLink(n: Notification): string | undefined {
  if (!linkableRegion(n.region)) return undefined;
  const base = `${consoleHost(n.partition, n.region)}/backup/home?region=${n.region}`;
  const path: { [kind: string]: string } = { BACKUP_JOB: 'backup', COPY_JOB: 'copy', RESTORE_JOB: 'restore', RESTORE_VALIDATION: 'restore' };
  if (n.kind === 'ALARM') {
    return `${consoleHost(n.partition, n.region)}/cloudwatch/home?region=${n.region}#alarmsV2:alarm/${encodeURIComponent(n.eventType ?? '')}`;
  }
  const tab = own(path, n.kind);
  if (n.jobId && tab) return `${base}#/jobs/${tab}/details/${encodeURIComponent(n.jobId)}`;
  // Scan jobs: the console's jobs page (the guide documents no address for one scan job).
  return `${base}#/jobs`;
}

/** The account as shown: `name (id)` when its name is known. */
export function accountLabel(n: Notification): string | undefined {
  if (!n.accountId) return undefined;
  return n.accountName ? `${n.accountName} (${n.accountId})` : n.accountId;
}

function field(label: string, value: string): any {
  return { type: 'mrkdwn', text: truncate(`*${escapeSlack(label)}*\n${escapeSlack(value)}`, MAX_FIELD_TEXT) };
}

/** Turns a notification into a Slack message with blocks and a plain-text fallback. */
export function formatMessage(n: Notification, environmentName: string | undefined, job: JobDetails = {}): SlackPayload {
  const label = own(KIND_LABEL, n.kind) ?? 'Notification';
  const state = n.state ?? (n.kind === 'UNKNOWN' ? undefined : 'UNKNOWN');
  const emoji = own(EMOJI, state) ?? ':information_source:';
  const where = environmentName ? `[${environmentName}] ` : '';
  const account = accountLabel(n);
  // A member account's job (organization): the account is part of the title.
  const inAccount = n.origin === 'ORGANIZATION' && account ? ` in ${account}` : '';
  const title = n.kind === 'ALARM'
    ? `${where}${label} ${n.eventType ?? ''} is ${state}`
    : n.kind === 'UNKNOWN'
      ? `${where}${n.subject ?? 'Notification'}`
      : `${where}${label} ${state ?? ''}`.trim() + inAccount;

  const blocks: any[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(escapeSlack(title), MAX_HEADER_TEXT), emoji: true } },
  ];
  // The fallback's parts are raw here, all escaped when joined (the link is a validated console URL).
  const fallback: string[] = [`${emoji} ${title}`];

  if (n.kind === 'UNKNOWN') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeSlack(n.message || '(empty message)'), MAX_SECTION_TEXT) } });
    fallback.push(n.message);
  } else {
    const fields: any[] = [];
    if (state) fields.push(field('State', `${state}`));
    fields.push(field('Kind', n.eventType && n.kind !== 'ALARM' ? `${label} (${n.eventType})` : label));
    const environment = environmentName ?? (n.origin === 'ORGANIZATION' ? 'unknown' : undefined);
    if (environment) fields.push(field('Environment', environment));
    const resource = n.resourceArn ?? job.resourceArn;
    if (resource) fields.push(field('Resource', resource));
    if (n.jobId) fields.push(field(n.kind === 'SCAN_JOB' ? 'Scan job ID' : 'Job ID', n.jobId));
    if (n.recoveryPointArn && fields.length < MAX_FIELDS - 3) fields.push(field('Recovery point', n.recoveryPointArn));
    // A scan that found threats and also completed with issues says both.
    if (n.kind === 'SCAN_JOB' && n.details.scanState && n.details.scanState !== state) fields.push(field('Scan state', n.details.scanState));
    if (account) fields.push(field('Account', account));
    if (n.region) fields.push(field('Region', n.region));
    if (n.startTime) fields.push(field(n.kind === 'ALARM' ? 'Changed at' : 'Start time', n.startTime));
    if (n.details.clusterName && fields.length < MAX_FIELDS) fields.push(field('Cluster', n.details.clusterName));
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${emoji} *${escapeSlack(title)}*` }, fields: fields.slice(0, MAX_FIELDS) });

    const reason = job.statusMessage ?? n.details.reason;
    if (reason) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Reason*\n${escapeSlack(reason)}`, MAX_SECTION_TEXT) } });
      fallback.push(`Reason: ${reason}`);
    }
    if (n.origin === 'ORGANIZATION') {
      fallback.push(`Account: ${account ?? 'unknown'}`, `Environment: ${environment}`, `Region: ${n.region ?? 'unknown'}`);
    }
    if (n.kind === 'SCAN_JOB' && environment) fallback.push(`Environment: ${environment}`);
    if (resource) fallback.push(`Resource: ${resource}`);
    if (n.kind === 'SCAN_JOB' && n.recoveryPointArn) fallback.push(`Recovery point: ${n.recoveryPointArn}`);
    if (n.jobId) fallback.push(`${n.kind === 'SCAN_JOB' ? 'Scan job ID' : 'Job ID'}: ${n.jobId}`);
    const link = consoleLink(n);
    if (link) {
      const where2 = n.kind === 'ALARM' ? 'CloudWatch console' : 'AWS Backup console';
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(slackLink(link, `Open in the ${where2}`), MAX_SECTION_TEXT) } });
      fallback.push(link);
    }
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(escapeSlack(n.message), MAX_FIELD_TEXT) }] });
  }

  return { text: truncate(escapeSlack(fallback.join('\n')), MAX_SECTION_TEXT), blocks: blocks.slice(0, MAX_BLOCKS) };
}
