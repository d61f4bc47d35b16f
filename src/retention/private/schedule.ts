/**
 * Turns the schedule expressions AWS Backup plans use (`cron(...)` with six fields, and
 * `rate(...)`, parsed by src/private/limits/cron.ts) into an average interval between two backups.
 * Internal: not exported from the folder index.
 */
import { CronSyntaxError, parseRate, tryParseCron } from '../../private/limits';


/** Hours in an average (Julian) year: 365.25 days. */
export const HOURS_PER_YEAR = 365.25 * 24;

export interface ParsedSchedule {
  /** Average interval between two backups, in hours. */
  readonly intervalHours: number;
  /** HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY. */
  readonly frequency: string;
  /** Human readable, e.g. "daily at 05:00". */
  readonly description: string;
}

/** Thrown when an expression cannot be turned into a steady-state interval. */
export class ScheduleParseError extends Error {
  constructor(expression: string, reason: string) {
    super(`cannot compute generations for schedule '${expression}': ${reason}`);
    this.name = 'ScheduleParseError';
  }
}

/**
 * The parsed schedule of an expression (the same object for the same expression: every rule of every
 * environment asks, and most share their schedules). Throws `ScheduleParseError` when it cannot be parsed.
 */
export function parseScheduleExpression(expression: string): ParsedSchedule {
  let parsed = PARSED_SCHEDULES.get(expression);
  if (parsed === undefined) {
    parsed = Object.freeze(parseSchedule(expression));
    PARSED_SCHEDULES.set(expression, parsed);
  }
  return parsed;
}

const PARSED_SCHEDULES = new Map<string, ParsedSchedule>();

function parseSchedule(expression: string): ParsedSchedule {
  const rate = parseRate(expression);
  if (rate) {
    const { amount, unit } = rate;
    if (amount <= 0) throw new ScheduleParseError(expression, 'the rate must be positive');
    const hours = rate.minutes / 60;
    return {
      intervalHours: hours,
      frequency: hours < 24 ? 'HOURLY' : hours === 24 ? 'DAILY' : hours === 168 ? 'WEEKLY' : 'CUSTOM',
      description: `every ${amount} ${unit}${amount === 1 ? '' : 's'}`,
    };
  }
  const cron = tryParseCron(expression);
  if (!cron) throw new ScheduleParseError(expression, "expected 'cron(...)' or 'rate(...)'");
  if (cron instanceof CronSyntaxError) throw new ScheduleParseError(expression, cron.message);
  const [minuteField, hourField, domField, monthField, dowField, yearField] = cron.fields;
  if (cron.years) {
    throw new ScheduleParseError(expression, `the year field '${yearField}' limits the schedule to some years: there is no steady state`);
  }
  const { minutes, hours, months } = cron;
  const firesPerDay = minutes.length * hours.length;
  if (cron.dayOfMonth && cron.dayOfWeek) {
    throw new ScheduleParseError(expression, 'day-of-month and day-of-week cannot both be set (one must be ?)');
  }
  let daysPerYear: number;
  let frequency: string;
  let days: string;
  if (cron.dayOfWeek) {
    const weekdays = cron.dayOfWeek.flatMap((p) => (p.kind === 'values' ? p.values : []));
    const monthly = cron.dayOfWeek.filter((p) => p.kind !== 'values').length;
    if (monthly > 0) {
      // e.g. 2#1 (first Monday) or 6L (last Friday): once a month for each entry.
      daysPerYear = (monthly + weekdays.length) * months.length;
      frequency = 'MONTHLY';
      days = `monthly on ${dowField}`;
    } else {
      daysPerYear = weekdays.length * (365.25 / 7) * months.length / 12;
      frequency = firesPerDay > 1 ? 'HOURLY' : weekdays.length === 7 ? 'DAILY' : 'WEEKLY';
      days = `weekly on ${dowField}`;
    }
  } else if (cron.dayOfMonth) {
    // L, L-n, LW and nW are one day a month each.
    const monthDays = cron.dayOfMonth.reduce((n, p) => n + (p.kind === 'values' ? p.values.length : 1), 0);
    daysPerYear = monthDays * months.length;
    frequency = firesPerDay > 1 ? 'HOURLY' : months.length < 12 ? 'YEARLY' : 'MONTHLY';
    days = months.length < 12 ? `on day ${domField} of month ${monthField}` : `monthly on day ${domField}`;
  } else {
    daysPerYear = 365.25 * months.length / 12;
    frequency = firesPerDay > 1 ? 'HOURLY' : 'DAILY';
    days = 'daily';
  }
  const firesPerYear = firesPerDay * daysPerYear;
  const intervalHours = Math.round(HOURS_PER_YEAR / firesPerYear * 1e9) / 1e9;
  const at = firesPerDay === 1
    ? `at ${pad(hours[0])}:${pad(minutes[0])}`
    : `${firesPerDay} times a day (hours ${hourField}, minute ${minuteField})`;
  if (frequency === 'HOURLY' && days === 'daily') {
    const every = 24 / firesPerDay;
    return { intervalHours, frequency, description: Number.isInteger(every) ? `every ${every} hour${every === 1 ? '' : 's'}` : at };
  }
  return { intervalHours, frequency, description: `${days} ${at}` };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
