import { Duration, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  amountOf, checkIndexResourceTypeCount, checkIndexResourceTypes, checkRoleName, checkScanResourceTypes, checkTieringDownDays,
  checkTimeZone, checkWhole,
  PLAN_OPTION_LIMITS, RULE_LIMITS,
} from '../../private/limits';
import { validateRule, checkRuleSet } from '../../private/rule-validation';
import { RetentionCalculatorOptions } from '../../retention';
import { BackupResourceType } from '../backup-resource-type';
import { ContinuousBackupOptions } from '../continuous-backup';
import { CopyTarget, withCopyActions } from './copy-actions';
import { EnvironmentTier, TierPresets } from '../tiers';
import {
  airGappedRetentionProblems, archiveOptInProblems, backsUpDirectly, LockRetention, lockRetentionProblems, unknownRuleNames,
} from './plan-validation';
import { renderRuleExtras, renderS3BackupOptions, renderScanSettings, RuleExtras } from './rule-extras';
import { allowScans, createScannerRole } from '../../private/scanner-role';
import { assertValid, isUnresolved, validationError } from '../../private/validation';
import { CopyDestination } from '../copy-destination';
import { MalwareScanningOptions, S3BackupOptions, S3WarmTieringOptions, ScanMode } from '../plan-options';

/** The logically air-gapped vault of an environment, as its plan uses it (`airGappedCopy`). */
export interface AirGappedPlanTarget {
  /** The vault. */
  readonly vault: backup.IBackupVault;
  /** Its ARN: the target of the rules that back up directly into it. */
  readonly vaultArn: string;
  /** The shortest retention the vault accepts. */
  readonly minRetention: Duration;
  /** The longest retention the vault accepts. */
  readonly maxRetention: Duration;
  /** The rules copied (or backed up directly) into it; all when undefined. */
  readonly ruleNames?: string[];
  /** Back up directly into the vault instead of copying into it. */
  readonly backupDirectly?: boolean;
}

/** Properties of an `EnvironmentPlan`: the plan options of `EnvironmentBackupProps`, resolved. */
export interface EnvironmentPlanProps {
  /** The environment's name: the plan is `<environmentName>-backup-plan`. */
  readonly environmentName: string;
  /** The tier whose rules and continuous backup default apply. */
  readonly tier: EnvironmentTier;
  /** The environment's vault: the plan's default vault, and the one its lock protects. */
  readonly vault: backup.IBackupVault;
  /** The vault lock's retention limits, which rules into `vault` must fit. @default - no lock */
  readonly lock?: LockRetention;
  /** Tags every rule writes on its recovery points (before the rule's own). */
  readonly recoveryPointTags: { [key: string]: string };
  /** Custom rules that replace the tier's. @default - the tier's rules */
  readonly rules?: backup.BackupPlanRule[];
  /** `continuousBackup`. @default - the tier's default */
  readonly continuousBackup?: ContinuousBackupOptions;
  /** `copyTo`. @default - no copies */
  readonly copyTo?: CopyDestination[];
  /** The air-gapped vault of `airGappedCopy`. @default - none */
  readonly airGapped?: AirGappedPlanTarget;
  /** `timeZone` of the tier's rules and the continuous rule. @default - UTC */
  readonly timeZone?: TimeZone;
  /** `windowsVss`. @default false */
  readonly windowsVss?: boolean;
  /** `optInToArchive`. @default false */
  readonly optInToArchive?: boolean;
  /** `backupIndexes`. @default - no index */
  readonly backupIndexes?: BackupResourceType[];
  /** `malwareScanning`. @default - no scanning */
  readonly malwareScanning?: MalwareScanningOptions;
  /** `s3BackupOptions`. @default - ACLs and object tags included */
  readonly s3BackupOptions?: S3BackupOptions;
  /** `s3WarmTiering`. @default - no warm tiering */
  readonly s3WarmTiering?: S3WarmTieringOptions;
}

/**
 * The backup plan of an environment: its rules (the tier's or custom ones, with the continuous rule),
 * copies, recovery point tags, the rule properties only the L1 has (scans, indexes, archive, direct
 * air-gapped backup), and the checks of them all at synth. Not a construct: what it creates lives
 * under `scope` (the environment), at the ids and paths the environment has always had, and errors
 * name `scope`.
 */
export class EnvironmentPlan {
  /** The backup plan (id `Plan` under the environment). */
  public readonly plan: backup.BackupPlan;
  /** The plan's rules, the live list: rules added later by `addRule()` are in it. */
  public readonly rules: backup.BackupPlanRule[] = [];
  /** The rule names (`rule-<n>` for an unnamed rule), the live list. */
  public readonly ruleNames: string[] = [];

  private readonly copyTo: CopyTarget[];
  /** Whether `continuousBackup` added the `Continuous` rule to custom rules. */
  private addedContinuousRule = false;
  /** The rule properties rendered on the L1 (scanning, indexes, archive); per rule: direct air-gapped backup. */
  private readonly extras: RuleExtras;

  /**
   * @param scope the environment: parent of the plan, named by the errors
   * @param props the plan options
   */
  constructor(private readonly scope: Construct, private readonly props: EnvironmentPlanProps) {
    const airGapped = props.airGapped;
    this.copyTo = [...props.copyTo ?? []];
    if (airGapped && !airGapped.backupDirectly) {
      this.copyTo.push({
        vault: airGapped.vault,
        ruleNames: airGapped.ruleNames,
        withoutColdStorage: true,
        maxRetention: airGapped.maxRetention,
        property: 'airGappedCopy',
      });
    }
    this.validateOptions();
    this.plan = new backup.BackupPlan(scope, 'Plan', {
      backupPlanName: `${props.environmentName}-backup-plan`,
      backupVault: props.vault,
      windowsVss: props.windowsVss,
    });
    renderS3BackupOptions(this.plan, props.windowsVss, props.s3BackupOptions);
    this.extras = {
      scanMode: props.malwareScanning ? props.malwareScanning.scanMode ?? ScanMode.INCREMENTAL_SCAN : undefined,
      indexResourceTypes: props.backupIndexes?.map((t) => t.value),
      optInToArchive: props.optInToArchive,
    };
    for (const rule of this.initialRules()) {
      this.addRule(rule);
    }
    scope.node.addValidation({ validate: () => this.checkRules() });
  }

  /**
   * Adds a rule: validated now, with the recovery point tags and the copy actions of `copyTo` added;
   * a second continuous rule fails.
   */
  public addRule(rule: backup.BackupPlanRule): void {
    validateRule(this.scope, rule);
    const existing = this.rules.find((r) => r.props.enableContinuousBackup);
    if (rule.props.enableContinuousBackup && existing) {
      const origin = this.addedContinuousRule || existing.props.ruleName === TierPresets.DAILY_RULE_NAME
        ? ` (continuous backup is on: ${this.addedContinuousRule ? 'the rule continuousBackup adds' : "the tier's daily rule"}; set continuousBackup.enabled to false to use your own)`
        : '';
      throw validationError(this.scope, `rule ${rule.props.ruleName ?? '(unnamed)'}: enableContinuousBackup (true) but rule ${existing.props.ruleName ?? '(unnamed)'} ` +
        `is already the plan's continuous rule${origin}: a resource can have only 1 continuous backup`);
    }
    const tags = this.props.recoveryPointTags;
    const tagged = Object.keys(tags).length === 0 ? rule : new backup.BackupPlanRule({
      ...rule.props,
      recoveryPointTags: { ...tags, ...rule.props.recoveryPointTags },
    });
    const withCopies = withCopyActions(this.scope, tagged, this.copyTo);
    validateRule(this.scope, withCopies);
    this.rules.push(withCopies);
    this.ruleNames.push(withCopies.props.ruleName ?? `rule-${this.rules.length}`);
    this.plan.addRule(withCopies);
    renderRuleExtras(this.plan, this.rules.length - 1, this.extrasOf(withCopies));
  }

  /**
   * With `malwareScanning`: the scanner role (id `ScannerRole`, unless given), the plan's scan
   * settings, and AWS's scan policy on `backupRole`. Returns the scanner role.
   */
  public addMalwareScanning(backupRole: iam.IRole): iam.IRole | undefined {
    const scanning = this.props.malwareScanning;
    if (!scanning) return undefined;
    const scannerRole = scanning.scannerRole ?? createScannerRole(this.scope, 'ScannerRole', this.props.environmentName, scanning.scannerRoleName);
    renderScanSettings(this.plan, scanning.resourceTypes?.map((t) => t.value) ?? [...PLAN_OPTION_LIMITS.scanResourceTypes], scannerRole.roleArn);
    allowScans(backupRole);
    return scannerRole;
  }

  /** The storage classes the plan's recovery points reach, for `generations()`. */
  public storageClasses(): RetentionCalculatorOptions {
    return {
      optInToArchive: this.props.optInToArchive,
      s3WarmTieringAfter: this.props.s3WarmTiering ? this.s3TierDownAfter(this.props.s3WarmTiering) : undefined,
    };
  }

  private s3TierDownAfter(tiering: S3WarmTieringOptions): Duration {
    return tiering.tierDownAfter ?? Duration.days(PLAN_OPTION_LIMITS.minTieringDownDays);
  }

  /** With `s3WarmTiering`: the tiering configuration of the vault's S3 backups (id `S3WarmTiering`). */
  public addS3WarmTiering(vaultName: string): void {
    if (!this.props.s3WarmTiering) return;
    const after = this.s3TierDownAfter(this.props.s3WarmTiering);
    new backup.CfnTieringConfiguration(this.scope, 'S3WarmTiering', {
      // Letters, digits and underscores only (API_TieringConfigurationInputForCreate).
      tieringConfigurationName: `${this.props.environmentName.replace(/-/g, '_')}_s3_warm_tiering`,
      backupVaultName: vaultName,
      resourceSelection: [{ resourceType: 'S3', resources: ['*'], tieringDownSettingsInDays: after.toDays() }],
    });
  }

  /** The L1-only properties of one rule. */
  private extrasOf(rule: backup.BackupPlanRule): RuleExtras {
    const direct = this.directAirGapped();
    return {
      ...this.extras,
      optInToArchive: this.extras.optInToArchive && rule.props.moveToColdStorageAfter !== undefined,
      airGappedVaultArn: direct && backsUpDirectly(rule, direct) ? direct.vaultArn : undefined,
    };
  }

  /** The air-gapped vault when the rules back up directly into it. */
  private directAirGapped(): AirGappedPlanTarget | undefined {
    return this.props.airGapped?.backupDirectly ? this.props.airGapped : undefined;
  }

  /** Checks the plan options that do not depend on the rules. */
  private validateOptions() {
    const props = this.props;
    if (props.timeZone) assertValid(this.scope, checkTimeZone('timeZone', props.timeZone.timezoneName));
    if (props.backupIndexes) {
      const indexed = BackupResourceType._validateAll(this.scope, 'backupIndexes', props.backupIndexes, PLAN_OPTION_LIMITS.indexResourceTypes, checkIndexResourceTypes);
      assertValid(this.scope, checkIndexResourceTypeCount('backupIndexes', indexed));
    }
    const scanning = props.malwareScanning;
    if (scanning?.resourceTypes) BackupResourceType._validateAll(this.scope, 'malwareScanning.resourceTypes', scanning.resourceTypes, PLAN_OPTION_LIMITS.scanResourceTypes, checkScanResourceTypes);
    if (scanning?.scannerRole && scanning.scannerRoleName !== undefined) {
      throw validationError(this.scope, `malwareScanning.scannerRoleName ('${scanning.scannerRoleName}') names the role this library creates, but malwareScanning.scannerRole is given: set one of them`);
    }
    if (scanning?.scannerRoleName !== undefined) assertValid(this.scope, checkRoleName('malwareScanning.scannerRoleName', scanning.scannerRoleName));
    if (scanning?.scanMode !== undefined && !Object.values(ScanMode).includes(scanning.scanMode)) {
      throw validationError(this.scope, `malwareScanning.scanMode ("${scanning.scanMode}") must be one of ${Object.values(ScanMode).join(', ')}`);
    }
    const after = props.s3WarmTiering?.tierDownAfter;
    if (after && !after.isUnresolved()) assertValid(this.scope, checkTieringDownDays('s3WarmTiering.tierDownAfter', amountOf(after, 'day')));
  }

  /**
   * The tier's rules, or the custom rules with the `Continuous` rule when continuous backup is on
   * (the tier's default holds with custom rules too) and no custom rule is continuous already.
   */
  private initialRules(): backup.BackupPlanRule[] {
    const { tier, timeZone } = this.props;
    const continuous = this.props.continuousBackup ?? {};
    const retention = continuous.retention;
    const retentionDays = retention && !isUnresolved(retention) ? retention.toHours({ integral: false }) / 24 : undefined;
    if (retentionDays !== undefined && (retentionDays < 1 || retentionDays > RULE_LIMITS.maxContinuousRetentionDays)) {
      throw validationError(this.scope, `continuousBackup.retention (${retention!.toHumanString()}) must be between 1 and ${RULE_LIMITS.maxContinuousRetentionDays} days`);
    }
    if (retention) assertValid(this.scope, checkWhole('continuousBackup.retention', retention, 'day'));
    const enabled = continuous.enabled ?? TierPresets.continuousBackupByDefault(tier);
    if (!enabled && retention) {
      throw validationError(this.scope, `continuousBackup.retention (${retention.toHumanString()}) is set but continuous backup is off ` +
        `(${continuous.enabled === false ? 'continuousBackup.enabled is false' : `the ${tier} tier's default`}): set continuousBackup.enabled to true, or remove the retention`);
    }
    if (this.props.rules === undefined) {
      return TierPresets.rules(tier, { continuousBackup: enabled, continuousBackupRetention: retention, timeZone });
    }
    const rules = [...this.props.rules];
    const ownContinuous = rules.filter((r) => r.props.enableContinuousBackup).map((r) => r.props.ruleName ?? '(unnamed)');
    if (ownContinuous.length > 0) {
      // The user's continuous rule is the environment's continuous backup.
      if (continuous.enabled === false) {
        throw validationError(this.scope, `continuousBackup.enabled is false but rule ${ownContinuous.join(', ')} of rules enables continuous backup: remove one of them`);
      }
      if (retention) {
        throw validationError(this.scope, `continuousBackup.retention (${retention.toHumanString()}) is set but rule ${ownContinuous.join(', ')} of rules is already a continuous rule with its own deleteAfter: remove continuousBackup.retention`);
      }
      return rules;
    }
    if (enabled) {
      this.addedContinuousRule = true;
      rules.push(TierPresets.continuousRule(retention, timeZone));
    }
    return rules;
  }

  /** The checks that need every rule, at synth. */
  private checkRules(): string[] {
    const airGapped = this.props.airGapped;
    const direct = this.directAirGapped();
    return [
      ...checkRuleSet(this.rules),
      ...this.copyTo.flatMap((d, i) => unknownRuleNames(`${d.property ?? `copyTo[${i}]`}.ruleNames`, d.ruleNames, this.rules)),
      ...archiveOptInProblems(this.props.optInToArchive, this.rules),
      ...direct ? unknownRuleNames('airGappedCopy.ruleNames', direct.ruleNames, this.rules) : [],
      ...airGapped ? airGappedRetentionProblems(this.rules, { ...airGapped, direct }) : [],
      ...lockRetentionProblems(this.rules, this.props.vault, this.props.lock ?? {}),
    ];
  }
}
