/**
 * AWS schedule expressions, once: `cron(...)` with six fields and `rate(...)`, as EventBridge
 * defines them and AWS Backup takes them (backup plan rules, restore testing plans, organization
 * backup policies). Parses and checks an expression (errors name the field), and expands a cron
 * expression into its occurrences (UTC). Pure: no aws-cdk-lib.
 *
 * Fields: minutes (0-59), hours (0-23), day-of-month (1-31), month (1-12 or JAN-DEC), day-of-week
 * (1-7 or SUN-SAT, 1 = Sunday), year (1970-2199); `,` lists, `-` ranges, `/` steps, `*` all; `?`
 * only in day-of-month or day-of-week; `L` (last day of the month, or in day-of-week the last day of
 * the week, Saturday), `L-n` (n days before the last), `W` (nearest weekday: `15W`, `LW`) in
 * day-of-month; `nL` (the last weekday n of the month) and `n#k` (the k-th weekday n) in day-of-week.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-rate-expressions
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html (ScheduleExpression)
 */

export type CronFieldName = 'minutes' | 'hours' | 'day-of-month' | 'month' | 'day-of-week' | 'year';

interface FieldSpec {
  readonly name: CronFieldName;
  readonly min: number;
  readonly max: number;
  readonly names?: { readonly [name: string]: number };
}

const MONTHS = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const DAYS = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

/** The six fields, in their order. */
export const CRON_FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

const FIELD_LIST = CRON_FIELDS.map((f) => f.name).join(' ');

/** A problem in an expression; `field` names the field it is in (undefined: the whole expression). */
export class CronSyntaxError extends Error {
  constructor(readonly field: CronFieldName | undefined, message: string) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

/** One part of a day-of-month or day-of-week field. */
export type CronDayPart =
  /** Plain days (day-of-month 1-31, day-of-week 1-7). */
  | { readonly kind: 'values'; readonly values: readonly number[] }
  /** Day-of-month `L` (offset 0) or `L-n`. */
  | { readonly kind: 'last'; readonly offset: number }
  /** Day-of-month `LW`. */
  | { readonly kind: 'lastWeekday' }
  /** Day-of-month `nW`. */
  | { readonly kind: 'nearestWeekday'; readonly day: number }
  /** Day-of-week `n#k`. */
  | { readonly kind: 'nth'; readonly weekday: number; readonly nth: number }
  /** Day-of-week `nL`. */
  | { readonly kind: 'lastOfMonth'; readonly weekday: number };

/** A parsed cron expression. */
export interface CronExpression {
  /** The six fields as written. */
  readonly fields: readonly string[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly months: readonly number[];
  /** The years it runs in; undefined for `*` (every year). */
  readonly years?: readonly number[];
  /** Undefined for `*` or `?` (any day). */
  readonly dayOfMonth?: readonly CronDayPart[];
  /** Undefined for `*` or `?` (any day). */
  readonly dayOfWeek?: readonly CronDayPart[];
}

/** A parsed rate expression. */
export interface RateExpression {
  readonly amount: number;
  readonly unit: 'minute' | 'hour' | 'day';
  /** The interval in minutes. */
  readonly minutes: number;
}

/** `rate(<amount> <unit>)`, or undefined when the expression is not a rate expression. */
export function parseRate(expression: string): RateExpression | undefined {
  const m = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/i.exec(expression.trim());
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit = m[2].toLowerCase().replace(/s$/, '') as RateExpression['unit'];
  return { amount, unit, minutes: amount * (unit === 'minute' ? 1 : unit === 'hour' ? 60 : 1440) };
}

/** The fields of `cron(...)` as written, or undefined when the expression is not a cron expression. */
export function cronFields(expression: string): string[] | undefined {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  return m ? m[1].trim().split(/\s+/).filter((f) => f.length > 0) : undefined;
}

function value(spec: FieldSpec, token: string): number {
  const upper = token.toUpperCase();
  const n = spec.names && spec.names[upper] !== undefined ? spec.names[upper] : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
    throw new CronSyntaxError(spec.name, `${spec.name} value '${token}' is not from ${spec.min} to ${spec.max}`);
  }
  return n;
}

/** The sorted values a plain part (value, range, list or step; no special form) matches. */
function expandPlain(spec: FieldSpec, part: string, values: Set<number>): void {
  const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
  if (!m) throw new CronSyntaxError(spec.name, `${spec.name} part '${part}' is not a value, range, list or step`);
  const step = m[2] === undefined ? 1 : Number(m[2]);
  if (step < 1) throw new CronSyntaxError(spec.name, `${spec.name} part '${part}' has a step of 0`);
  let from: number;
  let to: number;
  if (m[1] === '*') {
    from = spec.min;
    to = spec.max;
  } else if (m[1].includes('-')) {
    const [a, b] = m[1].split('-');
    from = value(spec, a);
    to = value(spec, b);
    if (from > to) throw new CronSyntaxError(spec.name, `${spec.name} range '${m[1]}' is empty`);
  } else {
    from = value(spec, m[1]);
    to = m[2] === undefined ? from : spec.max;
  }
  for (let v = from; v <= to; v += step) values.add(v);
}

/** The sorted values a field matches; `,` lists of values, ranges and steps (no special forms). */
export function expandCronField(name: CronFieldName, field: string): number[] {
  const spec = CRON_FIELDS.find((f) => f.name === name)!;
  if (field.length === 0) throw new CronSyntaxError(name, `the ${name} field is empty`);
  if (field === '?') throw new CronSyntaxError(name, `'?' is allowed only in day-of-month or day-of-week, not in ${name}`);
  const values = new Set<number>();
  for (const part of field.split(',')) expandPlain(spec, part, values);
  return [...values].sort((a, b) => a - b);
}

function dayParts(spec: FieldSpec, field: string): CronDayPart[] | undefined {
  if (field === '*' || field === '?') return undefined;
  if (field.length === 0) throw new CronSyntaxError(spec.name, `the ${spec.name} field is empty`);
  const parts: CronDayPart[] = [];
  const plain = new Set<number>();
  for (const part of field.split(',')) {
    let m: RegExpExecArray | null;
    if (spec.name === 'day-of-month' && (m = /^L(?:-(\d{1,2}))?$/i.exec(part))) {
      const offset = m[1] === undefined ? 0 : Number(m[1]);
      if (offset > 30) throw new CronSyntaxError(spec.name, `${spec.name} part '${part}' is more than 30 days before the last day`);
      parts.push({ kind: 'last', offset });
    } else if (spec.name === 'day-of-month' && /^LW$/i.test(part)) {
      parts.push({ kind: 'lastWeekday' });
    } else if (spec.name === 'day-of-month' && (m = /^(\d{1,2})W$/i.exec(part))) {
      parts.push({ kind: 'nearestWeekday', day: value(spec, m[1]) });
    } else if (spec.name === 'day-of-week' && /^L$/i.test(part)) {
      plain.add(spec.max); // the last day of the week: Saturday
    } else if (spec.name === 'day-of-week' && (m = /^([A-Za-z0-9]+)L$/.exec(part))) {
      parts.push({ kind: 'lastOfMonth', weekday: value(spec, m[1]) });
    } else if (spec.name === 'day-of-week' && (m = /^([A-Za-z0-9]+)#([1-5])$/.exec(part))) {
      parts.push({ kind: 'nth', weekday: value(spec, m[1]), nth: Number(m[2]) });
    } else {
      expandPlain(spec, part, plain);
    }
  }
  if (plain.size > 0) parts.unshift({ kind: 'values', values: [...plain].sort((a, b) => a - b) });
  return parts;
}

/**
 * Parses the six fields of a cron expression; throws a `CronSyntaxError` naming the field. It does
 * not require one of day-of-month and day-of-week to be `?` (see `cronDayFieldsProblem`).
 */
export function parseCronFields(fields: readonly string[]): CronExpression {
  if (fields.length !== CRON_FIELDS.length) {
    throw new CronSyntaxError(undefined, `must have 6 fields (${FIELD_LIST}), not ${fields.length}`);
  }
  const [minutes, hours, dom, month, dow, year] = fields;
  return {
    fields: [...fields],
    minutes: expandCronField('minutes', minutes),
    hours: expandCronField('hours', hours),
    dayOfMonth: dayParts(CRON_FIELDS[2], dom),
    months: expandCronField('month', month),
    dayOfWeek: dayParts(CRON_FIELDS[4], dow),
    years: year === '*' ? undefined : expandCronField('year', year),
  };
}

/** Parses `cron(...)`; throws a `CronSyntaxError` when it is not one or a field is wrong. */
export function parseCron(expression: string): CronExpression {
  const fields = cronFields(expression);
  if (!fields) throw new CronSyntaxError(undefined, 'is not a cron(...) expression');
  return parseCronFields(fields);
}

/**
 * Parses `cron(...)` without throwing: the expression, the `CronSyntaxError` of its first wrong
 * field, or undefined when it is not a cron expression at all (a rate expression, say).
 */
export function tryParseCron(expression: string): CronExpression | CronSyntaxError | undefined {
  const fields = cronFields(expression);
  if (!fields) return undefined;
  try {
    return parseCronFields(fields);
  } catch (e) {
    if (e instanceof CronSyntaxError) return e;
    throw e;
  }
}

/** AWS's rule: exactly one of day-of-month and day-of-week is `?`. The problem, or undefined. */
export function cronDayFieldsProblem(fields: readonly string[]): string | undefined {
  const dom = fields[2];
  const dow = fields[4];
  if ((dom === '?') === (dow === '?')) {
    return `must set exactly one of day-of-month ('${dom}') and day-of-week ('${dow}') to '?' (AWS cron syntax)`;
  }
  return undefined;
}

const DAY_MS = 86_400_000;

function lastDayOfMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

function isWeekday(year: number, month0: number, day: number): boolean {
  const w = new Date(Date.UTC(year, month0, day)).getUTCDay();
  return w !== 0 && w !== 6;
}

/** The weekday nearest to `day` in its month (never crossing into another month), as `nW` means. */
function nearestWeekday(year: number, month0: number, day: number): number {
  const last = lastDayOfMonth(year, month0);
  const w = new Date(Date.UTC(year, month0, day)).getUTCDay();
  if (w === 6) return day === 1 ? 3 : day - 1; // Saturday: Friday, or Monday the 3rd
  if (w === 0) return day === last ? day - 2 : day + 1; // Sunday: Monday, or Friday before the last
  return day;
}

function dayPartMatches(part: CronDayPart, date: Date, dayOfWeek: boolean): boolean {
  const year = date.getUTCFullYear();
  const month0 = date.getUTCMonth();
  const day = date.getUTCDate();
  const weekday = date.getUTCDay() + 1; // 1 = Sunday
  const last = lastDayOfMonth(year, month0);
  switch (part.kind) {
    case 'values': return part.values.includes(dayOfWeek ? weekday : day);
    case 'last': return day === last - part.offset;
    case 'lastWeekday': {
      let d = last;
      while (!isWeekday(year, month0, d)) d--;
      return day === d;
    }
    case 'nearestWeekday': return part.day <= last && day === nearestWeekday(year, month0, part.day);
    case 'nth': return weekday === part.weekday && Math.ceil(day / 7) === part.nth;
    case 'lastOfMonth': return weekday === part.weekday && day + 7 > last;
  }
}

/** Does the expression run on this UTC date (month, year, day-of-month and day-of-week)? */
export function cronRunsOn(cron: CronExpression, date: Date): boolean {
  if (!cron.months.includes(date.getUTCMonth() + 1)) return false;
  if (cron.years && !cron.years.includes(date.getUTCFullYear())) return false;
  const dom = cron.dayOfMonth === undefined || cron.dayOfMonth.some((p) => dayPartMatches(p, date, false));
  const dow = cron.dayOfWeek === undefined || cron.dayOfWeek.some((p) => dayPartMatches(p, date, true));
  return dom && dow;
}

/** The times (epoch milliseconds, UTC) the expression runs at from `fromMs` (a UTC midnight) for `days` days, in order. */
export function cronOccurrences(cron: CronExpression, fromMs: number, days: number): number[] {
  const times: number[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = fromMs + d * DAY_MS;
    if (!cronRunsOn(cron, new Date(dayStart))) continue;
    for (const h of cron.hours) {
      for (const m of cron.minutes) times.push(dayStart + (h * 60 + m) * 60_000);
    }
  }
  return times;
}
