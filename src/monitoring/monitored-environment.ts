import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * What a `BackupDashboard` row shows of an environment: its name, its vault and its alarms.
 * `BackupMonitoring` is one.
 */
export interface IMonitoredEnvironment {
  /** The environment's name (the row's title). */
  readonly environmentName: string;
  /** The vault the row's AWS/Backup metrics are about (dimension BackupVaultName). */
  readonly vaultName: string;
  /** The alarms whose state the row shows (none: no alarm widget). */
  readonly alarms: cloudwatch.Alarm[];
}
