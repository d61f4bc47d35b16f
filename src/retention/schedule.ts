/**
 * Parses the schedule expressions AWS Backup plans use (`cron(...)` with six fields, and
 * `rate(...)`) into an average interval between two backups. Internal: not exported from the
 * folder index.
 */

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

const DAY_NAMES: { [name: string]: number } = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };
const MONTH_NAMES: { [name: string]: number } = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

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
  const trimmed = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(trimmed);
  if (rate) {
    const amount = Number(rate[1]);
    if (amount <= 0) throw new ScheduleParseError(expression, 'the rate must be positive');
    const unit = rate[2].toLowerCase().replace(/s$/, '');
    const hours = unit === 'minute' ? amount / 60 : unit === 'hour' ? amount : amount * 24;
    return {
      intervalHours: hours,
      frequency: hours < 24 ? 'HOURLY' : hours === 24 ? 'DAILY' : hours === 168 ? 'WEEKLY' : 'CUSTOM',
      description: `every ${amount} ${unit}${amount === 1 ? '' : 's'}`,
    };
  }
  const cron = /^cron\((.*)\)$/i.exec(trimmed);
  if (!cron) throw new ScheduleParseError(expression, "expected 'cron(...)' or 'rate(...)'");
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleParseError(expression, `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`);
  }
  const [minuteField, hourField, domField, monthField, dowField, yearField] = fields;
  if (yearField !== '*') {
    throw new ScheduleParseError(expression, `the year field '${yearField}' limits the schedule to some years: there is no steady state`);
  }
  const minutes = expand(expression, minuteField, 0, 59, {});
  const hours = expand(expression, hourField, 0, 23, {});
  const months = expand(expression, monthField, 1, 12, MONTH_NAMES);
  const firesPerDay = minutes.length * hours.length;
  const anyDom = domField === '*' || domField === '?';
  const anyDow = dowField === '*' || dowField === '?';
  if (!anyDom && !anyDow) {
    throw new ScheduleParseError(expression, 'day-of-month and day-of-week cannot both be set (one must be ?)');
  }
  let daysPerYear: number;
  let frequency: string;
  let days: string;
  if (anyDom && anyDow) {
    daysPerYear = 365.25 * months.length / 12;
    frequency = firesPerDay > 1 ? 'HOURLY' : 'DAILY';
    days = 'daily';
  } else if (!anyDow) {
    if (/[#L]/.test(dowField)) {
      // e.g. 2#1 (first Monday) or 6L (last Friday): once a month for each entry.
      const entries = dowField.split(',').length;
      daysPerYear = entries * months.length;
      frequency = 'MONTHLY';
      days = `monthly on ${dowField}`;
    } else {
      const weekdays = expand(expression, dowField, 1, 7, DAY_NAMES);
      daysPerYear = weekdays.length * (365.25 / 7) * months.length / 12;
      frequency = firesPerDay > 1 ? 'HOURLY' : weekdays.length === 7 ? 'DAILY' : 'WEEKLY';
      days = `weekly on ${dowField}`;
    }
  } else {
    let monthDays: number;
    if (domField === 'L' || domField === 'LW' || /^\d+W$/.test(domField)) {
      monthDays = 1;
    } else {
      monthDays = expand(expression, domField, 1, 31, {}).length;
    }
    daysPerYear = monthDays * months.length;
    frequency = firesPerDay > 1 ? 'HOURLY' : months.length < 12 ? 'YEARLY' : 'MONTHLY';
    days = months.length < 12 ? `on day ${domField} of month ${monthField}` : `monthly on day ${domField}`;
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

/** Expands one cron field into the sorted list of values it matches. */
function expand(expression: string, field: string, min: number, max: number, names: { [name: string]: number }): number[] {
  const values = new Set<number>();
  const value = (token: string): number => {
    const upper = token.toUpperCase();
    const n = names[upper] !== undefined ? names[upper] : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ScheduleParseError(expression, `'${token}' in field '${field}' is not a value from ${min} to ${max}`);
    }
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) {
      throw new ScheduleParseError(expression, `'${part}' has an invalid step`);
    }
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (from > to) throw new ScheduleParseError(expression, `'${part}' is an empty range`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}
