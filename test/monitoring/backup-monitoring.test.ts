import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupDashboard, BackupMonitoring, MonitoringDashboard } from '../../src/monitoring';
import { stack } from '../support/stack';

const METRICS = [
  'NumberOfBackupJobsFailed',
  'NumberOfBackupJobsExpired',
  'NumberOfBackupJobsAborted',
  'NumberOfRestoreJobsFailed',
];

describe('BackupMonitoring', () => {
  test('four alarms on the vault: Sum >= 1, missing data not breaching, actions on the topic', () => {
    const s = stack();
    const topic = new sns.Topic(s, 'Topic');
    const m = new BackupMonitoring(s, 'Mon', { vaultName: 'production-vault', environmentName: 'production', alarmTopic: topic });
    expect(m.alarms).toHaveLength(4);
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    // Copy jobs count under their destination vault, never this one: no copy alarm on it.
    expect(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'NumberOfCopyJobsFailed' } })).toEqual({});
    for (const metricName of METRICS) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Backup',
        MetricName: metricName,
        Dimensions: [{ Name: 'BackupVaultName', Value: 'production-vault' }],
        Statistic: 'Sum',
        Period: 3600,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
        OKActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
        AlarmDescription: Match.stringLikeRegexp('^production: .* in backup vault production-vault'),
      });
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'production-BackupJobsFailed', MetricName: 'NumberOfBackupJobsFailed' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'production-RestoreJobsFailed', MetricName: 'NumberOfRestoreJobsFailed' });
  });

  test('no topic: alarms without actions; custom period and threshold', () => {
    const s = stack();
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', alarmPeriod: Duration.minutes(15), alarmThreshold: 3 });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Period: 900, Threshold: 3, AlarmActions: Match.absent(), OKActions: Match.absent(),
    });
  });

  test('alarms false: none created, no dashboard by default', () => {
    const s = stack();
    const m = new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', alarms: false });
    expect(m.alarms).toEqual([]);
    expect(m.dashboard).toBeUndefined();
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('onDashboard: MonitoringDashboard.own() a dashboard of its own; .shared(d) a row on a shared one', () => {
    const s = stack();
    const own = new BackupMonitoring(s, 'Own', { vaultName: 'v1', environmentName: 'dev', onDashboard: MonitoringDashboard.own() });
    expect(own.dashboard).toBeInstanceOf(BackupDashboard);
    expect(own.dashboard!.node.path).toBe('S/Own/Dashboard');
    const shared = new BackupDashboard(s, 'Shared', { dashboardName: 'backups' });
    const a = new BackupMonitoring(s, 'A', { vaultName: 'v2', environmentName: 'staging', onDashboard: MonitoringDashboard.shared(shared) });
    new BackupMonitoring(s, 'B', { vaultName: 'v3', environmentName: 'production', onDashboard: MonitoringDashboard.shared(shared) });
    expect(a.dashboard).toBe(shared);
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 2);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'backup-dev' });
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'backups',
      DashboardBody: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('## staging backups')])] }),
    });
  });

  test('MonitoringDashboard.own(props): the name and period given', () => {
    const s = stack();
    new BackupMonitoring(s, 'Own', { vaultName: 'v1', environmentName: 'dev', onDashboard: MonitoringDashboard.own({ dashboardName: 'dev-health', timeRange: Duration.days(3) }) });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'dev-health' });
    expect(() => new BackupMonitoring(stack(), 'M', { vaultName: 'v', environmentName: 'e', onDashboard: MonitoringDashboard.own({ dashboardName: 'no spaces' }) }))
      .toThrow(/M\/Dashboard: dashboardName \(no spaces\) must hold only letters, digits/);
  });

  test('invalid period, threshold and dashboard options fail', () => {
    expect(() => new BackupMonitoring(stack(), 'M', { vaultName: 'v', environmentName: 'e', alarmPeriod: Duration.seconds(30) }))
      .toThrow(/alarmPeriod \(30 seconds\) must be a whole number of minutes, at least 1 minute/);
    expect(() => new BackupMonitoring(stack(), 'M', { vaultName: 'v', environmentName: 'e', alarmThreshold: 0 }))
      .toThrow(/alarmThreshold \(0\) must be a whole number of jobs, at least 1/);
    expect(() => new BackupMonitoring(stack(), 'M', { vaultName: 'v', environmentName: 'e', alarmThreshold: 1.5 }))
      .toThrow(/alarmThreshold \(1.5\) must be a whole number of jobs, at least 1/);
  });
});

describe('BackupMonitoring and the alarm topic', () => {
  const SOURCE_CONDITIONS = {
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: {
      'aws:SourceArn': {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:production-*']],
      },
    },
  };

  test('the topic policy lets CloudWatch alarms of this environment publish; the topic key lets CloudWatch encrypt', () => {
    const s = stack();
    const key = new kms.Key(s, 'Key');
    const topic = new sns.Topic(s, 'Topic', { masterKey: key });
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'production', alarmTopic: topic });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Action: 'sns:Publish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Resource: { Ref: Match.stringLikeRegexp('Topic') },
          Condition: SOURCE_CONDITIONS,
        })]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Condition: SOURCE_CONDITIONS,
        })]),
      },
    });
  });

  test('alarms off: the topic policy is left alone', () => {
    const s = stack();
    const topic = new sns.Topic(s, 'Topic');
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'production', alarmTopic: topic, alarms: false });
    Template.fromStack(s).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });
});

describe('BackupMonitoring with an unresolved environment name', () => {
  test('alarm names are left to CloudFormation; CloudWatch may publish for any alarm of the account', () => {
    const s = stack();
    const env = new CfnParameter(s, 'Env');
    const topic = new sns.Topic(s, 'Topic');
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: env.valueAsString, alarmTopic: topic, onDashboard: MonitoringDashboard.own() });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.absent(), MetricName: 'NumberOfBackupJobsFailed' });
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: Match.absent() });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Condition: Match.objectLike({
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':alarm:*'])] } },
          }),
        })]),
      },
    });
  });
});

describe('BackupMonitoring heartbeat and limits', () => {
  const daily = () => new backup.BackupPlanRule({
    ruleName: 'Daily',
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
    startWindow: Duration.hours(1),
    completionWindow: Duration.hours(8),
  });

  test('with the plan\'s rules: a heartbeat alarm, missing data breaching, actions on every topic', () => {
    const s = stack();
    const topic = new sns.Topic(s, 'Topic');
    const slack = new sns.Topic(s, 'SlackAlarms');
    const m = new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', alarmTopic: topic, alarmTopics: [slack], rules: [daily()] });
    const heartbeat = Template.fromStack(s).findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'dev-NoBackupJobCompleted' } });
    expect(s.resolve(m.heartbeatAlarm?.alarmName)).toEqual({ Ref: Object.keys(heartbeat)[0] });
    expect(m.alarms).toHaveLength(5);
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'dev-NoBackupJobCompleted',
      MetricName: 'NumberOfBackupJobsCompleted',
      Period: 3600,
      EvaluationPeriods: 37,
      DatapointsToAlarm: 37,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }, { Ref: Match.stringLikeRegexp('^SlackAlarms') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Topic') }, { Ref: Match.stringLikeRegexp('^SlackAlarms') }],
    });
  });

  test('rules added after construction count: the window is resolved at synth', () => {
    const s = stack();
    const rules: backup.BackupPlanRule[] = [new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(2),
    })];
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', rules });
    rules.push(new backup.BackupPlanRule({ ruleName: 'Long', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }), startWindow: Duration.hours(1), completionWindow: Duration.hours(24) }));
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'dev-NoBackupJobCompleted', EvaluationPeriods: 54 });
  });

  test('heartbeatWindow overrides the derived window; heartbeat false removes it', () => {
    const s = stack();
    new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', rules: [daily()], heartbeatWindow: Duration.days(2) });
    new BackupMonitoring(s, 'Off', { vaultName: 'w', environmentName: 'off', rules: [daily()], heartbeat: false });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'dev-NoBackupJobCompleted', EvaluationPeriods: 48 });
    expect(Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName)).not.toContain('off-NoBackupJobCompleted');
  });

  test('a monthly-only plan: no heartbeat, and a warning that says why and what to do', () => {
    const s = stack();
    const monthly = new backup.BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }) });
    const m = new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', rules: [monthly] });
    expect(m.heartbeatAlarm).toBeUndefined();
    const warnings = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('monitoring.heartbeat: no heartbeat alarm for dev'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/31 days apart.*7-day.*BACKUP_LAST_RECOVERY_POINT_CREATED/);
  });

  test.each([
    [Duration.days(8), /alarmPeriod \(8 days\): period × evaluation periods \(691200 s × 1 = 691200 s\) must be at most 604800 s \(7 days/],
    [Duration.minutes(30), undefined],
  ])('alarmPeriod %p against CloudWatch\'s evaluation range', (alarmPeriod, error) => {
    const s = stack();
    const build = () => new BackupMonitoring(s, 'Mon', { vaultName: 'v', environmentName: 'dev', alarmPeriod });
    if (error) expect(build).toThrow(error);
    else expect(build).not.toThrow();
  });

  test.each([Duration.minutes(30), Duration.days(8), Duration.minutes(90)])('rejects heartbeatWindow %p (whole hours, 1 hour to 7 days)', (heartbeatWindow) => {
    expect(() => new BackupMonitoring(stack(), 'Mon', { vaultName: 'v', environmentName: 'dev', heartbeatWindow }))
      .toThrow(/Mon: heartbeatWindow \(.*\) must be whole hours from 1 hour to 7 days/);
  });

  test('rejects heartbeatWindow with heartbeat false', () => {
    expect(() => new BackupMonitoring(stack(), 'Mon', { vaultName: 'v', environmentName: 'dev', heartbeat: false, heartbeatWindow: Duration.days(1) }))
      .toThrow(/heartbeatWindow is set but heartbeat is false/);
  });

  test('a JavaScript caller without vaultName or environmentName gets our error, not a TypeError', () => {
    expect(() => new BackupMonitoring(stack(), 'Mon', {} as any)).toThrow(/S\/Mon: vaultName \(undefined\) is required/);
    expect(() => new BackupMonitoring(stack(), 'Mon', undefined as any)).toThrow(/vaultName \(undefined\) is required/);
    expect(() => new BackupMonitoring(stack(), 'Mon', { vaultName: 'v' } as any)).toThrow(/environmentName \(undefined\) is required/);
  });
});

describe('alarms where AWS reports the jobs', () => {
  // AWS Backup developer guide, "AWS Backup metrics with Amazon CloudWatch"
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html): "The vault name of copy
  // jobs is that of their destination vault"; backups made straight into an air-gapped vault count
  // under that vault.
  const daily = () => new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }) });

  test('one NumberOfCopyJobsFailed alarm per copy destination, on the destination vault\'s name', () => {
    const s = stack();
    const topic = new sns.Topic(s, 'Topic');
    const m = new BackupMonitoring(s, 'Mon', {
      vaultName: 'prod-vault',
      environmentName: 'prod',
      alarmTopic: topic,
      copyDestinationVaultNames: ['prod-dr-vault', 'prod-air-gapped-vault', 'prod-dr-vault'],
    });
    const t = Template.fromStack(s);
    const copyAlarms = t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'NumberOfCopyJobsFailed' } });
    expect(Object.values(copyAlarms).map((a: any) => [a.Properties.AlarmName, a.Properties.Dimensions])).toEqual([
      ['prod-CopyJobsFailed-prod-dr-vault', [{ Name: 'BackupVaultName', Value: 'prod-dr-vault' }]],
      ['prod-CopyJobsFailed-prod-air-gapped-vault', [{ Name: 'BackupVaultName', Value: 'prod-air-gapped-vault' }]],
    ]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-CopyJobsFailed-prod-dr-vault',
      Namespace: 'AWS/Backup',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
      AlarmDescription: Match.stringLikeRegexp('copy jobs to backup vault prod-dr-vault failed'),
    });
    expect(m.alarms).toHaveLength(6);
  });

  test('backups straight into another vault: the job alarms and the heartbeat sum both vaults', () => {
    const s = stack();
    new BackupMonitoring(s, 'Mon', { vaultName: 'prod-vault', environmentName: 'prod', rules: [daily()], directBackupVaultNames: ['prod-lag'] });
    const t = Template.fromStack(s);
    const sumOf = (metricName: string) => Match.arrayWith([
      Match.objectLike({ Expression: 'FILL(v0, 0) + FILL(v1, 0)', ReturnData: true }),
      Match.objectLike({ Id: 'v0', ReturnData: false, MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/Backup', MetricName: metricName, Dimensions: [{ Name: 'BackupVaultName', Value: 'prod-vault' }] }, Stat: 'Sum' }) }),
      Match.objectLike({ Id: 'v1', ReturnData: false, MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/Backup', MetricName: metricName, Dimensions: [{ Name: 'BackupVaultName', Value: 'prod-lag' }] }, Stat: 'Sum' }) }),
    ]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-NoBackupJobCompleted',
      Metrics: sumOf('NumberOfBackupJobsCompleted'),
      TreatMissingData: 'breaching',
      ComparisonOperator: 'LessThanThreshold',
      AlarmDescription: Match.stringLikeRegexp('no backup job completed in backup vaults prod-vault, prod-lag'),
    });
    for (const [name, metric] of [['BackupJobsFailed', 'NumberOfBackupJobsFailed'], ['BackupJobsExpired', 'NumberOfBackupJobsExpired'], ['BackupJobsAborted', 'NumberOfBackupJobsAborted']]) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `prod-${name}`, Metrics: sumOf(metric) });
    }
  });
});
