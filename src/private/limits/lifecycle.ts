/**
 * Backup rule, lifecycle, window and vault lock limits of AWS Backup, each with the page it comes
 * from. Used by backup plan rules (`EnvironmentBackup`) and the organization backup policy alike.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { formatAmount } from './format';

export const RULE_LIMITS = {
  /** @see https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html (rules a plan) */
  maxRulesPerPlan: 10,
  /** @see https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html (copy actions a rule) */
  maxCopyActionsPerRule: 5,
  /** StartWindowMinutes: "if this value is included, it must be at least 60 minutes". @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html */
  minStartWindowMinutes: 60,
  /**
   * The start window AWS Backup applies when a rule (of a plan or of an organization backup
   * policy, which AWS Backup turns into a plan) sets none: 8 hours.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html ("Start within defaults to 8 hours")
   */
  defaultStartWindowMinutes: 480,
  /**
   * The completion window AWS Backup applies when a rule sets none: 7 days.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html (backup window: "Complete within")
   */
  defaultCompletionWindowMinutes: 10_080,
  /** The completion window must end at least 60 minutes after the start window. */
  minCompletionWindowGapMinutes: 60,
  /** Both windows: at most 100 years. @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html */
  maxWindowMinutes: 52_560_000,
  /** MoveToColdStorageAfterDays: 0 or at least 30. @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html */
  minColdStorageDays: 30,
  /** DeleteAfterDays ≥ MoveToColdStorageAfterDays + 90. @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html */
  minDaysInColdStorage: 90,
  /** Lifecycle values: at most 100 years. @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html */
  maxRetentionDays: 36_500,
  /** Continuous backup keeps 1 to 35 days. @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html */
  maxContinuousRetentionDays: 35,
};

export const VAULT_LOCK_LIMITS = {
  /** @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html */
  minRetentionDays: 1,
  maxRetentionDays: 36_500,
  /** ChangeableForDays: at least 3 days (72 hours). */
  minChangeableForHours: 72,
};

export const AIR_GAPPED_VAULT_LIMITS = {
  /** @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html */
  minRetentionDays: 7,
  maxRetentionDays: 36_500,
};

export type DurationUnit = 'day' | 'hour' | 'minute' | 'second';

/** A duration in a unit, possibly fractional; undefined for a token. */
export function amountOf(d: Duration, unit: DurationUnit): number | undefined {
  // A Duration is immutable: the checks of every rule ask about the same one several times, each
  // conversion testing for a token again. Remembered per object and unit (the same arithmetic).
  let known = AMOUNTS.get(d);
  if (known === undefined) AMOUNTS.set(d, known = new Map());
  if (known.has(unit)) return known.get(unit);
  const amount = convert(d, unit);
  known.set(unit, amount);
  return amount;
}

const AMOUNTS = new WeakMap<Duration, Map<DurationUnit, number | undefined>>();

function convert(d: Duration, unit: DurationUnit): number | undefined {
  if (d.isUnresolved()) return undefined;
  switch (unit) {
    case 'day': return d.toHours({ integral: false }) / 24;
    case 'hour': return d.toHours({ integral: false });
    case 'minute': return d.toMinutes({ integral: false });
    default: return d.toSeconds({ integral: false });
  }
}

/** "36 hours", "2 days", "90 minutes": a duration in its largest whole unit. */
export function describeDuration(d: Duration): string {
  if (d.isUnresolved()) return d.toString();
  const seconds = d.toSeconds({ integral: false });
  if (Number.isInteger(seconds / 86400)) return formatAmount(seconds / 86400, 'day');
  if (Number.isInteger(seconds / 3600)) return formatAmount(seconds / 3600, 'hour');
  if (Number.isInteger(seconds / 60)) return formatAmount(seconds / 60, 'minute');
  return formatAmount(seconds, 'second');
}

/** The problem when `d` is not a whole number of `unit`s (what CloudFormation needs). */
export function checkWhole(property: string, d: Duration, unit: DurationUnit): string | undefined {
  const amount = amountOf(d, unit);
  if (amount === undefined || Number.isInteger(amount)) return undefined;
  return `${property} (${describeDuration(d)}) must be a whole number of ${unit}s`;
}

/**
 * The problem when `d` is not a whole number of `unit`s from `min` (to `max`, when given): "alarmPeriod
 * (90 seconds) must be a whole number of minutes, at least 1 minute (note)", "startWindow (169 hours)
 * must be a whole number of hours from 1 hour to 168 hours". Undefined for a token.
 */
export function checkWholeRange(property: string, d: Duration, unit: DurationUnit, min: number, max?: number, note?: string): string | undefined {
  const amount = amountOf(d, unit);
  if (amount === undefined) return undefined;
  if (Number.isInteger(amount) && amount >= min && (max === undefined || amount <= max)) return undefined;
  const range = max === undefined ? `, at least ${formatAmount(min, unit)}` : ` from ${formatAmount(min, unit)} to ${formatAmount(max, unit)}`;
  return `${property} (${describeDuration(d)}) must be a whole number of ${unit}s${range}${note ? ` (${note})` : ''}`;
}

function days(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : amountOf(d, 'day');
}

/**
 * A lifecycle (of a rule or of a copy action): whole days, deletion at least 1 day and at most
 * 36,500, cold storage 0 or at least 30 days, and deletion at least 90 days after cold storage
 * whenever moveToColdStorageAfter is set, 0 included (AWS Backup checks the rendered value).
 *
 * @param label prefix of the property names, e.g. `rule Daily: ` or `rule Daily: copyActions[0].`
 */
export function checkLifecycle(label: string, deleteAfter?: Duration, moveToColdStorageAfter?: Duration): string | undefined {
  for (const [prop, d] of [['deleteAfter', deleteAfter], ['moveToColdStorageAfter', moveToColdStorageAfter]] as const) {
    if (d === undefined) continue;
    const problem = checkWhole(`${label}${prop}`, d, 'day');
    if (problem) return `${problem} (AWS Backup lifecycles count whole days)`;
  }
  const cold = days(moveToColdStorageAfter);
  const del = days(deleteAfter);
  if (del !== undefined && del < 1) {
    return `${label}deleteAfter (${formatAmount(del, 'day')}) must be at least 1 day`;
  }
  for (const [prop, value] of [['deleteAfter', del], ['moveToColdStorageAfter', cold]] as const) {
    if (value !== undefined && value > RULE_LIMITS.maxRetentionDays) {
      return `${label}${prop} (${formatAmount(value, 'day')}) must be at most ${RULE_LIMITS.maxRetentionDays} days (100 years, AWS Backup's maximum)`;
    }
  }
  if (cold !== undefined && cold !== 0 && cold < RULE_LIMITS.minColdStorageDays) {
    return `${label}moveToColdStorageAfter (${formatAmount(cold, 'day')}) must be 0 or at least ${RULE_LIMITS.minColdStorageDays} days`;
  }
  // An explicit MoveToColdStorageAfterDays, 0 included, counts: AWS Backup answers "DeleteAfterDays
  // cannot be less than 90 days apart from MoveToColdStorageAfterDays" (cfn-lint E3504 agrees).
  if (cold !== undefined && del !== undefined && del < cold + RULE_LIMITS.minDaysInColdStorage) {
    return `${label}deleteAfter (${formatAmount(del, 'day')}) must be at least ${RULE_LIMITS.minDaysInColdStorage} days after ` +
      `moveToColdStorageAfter (${formatAmount(cold, 'day')}): recovery points stay in cold storage at least ${RULE_LIMITS.minDaysInColdStorage} days` +
      (cold === 0 ? ' (AWS Backup counts an explicit 0 too: omit moveToColdStorageAfter for no cold storage)' : '');
  }
  return undefined;
}

/**
 * The start and completion windows of a rule: whole minutes, start at least 60 minutes,
 * completion at least 60 minutes longer than the start window (AWS Backup's default of 480
 * minutes when none is set), both at most 100 years.
 */
export function checkWindows(label: string, startWindow?: Duration, completionWindow?: Duration): string | undefined {
  for (const [prop, d] of [['startWindow', startWindow], ['completionWindow', completionWindow]] as const) {
    if (d === undefined) continue;
    const problem = checkWhole(`${label}${prop}`, d, 'minute');
    if (problem) return problem;
    const minutes = amountOf(d, 'minute');
    if (minutes !== undefined && minutes > RULE_LIMITS.maxWindowMinutes) {
      return `${label}${prop} (${formatAmount(minutes, 'minute')}) must be at most ${RULE_LIMITS.maxWindowMinutes} minutes (100 years)`;
    }
  }
  const start = startWindow === undefined ? undefined : amountOf(startWindow, 'minute');
  if (start !== undefined && start < RULE_LIMITS.minStartWindowMinutes) {
    return `${label}startWindow (${formatAmount(start, 'minute')}) must be at least ${RULE_LIMITS.minStartWindowMinutes} minutes`;
  }
  const completion = completionWindow === undefined ? undefined : amountOf(completionWindow, 'minute');
  if (completion !== undefined && !(startWindow !== undefined && start === undefined)) {
    const effectiveStart = start ?? RULE_LIMITS.defaultStartWindowMinutes;
    if (completion < effectiveStart + RULE_LIMITS.minCompletionWindowGapMinutes) {
      return `${label}completionWindow (${formatAmount(completion, 'minute')}) must be at least ${RULE_LIMITS.minCompletionWindowGapMinutes} minutes ` +
        `longer than startWindow (${formatAmount(effectiveStart, 'minute')}${start === undefined ? ', the default' : ''})`;
    }
  }
  return undefined;
}

/** A continuous backup rule: 1 to 35 days, no cold storage. */
export function checkContinuous(label: string, deleteAfter?: Duration, moveToColdStorageAfter?: Duration): string | undefined {
  const del = days(deleteAfter);
  if (del !== undefined && (del < 1 || del > RULE_LIMITS.maxContinuousRetentionDays)) {
    return `${label}deleteAfter (${formatAmount(del, 'day')}) must be between 1 and ${RULE_LIMITS.maxContinuousRetentionDays} days on a continuous backup rule`;
  }
  if (moveToColdStorageAfter !== undefined) {
    return `${label}moveToColdStorageAfter (${Token.isUnresolved(moveToColdStorageAfter) ? 'set' : describeDuration(moveToColdStorageAfter)}) is not allowed on a continuous backup rule: continuous backups cannot move to cold storage`;
  }
  return undefined;
}

/**
 * Restore testing plans and selections.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html (StartWindowHours 1–168)
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingRecoveryPointSelection.html (SelectionWindowDays 1–365)
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html (ValidationWindowHours 0–168)
 */
export const RESTORE_TESTING_LIMITS = {
  minStartWindowHours: 1,
  maxStartWindowHours: 168,
  minSelectionWindowDays: 1,
  maxSelectionWindowDays: 365,
  minValidationWindowHours: 0,
  maxValidationWindowHours: 168,
};
