/*
 * AWS Backup job state change events from EventBridge (member accounts of an organization, through
 * the central bus): parsing into the forwarder's notification model. Pure: no aws-cdk-lib, no AWS SDK, no I/O.
 *
 * Event shapes: AWS Backup developer guide, "Monitoring AWS Backup events using Amazon EventBridge"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html). Backup and copy job
 * events carry `detail.state`, restore job events `detail.status`; all carry `statusMessage` (the
 * failure reason) and `iamRoleArn`.
 *
 * The central rule puts an envelope (see `ORGANIZATION_JOB_EVENT_KIND`) in the Slack forwarder's
 * buffer queue; `parseQueueRecord` recognises it and turns it into a `Notification` (notification-parser.ts), so these
 * events share the queue's retries, the pacing and the digest of the vault notifications.
 */

import { dictionary, own } from './own';
import { ORGANIZATION_JOB_EVENT_KIND } from '../../../private/handler/organization-job-event';
import { roleNameOfArn, vaultNameOfArn } from '../../../private/limits/handler/identifiers';

/** The job kinds of the forwarded events, by EventBridge detail type. */
const JOB_KINDS: { [detailType: string]: JobKind } = {
  'Backup Job State Change': 'BACKUP_JOB',
  'Copy Job State Change': 'COPY_JOB',
  'Restore Job State Change': 'RESTORE_JOB',
};

/** A job kind. */
export type JobKind = 'BACKUP_JOB' | 'COPY_JOB' | 'RESTORE_JOB';

export const JOB_LABELS: { [kind in JobKind]: string } = { BACKUP_JOB: 'Backup job', COPY_JOB: 'Copy job', RESTORE_JOB: 'Restore job' };

/** One job event, with what the central account knows about its account and environment. */
export interface OrganizationJobEvent {
  readonly kind: JobKind;
  readonly state: string;
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  readonly partition: string;
  readonly time?: string;
  readonly environmentName?: string;
  readonly jobId?: string;
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly backupVaultName?: string;
  readonly destinationVaultArn?: string;
  readonly statusMessage?: string;
}

/** The input is not an AWS Backup job event the forwarder understands. */
export class MalformedJobEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJobEventError';
  }
}

/** True when the input is the central rule's envelope (a queue record body that is not an SNS envelope). */
export function isOrganizationJobEnvelope(input: unknown): boolean {
  return !!input && typeof input === 'object' && (input as any).kind === ORGANIZATION_JOB_EVENT_KIND;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The string entries of a JSON object, in a dictionary without a prototype (read with `own`). */
function map(value: unknown): { [key: string]: string } {
  const result = dictionary<string>();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return result;
  for (const [k, v] of Object.entries(value as object)) if (typeof v === 'string') result[k] = v;
  return result;
}

/**
 * Reads the central rule's envelope (`{ kind, environmentsByVault, environmentsByRole,
 * accountNames, event }`) or a bare EventBridge event. Throws `MalformedJobEventError` for
 * anything else.
 */
export function parseOrganizationJobEvent(input: unknown): OrganizationJobEvent {
  if (!input || typeof input !== 'object') throw new MalformedJobEventError('the input is not an object');
  const envelope = isOrganizationJobEnvelope(input) ? input as any : undefined;
  const event: any = envelope ? envelope.event : input;
  if (!event || typeof event !== 'object') throw new MalformedJobEventError('the envelope carries no event');
  if (event.source !== 'aws.backup') throw new MalformedJobEventError(`the event's source is ${JSON.stringify(event.source)}, not aws.backup`);
  const kind = own(JOB_KINDS, typeof event['detail-type'] === 'string' ? event['detail-type'] : undefined);
  if (!kind) throw new MalformedJobEventError(`the detail type ${JSON.stringify(event['detail-type'])} is not a job state change`);
  const detail = event.detail;
  if (!detail || typeof detail !== 'object') throw new MalformedJobEventError('the event has no detail');
  const accountId = str(event.account);
  const region = str(event.region);
  if (!accountId || !region) throw new MalformedJobEventError('the event has no account or region');

  const state = str(detail.state) ?? str(detail.status) ?? 'UNKNOWN';
  const jobId = str(kind === 'BACKUP_JOB' ? detail.backupJobId : kind === 'COPY_JOB' ? detail.copyJobId : detail.restoreJobId);
  const backupVaultName = str(detail.backupVaultName)
    ?? vaultNameOfArn(str(detail.backupVaultArn))
    ?? vaultNameOfArn(str(detail.sourceBackupVaultArn));
  const environmentsByVault = map(envelope?.environmentsByVault);
  const environmentsByRole = map(envelope?.environmentsByRole);
  const environmentName = own(environmentsByVault, backupVaultName)
    ?? own(environmentsByVault, vaultNameOfArn(str(detail.destinationBackupVaultArn)))
    ?? own(environmentsByRole, roleNameOfArn(str(detail.iamRoleArn)));
  const partition = /^arn:([^:]+):/.exec(str(detail.resourceArn) ?? str(detail.iamRoleArn) ?? '')?.[1] ?? 'aws';

  return {
    kind,
    state,
    accountId,
    accountName: own(map(envelope?.accountNames), accountId),
    region,
    partition,
    time: str(event.time),
    environmentName,
    jobId,
    resourceArn: str(detail.resourceArn) ?? str(detail.sourceResourceArn) ?? str(detail.createdResourceArn),
    resourceType: str(detail.resourceType),
    backupVaultName,
    destinationVaultArn: str(detail.destinationBackupVaultArn),
    statusMessage: str(detail.statusMessage),
  };
}

/** A one-line summary of a job event (the context line of its Slack message). */
export function summarizeOrganizationJobEvent(e: OrganizationJobEvent): string {
  const account = e.accountName ? `${e.accountName} (${e.accountId})` : e.accountId;
  return [
    `${JOB_LABELS[e.kind]} ${e.state} in account ${account}, region ${e.region}`,
    e.backupVaultName ? `vault ${e.backupVaultName}` : undefined,
    e.destinationVaultArn ? `copy to ${e.destinationVaultArn}` : undefined,
    e.resourceType ? `resource type ${e.resourceType}` : undefined,
  ].filter(Boolean).join(', ') + '.';
}
