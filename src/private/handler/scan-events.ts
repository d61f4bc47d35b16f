// The Slack forwarder's handler reads these constants; src/private/scan-result-pattern.ts writes the rules' pattern from them.

/** The `kind` of the envelope an environment's scan rule sends (its input transformer). */
export const SCAN_JOB_EVENT_KIND = 'cdk-environment-backup/scan-job-event';

/** The EventBridge detail type of AWS Backup's scan job events. */
export const SCAN_JOB_DETAIL_TYPE = 'Scan Job State Change';

/**
 * The scan job states that need a person whatever the result: FAILED and CANCELED (the recovery
 * point was not scanned), COMPLETED_WITH_ISSUES (GuardDuty: "some files were either skipped or
 * failed" for S3, "at least 1 snapshot was not able to be scanned" for AMIs — part of the recovery
 * point is unscanned).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/monitoring-malware-protection-backup-scans.html
 */
export const SCAN_STATES_NEEDING_A_PERSON = ['FAILED', 'CANCELED', 'COMPLETED_WITH_ISSUES'];

/** The scan result that means GuardDuty detected malware. */
export const THREATS_FOUND = 'THREATS_FOUND';
