/*
 * How long a vault may go without a completed backup job before that is a problem, from the plan's
 * rules. Internal to the monitoring folder.
 *
 * The longest gap between two scheduled runs is computed per rule by enumerating its cron
 * schedule over two years (src/private/limits/cron.ts; rate() schedules: the rate); the plan's gap is at most the smallest of
 * its rules' gaps (every rule's runs are among the plan's). A job may complete up to its start
 * window plus its completion window after its scheduled time, so the window is:
 *
 *   smallest longest-gap + largest (start window + completion window) + slack (10%, at least 1 hour)
 *
 * capped at CloudWatch's 7-day evaluation range. When even the schedule's gap does not fit in 7
 * days (weekly or monthly plans), no metric alarm can say "nothing in that long": there is no heartbeat.
 */
import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { MAX_EVALUATION_RANGE_SECONDS } from './alarm-limits';
import { cronOccurrences, CronSyntaxError, effectiveBackupSchedule, parseRate, RULE_LIMITS, tryParseCron } from '../../private/limits';

/** AWS Backup's defaults for a rule without windows (and CDK's). */
const DEFAULT_START_WINDOW_HOURS = RULE_LIMITS.defaultStartWindowMinutes / 60;
const DEFAULT_COMPLETION_WINDOW_HOURS = RULE_LIMITS.defaultCompletionWindowMinutes / 60;
export const MAX_WINDOW_HOURS = MAX_EVALUATION_RANGE_SECONDS / 3600;

export interface HeartbeatWindow {
  /** Hours, when a heartbeat can be expressed. */
  readonly hours?: number;
  /** How it was derived, or why there is none. */
  readonly explanation: string;
}

/** Gaps by expression: many environments share the same few schedules. */
const GAPS = new Map<string, number | undefined>();

/** The longest time between two runs of a schedule expression, in hours (undefined when it cannot be parsed). */
export function longestGapHours(expression: string): number | undefined {
  if (!GAPS.has(expression)) GAPS.set(expression, computeLongestGap(expression));
  return GAPS.get(expression);
}

function computeLongestGap(expression: string): number | undefined {
  const rate = parseRate(expression);
  if (rate) return rate.minutes / 60;
  const cron = tryParseCron(expression);
  // Unreadable, or limited to some years (no steady state).
  if (!cron || cron instanceof CronSyntaxError || cron.years) return undefined;
  const times = cronOccurrences(cron, Date.UTC(2027, 0, 1), 2 * 366);
  if (times.length === 0) return undefined;
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
  return longest / 3_600_000;
}

/** The heartbeat window of the rules that write to the monitored vault. */
export function heartbeatWindow(rules: backup.BackupPlanRule[]): HeartbeatWindow {
  // A continuous backup rule keeps its schedule: resources without continuous backup get a
  // snapshot job then, and continuous backups are also run as scheduled jobs. A rule without a
  // schedule runs on AWS Backup's default (daily at 05:00 UTC).
  const scheduled = rules;
  if (scheduled.length === 0) {
    return { explanation: 'the plan has no rule writing to this vault' };
  }
  const gaps: Array<{ rule: string; gap: number }> = [];
  for (const rule of scheduled) {
    const expression = effectiveBackupSchedule(rule.props.scheduleExpression);
    const gap = longestGapHours(expression);
    if (gap !== undefined) gaps.push({ rule: rule.props.ruleName ?? expression, gap });
  }
  if (gaps.length === 0) return { explanation: 'no rule has a schedule expression this library can read' };
  const shortest = gaps.reduce((a, b) => (b.gap < a.gap ? b : a));
  if (shortest.gap + 1 > MAX_WINDOW_HOURS) {
    return {
      explanation: `the most frequent rule (${shortest.rule}) runs up to ${formatHours(shortest.gap)} apart, longer than CloudWatch's ` +
        `${MAX_WINDOW_HOURS / 24}-day alarm evaluation range: no metric alarm can tell "no backup job completed" over that span`,
    };
  }
  // A window that is a token is unknown at synth: count it as the longest the alarm allows.
  const hoursOf = (d: Duration | undefined, fallback: number) =>
    (d === undefined ? fallback : d.isUnresolved() ? MAX_WINDOW_HOURS : d.toHours({ integral: false }));
  const windows = scheduled.map((r) => hoursOf(r.props.startWindow, DEFAULT_START_WINDOW_HOURS)
    + hoursOf(r.props.completionWindow, DEFAULT_COMPLETION_WINDOW_HOURS));
  const completion = Math.max(...windows);
  const raw = shortest.gap + completion;
  const withSlack = Math.ceil(raw + Math.max(1, raw * 0.1));
  const hours = Math.min(MAX_WINDOW_HOURS, withSlack);
  return {
    hours,
    explanation: `rule ${shortest.rule} runs at most ${formatHours(shortest.gap)} apart, jobs may end ${formatHours(completion)} after their ` +
      `scheduled time (start + completion window), plus slack${hours < withSlack ? `, capped at CloudWatch's ${MAX_WINDOW_HOURS / 24}-day evaluation range` : ''}`,
  };
}

function formatHours(h: number): string {
  return h % 24 === 0 ? `${h / 24} day${h === 24 ? '' : 's'}` : `${Math.round(h * 10) / 10} hours`;
}
