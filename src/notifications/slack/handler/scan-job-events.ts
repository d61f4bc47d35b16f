/*
 * AWS Backup malware scan job events (GuardDuty Malware Protection for AWS Backup) from EventBridge:
 * what needs a person, and parsing into the forwarder's notification model. Pure: no aws-cdk-lib,
 * no AWS SDK, no I/O.
 *
 * Vault notifications (SNS) carry no scan events (the API's BackupVaultEvent enum has none): scan
 * results reach us only as EventBridge events. Their shape is the AWS Backup developer guide's,
 * "Monitoring AWS Backup events using Amazon EventBridge", section "Malware scan Job events"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#aws-backup-events-malware-scan-job):
 * source `aws.backup`, detail-type `Scan Job State Change`, detail fields `state` (CREATED, RUNNING,
 * COMPLETED, COMPLETED_WITH_ISSUES, FAILED, CANCELED), `scanResult.scanResultStatus` (THREATS_FOUND,
 * NO_THREATS_FOUND; absent from the guide's FAILED and CANCELED samples), `statusMessage`,
 * `scanJobId`, `scanId`, `recoveryPointArn`, `resourceArn`, `resourceType`, `backupVaultName`,
 * `backupVaultArn`, `accountId`, `createdBy`, `scannerRoleArn`, `malwareScanner`,
 * `scanBaseRecoveryPointArn`. The API's ScanJob shape (DescribeScanJob) has the same fields in
 * PascalCase and the same states (ScanState).
 *
 * The environment's rule puts an envelope (see `SCAN_JOB_EVENT_KIND`) in the Slack forwarder's
 * buffer queue and on the environment's topic; `parseQueueRecord` and `parseRecord` recognise it.
 */

export { SCAN_JOB_EVENT_KIND, SCAN_JOB_DETAIL_TYPE, SCAN_STATES_NEEDING_A_PERSON, THREATS_FOUND } from '../../../private/handler/scan-events';
import { SCAN_JOB_DETAIL_TYPE, SCAN_JOB_EVENT_KIND, THREATS_FOUND } from '../../../private/handler/scan-events';

/** One scan job event, with the environment the envelope names. */
export interface ScanJobEvent {
  /** The scan job's state (COMPLETED, COMPLETED_WITH_ISSUES, FAILED, CANCELED…). */
  readonly state: string;
  /** THREATS_FOUND or NO_THREATS_FOUND; absent when the scan did not complete. */
  readonly scanResult?: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly time?: string;
  readonly environmentName?: string;
  readonly scanJobId?: string;
  readonly scanId?: string;
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly recoveryPointArn?: string;
  readonly backupVaultName?: string;
  readonly statusMessage?: string;
}

/** The input is not an AWS Backup scan job event. */
export class MalformedScanEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedScanEventError';
  }
}

/** True when the input is an environment scan rule's envelope. */
export function isScanJobEnvelope(input: unknown): boolean {
  return !!input && typeof input === 'object' && (input as any).kind === SCAN_JOB_EVENT_KIND;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the scan rule's envelope (`{ kind, environmentName, summary, event }`) or a bare
 * EventBridge event. Throws `MalformedScanEventError` for anything else.
 */
export function parseScanJobEvent(input: unknown): ScanJobEvent {
  if (!input || typeof input !== 'object') throw new MalformedScanEventError('the input is not an object');
  const envelope = isScanJobEnvelope(input) ? input as any : undefined;
  const event: any = envelope ? envelope.event : input;
  if (!event || typeof event !== 'object') throw new MalformedScanEventError('the envelope carries no event');
  if (event.source !== 'aws.backup') throw new MalformedScanEventError(`the event's source is ${JSON.stringify(event.source)}, not aws.backup`);
  if (event['detail-type'] !== SCAN_JOB_DETAIL_TYPE) {
    throw new MalformedScanEventError(`the detail type ${JSON.stringify(event['detail-type'])} is not "${SCAN_JOB_DETAIL_TYPE}"`);
  }
  const detail = event.detail;
  if (!detail || typeof detail !== 'object') throw new MalformedScanEventError('the event has no detail');
  const accountId = str(event.account) ?? str(detail.accountId);
  const region = str(event.region);
  if (!accountId || !region) throw new MalformedScanEventError('the event has no account or region');
  const recoveryPointArn = str(detail.recoveryPointArn);
  const resourceArn = str(detail.resourceArn);
  return {
    state: str(detail.state) ?? 'UNKNOWN',
    scanResult: str(detail.scanResult?.scanResultStatus),
    accountId,
    region,
    partition: /^arn:([^:]+):/.exec(recoveryPointArn ?? resourceArn ?? '')?.[1] ?? 'aws',
    time: str(event.time),
    environmentName: str(envelope?.environmentName),
    scanJobId: str(detail.scanJobId),
    scanId: str(detail.scanId),
    resourceArn,
    resourceType: str(detail.resourceType),
    recoveryPointArn,
    backupVaultName: str(detail.backupVaultName),
    statusMessage: str(detail.statusMessage),
  };
}

/**
 * What the person is told, in one word: THREATS_FOUND when GuardDuty found malware (whatever the
 * state: a scan completed with issues may have found some), else the scan job's state.
 */
export function scanOutcome(e: Pick<ScanJobEvent, 'state' | 'scanResult'>): string {
  return e.scanResult === THREATS_FOUND ? THREATS_FOUND : e.state;
}

/** A one-line summary of a scan job event (the context line of its Slack message). */
export function summarizeScanJobEvent(e: ScanJobEvent): string {
  const what = e.scanResult === THREATS_FOUND
    ? 'GuardDuty found malware in a recovery point'
    : e.state === 'COMPLETED_WITH_ISSUES'
      ? 'A malware scan did not scan all of a recovery point (completed with issues)'
      : e.state === 'CANCELED'
        ? 'A malware scan was canceled: the recovery point is not scanned'
        : e.state === 'FAILED'
          ? 'A malware scan failed: the recovery point is not scanned'
          : `A malware scan is ${e.state}`;
  return [
    `${what}`,
    e.resourceType ? `resource type ${e.resourceType}` : undefined,
    e.backupVaultName ? `vault ${e.backupVaultName}` : undefined,
    e.scanResult && e.scanResult !== THREATS_FOUND ? `scan result ${e.scanResult}` : undefined,
  ].filter(Boolean).join(', ') + '.';
}
