import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { RetentionCalculatorOptions } from './calculator-options';
import { RuleGenerations } from './generations';
import { analyseRule, EPSILON, tieringHours } from './private/rule-analysis';
import { RuleStorageEstimate, StorageEstimate, StorageEstimateOptions, StorageModel } from './storage';
import { OPT_IN_RESOURCE_TYPES, PLAN_OPTION_LIMITS } from '../private/limits';
import { unscopedValidationError } from '../private/validation';


const ARCHIVE_TYPE = PLAN_OPTION_LIMITS.archiveResourceType;
const LOW_COST_WARM_TYPE = PLAN_OPTION_LIMITS.lowCostWarmResourceType;

/**
 * Computes what backup rules mean in recovery points and storage: per rule, the interval between
 * backups, the recovery points a resource has at steady state (warm, cold, archive, S3 low-cost
 * warm), the oldest restore point, the point-in-time window of continuous rules, and a monthly
 * storage cost from prices you pass in.
 *
 * @example
 * const calc = RetentionCalculator.forRules([backup.BackupPlanRule.daily()]);
 * calc.generations[0].recoveryPoints; // 35
 */
export class RetentionCalculator {
  /**
   * Analyses the given rules (`backup.BackupPlanRule`, as given to a backup plan), with the storage
   * classes of the plan's options (archive tier opt-in, S3 low-cost warm tier).
   *
   * @throws when `options.s3WarmTieringAfter` is not 60 to 36,500 whole days.
   */
  public static forRules(rules: backup.BackupPlanRule[], options?: RetentionCalculatorOptions): RetentionCalculator {
    requireRules(rules);
    const archive = options?.optInToArchive === true;
    const tierHours = tieringHours(options?.s3WarmTieringAfter);
    return new RetentionCalculator(rules.map((rule, i) => analyseRule(rule, i, archive, tierHours)), tierHours);
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

  /** The S3 low-cost warm tier's age, in hours (undefined without tiering). */
  private readonly tierHours?: number;

  private constructor(generations: RuleGenerations[], tierHours?: number) {
    this.generations = generations;
    this.tierHours = tierHours;
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
    validateInput(size >= 0, `resourceSizeGb (${size}) must be 0 or more`);
    validateInput(changeRate >= 0 && changeRate <= 1, `dailyChangeRate (${changeRate}) must be between 0 and 1`);
    validateInput(options.warmPricePerGbMonth >= 0, `warmPricePerGbMonth (${options.warmPricePerGbMonth}) must be 0 or more`);
    validateInput(options.coldPricePerGbMonth >= 0, `coldPricePerGbMonth (${options.coldPricePerGbMonth}) must be 0 or more`);
    validateInput(count >= 1 && Number.isInteger(count), `resourceCount (${count}) must be a whole number, 1 or more`);
    const scanPrice = options.scanPricePerGb;
    validateInput(scanPrice === undefined || scanPrice >= 0, `scanPricePerGb (${scanPrice}) must be 0 or more`);
    for (const [prop, price] of [['archivePricePerGbMonth', options.archivePricePerGbMonth], ['lowCostWarmPricePerGbMonth', options.lowCostWarmPricePerGbMonth]] as const) {
      validateInput(price === undefined || price >= 0, `${prop} (${price}) must be 0 or more`);
    }
    const type = this.storageClassesOf(options);
    let scanGb = 0;

    const rules: RuleStorageEstimate[] = [];
    const skipped: string[] = [];
    // A continuous rule gives the resource one continuous recovery point, or snapshots when its type
    // has no continuous backup (known only with resourceType).
    const continuousType = type === undefined || PLAN_OPTION_LIMITS.continuousResourceTypes.includes(type);
    for (const g of this.generations) {
      if (g.continuousBackup && g.pointInTimeRecoveryWindow && continuousType) {
        // One continuous recovery point: a full base plus the change log over the window.
        const days = g.pointInTimeRecoveryWindow.toHours({ integral: false }) / 24;
        const warm = count * (size + size * changeRate * days);
        rules.push(cost(g.ruleName, { warm, cold: 0, archive: 0, lowCost: 0 }, options));
        continue;
      }
      if (g.recoveryPoints === undefined || g.intervalHours === undefined) {
        skipped.push(g.ruleName);
        continue;
      }
      const increment = model === StorageModel.FULL ? size : Math.min(size, size * changeRate * g.intervalHours / 24);
      if (scanPrice !== undefined) {
        // Backups a 30-day month; the first scan of a resource is full either way (not counted).
        const scanned = options.fullScans ? size : Math.min(size, size * changeRate * g.intervalHours / 24);
        scanGb += count * (30 * 24 / g.intervalHours) * scanned;
      }
      const gb = ruleGb(g, type, size, increment);
      if (options.includeCopies ?? true) {
        for (const c of g.copies) {
          if (c.recoveryPoints === undefined) continue;
          // Copies are in other vaults (not tiered) and their lifecycle does not opt in to the archive.
          const copy = ruleGb({ ...c, optInToArchive: false }, type, size, increment);
          gb.warm += copy.warm;
          gb.cold += copy.cold;
        }
      }
      const total = { warm: gb.warm * count, cold: gb.cold * count, archive: gb.archive * count, lowCost: gb.lowCost * count };
      rules.push(cost(g.ruleName, total, options));
    }
    const sum = (f: (r: RuleStorageEstimate) => number) => round(rules.reduce((s, r) => s + f(r), 0));
    const scanMonthlyCost = round(scanGb * (scanPrice ?? 0));
    return {
      rules,
      warmGb: sum(r => r.warmGb),
      coldGb: sum(r => r.coldGb),
      archiveGb: sum(r => r.archiveGb),
      lowCostWarmGb: sum(r => r.lowCostWarmGb),
      monthlyCost: round(rules.reduce((s, r) => s + r.monthlyCost, 0) + scanMonthlyCost),
      scanGbPerMonth: round(scanGb),
      scanMonthlyCost,
      skippedRules: skipped,
    };
  }

  /**
   * Checks `resourceType` and the prices of the classes it puts points in; returns the type.
   * Each of the archive tier and the low-cost warm tier applies to one resource type, so a rule that
   * uses one needs the type, and a class in use needs its price (never priced at 0 silently).
   */
  private storageClassesOf(options: StorageEstimateOptions): string | undefined {
    const type = options.resourceType;
    validateInput(type === undefined || (typeof type === 'string' && type.trim() !== ''),
      `resourceType ("${type}") must be an AWS Backup resource type such as EBS, S3 or EFS`);
    // Types AWS adds are accepted as they are; a known one in another case is a typo.
    const known = OPT_IN_RESOURCE_TYPES.find(t => type !== undefined && t !== type && t.toUpperCase() === type.toUpperCase());
    validateInput(known === undefined, `resourceType ("${type}") must be "${known}": AWS Backup resource types are case-sensitive`);
    const archiving = this.generations.filter(g => g.optInToArchive && (g.coldRecoveryPoints ?? 0) > 0).map(g => g.ruleName);
    const tiering = this.generations.filter(g => (g.lowCostWarmRecoveryPoints ?? 0) > 0).map(g => g.ruleName);
    const archiveUse = `rule${plural(archiving)} ${archiving.join(', ')} keep${archiving.length === 1 ? 's' : ''} ${ARCHIVE_TYPE} snapshots in the archive tier (optInToArchive)`;
    const tierUse = `rule${plural(tiering)} ${tiering.join(', ')} keep${tiering.length === 1 ? 's' : ''} ${LOW_COST_WARM_TYPE} backups in the low-cost warm tier after ${this.tierHours! / 24} days (s3WarmTieringAfter)`;
    if (type === undefined && (archiving.length > 0 || tiering.length > 0)) {
      const uses = [archiving.length > 0 ? archiveUse : undefined, tiering.length > 0 ? tierUse : undefined].filter(u => u !== undefined);
      validateInput(false, `resourceType is missing: ${uses.join(' and ')}, and each tier applies to one resource type; pass the type of the resource estimated (${ARCHIVE_TYPE}, ${LOW_COST_WARM_TYPE}, EFS...)`);
    }
    if (type === ARCHIVE_TYPE && archiving.length > 0) {
      validateInput(options.archivePricePerGbMonth !== undefined, `archivePricePerGbMonth is missing: ${archiveUse}; pass the archive price per GB-month of ${ARCHIVE_TYPE} snapshots in your region`);
    }
    if (type === LOW_COST_WARM_TYPE && tiering.length > 0) {
      validateInput(options.lowCostWarmPricePerGbMonth !== undefined, `lowCostWarmPricePerGbMonth is missing: ${tierUse}; pass the low-cost warm price per GB-month of ${LOW_COST_WARM_TYPE} backups in your region`);
    }
    return type;
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
      if (g.optInToArchive && (g.coldRecoveryPoints ?? 0) > 0) {
        out.push(`${g.ruleName}: the ${g.coldRecoveryPoints} cold points of ${ARCHIVE_TYPE} snapshots are in the archive tier (optInToArchive)`);
      }
      if (g.lowCostWarmRecoveryPoints !== undefined) {
        out.push(`${g.ruleName}: ${g.lowCostWarmRecoveryPoints} of the ${g.warmRecoveryPoints} warm points of ${LOW_COST_WARM_TYPE} backups are in the low-cost warm tier (after ${this.tierHours! / 24}d)`);
      }
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

/** The S3 low-cost warm tier's age in hours, checked (60 to 36,500 whole days). */
function tierGb(points: number, size: number, increment: number): number {
  if (points === 0) return 0;
  return size + (points - 1) * increment;
}

interface ClassGb { warm: number; cold: number; archive: number; lowCost: number }

interface PointCounts {
  readonly warmRecoveryPoints?: number;
  readonly coldRecoveryPoints?: number;
  readonly lowCostWarmRecoveryPoints?: number;
  readonly optInToArchive: boolean;
}

/**
 * The GB of one resource's points in each class. The warm chain's full backup is its oldest point:
 * with S3 low-cost warm tiering, the oldest warm points (the full backup and their increments) are
 * in the low-cost tier, the younger ones' increments in warm storage. An EBS rule's cold points are
 * archived full snapshots when it opts in, else they stay in the warm chain (AWS Backup ignores the
 * cold transition for EBS without the archive opt-in). Other types: cold points are full copies.
 */
function ruleGb(g: PointCounts, type: string | undefined, size: number, increment: number): ClassGb {
  let warmPoints = g.warmRecoveryPoints!;
  let cold = g.coldRecoveryPoints! * size;
  let archive = 0;
  if (type === ARCHIVE_TYPE) {
    if (g.optInToArchive) archive = cold;
    else warmPoints += g.coldRecoveryPoints!;
    cold = 0;
  }
  const old = type === LOW_COST_WARM_TYPE ? g.lowCostWarmRecoveryPoints ?? 0 : 0;
  if (old === 0) return { warm: tierGb(warmPoints, size, increment), cold, archive, lowCost: 0 };
  return { warm: (warmPoints - old) * increment, cold, archive, lowCost: tierGb(old, size, increment) };
}

function cost(ruleName: string, gb: ClassGb, options: StorageEstimateOptions): RuleStorageEstimate {
  return {
    ruleName,
    warmGb: round(gb.warm),
    coldGb: round(gb.cold),
    archiveGb: round(gb.archive),
    lowCostWarmGb: round(gb.lowCost),
    monthlyCost: round(gb.warm * options.warmPricePerGbMonth + gb.cold * options.coldPricePerGbMonth
      + (gb.archive > 0 ? gb.archive * options.archivePricePerGbMonth! : 0)
      + (gb.lowCost > 0 ? gb.lowCost * options.lowCostWarmPricePerGbMonth! : 0)),
  };
}

function plural(items: string[]): string {
  return items.length === 1 ? '' : 's';
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function validateInput(ok: boolean, message: string) {
  if (!ok) throw unscopedValidationError(`estimateMonthlyStorage: ${message}`);
}

function str(n?: number): string {
  return n === undefined ? '-' : `${n}`;
}

function inDays(d: Duration): string {
  const h = d.toHours({ integral: false });
  return h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}
