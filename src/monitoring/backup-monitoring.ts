import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BackupDashboard } from './backup-dashboard';
import { backupMetric } from './metrics';
import { isUnresolved, validationError } from '../private/validation';

/**
 * Options of the CloudWatch alarms and dashboard of an environment's backups.
 */
export interface MonitoringOptions {
  /**
   * Create the alarms on failed, expired and aborted backup jobs and failed copy and restore
   * jobs.
   *
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * A dashboard to add this environment's row to, e.g. one shared by all the environments of an
   * app.
   *
   * @default - no shared dashboard (see createDashboard).
   */
  readonly dashboard?: BackupDashboard;
  /**
   * Create a dashboard of this environment alone, when no `dashboard` is given.
   *
   * @default false
   */
  readonly createDashboard?: boolean;
  /**
   * The period over which the alarms count jobs (whole minutes, at least 1 minute).
   *
   * @default Duration.hours(1)
   */
  readonly alarmPeriod?: Duration;
  /**
   * How many jobs in a period raise an alarm (at least 1).
   *
   * @default 1
   */
  readonly alarmThreshold?: number;
}

/** Properties of {@link BackupMonitoring}. */
export interface BackupMonitoringProps extends MonitoringOptions {
  /** The name of the environment's backup vault (the metrics' BackupVaultName dimension). */
  readonly vaultName: string;
  /** The environment's name, for the names and descriptions of the alarms. */
  readonly environmentName: string;
  /**
   * The topic the alarms notify (alarm and back to OK), e.g. the environment's notification topic
   * that forwards to Slack. Its policy gets a statement letting CloudWatch
   * (cloudwatch.amazonaws.com) publish for alarms of this account, and its KMS key, if it is a key
   * of this app, lets CloudWatch use it: a topic policy that only allows AWS Backup would otherwise
   * drop the alarms.
   *
   * @default - alarms without actions.
   */
  readonly alarmTopic?: sns.ITopic;
}

/** An alarm of {@link BackupMonitoring}: which metric, what it means. */
interface AlarmSpec {
  readonly id: string;
  readonly metricName: string;
  readonly what: string;
}

const ALARMS: AlarmSpec[] = [
  { id: 'BackupJobsFailed', metricName: 'NumberOfBackupJobsFailed', what: 'backup jobs failed' },
  { id: 'BackupJobsExpired', metricName: 'NumberOfBackupJobsExpired', what: 'backup jobs expired before they could start' },
  { id: 'BackupJobsAborted', metricName: 'NumberOfBackupJobsAborted', what: 'backup jobs were aborted' },
  { id: 'CopyJobsFailed', metricName: 'NumberOfCopyJobsFailed', what: 'copy jobs failed' },
  { id: 'RestoreJobsFailed', metricName: 'NumberOfRestoreJobsFailed', what: 'restore jobs failed' },
];

/**
 * CloudWatch alarms on an environment's backup vault: failed, expired and aborted backup jobs,
 * failed copy and restore jobs (namespace AWS/Backup, dimension BackupVaultName, sum over the
 * period, at least one job). AWS Backup publishes these metrics only when they are not zero, so
 * missing data is not breaching.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
 */
export class BackupMonitoring extends Construct {
  /** The alarms (empty when `alarms` is false). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The vault the metrics are about. */
  public readonly vaultName: string;
  /** The environment's name. */
  public readonly environmentName: string;
  /** The dashboard this environment appears on, if any. */
  public readonly dashboard?: BackupDashboard;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupMonitoringProps) {
    super(scope, id);
    this.vaultName = props.vaultName;
    this.environmentName = props.environmentName;

    const period = props.alarmPeriod ?? Duration.hours(1);
    const threshold = props.alarmThreshold ?? 1;
    if (!isUnresolved(period)) {
      const minutes = period.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 1) {
        throw validationError(this, `alarmPeriod (${period.toHumanString()}) must be a whole number of minutes, at least 1 minute (CloudWatch period for AWS Backup metrics)`);
      }
    }
    if (!isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 1)) {
      throw validationError(this, `alarmThreshold (${threshold}) must be a whole number of jobs, at least 1`);
    }
    if (props.dashboard && props.createDashboard) {
      throw validationError(this, 'dashboard and createDashboard are both given: give one of them');
    }

    this.alarms = [];
    const createAlarms = props.alarms ?? true;
    if (createAlarms && props.alarmTopic) {
      allowCloudWatchToPublish(props.alarmTopic, isUnresolved(props.environmentName) ? '*' : `${props.environmentName}-*`);
    }
    if (createAlarms) {
      for (const spec of ALARMS) {
        const alarm = new cloudwatch.Alarm(this, spec.id, {
          alarmName: isUnresolved(props.environmentName) ? undefined : `${props.environmentName}-${spec.id}`,
          alarmDescription: `${props.environmentName}: ${spec.what} in backup vault ${props.vaultName} (AWS/Backup ${spec.metricName} >= ${threshold} in ${period.toHumanString()}).`,
          metric: backupMetric(props.vaultName, spec.metricName, period),
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        if (props.alarmTopic) {
          const action = new actions.SnsAction(props.alarmTopic);
          alarm.addAlarmAction(action);
          alarm.addOkAction(action);
        }
        this.alarms.push(alarm);
      }
    }

    this.dashboard = props.dashboard
      ?? (props.createDashboard ? new BackupDashboard(this, 'Dashboard', { dashboardName: isUnresolved(props.environmentName) ? undefined : `backup-${props.environmentName}` }) : undefined);
    this.dashboard?.addEnvironment(this);
  }
}

/**
 * Lets the CloudWatch alarms of the topic's account whose names match `alarmNamePattern` publish
 * to it and use its KMS key (aws:SourceAccount and aws:SourceArn against the confused deputy).
 */
function allowCloudWatchToPublish(topic: sns.ITopic, alarmNamePattern: string): void {
  const stack = Stack.of(topic);
  const principal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const conditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarmNamePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
  };
  topic.addToResourcePolicy(new iam.PolicyStatement({
    principals: [principal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions,
  }));
  topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
    principals: [principal],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions,
  }), /* allowNoOp */ true);
}
