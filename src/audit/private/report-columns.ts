/**
 * The fields of each AWS Backup Audit Manager report template, as AWS documents them in the sample
 * JSON reports of "Choosing your report template"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-report-template.html).
 *
 * What is documented: the JSON field names (a JSON report is one object `{"reportItems": [...]}`).
 * What we infer, and say so:
 * - `statusMessage` of the job reports: the page says jobs "completed with issues" carry status
 *   messages, but the samples show no such field; we keep the column (empty when absent).
 * - The CSV column order: AWS documents no CSV header; the CSV tables list the columns in the order of
 *   the JSON sample and skip the header line. Check it against your first CSV report, or query the
 *   JSON tables, which match fields by name.
 * - A JSON report is read as one record a line (the JSON SerDe's rule): we assume AWS writes the
 *   object on one line, as machine-written reports usually are.
 * Nested objects (`backupOptions`) are left out. Every column is a string: cast in queries
 * (`CAST(deleteafterdays AS integer)`, `from_iso8601_timestamp(creationdate)`).
 */
export const REPORT_COLUMNS: { readonly [template: string]: readonly string[] } = {
  BACKUP_JOB_REPORT: [
    'reportTimePeriodStart', 'reportTimePeriodEnd', 'accountId', 'region', 'backupJobId', 'jobStatus', 'statusMessage',
    'resourceType', 'resourceArn', 'resourceName', 'backupPlanArn', 'backupRuleId', 'initiationDate', 'backupPlanName',
    'backupRuleName', 'backupRuleSchedule', 'backupRuleTimezone', 'startWindowEnd', 'isParentJob', 'parentJobId',
    'creationDate', 'completionDate', 'recoveryPointArn', 'jobRunTime', 'backupSizeInBytes', 'backupVaultName',
    'backupVaultArn', 'vaultType', 'vaultLockStatus', 'isEncrypted', 'encryptionKeyArn', 'deleteAfterDays',
    'moveToColdAfterDays', 'enableArchive', 'iamRoleArn',
  ],
  COPY_JOB_REPORT: [
    'reportTimePeriodStart', 'reportTimePeriodEnd', 'accountId', 'region', 'copyJobId', 'jobStatus', 'statusMessage',
    'jobRunTime', 'resourceType', 'resourceArn', 'resourceName', 'initiationDate', 'backupPlanName', 'backupRuleName',
    'backupRuleSchedule', 'backupRuleTimezone', 'startWindowEnd', 'isParentJob', 'parentJobId', 'creationDate',
    'completionDate', 'backupSizeInBytes', 'sourceRecoveryPointArn', 'sourceBackupVaultArn',
    'destinationRecoveryPointArn', 'destinationBackupVaultArn', 'vaultType', 'vaultLockStatus', 'isEncrypted',
    'encryptionKeyArn', 'deleteAfterDays', 'moveToColdAfterDays', 'enableArchive', 'iamRoleArn',
  ],
  RESTORE_JOB_REPORT: [
    'reportTimePeriod', 'accountId', 'region', 'restoreJobId', 'jobStatus', 'statusMessage', 'recoveryPointArn',
    'resourceName', 'initiationDate', 'backupPlanName', 'backupRuleName', 'backupRuleSchedule', 'backupRuleTimezone',
    'startWindowEnd', 'isParentJob', 'parentJobId', 'vaultType', 'vaultLockStatus', 'isEncrypted', 'encryptionKeyArn',
    'deleteAfterDays', 'moveToColdAfterDays', 'enableArchive', 'sourceResourceArn', 'backupVaultArn', 'creationDate',
    'backupSizeInBytes', 'percentDone', 'iamRoleArn',
  ],
  CONTROL_COMPLIANCE_REPORT: [
    'accountId', 'region', 'frameworkName', 'frameworkDescription', 'controlName', 'controlComplianceStatus',
    'lastEvaluationTime', 'numResourcesCompliant', 'numResourcesNonCompliant', 'controlFrequency', 'controlScope',
    'controlParameters',
  ],
  RESOURCE_COMPLIANCE_REPORT: [
    'accountId', 'region', 'frameworkName', 'frameworkDescription', 'controlName', 'resourceId', 'resourceType',
    'resourceComplianceStatus', 'lastEvaluationTime',
  ],
};

/**
 * Templates AWS documents (`ReportSetting.ReportTemplate` of the AWS Backup API) but publishes no
 * sample report for, so their columns are unknown: `BackupReportAnalytics` makes no table for them
 * and says why in an info annotation. Guessed columns would be worse than none: a CSV table maps
 * columns by position, so one wrong guess shifts every column after it.
 *
 * SCAN_JOB_REPORT: the AWS Backup API lists it among the report templates (botocore's
 * ReportSetting.ReportTemplate documentation), but no sample of its report was found in AWS's
 * documentation (searched December 2026; "Choosing your report template" shows the backup, copy,
 * restore and compliance templates). The scan job's fields in the API
 * (`ScanJob`: scanJobId, state, scanResult…) are likely, not documented, report columns. To add
 * the table: take the field names of a delivered JSON scan job report (`reportItems[0]`), in order,
 * add them above as `SCAN_JOB_REPORT: [...]`, and remove the entry here.
 */
export const UNDOCUMENTED_REPORT_COLUMNS: { readonly [template: string]: string } = {
  SCAN_JOB_REPORT: 'AWS publishes no sample of the scan job report, so its columns are unverified ' +
    '(https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-report-template.html)',
};
