import { MonitoringDashboard } from '../../src/monitoring';

test('MonitoringDashboard.shared() needs a BackupDashboard (a JavaScript caller may pass anything)', () => {
  expect(() => MonitoringDashboard.shared(undefined as any))
    .toThrow('MonitoringDashboard.shared(dashboard): dashboard (undefined) must be a BackupDashboard');
  expect(() => MonitoringDashboard.shared({} as any))
    .toThrow('MonitoringDashboard.shared(dashboard): dashboard (object) must be a BackupDashboard');
});
