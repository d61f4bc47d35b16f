import { Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup } from '../../../src';
import { BackupDashboard, MonitoringDashboard } from '../../../src/monitoring';
import { resolveMonitoringOptions } from '../../../src/monitoring/private/resolve-options';
import { stack } from '../../support/stack';

describe('resolveMonitoringOptions', () => {
  test('nothing asked for (alarms off, no dashboard): no monitoring', () => {
    const s = stack();
    expect(resolveMonitoringOptions(s, { alarms: false }, 'monitoring')).toBeUndefined();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { alarms: false } });
    expect(env.monitoring).toBeUndefined();
  });

  test('alarms by default; alarms off with a dashboard still creates the monitoring', () => {
    const s = stack();
    expect(resolveMonitoringOptions(s, undefined, 'monitoring')).toEqual({ onDashboard: undefined });
    const resolved = resolveMonitoringOptions(s, { alarms: false, onDashboard: MonitoringDashboard.own(), alarmThreshold: 2 }, 'monitoring')!;
    expect(Object.keys(resolved).sort()).toEqual(['alarmThreshold', 'alarms', 'onDashboard']);
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { alarms: false, onDashboard: MonitoringDashboard.own() } });
    expect(env.monitoring!.alarms).toEqual([]);
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('the environment\'s own dashboard is at Monitoring/Dashboard; a shared one is the given dashboard', () => {
    const s = stack();
    const own = new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { onDashboard: MonitoringDashboard.own() } });
    expect(own.monitoring!.dashboard!.node.path).toBe('S/E/Monitoring/Dashboard');
    const shared = new BackupDashboard(s, 'Shared', { dashboardName: 'backups' });
    const env = new EnvironmentBackup(s, 'F', { environmentName: 'stg', monitoring: { onDashboard: MonitoringDashboard.shared(shared) } });
    expect(env.monitoring!.dashboard).toBe(shared);
  });
});
