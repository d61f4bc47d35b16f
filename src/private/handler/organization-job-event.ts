/**
 * The `kind` of the envelope that the organization's central EventBridge rule puts in the Slack
 * forwarder's buffer queue (its input transformer), and by which the forwarder's handler recognises
 * a member account's job event. Shared by `OrganizationBackup` (which writes it) and the handler's
 * `eventbridge-job-events.ts` (which reads it). Pure: no aws-cdk-lib (the handler's bundle imports it).
 */
export const ORGANIZATION_JOB_EVENT_KIND = 'cdk-environment-backup/organization-job-event';

/**
 * The detail type of CloudWatch's alarm state change events on EventBridge (source
 * `aws.cloudwatch`; detail `alarmName`, `state.value`, `state.reason`, `state.timestamp`,
 * `previousState`, `configuration.description`): CloudWatch user guide, "Alarm events and
 * EventBridge", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export const ALARM_STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/**
 * How the member baseline's forwarding alarm's name ends (`<environment>-<suffix>`): the central
 * rule forwards only alarms whose name ends so, and the handler finds the environment by the prefix.
 */
export const MEMBER_FORWARDING_ALARM_SUFFIX = 'BackupEventForwardingFailed';
