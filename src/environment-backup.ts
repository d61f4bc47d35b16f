import { Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { BackupAudit } from './audit';
import { createEnvironmentAudit } from './audit/private/environment-audit';
import { BackupCoverage } from './backup-coverage';
import { EnvironmentBackupProps } from './environment-backup-props';
import { BackupMonitoring } from './monitoring';
import { vaultMetric } from './monitoring/private/metrics';
import { resolveMonitoringOptions } from './monitoring/private/resolve-options';
import { BackupNotifications } from './notifications';
import { EnvironmentTier, TierPresets } from './plan';
import { EnvironmentPlan } from './plan/private/environment-plan';
import { shareCreationTrace } from './private/creation-trace';
import { allowIndexing } from './private/scanner-role';
import { isUnresolved, requireElements, requireProps, validationError } from './private/validation';
import { RestoreTestingPlan } from './restore-testing';
import { RetentionCalculator } from './retention';
import { EnvironmentSelection } from './selection/private/environment-selection';
import { protectConstruct } from './selection/private/protections';
import { resolveSelection, selectionNamePrefix } from './selection/private/resolved-selection';
import { EnvironmentVault, LogicallyAirGappedVault } from './vault';
import { allowCrossAccountCopies } from './vault/private/cross-account-copies';
import { claimEnvironmentName } from './vault/private/environment-name';

// The facade: it composes the concerns, each deciding its part: the vault (vault/), the plan and its
// rules (plan/private/environment-plan.ts), the selection (selection/), notifications, audit, monitoring,
// restore testing and the coverage check.

/**
 * AWS Backup for one environment: a vault of its own, a backup plan from a tier or custom rules, a
 * selection by tags (AND), and what the other options add.
 *
 * @example
 * const prod = new EnvironmentBackup(this, 'Production', {
 *   environmentName: 'production',
 *   tier: EnvironmentTier.PRODUCTION,
 * });
 * prod.protect(database);
 */
export class EnvironmentBackup extends Construct {
  /** The environment's name. */
  public readonly environmentName: string;
  /** The tier whose defaults apply. */
  public readonly tier: EnvironmentTier;
  /** The environment's vault. */
  public readonly vault: backup.BackupVault;
  /** The KMS key that encrypts the vault's recovery points. */
  public readonly encryptionKey: kms.IKey;
  /** The logically air-gapped vault that receives copies, when `airGappedCopy` is set. */
  public readonly airGappedVault?: LogicallyAirGappedVault;
  /** The backup plan. */
  public readonly plan: backup.BackupPlan;
  /** The role AWS Backup assumes for this environment's selection. */
  public readonly backupRole: iam.IRole;
  /**
   * The tags that select a resource (all of them, StringEquals); `protect()` adds them. Empty when the
   * selection is by resource ARNs only.
   */
  public readonly selectionTags: { [key: string]: string };

  /** The SNS topic that receives the vault's notifications and the alarms. */
  public readonly topic: sns.ITopic;
  /** The notifications: topic, subscriptions and the Slack forwarder if any. */
  public readonly notifications: BackupNotifications;
  /** The audit framework and report plans, when `audit` is set. */
  public readonly audit?: BackupAudit;
  /** The alarms (and dashboard membership), unless `monitoring.alarms` is false and no dashboard is asked for. */
  public readonly monitoring?: BackupMonitoring;

  /** The role GuardDuty assumes to scan the recovery points, when `malwareScanning` is set. */
  public readonly scannerRole?: iam.IRole;

  /** The restore testing plan, when `restoreTesting` is set. */
  public readonly restoreTesting?: RestoreTestingPlan;

  private readonly backupPlan: EnvironmentPlan;
  private readonly envSelection: EnvironmentSelection;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: EnvironmentBackupProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireEnvironmentProps(this, props);
    const name = this.environmentName = props.environmentName;
    claimEnvironmentName(this, name);
    this.tier = props.tier ?? EnvironmentTier.PRODUCTION;

    // The vault, and the air-gapped vault that receives copies.
    const vaultOptions = props.vault ?? {};
    const envVault = new EnvironmentVault(this, 'Vault', {
      ...vaultOptions,
      environmentName: name,
      blockRecoveryPointDeletion: vaultOptions.blockRecoveryPointDeletion
        ?? (vaultOptions.deleteRecoveryPointsOnDestroy ? false : TierPresets.blocksRecoveryPointDeletionByDefault(this.tier)),
    });
    this.vault = envVault.vault;
    this.encryptionKey = envVault.encryptionKey;
    const selection = resolveSelection(this, name, props.selection ?? {});
    this.selectionTags = selection.tags;
    const lag = props.airGappedCopy;
    const airGappedVaultName = lag && (lag.vaultName ?? `${name}-air-gapped-vault`);
    if (lag) {
      this.airGappedVault = new LogicallyAirGappedVault(this, 'AirGappedVault', {
        vaultName: airGappedVaultName!,
        minRetention: lag.minRetention,
        maxRetention: lag.maxRetention,
        encryptionKey: lag.encryptionKey,
        shareWithAccounts: lag.shareWithAccounts,
        mpaApprovalTeamArn: lag.mpaApprovalTeamArn,
      });
    }
    allowCrossAccountCopies(this, this.encryptionKey, props.copyTo ?? []);

    // The plan: rules, copies, recovery point tags and the plan options.
    this.backupPlan = new EnvironmentPlan(this, {
      environmentName: name,
      tier: this.tier,
      vault: this.vault,
      lock: vaultOptions.lock,
      recoveryPointTags: this.selectionTags,
      rules: props.rules,
      continuousBackup: props.continuousBackup,
      copyTo: props.copyTo,
      airGapped: lag && { ...lag, vault: this.airGappedVault!.vault, vaultArn: this.airGappedVault!.vaultArn },
      timeZone: props.timeZone,
      windowsVss: props.windowsVss,
      optInToArchive: props.optInToArchive,
      backupIndexes: props.backupIndexes,
      malwareScanning: props.malwareScanning,
      s3WarmTiering: props.s3WarmTiering,
      s3BackupOptions: props.s3BackupOptions,
    });
    this.plan = this.backupPlan.plan;
    if (envVault.recoveryPointCleaner) {
      // No backup job starts while the vault is being emptied: the plan goes first.
      this.plan.node.addDependency(envVault.recoveryPointCleaner);
    }

    // The selection, and what its role needs for the plan options.
    this.envSelection = new EnvironmentSelection(this, 'Selection', {
      plan: this.plan,
      selectionName: selectionNamePrefix(name),
      conditions: selection.conditions,
      resources: props.selection?.resources,
      excludedResources: props.selection?.excludedResources,
      allowRestores: props.allowRestores,
    });
    this.backupRole = this.envSelection.role;
    this.scannerRole = this.backupPlan.addMalwareScanning(this.backupRole);
    allowIndexing(this.backupRole, props.backupIndexes?.map((t) => t.value));
    this.backupPlan.addS3WarmTiering(this.vault.backupVaultName);

    // The environment's tags on its vault and plan, so that Audit Manager's tag-scoped controls and
    // cost allocation see them; recovery points get them through the rules' recoveryPointTags.
    for (const [key, value] of Object.entries(this.selectionTags)) {
      Tags.of(this.vault).add(key, value);
      Tags.of(this.plan).add(key, value);
    }

    this.notifications = new BackupNotifications(this, 'Notifications', {
      ...props.notifications,
      vault: this.vault,
      environmentName: name,
      // The alarms of `monitoring` get a statement scoped to alarms named <environmentName>-*.
      allowCloudWatchAlarms: false,
    });
    this.topic = this.notifications.topic;
    if (props.malwareScanning) this.notifications.addScanResults([this.vault, ...this.airGappedVault ? [this.airGappedVault.vault] : []]);
    // The air-gapped vault's events reach the same topic as the environment vault's.
    const vaultNotifications = (this.vault.node.defaultChild as backup.CfnBackupVault).notifications as
      backup.CfnBackupVault.NotificationObjectTypeProperty | undefined;
    if (this.airGappedVault && vaultNotifications) {
      this.airGappedVault.sendNotifications(vaultNotifications.snsTopicArn, vaultNotifications.backupVaultEvents);
    }

    if (props.audit) {
      this.audit = createEnvironmentAudit(this, 'Audit', props.audit, {
        environmentName: name,
        selectionTags: this.selectionTags,
        rules: this.backupPlan.rules,
        manualDeletionDisabled: envVault.blocksRecoveryPointDeletion,
        malwareScanning: this.scannerRole !== undefined,
      });
    }

    const restoreTesting = props.restoreTesting;
    if (restoreTesting) {
      if (Object.keys(this.selectionTags).length === 0) {
        throw validationError(this, 'restoreTesting is set but the environment has no selection tags: restore tests select resources by tags; ' +
          'remove restoreTesting or select by tags');
      }
      this.restoreTesting = new RestoreTestingPlan(this, 'RestoreTesting', {
        restoreTestingPlanName: `${name.replace(/-/g, '_')}_restore_testing`,
        ...restoreTesting,
        backupVaults: [this.vault],
        selectionTags: this.selectionTags,
        // Failed restore validations go to the environment's topic, like failed jobs; its dead-letter
        // alarm also to the Slack forwarder's unfiltered alarm topic (an alarm carries no attributes).
        validation: restoreTesting.validation ? {
          topic: this.topic,
          deadLetterAlarmName: isUnresolved(name) ? undefined : `${name}-RestoreValidationDeadLetter`,
          ...restoreTesting.validation,
          alarmTopics: [
            ...this.notifications.slackForwarder ? [this.notifications.slackForwarder.alarmForwardingTopic] : [],
            ...restoreTesting.validation.alarmTopics ?? [],
          ],
        } : undefined,
      });
    }

    const monitoring = resolveMonitoringOptions(this, props.monitoring, 'monitoring');
    if (monitoring) {
      this.monitoring = new BackupMonitoring(this, 'Monitoring', {
        ...monitoring,
        vaultName: this.vault.backupVaultName,
        environmentName: name,
        alarmTopic: this.topic,
        // Alarm notifications carry no message attributes: the Slack subscription's filter never
        // passes them, so they reach Slack through the forwarder's unfiltered alarm topic.
        alarmTopics: this.notifications.slackForwarder ? [this.notifications.slackForwarder.alarmForwardingTopic] : undefined,
        // The live list: rules added later by addRule() count for the heartbeat window.
        rules: this.backupPlan.rules,
        // Copy jobs are reported under their destination vault; backups made straight into the
        // air-gapped vault under its name (AWS Backup developer guide, "AWS Backup metrics with
        // Amazon CloudWatch").
        copyDestinationVaultNames: this.copyDestinationVaultNames(airGappedVaultName),
        directBackupVaultNames: lag?.backupDirectly ? [airGappedVaultName!] : undefined,
      });
    }

    // The coverage check (warnings; strict stays opt-in with BackupCoverage.of(app, { strict: true }))
    // runs for every app with an environment, on its root, nested stages included.
    BackupCoverage.of(this.node.root);
    BackupCoverage.registerSelection(this, {
      environmentName: name,
      conditions: selection.conditions,
      resourceArns: props.selection?.resources,
      excludedResourceArns: props.selection?.excludedResources,
      ruleNames: this.backupPlan.ruleNames,
      protectCall: `${id}.protect(<construct>)`,
    });
  }

  /**
   * The vaults the plan's copy actions write to (copyTo, the air-gapped copy, the rules' own copy
   * actions), and the air-gapped vault that `backupDirectly` rules copy into for the resource types it
   * does not back up directly. Rules added later by addRule() are not included.
   */
  private copyDestinationVaultNames(airGappedVaultName: string | undefined): string[] {
    const lag = this.airGappedVault;
    const fromRules = this.backupPlan.rules.flatMap((r) => (r.props.copyActions ?? []).map((c) =>
      lag && c.destinationBackupVault === lag.vault ? airGappedVaultName! : c.destinationBackupVault.backupVaultRef.backupVaultName));
    return [...fromRules, ...airGappedVaultName ? [airGappedVaultName] : []];
  }

  /**
   * What the plan's rules keep: recovery points per rule (warm, cold, archive with `optInToArchive`,
   * S3 low-cost warm with `s3WarmTiering`), the oldest restore point, the point-in-time window, and
   * a storage cost estimate for prices you pass in.
   */
  public generations(): RetentionCalculator {
    return RetentionCalculator.forRules(this.backupPlan.rules, this.backupPlan.storageClasses());
  }

  /** The plan's rules, including copy actions added by `copyTo`. */
  public get rules(): backup.BackupPlanRule[] {
    return [...this.backupPlan.rules];
  }

  /**
   * Adds a rule to the plan. It is validated now (names, windows, lifecycle); the rule count, unique
   * names and the vault lock's retention are validated at synth. `copyTo` destinations apply to it.
   */
  public addRule(rule: backup.BackupPlanRule): void {
    this.backupPlan.addRule(rule);
  }

  /**
   * Puts a construct and everything under it into this environment's backup, by adding the selection
   * tags to it (`Tags.of(construct).add(...)`). An imported resource (`Table.fromTableName()`,
   * `Bucket.fromBucketName()`, `DatabaseInstance.fromDatabaseInstanceAttributes()`,
   * `DatabaseCluster.fromDatabaseClusterAttributes()`, `FileSystem.fromFileSystemAttributes()`),
   * which tags cannot reach, is selected by its ARN instead; an imported resource of another type fails.
   *
   * Fails when another environment's `protect()` already gave the construct (or a construct above or
   * below it) a different value for one of the same tag keys: a resource carries one value per key,
   * so one of the two environments would silently lose it.
   */
  public protect(construct: IConstruct): void {
    protectConstruct(this, this.envSelection, this.selectionTags, construct);
  }

  /**
   * A metric of AWS Backup (namespace `AWS/Backup`) for this environment's vault (also with `monitoring.alarms` off) (dimension
   * `BackupVaultName`): the sum over 5 minutes unless `props` say otherwise. AWS Backup publishes
   * its job metrics only when they are not zero: treat missing data as not breaching.
   *
   * @param metricName the metric, e.g. `NumberOfBackupJobsCreated`
   * @param props period, statistic, label…
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return vaultMetric(this.vault.backupVaultName, metricName, props);
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
}

/** Required props a JavaScript caller may leave out, at any depth: our error instead of a TypeError. */
function requireEnvironmentProps(scope: IConstruct, props: EnvironmentBackupProps) {
  requireProps(scope, props, ['environmentName']);
  if (props.rules !== undefined) requireElements(scope, 'rules', props.rules);
  (props.copyTo ?? []).forEach((d, i) => requireProps(scope, d, ['vault'], `copyTo[${i}]`));
  (props.selection?.conditions ?? []).forEach((c, i) => requireProps(scope, c, ['key', 'value'], `selection.conditions[${i}]`));
  if (props.vault?.lock) requireProps(scope, props.vault.lock, ['minRetention'], 'vault.lock');
  if (props.airGappedCopy) requireProps(scope, props.airGappedCopy, ['minRetention', 'maxRetention'], 'airGappedCopy');
}
