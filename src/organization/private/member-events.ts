/**
 * The events a member account's baseline forwards to the central bus: internal to the
 * organization concern (not exported from the library).
 */
import * as events from 'aws-cdk-lib/aws-events';
import { ALARM_STATE_CHANGE_DETAIL_TYPE, MEMBER_FORWARDING_ALARM_SUFFIX } from '../../private/handler/organization-job-event';
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

/**
 * The member baseline's forwarding alarm going to ALARM, or back to OK from ALARM (not the
 * INSUFFICIENT_DATA → OK of a new alarm, which every stack instance would send at its first deploy).
 * `alarmArns` narrows the member rule to its own alarm; the central rule matches the alarm's name.
 * CloudWatch user guide, "Alarm events and EventBridge".
 */
export function forwardingAlarmPattern(alarmArns?: string[]): events.EventPattern {
  return {
    source: ['aws.cloudwatch'],
    detailType: [ALARM_STATE_CHANGE_DETAIL_TYPE],
    ...alarmArns ? { resources: alarmArns } : {},
    detail: {
      ...alarmArns ? {} : { alarmName: [{ suffix: `-${MEMBER_FORWARDING_ALARM_SUFFIX}` }] },
      $or: [
        { state: { value: ['ALARM'] } },
        { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } },
      ],
    },
  };
}
