import { Duration } from 'aws-cdk-lib';
import { MonitoringDashboard } from './monitoring-dashboard';

/**
 * Options of the CloudWatch alarms and dashboard of an environment's backups.
 */
export interface MonitoringOptions {
  /**
   * Create the alarms on failed, expired and aborted backup jobs and failed copy and restore
   * jobs.
   *
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * The dashboard this environment's row goes on: `MonitoringDashboard.shared(dashboard)` for a
   * `BackupDashboard` shared by several environments (e.g. one for the whole app), or
   * `MonitoringDashboard.own()` for a dashboard of this environment alone (`backup-<environmentName>`).
   *
   * @default - no dashboard
   */
  readonly onDashboard?: MonitoringDashboard;
  /**
   * The period over which the alarms count jobs: whole minutes, at least 1 minute, at most 7 days
   * (CloudWatch's evaluation range; at most 1 day under a 1-hour period).
   *
   * @default Duration.hours(1)
   */
  readonly alarmPeriod?: Duration;
  /**
   * A heartbeat alarm: no backup job completed in the vault for longer than the plan's schedule
   * allows (AWS/Backup NumberOfBackupJobsCompleted, missing data breaching). It catches what sends
   * no failure: a selection that selects nothing, a plan that stopped, a role AWS Backup cannot
   * assume. Plans whose most frequent rule runs less often than weekly cannot have one (CloudWatch
   * evaluates at most 7 days): a synth warning says so.
   *
   * @default true
   */
  readonly heartbeat?: boolean;
  /**
   * How long without a completed backup job raises the heartbeat alarm: whole hours, 1 hour to 7
   * days.
   *
   * @default - derived from the plan's rules: the longest gap between scheduled runs, plus the
   * start and completion windows, plus 10% slack (at least 1 hour), capped at 7 days.
   */
  readonly heartbeatWindow?: Duration;
  /**
   * How many jobs in a period raise an alarm (at least 1).
   *
   * @default 1
   */
  readonly alarmThreshold?: number;
}

