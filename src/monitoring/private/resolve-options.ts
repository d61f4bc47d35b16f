import { IConstruct } from 'constructs';
import { validationError } from '../../private/validation';
import { MonitoringDashboard } from '../monitoring-dashboard';
import { MonitoringOptions } from '../monitoring-options';

/**
 * The monitoring an environment asks for, ready for `BackupMonitoring`, or undefined when it asks
 * for nothing (alarms off and no dashboard).
 *
 * @param prefix the options' property in the caller's props, e.g. `monitoring`
 */
export function resolveMonitoringOptions(scope: IConstruct, options: MonitoringOptions | undefined, prefix: string): MonitoringOptions | undefined {
  const given = options ?? {};
  const onDashboard = dashboardChoice(scope, given, prefix);
  if (!(given.alarms ?? true) && onDashboard === undefined) return undefined;
  return { ...given, onDashboard };
}

/**
 * The dashboard the options ask for (`onDashboard`), checked: a JavaScript caller may pass another
 * object.
 */
export function dashboardChoice(scope: IConstruct, options: MonitoringOptions, prefix?: string): MonitoringDashboard | undefined {
  const onDashboard = options.onDashboard;
  if (onDashboard !== undefined && !(onDashboard instanceof MonitoringDashboard)) {
    const property = prefix ? `${prefix}.onDashboard` : 'onDashboard';
    throw validationError(scope, `${property} (${onDashboard === null ? 'null' : (onDashboard as object).constructor?.name ?? typeof onDashboard}) must be ` +
      'MonitoringDashboard.shared(dashboard) or MonitoringDashboard.own()');
  }
  return onDashboard;
}
