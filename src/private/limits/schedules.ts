/**
 * Schedule rules of AWS Backup (backup plan rules, restore testing plans, organization backup
 * policies), each with the page it comes from.
 */
import { Token } from 'aws-cdk-lib';

/**
 * AWS Backup schedules are `cron(...)` expressions with six fields (minutes hours day-of-month
 * month day-of-week year), in EventBridge's syntax: exactly one of day-of-month and day-of-week is
 * `?`. A rate expression is not accepted.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
 *
 * Backup jobs of a rule must be at least 60 minutes apart (hourly is the highest frequency).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
 */
/**
 * The schedule AWS Backup runs a rule on when it has no `scheduleExpression`: daily at 05:00 UTC.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 */
export const DEFAULT_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';

/** The schedule a rule runs on: its own expression, or AWS Backup's default when it has none. */
export function effectiveBackupSchedule(scheduleExpression: { readonly expressionString: string } | undefined): string {
  return scheduleExpression?.expressionString ?? DEFAULT_BACKUP_SCHEDULE;
}

export const SCHEDULE_LIMITS = {
  minIntervalMinutes: 60,
};

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: { [name: string]: number };
}

const MONTHS = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const DAYS = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

const FIELDS: FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** Thrown internally by the field parser; turned into a problem sentence. */
class CronProblem extends Error {}

function value(spec: FieldSpec, token: string): number {
  const upper = token.toUpperCase();
  const n = spec.names && spec.names[upper] !== undefined ? spec.names[upper] : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
    throw new CronProblem(`${spec.name} value '${token}' is not from ${spec.min} to ${spec.max}`);
  }
  return n;
}

/** The values a field matches (for minutes: to count jobs an hour). Special forms return []. */
function expand(spec: FieldSpec, field: string): number[] {
  if (field.length === 0) throw new CronProblem(`the ${spec.name} field is empty`);
  const values = new Set<number>();
  for (const part of field.split(',')) {
    if (spec.name === 'day-of-month' && /^(L|LW|L-\d{1,2}|\d{1,2}W)$/i.test(part)) {
      const day = /\d+/.exec(part);
      if (day) value(spec, day[0]);
      continue;
    }
    if (spec.name === 'day-of-week' && /^(L|[A-Za-z0-9]+L|[A-Za-z0-9]+#[1-5])$/.test(part)) {
      if (part !== 'L') value(spec, part.replace(/(L|#[1-5])$/, ''));
      continue;
    }
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CronProblem(`${spec.name} part '${part}' is not a value, range, list or step`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw new CronProblem(`${spec.name} part '${part}' has a step of 0`);
    let from: number;
    let to: number;
    if (m[1] === '*') {
      from = spec.min;
      to = spec.max;
    } else if (m[1].includes('-')) {
      const [a, b] = m[1].split('-');
      from = value(spec, a);
      to = value(spec, b);
      if (from > to) throw new CronProblem(`${spec.name} range '${m[1]}' is empty`);
    } else {
      from = value(spec, m[1]);
      to = m[2] === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values];
}

/**
 * Checks an AWS Backup schedule: a valid six-field cron expression whose jobs are at least 60
 * minutes apart. Returns the problem, naming `property` and the expression, or undefined.
 */
export function checkBackupSchedule(property: string, expression: string): string | undefined {
  if (Token.isUnresolved(expression)) return undefined;
  const label = `${property} (${expression})`;
  const trimmed = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/i.exec(trimmed);
  if (rate) {
    const minutes = Number(rate[1]) * (/^m/i.test(rate[2]) ? 1 : /^h/i.test(rate[2]) ? 60 : 1440);
    const tooOften = minutes < SCHEDULE_LIMITS.minIntervalMinutes
      ? `, and its jobs (every ${minutes} minutes) must be at least ${SCHEDULE_LIMITS.minIntervalMinutes} minutes apart`
      : '';
    return `${label} must be a cron expression: AWS Backup schedules accept cron(...) only${tooOften}`;
  }
  const cron = /^cron\((.*)\)$/.exec(trimmed);
  if (!cron) return `${label} must be a cron expression such as cron(0 5 ? * * *) (AWS Backup schedules accept cron(...) only)`;
  const fields = cron[1].trim().split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 6) {
    return `${label} must have 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  }
  let minutes: number[];
  try {
    const expanded = FIELDS.map((spec, i) => {
      const field = fields[i];
      if (field === '?') {
        if (spec.name !== 'day-of-month' && spec.name !== 'day-of-week') throw new CronProblem(`'?' is allowed only in day-of-month or day-of-week, not in ${spec.name}`);
        return [];
      }
      return expand(spec, field);
    });
    minutes = expanded[0];
  } catch (e) {
    if (e instanceof CronProblem) return `${label} is not a valid cron expression: ${e.message}`;
    throw e;
  }
  const dom = fields[2];
  const dow = fields[4];
  if ((dom === '?') === (dow === '?')) {
    return `${label} must set exactly one of day-of-month ('${dom}') and day-of-week ('${dow}') to '?' (AWS cron syntax)`;
  }
  if (minutes.length > 1) {
    return `${label} runs ${minutes.length} jobs an hour (minutes '${fields[0]}'): jobs must be at least ${SCHEDULE_LIMITS.minIntervalMinutes} minutes apart, so give one minute value, e.g. cron(0 * ? * * *) for hourly`;
  }
  return undefined;
}

/** A name such as Europe/Paris, America/Argentina/Buenos_Aires, UTC or Etc/GMT+5 (no offsets). */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/;

/**
 * Checks an IANA time zone name (`ScheduleExpressionTimezone`), as AWS Backup takes it. It uses
 * the time zone database of the JavaScript runtime (`Intl.DateTimeFormat`, full ICU in the
 * official Node.js builds from 18 on): canonical names and their aliases (US/Pacific) pass, an
 * unknown name, an empty one, an offset (+01:00) or a name in the wrong case fails.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 */
export function checkTimeZone(property: string, name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  const rule = 'must be an IANA time zone name such as Europe/Paris or UTC';
  if (typeof name !== 'string' || !TIME_ZONE_NAME.test(name)) return `${property} ("${name}") ${rule}`;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return `${property} ("${name}") ${rule}: the time zone database does not know it`;
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    return `${property} ("${name}") ${rule}, spelt as in the database: "${resolved}"`;
  }
  return undefined;
}
