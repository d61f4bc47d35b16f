/**
 * The events a member account's baseline forwards to the central bus: internal to the
 * organization concern (not exported from the library).
 */
import * as events from 'aws-cdk-lib/aws-events';
import { FAILED_JOB_STATES } from '../../private/job-states';

/** The name of the baseline template's parameter that receives the central event bus ARN. */
export const CENTRAL_EVENT_BUS_PARAMETER = 'CentralEventBusArn';

/**
 * The job events a member account forwards: AWS Backup's job state changes that need a person.
 * Backup and copy job events carry the state in `detail.state`, restore job events in
 * `detail.status` (AWS Backup developer guide, "Monitoring AWS Backup events using Amazon
 * EventBridge").
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export const FORWARDED_DETAIL_TYPES = ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'];

/** The event pattern of AWS Backup job failures (member rule and central rule alike). */
export function jobFailurePattern(): events.EventPattern {
  return {
    source: ['aws.backup'],
    detailType: FORWARDED_DETAIL_TYPES,
    detail: { $or: [{ state: FAILED_JOB_STATES }, { status: FAILED_JOB_STATES }] },
  };
}
