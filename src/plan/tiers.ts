import { Duration, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { RULE_LIMITS } from '../private/limits';

/** The tiers' start window: the shortest AWS Backup allows (60 minutes), so a missed job fails fast. */
const TIER_START_WINDOW = Duration.minutes(RULE_LIMITS.minStartWindowMinutes);

/**
 * A preset of backup rules for an environment.
 *
 * The exact rules are listed in the README ("Tiers"). Pass `rules` to `EnvironmentBackup` to replace
 * them.
 */
export enum EnvironmentTier {
  /**
   * Daily backups kept 35 days (continuous backup — point-in-time recovery for 35 days — for the
   * resource types that support it), monthly backups moved to cold storage after 30 days and kept
   * 365 days, and deletion of recovery points denied.
   */
  PRODUCTION = 'PRODUCTION',
  /** Daily backups kept 14 days. */
  STAGING = 'STAGING',
  /** Daily backups kept 7 days. */
  DEVELOPMENT = 'DEVELOPMENT',
}

/** Options for `TierPresets.rules()`. */
export interface TierRulesOptions {
  /**
   * Whether the daily rule is a continuous backup (point-in-time recovery) rule. Resource types
   * without continuous backup support get a daily snapshot from that rule instead.
   *
   * @default - true for PRODUCTION, false otherwise
   */
  readonly continuousBackup?: boolean;

  /**
   * How long continuous backups are kept when `continuousBackup` is on: 1 to 35 days.
   *
   * @default - the daily rule's retention (35 days for PRODUCTION, 14 for STAGING, 7 for DEVELOPMENT)
   */
  readonly continuousBackupRetention?: Duration;

  /**
   * The time zone of the rules' schedules (`ScheduleExpressionTimezone`): the daily rule runs at 05:00
   * and the monthly rule on the 1st at 05:00 of this zone, e.g. `TimeZone.ASIA_TOKYO`.
   *
   * @default - UTC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
   */
  readonly timeZone?: TimeZone;
}

/** The rules and defaults behind each `EnvironmentTier`. */
export class TierPresets {
  /** The name of the daily rule of every tier. */
  public static readonly DAILY_RULE_NAME = 'Daily';
  /** The name of the PRODUCTION tier's monthly rule. */
  public static readonly MONTHLY_RULE_NAME = 'Monthly';
  /** The name of the continuous backup rule added to custom `rules` (`TierPresets.continuousRule()`). */
  public static readonly CONTINUOUS_RULE_NAME = 'Continuous';

  /**
   * The backup rules of a tier, as new `BackupPlanRule` objects (no vault set: the plan's vault is used).
   */
  public static rules(tier: EnvironmentTier, options: TierRulesOptions = {}): backup.BackupPlanRule[] {
    const continuous = options.continuousBackup ?? TierPresets.continuousBackupByDefault(tier);
    const dailyRetention = TierPresets.dailyRetention(tier);
    const daily = dailyRule(
      TierPresets.DAILY_RULE_NAME,
      continuous ? (options.continuousBackupRetention ?? dailyRetention) : dailyRetention,
      continuous,
      options.timeZone,
    );
    if (tier !== EnvironmentTier.PRODUCTION) {
      return [daily];
    }
    const monthly = new backup.BackupPlanRule({
      ruleName: TierPresets.MONTHLY_RULE_NAME,
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
      scheduleExpressionTimezone: options.timeZone,
      startWindow: TIER_START_WINDOW,
      completionWindow: Duration.hours(24),
      moveToColdStorageAfter: Duration.days(30),
      deleteAfter: Duration.days(365),
    });
    return [daily, monthly];
  }

  /**
   * The continuous backup (point-in-time recovery) rule that `EnvironmentBackup` adds to custom
   * `rules` when continuous backup is on: named `Continuous`, daily at 05:00 UTC (the schedule of the
   * tiers' daily rule: resource types without continuous backup get a daily snapshot from it), start
   * window 1 hour, completion window 8 hours.
   *
   * @param retention how far back a point-in-time restore can go, 1 to 35 days (default 35 days)
   * @param timeZone the time zone of the 05:00 schedule (default UTC)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   */
  public static continuousRule(retention?: Duration, timeZone?: TimeZone): backup.BackupPlanRule {
    return dailyRule(TierPresets.CONTINUOUS_RULE_NAME, retention ?? Duration.days(RULE_LIMITS.maxContinuousRetentionDays), true, timeZone);
  }

  /** How long the tier's daily backups are kept. */
  public static dailyRetention(tier: EnvironmentTier): Duration {
    switch (tier) {
      case EnvironmentTier.PRODUCTION: return Duration.days(35);
      case EnvironmentTier.STAGING: return Duration.days(14);
      case EnvironmentTier.DEVELOPMENT: return Duration.days(7);
    }
  }

  /** Whether the tier turns continuous backup on when `continuousBackup` is not given. */
  public static continuousBackupByDefault(tier: EnvironmentTier): boolean {
    return tier === EnvironmentTier.PRODUCTION;
  }

  /** Whether the tier denies deleting recovery points when `vault.blockRecoveryPointDeletion` is not given. */
  public static blocksRecoveryPointDeletionByDefault(tier: EnvironmentTier): boolean {
    return tier === EnvironmentTier.PRODUCTION;
  }

  private constructor() {}
}

/** The daily rule of every tier, and the continuous rule: one schedule and windows for both. */
function dailyRule(ruleName: string, deleteAfter: Duration, continuous: boolean, timeZone?: TimeZone): backup.BackupPlanRule {
  return new backup.BackupPlanRule({
    ruleName,
    // 05:00 UTC, a quiet hour for most European and American workloads.
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
    scheduleExpressionTimezone: timeZone,
    startWindow: TIER_START_WINDOW,
    completionWindow: Duration.hours(8),
    deleteAfter,
    enableContinuousBackup: continuous ? true : undefined,
  });
}
