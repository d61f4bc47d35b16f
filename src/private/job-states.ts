/**
 * Job states that mean a failure a person must see: backup FAILED, ABORTED, EXPIRED, PARTIAL; copy
 * FAILED, PARTIAL; restore FAILED, ABORTED. Used by the organization's job-failure event pattern and
 * the report analytics' failed-jobs query.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupJob.html
 */
export const FAILED_JOB_STATES = ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'];
