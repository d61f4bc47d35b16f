import { ArnFormat, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AuditOptions, BackupAudit } from './audit';
import { BackupCoverage } from './backup-coverage';
import { BackupMonitoring, MonitoringOptions } from './monitoring';
import { BackupNotifications, NotificationOptions } from './notifications';
import { ContinuousBackupOptions, CopyDestination, EnvironmentTier, TierPresets } from './plan';
import { CopyTarget, withCopyActions } from './plan/copy-actions';
import { RULE_LIMITS, validateRule, validateRuleSet } from './plan/rule-validation';
import { isUnresolved, validationError } from './private/validation';
import { RestoreTestingOptions, RestoreTestingPlan } from './restore-testing';
import { RetentionCalculator } from './retention';
import { EnvironmentSelection, SelectionOptions, TagCondition, TagOperator } from './selection';
import { AirGappedCopyOptions, EnvironmentVault, LogicallyAirGappedVault, VaultOptions } from './vault';

/** Properties of an `EnvironmentBackup`. */
export interface EnvironmentBackupProps {
  /**
   * The environment's name, e.g. `production`: 1 to 32 letters, digits, '-' or '_', starting with a
   * letter or digit. It names the vault, the plan and the default selection tag, so it must be unique
   * per account and region.
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
   *
   * @default - no copies
   */
  readonly copyTo?: CopyDestination[];

  /**
   * Copy the recovery points into a logically air-gapped vault of this account and region (locked,
   * isolated from the account's own credentials, shareable with a recovery account). Copies keep the
   * rule's retention, without cold storage.
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
}

/** The tag key of the default selection. */
const DEFAULT_TAG_KEY = 'backup:environment';
const ENVIRONMENT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,31}$/;
const CONTINUOUS_RULE_NAME = 'Continuous';

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

  /** The restore testing plan, when `restoreTesting.enabled` is true. */
  public readonly restoreTesting?: RestoreTestingPlan;

  private readonly _rules: backup.BackupPlanRule[] = [];
  /** Shared with the coverage registration, so rules added later are named in its report. */
  private readonly ruleNames: string[] = [];
  private readonly copyTo: CopyTarget[];
  private readonly lockMinRetention?: Duration;
  private readonly lockMaxRetention?: Duration;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: EnvironmentBackupProps) {
    super(scope, id);
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
      });
      this.copyTo.push({ vault: this.airGappedVault.vault, ruleNames: props.airGappedCopy.ruleNames, withoutColdStorage: true });
    }
    this.allowCrossAccountCopies(this.copyTo);
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${name}-backup-plan`,
      backupVault: this.vault,
    });
    for (const rule of this.initialRules(props)) {
      this.addRule(rule);
    }
    this.node.addValidation({ validate: () => this.validatePlan() });
    if (envVault.recoveryPointCleaner) {
      // No backup job starts while the vault is being emptied: the plan goes first.
      this.plan.node.addDependency(envVault.recoveryPointCleaner);
    }

    const envSelection = new EnvironmentSelection(this, 'Selection', {
      plan: this.plan,
      selectionName: `${name}-selection`,
      conditions,
      resources: selection.resources,
      excludedResources: selection.excludedResources,
      allowRestores: props.allowRestores,
    });
    this.backupRole = envSelection.role;

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

    if (props.audit) {
      this.audit = new BackupAudit(this, 'Audit', {
        ...props.audit,
        environmentName: name,
        selectionTags: this.selectionTags,
        requiredFrequency: props.audit.requiredFrequency ?? RetentionCalculator.minimumFrequency(this._rules),
        requiredRetention: props.audit.requiredRetention ?? RetentionCalculator.minimumRetention(this._rules),
        manualDeletionDisabled: envVault.blocksRecoveryPointDeletion,
      });
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
    const tagged = Object.keys(this.selectionTags).length === 0 ? rule : new backup.BackupPlanRule({
      ...rule.props,
      recoveryPointTags: { ...this.selectionTags, ...rule.props.recoveryPointTags },
    });
    const withCopies = withCopyActions(this, tagged, this.copyTo);
    validateRule(this, withCopies);
    this._rules.push(withCopies);
    this.ruleNames.push(withCopies.props.ruleName ?? `rule-${this._rules.length}`);
    this.plan.addRule(withCopies);
  }

  /**
   * Cross-account copies: AWS Backup re-encrypts the copy in the destination account, which must be
   * allowed to use the source vault's key. Granted on the key this construct created; a key you pass
   * in needs the same statement in its own policy (see the README).
   */
  private allowCrossAccountCopies(destinations: CopyDestination[]) {
    const stack = Stack.of(this);
    const accounts = new Set<string>();
    for (const d of destinations) {
      const account = stack.splitArn(d.vault.backupVaultArn, ArnFormat.COLON_RESOURCE_NAME).account;
      if (account && !Token.isUnresolved(account) && account !== stack.account) accounts.add(account);
    }
    if (accounts.size === 0) return;
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCopiesToOtherAccounts',
      principals: [...accounts].sort().map((a) => new iam.AccountPrincipal(a)),
      actions: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCopyGrantsToOtherAccounts',
      principals: [...accounts].sort().map((a) => new iam.AccountPrincipal(a)),
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));
  }

  /**
   * Puts a construct and everything under it into this environment's backup, by adding the selection
   * tags to it (`Tags.of(construct).add(...)`).
   */
  public protect(construct: IConstruct): void {
    const tags = Object.entries(this.selectionTags);
    if (tags.length === 0) {
      throw validationError(this, `protect(${construct.node.path}) needs selection tags, but this environment selects by resource ARNs only: add the resource's ARN to selection.resources`);
    }
    for (const [key, value] of tags) {
      Tags.of(construct).add(key, value);
    }
  }

  private initialRules(props: EnvironmentBackupProps): backup.BackupPlanRule[] {
    const continuous = props.continuousBackup ?? {};
    const retention = continuous.retention;
    const retentionDays = retention && !isUnresolved(retention) ? retention.toHours({ integral: false }) / 24 : undefined;
    if (retentionDays !== undefined && (retentionDays < 1 || retentionDays > RULE_LIMITS.maxContinuousRetentionDays)) {
      throw validationError(this, `continuousBackup.retention (${retention!.toHumanString()}) must be between 1 and ${RULE_LIMITS.maxContinuousRetentionDays} days`);
    }
    if (props.rules === undefined) {
      return TierPresets.rules(this.tier, {
        continuousBackup: continuous.enabled,
        continuousBackupRetention: continuous.retention,
      });
    }
    const rules = [...props.rules];
    if (continuous.enabled) {
      rules.push(new backup.BackupPlanRule({
        ruleName: CONTINUOUS_RULE_NAME,
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        enableContinuousBackup: true,
        deleteAfter: continuous.retention ?? Duration.days(RULE_LIMITS.maxContinuousRetentionDays),
      }));
    } else if (continuous.retention) {
      throw validationError(this, 'continuousBackup.retention is set but continuousBackup.enabled is not true: with custom rules, turn continuous backup on explicitly');
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
    const lag = this.airGappedVault;
    if (lag) {
      for (const rule of this._rules) {
        const del = rule.props.deleteAfter;
        const copied = (rule.props.copyActions ?? []).some((c) => c.destinationBackupVault === lag.vault);
        if (!copied || !del || isUnresolved(del) || isUnresolved(lag.minRetention) || isUnresolved(lag.maxRetention)) continue;
        const days = del.toDays({ integral: false });
        if (days < lag.minRetention.toDays() || days > lag.maxRetention.toDays()) {
          errors.push(`rule ${rule.props.ruleName}: deleteAfter (${del.toHumanString()}) must be within airGappedCopy.minRetention (${lag.minRetention.toHumanString()}) ` +
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

/** environmentName must be unique per account and region in an app: vault and plan names derive from it. */
function claimEnvironmentName(env: EnvironmentBackup) {
  const stack = Stack.of(env);
  const where = (v: string) => (Token.isUnresolved(v) ? 'any' : v);
  const key = `${where(stack.account)}/${where(stack.region)}/${env.environmentName}`;
  const root = env.node.root;
  let claims = CLAIMS.get(root);
  if (!claims) {
    claims = new Map();
    CLAIMS.set(root, claims);
  }
  const other = claims.get(key);
  if (other) {
    throw validationError(env,
      `environmentName ("${env.environmentName}") is already used by ${other} in the same account and region: ` +
      'vault and plan names would collide; give each environment its own name');
  }
  claims.set(key, env.node.path);
}

const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();
