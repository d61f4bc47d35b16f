import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BackupDashboard } from './backup-dashboard';
import { IMonitoredEnvironment } from './monitored-environment';
import { MonitoringOptions } from './monitoring-options';
import { evaluationRangeProblem } from './private/alarm-limits';
import { heartbeatWindow, MAX_WINDOW_HOURS } from './private/heartbeat-window';
import { backupMetric, vaultMetric } from './private/metrics';
import { dashboardChoice } from './private/resolve-options';
import { grantAlarmPublish } from '../private/alarm-publish';
import { shareCreationTrace } from '../private/creation-trace';
import { checkAlarmNamePrefix, checkWholeRange, describeDuration } from '../private/limits';
import { assertValid, isUnresolved, validationError } from '../private/validation';
import { warn, WARNINGS } from '../private/warnings';

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
  /**
   * More topics the alarms notify, e.g. `SlackForwarder.alarmForwardingTopic` (whose every message
   * reaches Slack: alarm notifications carry no message attributes, so a filtered subscription
   * never passes them). Their policy must let CloudWatch publish.
   *
   * @default - none.
   */
  readonly alarmTopics?: sns.ITopic[];
  /**
   * The rules of the plan that writes to the vault, for the heartbeat window (rules of other
   * vaults are ignored). Without them and without `heartbeatWindow`, there is no heartbeat.
   *
   * @default - none.
   */
  readonly rules?: backup.BackupPlanRule[];
  /**
   * The names of the vaults this environment's copy jobs write to: the vaults of `copyTo` and the
   * air-gapped vault. AWS Backup reports a copy job's metrics under the name of its destination
   * vault, in the account and region where the copy job runs (the source's): one
   * NumberOfCopyJobsFailed alarm per destination, in this stack.
   *
   * @default - no copy job alarm
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
   */
  readonly copyDestinationVaultNames?: string[];
  /**
   * The names of other vaults that the plan's rules back up into directly, in this account and
   * region: a logically air-gapped vault that rules target with `backupDirectly` (fully managed
   * resource types back up straight into it, so their jobs count under its name). The job alarms and
   * the heartbeat add these vaults' metrics to `vaultName`'s.
   *
   * @default - none: the plan backs up into `vaultName` only
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
   */
  readonly directBackupVaultNames?: string[];
}

/** An alarm of {@link BackupMonitoring}: which metric, what it means. */
interface AlarmSpec {
  readonly id: string;
  readonly metricName: string;
  readonly what: string;
}

// Namespace AWS/Backup, dimension BackupVaultName: the job metrics exist per vault, published
// only when not zero (AWS Backup developer guide, "AWS Backup metrics with Amazon CloudWatch",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html). Backup and restore jobs
// count under the vault they write to or read from; copy jobs under their destination vault ("The
// vault name of copy jobs is that of their destination vault"): they are alarmed per destination.
const ALARMS: AlarmSpec[] = [
  { id: 'BackupJobsFailed', metricName: 'NumberOfBackupJobsFailed', what: 'backup jobs failed' },
  { id: 'BackupJobsExpired', metricName: 'NumberOfBackupJobsExpired', what: 'backup jobs expired before they could start' },
  { id: 'BackupJobsAborted', metricName: 'NumberOfBackupJobsAborted', what: 'backup jobs were aborted' },
  { id: 'RestoreJobsFailed', metricName: 'NumberOfRestoreJobsFailed', what: 'restore jobs failed' },
];

/**
 * CloudWatch alarms on an environment's backup vault: failed, expired and aborted backup jobs,
 * failed restore jobs, and failed copy jobs per copy destination (namespace AWS/Backup, dimension
 * BackupVaultName, sum over the period, at least one job). AWS Backup publishes these metrics only when they are not zero, so
 * missing data is not breaching.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
 */
export class BackupMonitoring extends Construct implements IMonitoredEnvironment {
  /** The alarms (empty when `alarms` is false). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The vault the metrics are about. */
  public readonly vaultName: string;
  /** The environment's name. */
  public readonly environmentName: string;
  /** The dashboard this environment appears on, if any. */
  public readonly dashboard?: BackupDashboard;
  /**
   * The heartbeat alarm: no backup job completed in the vault within the window.
   *
   * @default - undefined when `heartbeat` is false or no window can be derived.
   */
  public readonly heartbeatAlarm?: cloudwatch.Alarm;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupMonitoringProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    // A JavaScript caller may omit required props: name them instead of a TypeError.
    if (!props || typeof props.vaultName !== 'string' || props.vaultName === '') {
      throw validationError(this, `vaultName (${props?.vaultName}) is required: the name of the environment's backup vault (the BackupVaultName dimension)`);
    }
    if (typeof props.environmentName !== 'string' || props.environmentName === '') {
      throw validationError(this, `environmentName (${props.environmentName}) is required: it names the alarms`);
    }
    // The alarms are named <environmentName>-<id> (CloudWatch AlarmName: 1 to 255 characters).
    assertValid(this, checkAlarmNamePrefix('environmentName', props.environmentName,
      [...ALARMS.map((spec) => `-${spec.id}`), '-NoBackupJobCompleted']));
    this.vaultName = props.vaultName;
    this.environmentName = props.environmentName;

    const period = props.alarmPeriod ?? Duration.hours(1);
    const threshold = props.alarmThreshold ?? 1;
    if (!isUnresolved(period)) {
      assertValid(this, checkWholeRange('alarmPeriod', period, 'minute', 1, undefined, 'CloudWatch period for AWS Backup metrics'));
      const range = evaluationRangeProblem(period.toSeconds(), 1);
      if (range) throw validationError(this, `alarmPeriod (${describeDuration(period)}): ${range}`);
    }
    if (!isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 1)) {
      throw validationError(this, `alarmThreshold (${threshold}) must be a whole number of jobs, at least 1`);
    }
    const onDashboard = dashboardChoice(this, props);
    const explicitWindow = props.heartbeatWindow;
    if (explicitWindow && !isUnresolved(explicitWindow)) {
      const hours = explicitWindow.toHours({ integral: false });
      if (!Number.isInteger(hours) || hours < 1 || hours > MAX_WINDOW_HOURS) {
        throw validationError(this, `heartbeatWindow (${describeDuration(explicitWindow)}) must be whole hours from 1 hour to ${MAX_WINDOW_HOURS / 24} days (CloudWatch's evaluation range with a 1-hour period)`);
      }
    }
    if (explicitWindow && props.heartbeat === false) {
      throw validationError(this, 'heartbeatWindow is set but heartbeat is false: remove one of them');
    }

    this.alarms = [];
    const createAlarms = props.alarms ?? true;
    if (createAlarms && props.alarmTopic) {
      grantAlarmPublish(props.alarmTopic, { alarmNamePattern: isUnresolved(props.environmentName) ? '*' : `${props.environmentName}-*` });
    }
    const topics = [...props.alarmTopic ? [props.alarmTopic] : [], ...props.alarmTopics ?? []];
    const notify = (alarm: cloudwatch.Alarm) => {
      for (const topic of topics) {
        const action = new actions.SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    };
    // The vaults backup jobs write to: the environment's, and those the rules target directly.
    const jobVaults = [props.vaultName, ...props.directBackupVaultNames ?? []];
    const jobVaultsText = jobVaults.length === 1 ? `backup vault ${props.vaultName}` : `backup vaults ${jobVaults.join(', ')}`;
    if (createAlarms) {
      for (const spec of ALARMS) {
        const alarm = new cloudwatch.Alarm(this, spec.id, {
          alarmName: isUnresolved(props.environmentName) ? undefined : `${props.environmentName}-${spec.id}`,
          alarmDescription: `${props.environmentName}: ${spec.what} in ${jobVaultsText} (AWS/Backup ${spec.metricName} >= ${threshold} in ${period.toHumanString()}).`,
          metric: vaultsMetric(jobVaults, spec.metricName, period),
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        notify(alarm);
        this.alarms.push(alarm);
      }
      // Copy jobs count under their destination vault (same page): one alarm per destination.
      const destinations = uniqueNames(this, props.copyDestinationVaultNames ?? []);
      destinations.forEach((destination, i) => {
        const literal = !isUnresolved(destination);
        const suffix = literal ? destination : `${i + 1}`;
        const alarm = new cloudwatch.Alarm(this, `CopyJobsFailed-${suffix}`, {
          alarmName: isUnresolved(props.environmentName) ? undefined : `${props.environmentName}-CopyJobsFailed-${suffix}`,
          alarmDescription: `${props.environmentName}: copy jobs to backup vault ${destination} failed (AWS/Backup NumberOfCopyJobsFailed >= ${threshold} ` +
            `in ${period.toHumanString()}; AWS Backup reports copy jobs under their destination vault's name).`,
          metric: backupMetric(destination, 'NumberOfCopyJobsFailed', period),
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        notify(alarm);
        this.alarms.push(alarm);
      });
    }

    if (createAlarms && (props.heartbeat ?? true)) {
      this.heartbeatAlarm = this.createHeartbeat(props, notify);
    }

    this.dashboard = onDashboard?._dashboardFor(this, props.environmentName);
    this.dashboard?.addEnvironment(this);
  }

  /**
   * A metric of AWS Backup (namespace `AWS/Backup`) for this environment's vault (dimension
   * `BackupVaultName`): the sum over 5 minutes unless `props` say otherwise. AWS Backup publishes
   * its job metrics only when they are not zero: treat missing data as not breaching.
   *
   * @param metricName the metric, e.g. `NumberOfBackupJobsCreated`
   * @param props period, statistic, label…
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return vaultMetric(this.vaultName, metricName, props);
  }

  /** Backup jobs of the vault that completed (`NumberOfBackupJobsCompleted`), summed over 5 minutes by default. */
  public metricBackupJobsCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsCompleted', props);
  }

  /** Backup jobs of the vault that failed (`NumberOfBackupJobsFailed`), summed over 5 minutes by default. */
  public metricBackupJobsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsFailed', props);
  }

  /** Backup jobs of the vault that expired before they could start (`NumberOfBackupJobsExpired`), summed over 5 minutes by default. */
  public metricBackupJobsExpired(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsExpired', props);
  }

  /** Backup jobs of the vault that were aborted (`NumberOfBackupJobsAborted`), summed over 5 minutes by default. */
  public metricBackupJobsAborted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsAborted', props);
  }

  /** Copy jobs of the vault that failed (`NumberOfCopyJobsFailed`), summed over 5 minutes by default. */
  public metricCopyJobsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfCopyJobsFailed', props);
  }

  /** Restore jobs of the vault that failed (`NumberOfRestoreJobsFailed`), summed over 5 minutes by default. */
  public metricRestoreJobsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfRestoreJobsFailed', props);
  }

  private createHeartbeat(props: BackupMonitoringProps, notify: (alarm: cloudwatch.Alarm) => void): cloudwatch.Alarm | undefined {
    // Rules writing to this vault (a rule without backupVault writes to the plan's vault, which the caller monitors).
    const ownRules = () => (props.rules ?? [])
      .filter((r) => !r.props.backupVault || r.props.backupVault.backupVaultRef.backupVaultName === props.vaultName);
    // Computed once per rule count (addRule() only appends): synth asks for it three times.
    let memo: { count: number; value: ReturnType<typeof heartbeatWindow> } | undefined;
    const window = () => {
      if (props.heartbeatWindow) return { hours: props.heartbeatWindow.toHours(), explanation: 'heartbeatWindow as given' };
      const rules = ownRules();
      if (memo?.count !== rules.length) memo = { count: rules.length, value: heartbeatWindow(rules) };
      return memo.value;
    };
    const initial = window();
    if (initial.hours === undefined) {
      if (props.rules !== undefined) {
        warn(this, WARNINGS.noHeartbeat,
          `monitoring.heartbeat: no heartbeat alarm for ${props.environmentName}: ${initial.explanation}. ` +
          'To be told when backups stop, add a daily rule, set monitoring.heartbeatWindow (at most 7 days), or use the Audit Manager ' +
          'control BACKUP_LAST_RECOVERY_POINT_CREATED; set monitoring.heartbeat to false to silence this warning.');
      }
      return undefined;
    }
    // Rules added later (addRule) change the window: it is resolved at synth.
    const hours = Lazy.number({ produce: () => window().hours ?? initial.hours! });
    const alarm = new cloudwatch.Alarm(this, 'Heartbeat', {
      alarmName: isUnresolved(props.environmentName) ? undefined : `${props.environmentName}-NoBackupJobCompleted`,
      alarmDescription: Lazy.string({
        produce: () => {
          const w = window();
          const h = w.hours ?? initial.hours!;
          const where = (props.directBackupVaultNames ?? []).length === 0 ? `backup vault ${props.vaultName}`
            : `backup vaults ${[props.vaultName, ...props.directBackupVaultNames!].join(', ')}`;
          return `${props.environmentName}: no backup job completed in ${where} for ${h} hours ` +
            `(AWS/Backup NumberOfBackupJobsCompleted; window: ${w.explanation}). Check that resources carry the selection tags ` +
            '(a selection that selects nothing starts no job), that the backup plan and its rules exist and are scheduled, ' +
            'that AWS Backup can assume the selection\'s IAM role, and the AWS Backup console\'s jobs list for jobs that never started.';
        },
      }),
      // Backups made straight into an air-gapped vault count under that vault (metrics page above).
      metric: vaultsMetric([props.vaultName, ...props.directBackupVaultNames ?? []], 'NumberOfBackupJobsCompleted', Duration.hours(1)),
      threshold: 1,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // AWS Backup publishes the metric only when it is not zero: no data is no completed job.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    notify(alarm);
    this.alarms.push(alarm);
    return alarm;
  }
}

/**
 * A job metric over one vault, or the sum over several (AWS Backup publishes each vault's metric only
 * when it is not zero: FILL counts a vault without data as 0, so one vault's jobs are not hidden by
 * another's missing data).
 */
function vaultsMetric(vaultNames: string[], metricName: string, period: Duration): cloudwatch.IMetric {
  if (vaultNames.length === 1) return backupMetric(vaultNames[0], metricName, period);
  const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
  vaultNames.forEach((name, i) => { usingMetrics[`v${i}`] = backupMetric(name, metricName, period); });
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics).map((id) => `FILL(${id}, 0)`).join(' + '),
    usingMetrics,
    label: `${metricName} (${vaultNames.length} vaults)`,
    period,
  });
}

/** The names without repeats (tokens compared by what they resolve to). */
function uniqueNames(scope: Construct, names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    // Only a token needs resolving (a literal resolves to itself): this runs for every environment.
    const key = JSON.stringify(Token.isUnresolved(n) ? Stack.of(scope).resolve(n) : n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
