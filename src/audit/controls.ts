import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkAccountId, checkAuditControlName, checkRegion, checkWholeRange, describeDuration, VAULT_LOCK_LIMITS } from '../private/limits';
import { assertValid, formatAmount, isUnresolved, validationError } from '../private/validation';

/**
 * The rendered form of an {@link AuditControl}, as `AWS::Backup::Framework` expects it.
 */
export interface AuditControlConfig {
  /** The control's name, e.g. `BACKUP_RECOVERY_POINT_ENCRYPTED`. */
  readonly controlName: string;
  /**
   * The control's input parameters; every value is a string, as CloudFormation requires.
   *
   * @default - no parameters.
   */
  readonly parameters?: { [name: string]: string };
  /**
   * Whether the control accepts a tagged-resources scope.
   */
  readonly acceptsTagScope: boolean;
  /**
   * Resource types (`ComplianceResourceTypes`, e.g. `RDS`, `EFS`) the control is limited to.
   *
   * @default - no resource-type scope.
   */
  readonly resourceTypes?: string[];
}

/**
 * Options of the controls that evaluate resources and accept a "resources by type" scope.
 */
export interface ResourceControlOptions {
  /**
   * Limit the control to these resource types (`ComplianceResourceTypes`, e.g. `RDS`, `EFS`,
   * `DynamoDB`, `EC2`, `EBS`, `Aurora`, `FSx`, `S3`). A resource-type scope replaces the
   * framework's tag scope for this control: AWS accepts either tags or resource types.
   *
   * @default - the framework's scope tags, or all resources.
   */
  readonly resourceTypes?: string[];
}

/** Options of {@link AuditControl.planMinFrequencyAndMinRetention}. */
export interface PlanMinFrequencyAndMinRetentionOptions {
  /**
   * The backup frequency each backup plan must meet at least: whole hours up to 24 hours, or
   * whole days up to 31 days.
   *
   * @default Duration.days(1)
   */
  readonly frequency?: Duration;
  /**
   * The retention each backup plan must keep recovery points for, at least (whole days).
   *
   * @default Duration.days(35)
   */
  readonly retention?: Duration;
}

/** Options of {@link AuditControl.resourcesProtectedByVaultLock}. */
export interface VaultLockControlOptions extends ResourceControlOptions {
  /**
   * The minimum retention the vault lock must enforce (whole days, at least 1).
   *
   * @default - not checked.
   */
  readonly minRetention?: Duration;
  /**
   * The maximum retention the vault lock may allow (whole days, at most 36,500).
   *
   * @default - not checked.
   */
  readonly maxRetention?: Duration;
}

/** Options of {@link AuditControl.custom}. */
export interface CustomAuditControlOptions extends ResourceControlOptions {
  /**
   * Whether the control accepts a tagged-resources scope, so that the framework's scope tags
   * apply to it.
   *
   * @default false
   */
  readonly acceptsTagScope?: boolean;
}

const HOURS_PER_DAY = 24;
/** AWS Config rule backup-plan-min-frequency-and-min-retention-check: max 24 hours or 31 days. */
const MAX_FREQUENCY_HOURS = 24;
const MAX_FREQUENCY_DAYS = 31;
/** Last recovery point created: hours 1–744, days 1–31. */
const MAX_RECOVERY_POINT_AGE_HOURS = 744;
const MAX_RECOVERY_POINT_AGE_DAYS = 31;
const MAX_PRINCIPALS = 5;
const MAX_ACCOUNTS = 5;
const MAX_VAULT_LOCK_RETENTION_DAYS = VAULT_LOCK_LIMITS.maxRetentionDays;

type Renderer = (scope: IConstruct) => { [name: string]: string };

/**
 * A control of AWS Backup Audit Manager, for {@link BackupAuditFramework}.
 *
 * Parameters are validated against AWS's ranges when the framework is synthesized.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/controls-and-remediation.html
 */
export class AuditControl {
  /**
   * Backup resources are included in at least one backup plan
   * (`BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN`).
   */
  public static resourcesProtectedByBackupPlan(options: ResourceControlOptions = {}): AuditControl {
    return new AuditControl('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', () => ({}), true, options.resourceTypes);
  }

  /**
   * Backup plans have a rule with at least this frequency and retention
   * (`BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK`). Renders `requiredFrequencyUnit`
   * (`hours` below one day or for a whole number of hours that is not whole days, otherwise
   * `days`), `requiredFrequencyValue` and `requiredRetentionDays`.
   *
   * A tag scope on this control selects the backup plans that carry the tag.
   */
  public static planMinFrequencyAndMinRetention(options: PlanMinFrequencyAndMinRetentionOptions = {}): AuditControl {
    const frequency = options.frequency ?? Duration.days(1);
    const retention = options.retention ?? Duration.days(35);
    return new AuditControl('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', (scope) => ({
      ...renderFrequency(scope, 'frequency', frequency),
      requiredRetentionDays: renderWholeDays(scope, 'retention', retention),
    }), true);
  }

  /**
   * Recovery points are kept at least this long (`BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK`,
   * parameter `requiredRetentionDays`).
   */
  public static recoveryPointMinimumRetention(retention: Duration): AuditControl {
    return new AuditControl('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', (scope) => ({
      requiredRetentionDays: renderWholeDays(scope, 'retention', retention),
    }), true);
  }

  /** Recovery points are encrypted (`BACKUP_RECOVERY_POINT_ENCRYPTED`). */
  public static recoveryPointEncrypted(): AuditControl {
    return new AuditControl('BACKUP_RECOVERY_POINT_ENCRYPTED', () => ({}), true);
  }

  /**
   * Vaults prevent manual deletion of recovery points
   * (`BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED`), except by up to five IAM principals
   * (parameter `principalArnList`). A tag scope on this control selects the vaults that carry
   * the tag.
   *
   * @param principalArns ARNs of up to 5 IAM roles allowed to delete recovery points.
   */
  public static recoveryPointManualDeletionDisabled(principalArns?: string[]): AuditControl {
    return new AuditControl('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', (scope): { [name: string]: string } => {
      if (!principalArns || principalArns.length === 0) return {};
      if (principalArns.length > MAX_PRINCIPALS) {
        throw validationError(scope, `principalArns (${principalArns.length} ARNs) must hold at most ${MAX_PRINCIPALS} ARNs (AWS Backup Audit Manager limit)`);
      }
      return { principalArnList: principalArns.join(',') };
    }, true);
  }

  /**
   * A recovery point was created within this time (`BACKUP_LAST_RECOVERY_POINT_CREATED`,
   * parameters `recoveryPointAgeUnit` and `recoveryPointAgeValue`): 1 to 744 hours or 1 to 31
   * days.
   */
  public static lastRecoveryPointCreated(maxAge: Duration, options: ResourceControlOptions = {}): AuditControl {
    return new AuditControl('BACKUP_LAST_RECOVERY_POINT_CREATED', (scope): { [name: string]: string } => {
      const { unit, value } = renderHoursOrDays(scope, 'maxAge', maxAge, MAX_RECOVERY_POINT_AGE_HOURS, MAX_RECOVERY_POINT_AGE_DAYS);
      return { recoveryPointAgeUnit: unit, recoveryPointAgeValue: value };
    }, true, options.resourceTypes);
  }

  /**
   * Resources are in a backup plan whose vault is locked
   * (`BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK`, optional parameters `minRetentionDays`
   * and `maxRetentionDays`).
   */
  public static resourcesProtectedByVaultLock(options: VaultLockControlOptions = {}): AuditControl {
    return new AuditControl('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', (scope): { [name: string]: string } => {
      const params: { [name: string]: string } = {};
      if (options.minRetention !== undefined) {
        params.minRetentionDays = renderWholeDays(scope, 'minRetention', options.minRetention);
      }
      if (options.maxRetention !== undefined) {
        params.maxRetentionDays = renderWholeDays(scope, 'maxRetention', options.maxRetention);
        const max = Number(params.maxRetentionDays);
        if (!isNaN(max) && max > MAX_VAULT_LOCK_RETENTION_DAYS) {
          throw validationError(scope, `maxRetention (${formatAmount(max, 'day')}) must be at most ${MAX_VAULT_LOCK_RETENTION_DAYS} days (Vault Lock limit)`);
        }
        const min = Number(params.minRetentionDays);
        if (!isNaN(min) && !isNaN(max) && max <= min) {
          throw validationError(scope, `maxRetention (${formatAmount(max, 'day')}) must be greater than minRetention (${formatAmount(min, 'day')})`);
        }
      }
      return params;
    }, true, options.resourceTypes);
  }

  /**
   * Resources have a backup copy scheduled to another region
   * (`BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION`, optional parameter `crossRegionList`).
   *
   * @param regions the regions a copy must go to; empty or undefined: any other region.
   */
  public static resourcesProtectedByCrossRegion(regions?: string[], options: ResourceControlOptions = {}): AuditControl {
    return new AuditControl('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', (scope): { [name: string]: string } => {
      if (!regions || regions.length === 0) return {};
      for (const region of regions) {
        if (checkRegion('regions', region)) {
          throw validationError(scope, `regions (${region}) must be region names such as eu-west-1`);
        }
      }
      return { crossRegionList: regions.join(',') };
    }, true, options.resourceTypes);
  }

  /**
   * Resources have a backup copy scheduled to another account of the organization
   * (`BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT`, optional parameter `crossAccountList`).
   *
   * @param accountIds up to 5 account IDs a copy must go to; empty or undefined: any account.
   */
  public static resourcesProtectedByCrossAccount(accountIds?: string[], options: ResourceControlOptions = {}): AuditControl {
    return new AuditControl('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', (scope): { [name: string]: string } => {
      if (!accountIds || accountIds.length === 0) return {};
      if (accountIds.length > MAX_ACCOUNTS) {
        throw validationError(scope, `accountIds (${accountIds.length} accounts) must hold at most ${MAX_ACCOUNTS} accounts (AWS Backup Audit Manager limit)`);
      }
      for (const account of accountIds) {
        if (checkAccountId('accountIds', account)) {
          throw validationError(scope, `accountIds (${account}) must be 12-digit AWS account IDs`);
        }
      }
      return { crossAccountList: accountIds.join(',') };
    }, true, options.resourceTypes);
  }

  /**
   * Any control by name, for controls this library has no factory for (e.g.
   * `RESTORE_TIME_FOR_RESOURCES_MEET_TARGET`).
   *
   * @param controlName the control's name.
   * @param parameters input parameters; values are strings.
   */
  public static custom(controlName: string, parameters?: { [name: string]: string }, options: CustomAuditControlOptions = {}): AuditControl {
    return new AuditControl(controlName, (scope): { [name: string]: string } => {
      assertValid(scope, checkAuditControlName('controlName', controlName));
      for (const [name, value] of Object.entries(parameters ?? {})) {
        if (!isUnresolved(name) && name.trim().length === 0) {
          throw validationError(scope, `parameters of ${controlName}: a parameter name ("${name}") must not be empty`);
        }
        if (typeof value !== 'string') {
          throw validationError(scope, `parameters of ${controlName}: ${name} (${String(value)}) must be a string (CloudFormation takes control parameters as strings)`);
        }
      }
      return { ...(parameters ?? {}) };
    }, options.acceptsTagScope ?? false, options.resourceTypes);
  }

  private constructor(
    /** The control's name. */
    public readonly controlName: string,
    private readonly renderParameters: Renderer,
    private readonly acceptsTagScope: boolean,
    private readonly resourceTypes?: string[],
  ) {}

  /**
   * Validates the control's parameters and renders them (values as strings).
   *
   * @param scope the construct that reports validation errors (the framework).
   */
  public bind(scope: IConstruct): AuditControlConfig {
    const parameters = this.renderParameters(scope);
    if (this.resourceTypes && this.resourceTypes.length === 0) {
      throw validationError(scope, `resourceTypes of ${this.controlName} must not be empty (omit it to evaluate all resource types)`);
    }
    return {
      controlName: this.controlName,
      parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
      acceptsTagScope: this.acceptsTagScope,
      resourceTypes: this.resourceTypes,
    };
  }
}

function renderWholeDays(scope: IConstruct, property: string, duration: Duration): string {
  if (isUnresolved(duration)) return duration.toDays().toString();
  if (!(duration instanceof Duration)) throw validationError(scope, `${property} (${String(duration)}) is required: a Duration of whole days`);
  assertValid(scope, checkWholeRange(property, duration, 'day', 1));
  return duration.toDays().toString();
}

function renderFrequency(scope: IConstruct, property: string, duration: Duration): { [name: string]: string } {
  const { unit, value } = renderHoursOrDays(scope, property, duration, MAX_FREQUENCY_HOURS, MAX_FREQUENCY_DAYS);
  return { requiredFrequencyUnit: unit, requiredFrequencyValue: value };
}

/**
 * Whole days (1..maxDays) render as days; otherwise whole hours (1..maxHours) render as hours.
 */
function renderHoursOrDays(
  scope: IConstruct, property: string, duration: Duration, maxHours: number, maxDays: number,
): { unit: string; value: string } {
  if (isUnresolved(duration)) {
    return { unit: 'hours', value: duration.toHours().toString() };
  }
  if (!(duration instanceof Duration)) throw validationError(scope, `${property} (${String(duration)}) is required: a Duration`);
  const hours = duration.toHours({ integral: false });
  const rule = `whole hours from 1 to ${maxHours} hours, or whole days from 1 to ${maxDays} days`;
  if (!Number.isInteger(hours) || hours < 1) {
    throw validationError(scope, `${property} (${describeDuration(duration)}) must be ${rule}`);
  }
  if (hours % HOURS_PER_DAY === 0) {
    const days = hours / HOURS_PER_DAY;
    if (days <= maxDays) return { unit: 'days', value: days.toString() };
  }
  if (hours <= maxHours) return { unit: 'hours', value: hours.toString() };
  throw validationError(scope, `${property} (${describeDuration(duration)}) must be ${rule}`);
}
