/**
 * The `kind` of the envelope that the organization's central EventBridge rule puts in the Slack
 * forwarder's buffer queue (its input transformer), and by which the forwarder's handler recognises
 * a member account's job event. Shared by `OrganizationBackup` (which writes it) and the handler's
 * `eventbridge-job-events.ts` (which reads it). Pure: no aws-cdk-lib (the handler's bundle imports it).
 */
export const ORGANIZATION_JOB_EVENT_KIND = 'cdk-environment-backup/organization-job-event';
