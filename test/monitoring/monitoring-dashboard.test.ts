import { EnvironmentBackup } from '../../src';
import { BackupDashboard, MonitoringDashboard } from '../../src/monitoring';
import { stack } from '../support/stack';

test('MonitoringDashboard.shared() needs a BackupDashboard (a JavaScript caller may pass anything)', () => {
  expect(() => MonitoringDashboard.shared(undefined as any))
    .toThrow('MonitoringDashboard.shared(dashboard): dashboard (undefined) must be a BackupDashboard');
  expect(() => MonitoringDashboard.shared({} as any))
    .toThrow('MonitoringDashboard.shared(dashboard): dashboard (object) must be a BackupDashboard');
});

test('onDashboard given a BackupDashboard (a JavaScript caller of the old dashboard prop) fails naming what to write', () => {
  const s = stack();
  const dashboard = new BackupDashboard(s, 'D');
  expect(() => new EnvironmentBackup(s, 'E', { environmentName: 'dev', monitoring: { onDashboard: dashboard as any } }))
    .toThrow('S/E: monitoring.onDashboard (BackupDashboard) must be MonitoringDashboard.shared(dashboard) or MonitoringDashboard.own()');
});
