/*
 * How long a vault may go without a completed backup job before that is a problem, from the plan's
 * rules. Internal to the monitoring folder.
 *
 * The longest gap between two scheduled runs is computed per rule by enumerating its cron
 * schedule over two years (rate() schedules: the rate); the plan's gap is at most the smallest of
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
import { effectiveBackupSchedule } from '../../private/limits';

/** AWS Backup's defaults for a rule without windows (and CDK's). */
const DEFAULT_START_WINDOW_HOURS = 8;
const DEFAULT_COMPLETION_WINDOW_HOURS = 7 * 24;
export const MAX_WINDOW_HOURS = MAX_EVALUATION_RANGE_SECONDS / 3600;

export interface HeartbeatWindow {
  /** Hours, when a heartbeat can be expressed. */
  readonly hours?: number;
  /** How it was derived, or why there is none. */
  readonly explanation: string;
}

const DAY_NAMES: { [name: string]: number } = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };
const MONTH_NAMES: { [name: string]: number } = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };

function expand(field: string, min: number, max: number, names: { [n: string]: number } = {}): Set<number> {
  const values = new Set<number>();
  const value = (t: string) => {
    const n = names[t.toUpperCase()] ?? Number(t);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`'${t}' is not a value from ${min} to ${max}`);
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = min;
    let to = max;
    if (range !== '*' && range !== '?') {
      if (range.includes('-')) {[from, to] = range.split('-').map(value);} else { from = value(range); to = stepText === undefined ? from : max; }
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Does the day-of-month / day-of-week part of a cron match this UTC date? */
function dayMatches(date: Date, dom: string, dow: string): boolean {
  const day = date.getUTCDate();
  const weekday = date.getUTCDay() + 1; // 1 = SUN
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  if (!anyDom) {
    if (dom === 'L') return day === lastDay;
    // nW: the nearest weekday to day n; taken as day n (the 2-day shift is in the slack below).
    if (/^\d+W$/.test(dom)) return day === Math.min(Number(dom.slice(0, -1)), lastDay);
    if (dom === 'LW') return day === lastDay;
    return expand(dom, 1, 31).has(day);
  }
  if (!anyDow) {
    return dow.split(',').some((part) => {
      const nth = /^(\w+)#(\d)$/.exec(part);
      if (nth) return weekday === (DAY_NAMES[nth[1].toUpperCase()] ?? Number(nth[1])) && Math.ceil(day / 7) === Number(nth[2]);
      const last = /^(\w+)L$/.exec(part);
      if (last) return weekday === (DAY_NAMES[last[1].toUpperCase()] ?? Number(last[1])) && day + 7 > lastDay;
      return expand(part, 1, 7, DAY_NAMES).has(weekday);
    });
  }
  return true;
}

/** Gaps by expression: many environments share the same few schedules. */
const GAPS = new Map<string, number | undefined>();

/** The longest time between two runs of a schedule expression, in hours (undefined when it cannot be parsed). */
export function longestGapHours(expression: string): number | undefined {
  if (!GAPS.has(expression)) GAPS.set(expression, computeLongestGap(expression));
  return GAPS.get(expression);
}

function computeLongestGap(expression: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expression.trim());
  if (rate) {
    const unit = rate[2].toLowerCase().replace(/s$/, '');
    return Number(rate[1]) * (unit === 'minute' ? 1 / 60 : unit === 'hour' ? 1 : 24);
  }
  const cron = /^cron\((.*)\)$/i.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6 || fields[5] !== '*') return undefined;
  try {
    const minutes = [...expand(fields[0], 0, 59)].sort((a, b) => a - b);
    const hours = [...expand(fields[1], 0, 23)].sort((a, b) => a - b);
    const months = expand(fields[3], 1, 12, MONTH_NAMES);
    const start = Date.UTC(2027, 0, 1);
    let previous: number | undefined;
    let longest = 0;
    for (let d = 0; d < 2 * 366; d++) {
      const date = new Date(start + d * 86_400_000);
      if (!months.has(date.getUTCMonth() + 1) || !dayMatches(date, fields[2], fields[4])) continue;
      for (const h of hours) {
        for (const m of minutes) {
          const t = start + d * 86_400_000 + (h * 60 + m) * 60_000;
          if (previous !== undefined) longest = Math.max(longest, t - previous);
          previous = t;
        }
      }
    }
    return previous === undefined ? undefined : longest / 3_600_000;
  } catch {
    return undefined;
  }
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
