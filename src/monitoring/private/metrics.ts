import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The CloudWatch namespace of AWS Backup. */
export const BACKUP_NAMESPACE = 'AWS/Backup';

/** A metric of AWS Backup for one vault (dimension BackupVaultName). */
export function backupMetric(vaultName: string, metricName: string, period: Duration, label?: string, statistic?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: BACKUP_NAMESPACE,
    metricName,
    dimensionsMap: { BackupVaultName: vaultName },
    statistic: statistic ?? cloudwatch.Stats.SUM,
    period,
    label,
  });
}

/**
 * A metric of AWS Backup for one vault as the public `metric*()` methods give it: the sum over
 * 5 minutes (aws-cdk-lib's default period) unless `props` say otherwise; the vault's
 * BackupVaultName dimension is always set.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
 */
export function vaultMetric(vaultName: string, metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: BACKUP_NAMESPACE,
    metricName,
    statistic: cloudwatch.Stats.SUM,
    ...props,
    dimensionsMap: { ...props.dimensionsMap, BackupVaultName: vaultName },
  });
}

/** Job metrics by state, for the dashboard. */
export const JOB_STATE_METRICS: Array<[string, string]> = [
  ['NumberOfBackupJobsCompleted', 'Completed'],
  ['NumberOfBackupJobsFailed', 'Failed'],
  ['NumberOfBackupJobsExpired', 'Expired'],
  ['NumberOfBackupJobsAborted', 'Aborted'],
];

/**
 * Recovery point metrics by state, for the dashboard. AWS publishes all but Completed as gauges
 * (counts at a time): the dashboard shows their maximum.
 */
export const RECOVERY_POINT_METRICS: Array<[string, string]> = [
  ['NumberOfRecoveryPointsCompleted', 'Completed'],
  ['NumberOfRecoveryPointsPartial', 'Partial'],
  ['NumberOfRecoveryPointsExpired', 'Expired (not deleted)'],
  ['NumberOfRecoveryPointsCold', 'Cold storage'],
  ['NumberOfRecoveryPointsDeleting', 'Deleting'],
];

/** Copy and restore job metrics, for the dashboard. */
export const COPY_RESTORE_METRICS: Array<[string, string]> = [
  ['NumberOfCopyJobsCompleted', 'Copies completed'],
  ['NumberOfCopyJobsFailed', 'Copies failed'],
  ['NumberOfRestoreJobsCompleted', 'Restores completed'],
  ['NumberOfRestoreJobsFailed', 'Restores failed'],
];
