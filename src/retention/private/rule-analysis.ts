import { Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { amountOf, checkTieringDownDays, DEFAULT_BACKUP_SCHEDULE } from '../../private/limits';
import { unscopedValidationError } from '../../private/validation';
import { BackupFrequency, CopyGenerations, RuleGenerations } from '../generations';
import { parseScheduleExpression } from './schedule';

/** Slack for floating-point division before rounding up. */
export const EPSILON = 1e-9;

/** The hours after which S3 backups move to the low-cost warm tier, checked. */
export function tieringHours(after?: Duration): number | undefined {
  if (after === undefined || after === null) return undefined;
  if (after.isUnresolved()) {
    throw unscopedValidationError('RetentionCalculator: s3WarmTieringAfter is a token: the calculator needs the number of days, known at synth');
  }
  const problem = checkTieringDownDays('s3WarmTieringAfter', amountOf(after, 'day'));
  if (problem) throw unscopedValidationError(`RetentionCalculator: ${problem}`);
  return after.toHours({ integral: false });
}

/** A rule's generations: its interval, retention and recovery point counts (and its copies'). */
export function analyseRule(rule: backup.BackupPlanRule, index: number, archive: boolean, tierHours?: number): RuleGenerations {
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
    // What EnvironmentBackup renders: the opt-in on the rules with a cold storage transition.
    optInToArchive: archive && coldAfter !== undefined,
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
    lowCostWarmRecoveryPoints: tierHours === undefined || counts.warmRecoveryPoints === undefined ? undefined
      // Points at ages 0, i, 2i...: ceil(tierDownAfter / i) of the warm ones are younger than the tiering age.
      : counts.warmRecoveryPoints - Math.min(counts.warmRecoveryPoints, Math.ceil(tierHours / interval - EPSILON)),
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
