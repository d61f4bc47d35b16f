import { IConstruct } from 'constructs';
import { MonitoringDashboard } from './monitoring-dashboard';
import { MonitoringOptions } from './monitoring-options';
import { assertNotBoth, propertyPath, warnDeprecated } from '../private/deprecation';
import { validationError } from '../private/validation';

/**
 * The monitoring an environment asks for, ready for `BackupMonitoring`: the deprecated dashboard
 * props folded into `onDashboard` (with a warning naming it), or undefined when it asks for
 * nothing (alarms off and no dashboard).
 *
 * @param prefix the options' property in the caller's props, e.g. `monitoring`
 */
export function resolveMonitoringOptions(scope: IConstruct, options: MonitoringOptions | undefined, prefix: string): MonitoringOptions | undefined {
  const given = options ?? {};
  const onDashboard = dashboardChoice(scope, given, prefix);
  const { dashboard: _shared, createDashboard: _own, ...rest } = given;
  if (!(given.alarms ?? true) && onDashboard === undefined) return undefined;
  return { ...rest, onDashboard };
}

/**
 * The dashboard the options ask for: `onDashboard`, or what the deprecated `dashboard` /
 * `createDashboard` ask for (with a warning naming `onDashboard`); an old and the new prop
 * together fail.
 */
export function dashboardChoice(scope: IConstruct, options: MonitoringOptions, prefix?: string): MonitoringDashboard | undefined {
  const p = (name: string) => propertyPath(prefix, name);
  const { dashboard, createDashboard, onDashboard } = options;
  if (dashboard && createDashboard) {
    throw validationError(scope, `${p('dashboard')} and ${p('createDashboard')} are both given: give one of them (both are deprecated: use ${p('onDashboard')})`);
  }
  assertNotBoth(scope, p('dashboard'), p('onDashboard'), dashboard !== undefined, onDashboard !== undefined);
  assertNotBoth(scope, p('createDashboard'), p('onDashboard'), createDashboard !== undefined, onDashboard !== undefined);
  if (dashboard !== undefined) {
    warnDeprecated(scope, 'MonitoringOptions.dashboard', p('dashboard'), `${p('onDashboard')}: MonitoringDashboard.shared(dashboard)`);
    return MonitoringDashboard.shared(dashboard);
  }
  if (createDashboard !== undefined) {
    warnDeprecated(scope, 'MonitoringOptions.createDashboard', p('createDashboard'),
      createDashboard ? `${p('onDashboard')}: MonitoringDashboard.own()` : `nothing: leave ${p('onDashboard')} out for no dashboard`);
    return createDashboard ? MonitoringDashboard.own() : undefined;
  }
  if (onDashboard !== undefined && !(onDashboard instanceof MonitoringDashboard)) {
    throw validationError(scope, `${p('onDashboard')} (${onDashboard === null ? 'null' : (onDashboard as object).constructor?.name ?? typeof onDashboard}) must be ` +
      'MonitoringDashboard.shared(dashboard) or MonitoringDashboard.own()');
  }
  return onDashboard;
}
