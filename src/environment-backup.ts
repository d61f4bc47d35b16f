import { Annotations, ArnFormat, Duration, Stack, Tags, TimeZone, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AuditOptions, BackupAudit } from './audit';
import { defaultReportTemplates } from './audit/report-template-checks';
import { BackupCoverage } from './backup-coverage';
import { BackupMonitoring, MonitoringOptions } from './monitoring';
import { BackupNotifications, NotificationOptions } from './notifications';
import { ContinuousBackupOptions, CopyDestination, EnvironmentTier, MalwareScanningOptions, S3WarmTieringOptions, ScanMode, TierPresets } from './plan';
import { CopyTarget, withCopyActions } from './plan/copy-actions';
import { allowScans, createScannerRole, renderRuleExtras, renderScanSettings, RuleExtras } from './plan/rule-extras';
import { RULE_LIMITS, validateRule, validateRuleSet } from './plan/rule-validation';
import {
  ACCOUNT_ID_PATTERN, amountOf, checkIndexResourceTypes, checkScanResourceTypes, checkTags, checkTieringDownDays, checkTimeZone, checkWhole,
  PLAN_OPTION_LIMITS, VAULT_NAME_PATTERN,
} from './private/limits';
import { attached, attachedOnce, claim, placeOf } from './private/singleton';
import { assertValid, isUnresolved, requireElements, requireProps, validationError } from './private/validation';
import { RestoreTestingOptions, RestoreTestingPlan } from './restore-testing';
import { RetentionCalculator } from './retention';
import { SelectionOptions, TagCondition, TagOperator } from './selection';
import { EnvironmentSelection } from './selection/environment-selection';
import { importedResourceArn, isImportedResource } from './selection/imported-resource-arn';
import { AirGappedCopyOptions, EnvironmentVault, LogicallyAirGappedVault, VaultOptions } from './vault';

/** Properties of an `EnvironmentBackup`. */
export interface EnvironmentBackupProps {
  /**
   * The environment's name, e.g. `production`: 1 to 32 letters, digits, '-' or '_', starting with a
   * letter or digit. It names the vault, the plan, the selections (`<name>-selection-tags` and
   * `<name>-selection-resources`, or `<name>-sel-…` for names of 31 or 32 characters, so that they fit
   * AWS's 50 characters) and the default selection tag, so it must be unique per account and region.
   */
  readonly environmentName: string;

  /**
   * The preset of rules and defaults. See the README for the exact rules of each tier.
   *
   * @default EnvironmentTier.PRODUCTION — the tier that loses nothing
   */
  readonly tier?: EnvironmentTier;

  /**
   * Backup rules that replace the tier's rules (at most 10, unique names). A rule without
   * `backupVault` writes to the environment's vault.
   *
   * @default - the tier's rules (`TierPresets.rules(tier)`)
   */
  readonly rules?: backup.BackupPlanRule[];

  /**
   * Continuous backup (point-in-time recovery) for RDS, Aurora and S3.
   *
   * @default - on for EnvironmentTier.PRODUCTION (35 days), off otherwise
   */
  readonly continuousBackup?: ContinuousBackupOptions;

  /**
   * Vaults in other regions or accounts that receive copies of the recovery points (at most 5 a rule).
   * A vault in another account needs its `account` confirmed: that account may then use the vault key.
   *
   * @default - no copies
   */
  readonly copyTo?: CopyDestination[];

  /**
   * Copy the recovery points into a logically air-gapped vault of this account and region (locked,
   * isolated from the account's own credentials, shareable with a recovery account). Copies keep the
   * rule's retention, without cold storage: every copied rule needs a `deleteAfter` within the air-gapped
   * vault's retention limits, or synth fails (the copies would).
   *
   * @default - no air-gapped copy
   */
  readonly airGappedCopy?: AirGappedCopyOptions;

  /**
   * Which resources the environment backs up.
   *
   * @default - every resource tagged `backup:environment=<environmentName>`
   */
  readonly selection?: SelectionOptions;

  /**
   * The environment's vault.
   *
   * @default - a vault named `<environmentName>-backup-vault`, encrypted with a new customer-managed
   * key, retained, with recovery point deletion blocked in PRODUCTION
   */
  readonly vault?: VaultOptions;

  /**
   * Where the vault's notifications go: an SNS topic (created, encrypted with a customer-managed key,
   * or `notifications.topic`), the events sent to it, a Slack forwarder filtered on the message
   * attributes (failures only by default), e-mail addresses and other subscribers. The alarms of
   * `monitoring` are sent to the same topic.
   *
   * @default - a topic receiving the events AWS Backup sends today; no subscriber
   */
  readonly notifications?: NotificationOptions;

  /**
   * Backup Audit Manager: a framework of controls scoped to the environment's selection tag, and
   * daily reports delivered to S3 as CSV and/or JSON. Audit Manager relies on AWS Config, which is
   * billed per configuration item recorded and per rule evaluation: see the README's costs.
   *
   * @default - no audit
   */
  readonly audit?: AuditOptions;

  /**
   * CloudWatch alarms on failed, expired and aborted backup jobs and failed copy and restore jobs
   * (sent to the notification topic), and a dashboard.
   *
   * @default - alarms on, no dashboard
   */
  readonly monitoring?: MonitoringOptions;

  /**
   * A restore testing plan that restores, on a schedule, the latest recovery point of one resource per
   * type selected by the environment's tags, to prove the backups restorable.
   *
   * @default - no restore testing (`enabled` is false)
   */
  readonly restoreTesting?: RestoreTestingOptions;

  /**
   * Grant AWS Backup's role the permissions to restore the selected resources too (managed policies
   * AWSBackupServiceRolePolicyForRestores and AWSBackupServiceRolePolicyForS3Restore).
   *
   * @default false — restores use a role you choose when you start them
   */
  readonly allowRestores?: boolean;

  /**
   * The time zone of the tier's schedules and of the `Continuous` rule that `continuousBackup` adds
   * (`ScheduleExpressionTimezone`): with `TimeZone.ASIA_TOKYO` the daily backup starts at 05:00 Tokyo
   * time. Rules you pass in `rules` keep their own `scheduleExpressionTimezone`.
   *
   * @default - UTC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
   */
  readonly timeZone?: TimeZone;

  /**
   * Windows VSS (Volume Shadow Copy Service) backups of EC2 Windows instances: application-consistent
   * backups (`AdvancedBackupSettings` EC2 `WindowsVSS: enabled`). The instances need the VSS agent
   * and an instance role that allows it.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/windows-backups.html
   */
  readonly windowsVss?: boolean;

  /**
   * Opt the rules that move recovery points to cold storage (`moveToColdStorageAfter`) in to the
   * archive tier for the resource types that support it (`OptInToArchiveForSupportedResources`). At
   * least one rule must have a cold storage transition.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
   */
  readonly optInToArchive?: boolean;

  /**
   * Backup indexes (search and item-level restore) of every rule's recovery points of these resource
   * types: `EBS` and/or `S3` (`IndexActions`). Indexes are billed per GB indexed and stored.
   *
   * @default - no index
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html
   */
  readonly backupIndexes?: string[];

  /**
   * Malware scanning of every rule's recovery points by GuardDuty (`ScanActions` and `ScanSettings`).
   * GuardDuty bills per GB scanned, so it is off in every tier unless set.
   *
   * @default - no scanning
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/malware-protection.html
   */
  readonly malwareScanning?: MalwareScanningOptions;

  /**
   * Move S3 backups of the environment's vault to the low-cost warm tier
   * (`AWS::Backup::TieringConfiguration`).
   *
   * @default - no warm tiering
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
   */
  readonly s3WarmTiering?: S3WarmTieringOptions;
}

/** The tag key of the default selection. */
const DEFAULT_TAG_KEY = 'backup:environment';
const ENVIRONMENT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,31}$/;
/** A backup vault ARN (the vault name pattern of src/vault/vault-name.ts). */
const VAULT_ARN = new RegExp(`^arn:aws[a-z-]*:backup:[a-z0-9-]+:\\d{12}:backup-vault:${VAULT_NAME_PATTERN.source.replace(/^\^|\$$/g, '')}$`);

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

  /** The restore testing plan, when `restoreTesting.enabled` is true. */
  public readonly restoreTesting?: RestoreTestingPlan;

  private readonly _rules: backup.BackupPlanRule[] = [];
  /** Shared with the coverage registration, so rules added later are named in its report. */
  private readonly ruleNames: string[] = [];
  private readonly copyTo: CopyTarget[];
  private readonly envSelection: EnvironmentSelection;
  private readonly lockMinRetention?: Duration;
  private readonly lockMaxRetention?: Duration;
  /** Whether `continuousBackup` added the `Continuous` rule to custom rules. */
  private addedContinuousRule = false;
  /** The rule properties rendered on the L1 (scanning, indexes, archive, direct air-gapped backup). */
  private readonly extras: { scanMode?: ScanMode; indexResourceTypes?: string[]; optInToArchive?: boolean } = {};
  /** Set when `airGappedCopy.backupDirectly` is on: the rules (all when undefined) that back up into it. */
  private directAirGapped?: { vaultArn: string; ruleNames?: string[] };
  private readonly timeZone?: TimeZone;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: EnvironmentBackupProps) {
    super(scope, id);
    requireEnvironmentProps(this, props);
    const name = props.environmentName;
    if (!isUnresolved(name) && !ENVIRONMENT_NAME.test(name)) {
      throw validationError(this, `environmentName ("${name}") must be 1 to 32 characters: letters, digits, '-' or '_', starting with a letter or digit`);
    }
    if (isUnresolved(name)) {
      throw validationError(this, 'environmentName must be a literal string, not a token: it names the vault, the plan and the selection tag at synth');
    }
    this.environmentName = name;
    this.tier = props.tier ?? EnvironmentTier.PRODUCTION;
    claimEnvironmentName(this);

    const vaultOptions = props.vault ?? {};
    const envVault = new EnvironmentVault(this, 'Vault', {
      ...vaultOptions,
      environmentName: name,
      blockRecoveryPointDeletion: vaultOptions.blockRecoveryPointDeletion
        ?? (vaultOptions.deleteRecoveryPointsOnDestroy ? false : TierPresets.blocksRecoveryPointDeletionByDefault(this.tier)),
    });
    this.vault = envVault.vault;
    this.encryptionKey = envVault.encryptionKey;
    this.lockMinRetention = vaultOptions.lock?.minRetention;
    this.lockMaxRetention = vaultOptions.lock?.maxRetention;

    const selection = props.selection ?? {};
    const selectByTags = selection.selectByTags ?? true;
    if (!selectByTags && (selection.tags || selection.conditions)) {
      throw validationError(this, 'selection.selectByTags is false but selection.tags or selection.conditions are set: remove them or select by tags');
    }
    this.selectionTags = selectByTags ? { ...(selection.tags ?? { [DEFAULT_TAG_KEY]: name }) } : {};
    // The selection tags are written on the vault, the plan, the recovery points and protected resources.
    assertValid(this, checkTags('selection.tags', this.selectionTags));
    const conditions: TagCondition[] = [
      ...Object.entries(this.selectionTags).map(([key, value]) => ({ key, value, operator: TagOperator.STRING_EQUALS })),
      ...(selectByTags ? selection.conditions ?? [] : []),
    ];
    this.copyTo = [...props.copyTo ?? []];
    if (props.airGappedCopy) {
      const lag = props.airGappedCopy;
      this.airGappedVault = new LogicallyAirGappedVault(this, 'AirGappedVault', {
        vaultName: lag.vaultName ?? `${name}-air-gapped-vault`,
        minRetention: lag.minRetention,
        maxRetention: lag.maxRetention,
        encryptionKey: lag.encryptionKey,
        shareWithAccounts: lag.shareWithAccounts,
        mpaApprovalTeamArn: lag.mpaApprovalTeamArn,
      });
    }
    if (props.airGappedCopy?.backupDirectly) {
      // Same account and region, as AWS requires: the rules target the air-gapped vault, no copy.
      this.directAirGapped = { vaultArn: this.airGappedVault!.vaultArn, ruleNames: props.airGappedCopy.ruleNames };
    } else if (props.airGappedCopy) {
      this.copyTo.push({
        vault: this.airGappedVault!.vault,
        ruleNames: props.airGappedCopy.ruleNames,
        withoutColdStorage: true,
        maxRetention: props.airGappedCopy.maxRetention,
        property: 'airGappedCopy',
      });
    }
    this.allowCrossAccountCopies(this.copyTo);
    this.timeZone = props.timeZone;
    this.validatePlanOptions(props);
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${name}-backup-plan`,
      backupVault: this.vault,
      windowsVss: props.windowsVss,
    });
    this.extras = {
      scanMode: props.malwareScanning ? props.malwareScanning.scanMode ?? ScanMode.INCREMENTAL_SCAN : undefined,
      indexResourceTypes: props.backupIndexes ? [...props.backupIndexes] : undefined,
      optInToArchive: props.optInToArchive,
    };
    for (const rule of this.initialRules(props)) {
      this.addRule(rule);
    }
    this.node.addValidation({ validate: () => this.validatePlan() });
    if (envVault.recoveryPointCleaner) {
      // No backup job starts while the vault is being emptied: the plan goes first.
      this.plan.node.addDependency(envVault.recoveryPointCleaner);
    }

    const envSelection = this.envSelection = new EnvironmentSelection(this, 'Selection', {
      plan: this.plan,
      selectionName: selectionNamePrefix(name),
      conditions,
      resources: selection.resources,
      excludedResources: selection.excludedResources,
      allowRestores: props.allowRestores,
    });
    this.backupRole = envSelection.role;
    if (props.malwareScanning) {
      const scanning = props.malwareScanning;
      this.scannerRole = scanning.scannerRole ?? createScannerRole(this, 'ScannerRole', name);
      renderScanSettings(this.plan, [...scanning.resourceTypes ?? PLAN_OPTION_LIMITS.scanResourceTypes], this.scannerRole.roleArn);
      allowScans(this.backupRole);
    }
    if (props.s3WarmTiering) {
      const after = props.s3WarmTiering.tierDownAfter ?? Duration.days(PLAN_OPTION_LIMITS.minTieringDownDays);
      new backup.CfnTieringConfiguration(this, 'S3WarmTiering', {
        // Letters, digits and underscores only (API_TieringConfigurationInputForCreate).
        tieringConfigurationName: `${name.replace(/-/g, '_')}_s3_warm_tiering`,
        backupVaultName: this.vault.backupVaultName,
        resourceSelection: [{ resourceType: 'S3', resources: ['*'], tieringDownSettingsInDays: after.toDays() }],
      });
    }

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
    // The air-gapped vault's events reach the same topic as the environment vault's.
    const vaultNotifications = (this.vault.node.defaultChild as backup.CfnBackupVault).notifications as
      backup.CfnBackupVault.NotificationObjectTypeProperty | undefined;
    if (this.airGappedVault && vaultNotifications) {
      this.airGappedVault.sendNotifications(vaultNotifications.snsTopicArn, vaultNotifications.backupVaultEvents);
    }

    if (props.audit) {
      this.audit = this.createAudit(props.audit, envVault.blocksRecoveryPointDeletion);
    }

    const { enabled: restoreTestingEnabled, ...restoreTesting } = props.restoreTesting ?? {};
    if (restoreTestingEnabled) {
      if (Object.keys(this.selectionTags).length === 0) {
        throw validationError(this, 'restoreTesting.enabled (true) needs selection tags: restore tests select resources by tags');
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

    const monitoring = props.monitoring ?? {};
    if ((monitoring.alarms ?? true) || monitoring.dashboard || monitoring.createDashboard) {
      this.monitoring = new BackupMonitoring(this, 'Monitoring', {
        ...monitoring,
        vaultName: this.vault.backupVaultName,
        environmentName: name,
        alarmTopic: this.topic,
        // Alarm notifications carry no message attributes: the Slack subscription's filter never
        // passes them, so they reach Slack through the forwarder's unfiltered alarm topic.
        alarmTopics: this.notifications.slackForwarder ? [this.notifications.slackForwarder.alarmForwardingTopic] : undefined,
        // The live list: rules added later by addRule() count for the heartbeat window.
        rules: this._rules,
      });
    }

    // The coverage check (warnings; strict stays opt-in with BackupCoverage.of(app, { strict: true }))
    // runs for every app with an environment, on its root, nested stages included.
    BackupCoverage.of(this.node.root);
    BackupCoverage.registerSelection(this, {
      environmentName: name,
      conditions: selectByTags ? conditions : [],
      resourceArns: selection.resources,
      excludedResourceArns: selection.excludedResources,
      ruleNames: this.ruleNames,
      protectCall: `${id}.protect(<construct>)`,
    });
  }

  /**
   * What the plan's rules keep: recovery points per rule (warm and cold), the oldest restore point,
   * the point-in-time window, and a storage cost estimate for prices you pass in.
   */
  public generations(): RetentionCalculator {
    return RetentionCalculator.forRules(this._rules);
  }

  /** The plan's rules, including copy actions added by `copyTo`. */
  public get rules(): backup.BackupPlanRule[] {
    return [...this._rules];
  }

  /**
   * Adds a rule to the plan. It is validated now (names, windows, lifecycle); the rule count, unique
   * names and the vault lock's retention are validated at synth. `copyTo` destinations apply to it.
   */
  public addRule(rule: backup.BackupPlanRule): void {
    validateRule(this, rule);
    const existing = this._rules.find((r) => r.props.enableContinuousBackup);
    if (rule.props.enableContinuousBackup && existing) {
      const origin = this.addedContinuousRule || existing.props.ruleName === TierPresets.DAILY_RULE_NAME
        ? ` (continuous backup is on: ${this.addedContinuousRule ? 'the rule continuousBackup adds' : "the tier's daily rule"}; set continuousBackup.enabled to false to use your own)`
        : '';
      throw validationError(this, `rule ${rule.props.ruleName ?? '(unnamed)'}: enableContinuousBackup (true) but rule ${existing.props.ruleName ?? '(unnamed)'} ` +
        `is already the plan's continuous rule${origin}: a resource can have only 1 continuous backup`);
    }
    const tagged = Object.keys(this.selectionTags).length === 0 ? rule : new backup.BackupPlanRule({
      ...rule.props,
      recoveryPointTags: { ...this.selectionTags, ...rule.props.recoveryPointTags },
    });
    const withCopies = withCopyActions(this, tagged, this.copyTo);
    validateRule(this, withCopies);
    this._rules.push(withCopies);
    this.ruleNames.push(withCopies.props.ruleName ?? `rule-${this._rules.length}`);
    this.plan.addRule(withCopies);
    renderRuleExtras(this.plan, this._rules.length - 1, this.extrasOf(withCopies));
  }

  /** The L1-only properties of one rule. */
  private extrasOf(rule: backup.BackupPlanRule): RuleExtras {
    const direct = this.directAirGapped;
    const name = rule.props.ruleName;
    return {
      ...this.extras,
      optInToArchive: this.extras.optInToArchive && rule.props.moveToColdStorageAfter !== undefined,
      airGappedVaultArn: direct && (direct.ruleNames === undefined || (name !== undefined && direct.ruleNames.includes(name)))
        ? direct.vaultArn : undefined,
    };
  }

  /** Checks the plan options that do not depend on the rules. */
  private validatePlanOptions(props: EnvironmentBackupProps) {
    if (props.timeZone) assertValid(this, checkTimeZone('timeZone', props.timeZone.timezoneName));
    if (props.backupIndexes) assertValid(this, checkIndexResourceTypes('backupIndexes', props.backupIndexes));
    const scanning = props.malwareScanning;
    if (scanning?.resourceTypes) assertValid(this, checkScanResourceTypes('malwareScanning.resourceTypes', scanning.resourceTypes));
    if (scanning?.scanMode !== undefined && !Object.values(ScanMode).includes(scanning.scanMode)) {
      throw validationError(this, `malwareScanning.scanMode ("${scanning.scanMode}") must be one of ${Object.values(ScanMode).join(', ')}`);
    }
    const after = props.s3WarmTiering?.tierDownAfter;
    if (after && !after.isUnresolved()) assertValid(this, checkTieringDownDays('s3WarmTiering.tierDownAfter', amountOf(after, 'day')));
  }

  /**
   * Cross-account copies: AWS Backup re-encrypts the copy in the destination account, which must be
   * allowed to use the source vault's key. Granted on the key this construct created, to the accounts
   * each destination confirms with `account` (a vault ARN naming another account without it fails);
   * a key you pass in needs the same statement in its own policy (see the README).
   */
  private allowCrossAccountCopies(destinations: CopyTarget[]) {
    const stack = Stack.of(this);
    const grants = new Map<string, string[]>();
    destinations.forEach((d, i) => {
      const property = d.property ?? `copyTo[${i}]`;
      const arn = d.vault.backupVaultArn;
      if (!Token.isUnresolved(arn) && !VAULT_ARN.test(arn)) {
        throw validationError(this, `${property}.vault has the ARN "${arn}", which is not a backup vault ARN ` +
          '(arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<2 to 50 letters, digits, \'-\' or \'_\'>)');
      }
      if (d.account !== undefined && !Token.isUnresolved(d.account) && !ACCOUNT_ID_PATTERN.test(d.account)) {
        throw validationError(this, `${property}.account ("${d.account}") must be a 12-digit AWS account ID`);
      }
      const arnAccount = stack.splitArn(arn, ArnFormat.COLON_RESOURCE_NAME).account;
      const known = (v: string | undefined): v is string => v !== undefined && v !== '' && !Token.isUnresolved(v);
      if (known(arnAccount) && d.account !== undefined && known(d.account) && d.account !== arnAccount) {
        throw validationError(this, `${property}.account ("${d.account}") does not match the account of ${property}.vault ` +
          `("${arnAccount}" in ${arn}): one of them has a typo`);
      }
      const account = known(arnAccount) ? arnAccount : d.account;
      if (!known(account) || account === stack.account) return;
      if (d.account === undefined) {
        throw validationError(this, `${property}.vault is in account ${account}, not in this stack's account` +
          `${Token.isUnresolved(stack.account) ? ' (the stack has no account set)' : ` (${stack.account})`}: a cross-account copy grants ` +
          `that account use of the vault key, so confirm the account with ${property}.account ('${account}')`);
      }
      grants.set(account, [...grants.get(account) ?? [], property]);
    });
    if (grants.size === 0) return;
    const accounts = [...grants.keys()].sort();
    const added = this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCopiesToOtherAccounts',
      principals: accounts.map((a) => new iam.AccountPrincipal(a)),
      actions: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      resources: ['*'],
    })).statementAdded;
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCopyGrantsToOtherAccounts',
      principals: accounts.map((a) => new iam.AccountPrincipal(a)),
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));
    const list = accounts.map((a) => `${a} (${grants.get(a)!.join(', ')})`).join(', ');
    if (added) {
      Annotations.of(this).addInfo(`cross-account copies: the vault key may be used by account ${list}`);
    } else {
      Annotations.of(this).addWarningV2('cdk-environment-backup:crossAccountKey',
        `cross-account copies to account ${list} need the vault key to allow them, but vault.encryptionKey is imported and its ` +
        'policy cannot be changed here: add the statements of the README ("Disaster-recovery copies") to its key policy, or the copies fail');
    }
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
    if (isImportedResource(construct)) {
      const arn = importedResourceArn(construct);
      if (arn === undefined) {
        throw validationError(this, `protect(${construct.node.path}): the construct is imported (no CloudFormation resource of this app is under it), ` +
          'so tags cannot reach it, and it is not an imported DynamoDB table, S3 bucket, RDS instance, RDS/Aurora cluster or EFS file system ' +
          'whose ARN selects it: add its ARN to selection.resources');
      }
      this.envSelection.addResource(arn);
      return;
    }
    const tags = Object.entries(this.selectionTags);
    if (tags.length === 0) {
      throw validationError(this, `protect(${construct.node.path}) needs selection tags, but this environment selects by resource ARNs only: add the resource's ARN to selection.resources`);
    }
    claimProtection(this, construct, this.selectionTags);
    for (const [key, value] of tags) {
      Tags.of(construct).add(key, value);
    }
  }

  /**
   * The audit, with the frequency and retention its controls require derived from the rules when not
   * given: a derived value is one the control accepts (whole hours or days, rounded so that the plan
   * complies), and an error about it says it was derived.
   */
  private createAudit(audit: AuditOptions, manualDeletionDisabled: boolean): BackupAudit {
    const derive = <T>(property: string, compute: () => T): T => {
      try {
        return compute();
      } catch (e) {
        throw validationError(this, `audit.${property} is not set and cannot be derived from the rules: ${(e as Error).message}; set audit.${property}`);
      }
    };
    const frequencyDerived = audit.requiredFrequency === undefined && audit.controls === undefined;
    const requiredFrequency = audit.requiredFrequency
      ?? (audit.controls === undefined ? derive('requiredFrequency', () => RetentionCalculator.auditFrequency(this._rules)) : undefined);
    const requiredRetention = audit.requiredRetention
      ?? (audit.controls === undefined ? derive('requiredRetention', () => RetentionCalculator.minimumRetention(this._rules)) : undefined);
    try {
      return new BackupAudit(this, 'Audit', {
        ...audit,
        reportTemplates: audit.reportTemplates ?? defaultReportTemplates(this.scannerRole !== undefined),
        environmentName: this.environmentName,
        selectionTags: this.selectionTags,
        requiredFrequency,
        requiredRetention,
        manualDeletionDisabled,
      });
    } catch (e) {
      const message = (e as Error).message;
      if (!frequencyDerived || !/: frequency \(/.test(message)) throw e;
      throw validationError(this,
        `audit.requiredFrequency is not set, and the frequency derived from the rules (${requiredFrequency!.toHumanString()}, the plan's most frequent rule) ` +
        `is not one Audit Manager's minimum frequency control accepts (${message.replace(/^.*?: frequency/, 'frequency')}): ` +
        'set audit.requiredFrequency, or audit.controls without that control');
    }
  }

  private initialRules(props: EnvironmentBackupProps): backup.BackupPlanRule[] {
    const continuous = props.continuousBackup ?? {};
    const retention = continuous.retention;
    const retentionDays = retention && !isUnresolved(retention) ? retention.toHours({ integral: false }) / 24 : undefined;
    if (retentionDays !== undefined && (retentionDays < 1 || retentionDays > RULE_LIMITS.maxContinuousRetentionDays)) {
      throw validationError(this, `continuousBackup.retention (${retention!.toHumanString()}) must be between 1 and ${RULE_LIMITS.maxContinuousRetentionDays} days`);
    }
    if (retention) assertValid(this, checkWhole('continuousBackup.retention', retention, 'day'));
    // The tier's default holds with custom rules too (on in PRODUCTION).
    const enabled = continuous.enabled ?? TierPresets.continuousBackupByDefault(this.tier);
    if (!enabled && retention) {
      throw validationError(this, `continuousBackup.retention (${retention.toHumanString()}) is set but continuous backup is off ` +
        `(${continuous.enabled === false ? 'continuousBackup.enabled is false' : `the ${this.tier} tier's default`}): set continuousBackup.enabled to true, or remove the retention`);
    }
    if (props.rules === undefined) {
      return TierPresets.rules(this.tier, { continuousBackup: enabled, continuousBackupRetention: retention, timeZone: this.timeZone });
    }
    const rules = [...props.rules];
    const ownContinuous = rules.filter((r) => r.props.enableContinuousBackup).map((r) => r.props.ruleName ?? '(unnamed)');
    if (ownContinuous.length > 0) {
      // The user's continuous rule is the environment's continuous backup.
      if (continuous.enabled === false) {
        throw validationError(this, `continuousBackup.enabled is false but rule ${ownContinuous.join(', ')} of rules enables continuous backup: remove one of them`);
      }
      if (retention) {
        throw validationError(this, `continuousBackup.retention (${retention.toHumanString()}) is set but rule ${ownContinuous.join(', ')} of rules is already a continuous rule with its own deleteAfter: remove continuousBackup.retention`);
      }
      return rules;
    }
    if (enabled) {
      this.addedContinuousRule = true;
      rules.push(TierPresets.continuousRule(retention, this.timeZone));
    }
    return rules;
  }

  private validatePlan(): string[] {
    const errors = validateRuleSet(this._rules);
    const ruleNames = new Set(this._rules.map((r) => r.props.ruleName));
    this.copyTo.forEach((d, i) => {
      for (const n of d.ruleNames ?? []) {
        if (!ruleNames.has(n)) errors.push(`copyTo[${i}].ruleNames names rule "${n}", which the plan does not have (rules: ${[...ruleNames].join(', ')})`);
      }
    });
    if (this.extras.optInToArchive && !this._rules.some((r) => r.props.moveToColdStorageAfter !== undefined)) {
      errors.push(`optInToArchive (true) needs a rule with moveToColdStorageAfter: recovery points reach the archive tier through the cold storage transition, and no rule has one (rules: ${[...ruleNames].join(', ')})`);
    }
    for (const n of this.directAirGapped?.ruleNames ?? []) {
      if (!ruleNames.has(n)) errors.push(`airGappedCopy.ruleNames names rule "${n}", which the plan does not have (rules: ${[...ruleNames].join(', ')})`);
    }
    const lag = this.airGappedVault;
    if (lag) {
      for (const rule of this._rules) {
        const del = rule.props.deleteAfter;
        const copied = (rule.props.copyActions ?? []).some((c) => c.destinationBackupVault === lag.vault)
          || this.extrasOf(rule).airGappedVaultArn !== undefined;
        if (!copied || !del || isUnresolved(del) || isUnresolved(lag.minRetention) || isUnresolved(lag.maxRetention)) continue;
        const days = del.toDays({ integral: false });
        if (days < lag.minRetention.toDays() || days > lag.maxRetention.toDays()) {
          errors.push(`rule ${rule.props.ruleName ?? '(unnamed)'}: deleteAfter (${del.toHumanString()}) must be within airGappedCopy.minRetention (${lag.minRetention.toHumanString()}) ` +
            `and airGappedCopy.maxRetention (${lag.maxRetention.toHumanString()}): its copies would fail`);
        }
      }
    }
    const min = this.lockMinRetention;
    const max = this.lockMaxRetention;
    for (const rule of this._rules) {
      const del = rule.props.deleteAfter;
      const ruleName = rule.props.ruleName ?? '(unnamed)';
      const targetsOwnVault = rule.props.backupVault === undefined || rule.props.backupVault === this.vault;
      if (!targetsOwnVault) continue;
      if (del === undefined) {
        if (max) errors.push(`rule ${ruleName}: deleteAfter is not set (kept forever) but vault.lock.maxRetention is ${max.toHumanString()}: backup jobs would fail`);
        continue;
      }
      if (isUnresolved(del)) continue;
      if (min && !isUnresolved(min) && del.toHours({ integral: false }) < min.toHours({ integral: false })) {
        errors.push(`rule ${ruleName}: deleteAfter (${del.toHumanString()}) is shorter than vault.lock.minRetention (${min.toHumanString()}): backup jobs would fail`);
      }
      if (max && !isUnresolved(max) && del.toHours({ integral: false }) > max.toHours({ integral: false })) {
        errors.push(`rule ${ruleName}: deleteAfter (${del.toHumanString()}) is longer than vault.lock.maxRetention (${max.toHumanString()}): backup jobs would fail`);
      }
    }
    return errors;
  }
}

/**
 * The prefix of the selection names (`<prefix>-tags`, `<prefix>-resources`; AWS allows 50 characters):
 * `<environmentName>-selection` as always for names of up to 30 characters, whose selections exist
 * already; `<environmentName>-sel` for the longer names (31 and 32 characters), which never fitted.
 */
function selectionNamePrefix(environmentName: string): string {
  const longest = `${environmentName}-selection-resources`;
  return longest.length <= SELECTION_NAME_MAX ? `${environmentName}-selection` : `${environmentName}-sel`;
}

/** AWS Backup's limit on selection names: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html */
const SELECTION_NAME_MAX = 50;

/** Required props a JavaScript caller may leave out, at any depth: our error instead of a TypeError. */
function requireEnvironmentProps(scope: IConstruct, props: EnvironmentBackupProps) {
  requireProps(scope, props, ['environmentName']);
  if (props.rules !== undefined) requireElements(scope, 'rules', props.rules);
  (props.copyTo ?? []).forEach((d, i) => requireProps(scope, d, ['vault'], `copyTo[${i}]`));
  (props.selection?.conditions ?? []).forEach((c, i) => requireProps(scope, c, ['key', 'value'], `selection.conditions[${i}]`));
  if (props.vault?.lock) requireProps(scope, props.vault.lock, ['minRetention'], 'vault.lock');
  if (props.airGappedCopy) requireProps(scope, props.airGappedCopy, ['minRetention', 'maxRetention'], 'airGappedCopy');
}

/** environmentName must be unique per account and region in an app: vault and plan names derive from it. */
function claimEnvironmentName(env: EnvironmentBackup) {
  const other = claim(env, 'environmentName', `${placeOf(env)}/${env.environmentName}`);
  if (other) {
    throw validationError(env,
      `environmentName ("${env.environmentName}") is already used by ${other.node.path} in the same account and region: ` +
      'vault and plan names would collide; give each environment its own name');
  }
}

/** The tags each environment's protect() put on a construct: { key: [value, environment path] }. */
const PROTECTIONS = 'protect-tags';
type Protections = Map<string, { value: string; environment: string }>;

/**
 * Records the tags protect() adds to a construct, and fails when another environment's protect()
 * gave it, a parent or a child a different value for the same key (the last tag would win silently).
 */
function claimProtection(env: EnvironmentBackup, construct: IConstruct, tags: { [key: string]: string }) {
  const related = [...construct.node.scopes, ...construct.node.findAll().slice(1)];
  for (const other of related) {
    const claims = attached<Protections>(other, PROTECTIONS);
    if (!claims) continue;
    for (const [key, value] of Object.entries(tags)) {
      const earlier = claims.get(key);
      if (!earlier || earlier.value === value || earlier.environment === env.node.path) continue;
      const where = other === construct ? 'it' : other.node.path;
      throw validationError(env,
        `protect(${construct.node.path}): ${earlier.environment}.protect() already tagged ${where} ${key}=${earlier.value}, and this environment ` +
        `would tag it ${key}=${value}: a resource carries one value per tag key, so the last tag would win and one environment would ` +
        'silently not back it up. Give the environments different tag keys (selection.tags), or protect it with one environment');
    }
  }
  const own = attachedOnce<Protections>(construct, PROTECTIONS, () => new Map());
  for (const [key, value] of Object.entries(tags)) own.set(key, { value, environment: env.node.path });
}
