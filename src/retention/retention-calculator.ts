import { Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { BackupFrequency, CopyGenerations, RuleGenerations } from './generations';
import { parseScheduleExpression } from './schedule';
import { RuleStorageEstimate, StorageEstimate, StorageEstimateOptions, StorageModel } from './storage';
import { DEFAULT_BACKUP_SCHEDULE } from '../private/limits';
import { unscopedValidationError } from '../private/validation';

const EPSILON = 1e-9;

/**
 * Computes what backup rules mean in recovery points and storage: per rule, the interval between
 * backups, the recovery points a resource has at steady state (warm and cold), the oldest restore
 * point, the point-in-time window of continuous rules, and a monthly storage cost from prices you
 * pass in.
 *
 * @example
 * const calc = RetentionCalculator.forRules([backup.BackupPlanRule.daily()]);
 * calc.generations[0].recoveryPoints; // 35
 */
export class RetentionCalculator {
  /** Analyses the given rules (`backup.BackupPlanRule`, as given to a backup plan). */
  public static forRules(rules: backup.BackupPlanRule[]): RetentionCalculator {
    requireRules(rules);
    return new RetentionCalculator(rules.map((rule, i) => analyseRule(rule, i)));
  }

  /**
   * The shortest average interval between two backups among the rules: what an Audit Manager
   * "minimum frequency" control can require of this plan.
   *
   * @throws when no rule has a schedule that can be parsed.
   */
  public static minimumFrequency(rules: backup.BackupPlanRule[]): Duration {
    const known = RetentionCalculator.forRules(rules).generations.filter(g => g.intervalHours !== undefined);
    if (known.length === 0) {
      throw unscopedValidationError('minimumFrequency: no rule has a schedule expression that can be parsed (rules: ' +
        `${rules.length}); give each rule a cron(...) scheduleExpression`);
    }
    const hours = Math.min(...known.map(g => g.intervalHours!));
    return Duration.minutes(Math.round(hours * 60));
  }

  /**
   * The frequency an Audit Manager "minimum frequency" control
   * (`BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK`) can require of these rules: the shortest
   * average interval (`minimumFrequency`), rounded UP to whole hours under a day and to whole days
   * from a day on, because the control takes a whole number of hours or days. Rounding up keeps the
   * plan compliant: a monthly rule (every 30.44 days on average) gives 31 days, a rule on every
   * third day of the month (every 2.77 days on average) gives 3 days.
   *
   * @see https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html
   * @throws when no rule has a schedule that can be parsed.
   */
  public static auditFrequency(rules: backup.BackupPlanRule[]): Duration {
    const hours = RetentionCalculator.minimumFrequency(rules).toMinutes() / 60;
    if (hours < 24) return Duration.hours(Math.max(1, Math.ceil(hours - EPSILON)));
    return Duration.days(Math.ceil(hours / 24 - EPSILON));
  }

  /**
   * The longest `deleteAfter` among the rules (copies excluded).
   *
   * @throws when no rule has a retention (`deleteAfter`) or one keeps its points indefinitely.
   */
  public static maximumRetention(rules: backup.BackupPlanRule[]): Duration {
    requireRules(rules);
    const retentions = rules.map(r => r.props.deleteAfter);
    if (retentions.length === 0 || retentions.some(r => r === undefined)) {
      throw unscopedValidationError('maximumRetention: every rule needs deleteAfter (a rule without it keeps its recovery points indefinitely)');
    }
    const hours = Math.max(...retentions.map(r => r!.toHours({ integral: false })));
    return Duration.hours(hours);
  }

  /**
   * The shortest `deleteAfter` among the rules: what an Audit Manager "minimum retention" control
   * can require of every recovery point of this plan.
   *
   * @throws when no rule has a retention (`deleteAfter`).
   */
  public static minimumRetention(rules: backup.BackupPlanRule[]): Duration {
    requireRules(rules);
    const retentions = rules.map(r => r.props.deleteAfter).filter((r): r is Duration => r !== undefined);
    if (retentions.length === 0) {
      throw unscopedValidationError('minimumRetention: no rule has deleteAfter');
    }
    const hours = Math.min(...retentions.map(r => r.toHours({ integral: false })));
    return Duration.hours(hours);
  }

  /** Per rule, what it keeps at steady state. */
  public readonly generations: RuleGenerations[];

  private constructor(generations: RuleGenerations[]) {
    this.generations = generations;
  }

  /**
   * Monthly storage of ONE resource (or `resourceCount` of them) protected by these rules, and its
   * cost at the prices passed in. See `StorageModel` for the assumptions.
   */
  public estimateMonthlyStorage(options: StorageEstimateOptions): StorageEstimate {
    const size = options.resourceSizeGb;
    const changeRate = options.dailyChangeRate ?? 0.05;
    const count = options.resourceCount ?? 1;
    const model = options.storageModel ?? StorageModel.INCREMENTAL;
    check(size >= 0, `resourceSizeGb (${size}) must be 0 or more`);
    check(changeRate >= 0 && changeRate <= 1, `dailyChangeRate (${changeRate}) must be between 0 and 1`);
    check(options.warmPricePerGbMonth >= 0, `warmPricePerGbMonth (${options.warmPricePerGbMonth}) must be 0 or more`);
    check(options.coldPricePerGbMonth >= 0, `coldPricePerGbMonth (${options.coldPricePerGbMonth}) must be 0 or more`);
    check(count >= 1 && Number.isInteger(count), `resourceCount (${count}) must be a whole number, 1 or more`);

    const rules: RuleStorageEstimate[] = [];
    const skipped: string[] = [];
    for (const g of this.generations) {
      if (g.continuousBackup && g.pointInTimeRecoveryWindow) {
        // One continuous recovery point: a full base plus the change log over the window.
        const days = g.pointInTimeRecoveryWindow.toHours({ integral: false }) / 24;
        const warm = count * (size + size * changeRate * days);
        rules.push(cost(g.ruleName, warm, 0, options));
        continue;
      }
      if (g.recoveryPoints === undefined || g.intervalHours === undefined) {
        skipped.push(g.ruleName);
        continue;
      }
      const increment = model === StorageModel.FULL ? size : Math.min(size, size * changeRate * g.intervalHours / 24);
      let warm = tierGb(g.warmRecoveryPoints!, size, increment);
      let cold = g.coldRecoveryPoints! * size;
      if (options.includeCopies ?? true) {
        for (const c of g.copies) {
          if (c.recoveryPoints === undefined) continue;
          warm += tierGb(c.warmRecoveryPoints!, size, increment);
          cold += c.coldRecoveryPoints! * size;
        }
      }
      rules.push(cost(g.ruleName, warm * count, cold * count, options));
    }
    const warmGb = round(rules.reduce((s, r) => s + r.warmGb, 0));
    const coldGb = round(rules.reduce((s, r) => s + r.coldGb, 0));
    return {
      rules,
      warmGb,
      coldGb,
      monthlyCost: round(rules.reduce((s, r) => s + r.monthlyCost, 0)),
      skippedRules: skipped,
    };
  }

  /** A text table of the generations, for a summary printed by a command. */
  public toText(): string {
    const header = ['rule', 'schedule', 'kept', 'points', 'warm', 'cold', 'oldest', 'PITR'];
    const rows = this.generations.map(g => [
      g.ruleName,
      g.error ? `? (${g.scheduleExpression ?? 'none'})` : g.scheduleDescription,
      g.retention ? inDays(g.retention) : 'forever',
      str(g.recoveryPoints),
      str(g.warmRecoveryPoints),
      str(g.coldRecoveryPoints),
      g.oldestRestorePoint ? inDays(g.oldestRestorePoint) : '-',
      g.pointInTimeRecoveryWindow ? inDays(g.pointInTimeRecoveryWindow) : '-',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    const out = [line(header), line(widths.map(w => '-'.repeat(w))), ...rows.map(line)];
    for (const g of this.generations) {
      if (g.error) out.push(`${g.ruleName}: ${g.error}`);
      for (const c of g.copies) {
        out.push(`${g.ruleName}: copy to ${c.destination}: ${str(c.recoveryPoints)} points (${str(c.warmRecoveryPoints)} warm, ${str(c.coldRecoveryPoints)} cold)`);
      }
    }
    return out.join('\n');
  }
}

/** A JavaScript caller may pass no array, or one with holes: the library's error, not a TypeError. */
function requireRules(rules: backup.BackupPlanRule[]): void {
  if (!Array.isArray(rules) || rules.some((r) => r === undefined || r === null)) {
    throw unscopedValidationError(`RetentionCalculator: rules (${Array.isArray(rules) ? 'with a missing rule' : String(rules)}) must be an array of backup.BackupPlanRule`);
  }
}

function analyseRule(rule: backup.BackupPlanRule, index: number): RuleGenerations {
  const props = rule.props;
  const ruleName = props.ruleName ?? `rule-${index + 1}`;
  // Without a schedule, AWS Backup runs the rule on its default: daily at 05:00 UTC.
  const expression = props.scheduleExpression?.expressionString ?? DEFAULT_BACKUP_SCHEDULE;
  const continuous = props.enableContinuousBackup ?? false;
  const retention = props.deleteAfter;
  const coldAfter = props.moveToColdStorageAfter;
  const base = {
    ruleName,
    scheduleExpression: expression,
    retention,
    moveToColdStorageAfter: coldAfter,
    oldestRestorePoint: retention,
    continuousBackup: continuous,
    // AWS Backup keeps continuous backups at most 35 days; without deleteAfter the window is 35 days.
    pointInTimeRecoveryWindow: continuous ? (retention ?? Duration.days(35)) : undefined,
  };
  let parsed;
  let error: string | undefined;
  if (Token.isUnresolved(expression)) {
    error = 'the schedule expression is a token, unknown at synth';
  } else {
    try {
      parsed = parseScheduleExpression(expression);
    } catch (e) {
      error = (e as Error).message;
    }
  }
  if (!parsed) {
    return {
      ...base,
      scheduleDescription: 'unknown',
      frequency: BackupFrequency.UNKNOWN,
      copies: (props.copyActions ?? []).map(c => ({ destination: destinationName(c), retention: c.deleteAfter ?? retention })),
      error,
    };
  }
  const interval = parsed.intervalHours;
  const counts = pointCounts(interval, retention, coldAfter);
  const copies: CopyGenerations[] = (props.copyActions ?? []).map(c => {
    const copyRetention = c.deleteAfter ?? retention;
    return { destination: destinationName(c), retention: copyRetention, ...pointCounts(interval, copyRetention, c.moveToColdStorageAfter) };
  });
  return {
    ...base,
    scheduleDescription: parsed.description + (props.scheduleExpressionTimezone ? ` (${props.scheduleExpressionTimezone.timezoneName})` : ' UTC'),
    frequency: parsed.frequency as BackupFrequency,
    intervalHours: interval,
    ...counts,
    copies,
  };
}

function pointCounts(intervalHours: number, retention?: Duration, coldAfter?: Duration) {
  if (retention === undefined || retention.isUnresolved()) {
    return { recoveryPoints: undefined, warmRecoveryPoints: undefined, coldRecoveryPoints: undefined };
  }
  const total = Math.ceil(retention.toHours({ integral: false }) / intervalHours - EPSILON);
  const coldHours = coldAfter && !coldAfter.isUnresolved() ? coldAfter.toHours({ integral: false }) : 0;
  const warm = coldHours > 0 ? Math.min(total, Math.ceil(coldHours / intervalHours - EPSILON)) : total;
  return { recoveryPoints: total, warmRecoveryPoints: warm, coldRecoveryPoints: total - warm };
}

function destinationName(copy: backup.BackupPlanCopyActionProps): string {
  const name = copy.destinationBackupVault.backupVaultRef.backupVaultName;
  return Token.isUnresolved(name) ? '(unresolved)' : name;
}

/** Warm GB of `points` points: a full first backup, then increments. */
function tierGb(points: number, size: number, increment: number): number {
  if (points === 0) return 0;
  return size + (points - 1) * increment;
}

function cost(ruleName: string, warmGb: number, coldGb: number, options: StorageEstimateOptions): RuleStorageEstimate {
  return {
    ruleName,
    warmGb: round(warmGb),
    coldGb: round(coldGb),
    monthlyCost: round(warmGb * options.warmPricePerGbMonth + coldGb * options.coldPricePerGbMonth),
  };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function check(ok: boolean, message: string) {
  if (!ok) throw unscopedValidationError(`estimateMonthlyStorage: ${message}`);
}

function str(n?: number): string {
  return n === undefined ? '-' : `${n}`;
}

function inDays(d: Duration): string {
  const h = d.toHours({ integral: false });
  return h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}
