import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { BackupDashboard, BackupMonitoring, IMonitoredEnvironment, MonitoringDashboard } from '../../src/monitoring';
import { testStack } from '../support/stack';

/** The dashboard body is an Fn::Join of strings and tokens: join it with placeholders and parse it. */
function dashboardBody(stack: Stack): any {
  const dashboards = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1]
    .map((part: any) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`)).join('');
  return JSON.parse(text);
}

function metricNames(widget: any): string[] {
  return (widget.properties.metrics as any[]).map((m) => m[1]);
}

describe('BackupDashboard', () => {
  test('addEnvironment takes any IMonitoredEnvironment (public API): a row with its alarms', () => {
    const s = testStack();
    const dashboard = new BackupDashboard(s, 'D');
    const alarm = new cloudwatch.Alarm(s, 'A', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/Backup', metricName: 'NumberOfBackupJobsFailed' }), threshold: 1, evaluationPeriods: 1,
    });
    const environment: IMonitoredEnvironment = { environmentName: 'custom', vaultName: 'custom-vault', alarms: [alarm] };
    dashboard.addEnvironment(environment);
    const widgets: any[] = dashboardBody(s).widgets;
    expect(widgets.map((w) => w.properties.title ?? w.properties.markdown)).toEqual([
      '## custom backups\nVault `custom-vault`',
      'custom: backup jobs by state',
      'custom: recovery points',
      'custom: copy and restore jobs',
      'custom: backup alarms',
    ]);
    expect(metricNames(widgets[1])[0]).toBe('NumberOfBackupJobsCompleted');
  });

  test('a row an environment: jobs by state, recovery points, copies and restores, alarm status', () => {
    const s = testStack();
    const dashboard = new BackupDashboard(s, 'D', { dashboardName: 'backups', timeRange: Duration.days(14) });
    new BackupMonitoring(s, 'Prod', { vaultName: 'prod-vault', environmentName: 'production', onDashboard: MonitoringDashboard.shared(dashboard) });
    new BackupMonitoring(s, 'Dev', { vaultName: 'dev-vault', environmentName: 'development', onDashboard: MonitoringDashboard.shared(dashboard), alarms: false });

    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'backups' });
    const body = dashboardBody(s);
    expect(body.start).toBe('-P14D');
    const widgets: any[] = body.widgets;

    const titles = widgets.map((w) => w.properties.title ?? w.properties.markdown);
    expect(titles).toEqual([
      '## production backups\nVault `prod-vault`',
      'production: backup jobs by state',
      'production: recovery points',
      'production: copy and restore jobs',
      'production: backup alarms',
      '## development backups\nVault `dev-vault`',
      'development: backup jobs by state',
      'development: recovery points',
      'development: copy and restore jobs',
    ]);

    const jobs = widgets[1];
    expect(metricNames(jobs)).toEqual(['NumberOfBackupJobsCompleted', 'NumberOfBackupJobsFailed', 'NumberOfBackupJobsExpired', 'NumberOfBackupJobsAborted']);
    for (const m of jobs.properties.metrics) {
      expect(m.slice(0, 4)).toEqual(['AWS/Backup', m[1], 'BackupVaultName', 'prod-vault']);
      expect(m[4]).toMatchObject({ stat: 'Sum', period: 3600 });
    }

    const points = widgets[2];
    expect(metricNames(points)).toEqual([
      'NumberOfRecoveryPointsCompleted', 'NumberOfRecoveryPointsPartial', 'NumberOfRecoveryPointsExpired',
      'NumberOfRecoveryPointsCold', 'NumberOfRecoveryPointsDeleting',
    ]);
    expect(points.properties.metrics[3][4]).toMatchObject({ stat: 'Maximum', label: 'Cold storage' });

    expect(metricNames(widgets[3])).toEqual(['NumberOfCopyJobsCompleted', 'NumberOfCopyJobsFailed', 'NumberOfRestoreJobsCompleted', 'NumberOfRestoreJobsFailed']);

    const alarmWidget = widgets[4];
    expect(alarmWidget.type).toBe('alarm');
    expect(alarmWidget.properties.alarms).toHaveLength(4);
    expect(widgets[7].properties.metrics[0][3]).toBe('dev-vault');
  });

  test('invalid name and period fail', () => {
    const s = testStack();
    expect(() => new BackupDashboard(s, 'A', { dashboardName: 'has space' }))
      .toThrow(/dashboardName \(has space\) must hold only letters, digits, "-" and "_", at most 255 characters/);
    expect(() => new BackupDashboard(s, 'B', { period: Duration.seconds(90) }))
      .toThrow(/period \(90 seconds\) must be a whole number of minutes, at least 1 minute/);
  });
});
