import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { EnvironmentBackup } from '../../../src';
import { BackupMonitoring } from '../../../src/monitoring';
import { stack } from '../../support/stack';

// The job metrics, public as aws-cdk-lib's constructs offer theirs (metric*() returning a
// cloudwatch.Metric), so users build their own alarms and dashboards.
// https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
const NAMED: Array<[string, (m: BackupMonitoring | EnvironmentBackup) => cloudwatch.Metric]> = [
  ['NumberOfBackupJobsCompleted', (m) => m.metricBackupJobsCompleted()],
  ['NumberOfBackupJobsFailed', (m) => m.metricBackupJobsFailed()],
  ['NumberOfBackupJobsExpired', (m) => m.metricBackupJobsExpired()],
  ['NumberOfBackupJobsAborted', (m) => m.metricBackupJobsAborted()],
  ['NumberOfCopyJobsFailed', (m) => m.metricCopyJobsFailed()],
  ['NumberOfRestoreJobsFailed', (m) => m.metricRestoreJobsFailed()],
];

describe('metric*() of EnvironmentBackup and BackupMonitoring', () => {
  test.each(NAMED)('%s: AWS/Backup, the vault dimension, summed over 5 minutes', (metricName, get) => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'prod' });
    for (const owner of [env, env.monitoring!]) {
      const m = get(owner);
      expect(m).toBeInstanceOf(cloudwatch.Metric);
      expect(m.namespace).toBe('AWS/Backup');
      expect(m.metricName).toBe(metricName);
      expect(m.statistic).toBe('Sum');
      expect(m.period.toMinutes()).toBe(5);
      expect(s.resolve(m.dimensions)).toEqual({ BackupVaultName: s.resolve(env.vault.backupVaultName) });
    }
  });

  test('metric(name, props): any AWS/Backup metric; props override the period and statistic, never the vault', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'prod', monitoring: { alarms: false } });
    expect(env.monitoring).toBeUndefined();
    const m = env.metric('NumberOfRecoveryPointsCold', {
      period: Duration.hours(1), statistic: 'Maximum', label: 'cold', dimensionsMap: { BackupVaultName: 'other' },
    });
    expect([m.metricName, m.statistic, m.period.toHours(), m.label]).toEqual(['NumberOfRecoveryPointsCold', 'Maximum', 1, 'cold']);
    expect(s.resolve(m.dimensions)).toEqual({ BackupVaultName: s.resolve(env.vault.backupVaultName) });
  });

  test('a user alarm on a metric renders on the vault', () => {
    const s = stack();
    const m = new BackupMonitoring(s, 'M', { vaultName: 'prod-vault', environmentName: 'prod', alarms: false });
    m.metricBackupJobsFailed({ period: Duration.hours(6) }).createAlarm(s, 'Mine', { threshold: 3, evaluationPeriods: 1 });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Backup',
      MetricName: 'NumberOfBackupJobsFailed',
      Statistic: 'Sum',
      Period: 21600,
      Dimensions: [{ Name: 'BackupVaultName', Value: 'prod-vault' }],
      Threshold: 3,
    });
  });
});
