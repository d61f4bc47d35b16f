import { Construct } from 'constructs';
import { BackupDashboard, BackupDashboardProps } from './backup-dashboard';
import { isUnresolved, unscopedValidationError } from '../private/validation';

/**
 * The dashboard an environment's row goes on (`MonitoringOptions.onDashboard`): a `BackupDashboard`
 * shared by several environments, or a dashboard of the environment's own.
 *
 * @example
 * import { BackupDashboard, MonitoringDashboard } from 'cdk-environment-backup';
 *
 * const dashboard = new BackupDashboard(this, 'Backups', { dashboardName: 'backups' });
 * new EnvironmentBackup(this, 'Production', {
 *   environmentName: 'production',
 *   monitoring: { onDashboard: MonitoringDashboard.shared(dashboard) },
 * });
 * new EnvironmentBackup(this, 'Staging', {
 *   environmentName: 'staging',
 *   monitoring: { onDashboard: MonitoringDashboard.own() },
 * });
 */
export class MonitoringDashboard {
  /**
   * A row on a dashboard shared with other environments, e.g. one for the whole app.
   *
   * @param dashboard the shared dashboard
   */
  public static shared(dashboard: BackupDashboard): MonitoringDashboard {
    if (!(dashboard instanceof BackupDashboard)) {
      throw unscopedValidationError(`MonitoringDashboard.shared(dashboard): dashboard (${dashboard === null ? 'null' : typeof dashboard}) must be a BackupDashboard`);
    }
    return new MonitoringDashboard(dashboard, undefined);
  }

  /**
   * A dashboard of the environment alone, created under its monitoring construct (id `Dashboard`).
   *
   * @param props the dashboard's name (`backup-<environmentName>` when not given), period and time range
   */
  public static own(props: BackupDashboardProps = {}): MonitoringDashboard {
    return new MonitoringDashboard(undefined, props ?? {});
  }

  private constructor(
    private readonly sharedDashboard: BackupDashboard | undefined,
    private readonly ownProps: BackupDashboardProps | undefined,
  ) {}

  /**
   * The dashboard for a monitoring construct: the shared one, or a new one under `monitoring`.
   *
   * @internal
   */
  public _dashboardFor(monitoring: Construct, environmentName: string): BackupDashboard {
    if (this.sharedDashboard) return this.sharedDashboard;
    return new BackupDashboard(monitoring, 'Dashboard', {
      ...this.ownProps,
      dashboardName: this.ownProps?.dashboardName ?? (isUnresolved(environmentName) ? undefined : `backup-${environmentName}`),
    });
  }
}
