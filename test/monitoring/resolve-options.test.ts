import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup } from '../../src';
import { BackupDashboard, BackupMonitoring, MonitoringDashboard } from '../../src/monitoring';
import { resolveMonitoringOptions } from '../../src/monitoring/resolve-options';
import { stack } from '../support/stack';

// monitoring.dashboard and monitoring.createDashboard: deprecated for one minor version, replaced by
// monitoring.onDashboard (MonitoringDashboard.shared(d) / .own()).
describe('the deprecated dashboard props still work, with a warning naming onDashboard', () => {
  test('createDashboard: true is MonitoringDashboard.own(): the same dashboard at the same path', () => {
    const old = stack();
    new EnvironmentBackup(old, 'E', { environmentName: 'dev', monitoring: { createDashboard: true } });
    const now = stack();
    new EnvironmentBackup(now, 'E', { environmentName: 'dev', monitoring: { onDashboard: MonitoringDashboard.own() } });
    const dashboards = (s: typeof old) => Template.fromStack(s).findResources('AWS::CloudWatch::Dashboard');
    // Same logical ID and properties: switching to onDashboard keeps the deployed dashboard.
    expect(dashboards(old)).toEqual(dashboards(now));
    expect(Object.keys(dashboards(now))).toEqual([expect.stringMatching(/^EMonitoringDashboard/)]);
    Annotations.fromStack(old).hasWarning('/S/E', Match.stringLikeRegexp(
      'monitoring\\.createDashboard is deprecated and will be removed in the next minor version: use monitoring\\.onDashboard: MonitoringDashboard\\.own\\(\\)' +
      '.*cdk-environment-backup:deprecated:MonitoringOptions\\.createDashboard'));
    Annotations.fromStack(now).hasNoWarning('*', Match.stringLikeRegexp('deprecated'));
  });

  test('dashboard: d is MonitoringDashboard.shared(d)', () => {
    const s = stack();
    const shared = new BackupDashboard(s, 'Shared', { dashboardName: 'backups' });
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { dashboard: shared } });
    expect(env.monitoring!.dashboard).toBe(shared);
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardBody: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('## dev backups')])] }),
    });
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp(
      'monitoring\\.dashboard is deprecated .*use monitoring\\.onDashboard: MonitoringDashboard\\.shared\\(dashboard\\)'));
  });

  test('alarms off, a deprecated dashboard prop still creates the monitoring', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { alarms: false, createDashboard: true } });
    expect(env.monitoring!.alarms).toEqual([]);
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('createDashboard: false: no dashboard, and the warning says to leave onDashboard out', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { createDashboard: false } });
    expect(env.monitoring!.dashboard).toBeUndefined();
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp('monitoring\\.createDashboard is deprecated .*leave monitoring\\.onDashboard out for no dashboard'));
  });

  test('on BackupMonitoring alone, the warning names its own props', () => {
    const s = stack();
    const m = new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', createDashboard: true });
    expect(m.dashboard!.node.path).toBe('S/Mon/Dashboard');
    Annotations.fromStack(s).hasWarning('/S/Mon', Match.stringLikeRegexp('^createDashboard is deprecated .*use onDashboard: MonitoringDashboard\\.own\\(\\)'));
  });
});

describe('an old and the new prop of the same choice fail', () => {
  test.each([
    ['dashboard', (d: BackupDashboard) => ({ dashboard: d, onDashboard: MonitoringDashboard.own() }), 'monitoring.dashboard'],
    ['createDashboard', (d: BackupDashboard) => ({ createDashboard: true, onDashboard: MonitoringDashboard.shared(d) }), 'monitoring.createDashboard'],
    ['createDashboard: false', (d: BackupDashboard) => ({ createDashboard: false, onDashboard: MonitoringDashboard.shared(d) }), 'monitoring.createDashboard'],
  ])('%s with onDashboard', (_, monitoring, old) => {
    const s = stack();
    const d = new BackupDashboard(s, 'D');
    expect(() => new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: monitoring(d) }))
      .toThrow(`S/E: ${old} (deprecated) and monitoring.onDashboard are both set, and they make the same choice: remove ${old}`);
  });

  test('on BackupMonitoring alone; and the two old props together', () => {
    const s = stack();
    const d = new BackupDashboard(s, 'D');
    expect(() => new BackupMonitoring(s, 'M', { vaultName: 'v', environmentName: 'e', dashboard: d, onDashboard: MonitoringDashboard.own() }))
      .toThrow('S/M: dashboard (deprecated) and onDashboard are both set, and they make the same choice: remove dashboard');
    expect(() => new BackupMonitoring(s, 'N', { vaultName: 'v', environmentName: 'e', createDashboard: true, dashboard: d }))
      .toThrow(/S\/N: dashboard and createDashboard are both given: give one of them \(both are deprecated: use onDashboard\)/);
  });
});

describe('resolveMonitoringOptions', () => {
  test('nothing asked for (alarms off, no dashboard): no monitoring', () => {
    const s = stack();
    expect(resolveMonitoringOptions(s, { alarms: false }, 'monitoring')).toBeUndefined();
    expect(resolveMonitoringOptions(s, { alarms: false, createDashboard: false }, 'monitoring')).toBeUndefined();
  });

  test('alarms by default; the deprecated props are folded into onDashboard', () => {
    const s = stack();
    expect(resolveMonitoringOptions(s, undefined, 'monitoring')).toEqual({ onDashboard: undefined });
    const resolved = resolveMonitoringOptions(s, { alarms: false, createDashboard: true, alarmThreshold: 2 }, 'monitoring')!;
    expect(Object.keys(resolved).sort()).toEqual(['alarmThreshold', 'alarms', 'onDashboard']);
    expect(resolved.onDashboard).toBeInstanceOf(MonitoringDashboard);
  });
});
