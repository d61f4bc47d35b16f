import {
  cronDayFieldsProblem, cronFields, cronOccurrences, cronRunsOn, CronSyntaxError, expandCronField, parseCron, parseRate, tryParseCron,
} from '../../../src/private/limits';

// The one parser of AWS schedule expressions (src/private/limits/cron.ts), after EventBridge's
// "Cron expressions" and "Rate expressions":
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
// Dates below were computed by hand from the calendar (2027-01-01 is a Friday).

/** The UTC times of the expression's runs over `days` days from `from` (YYYY-MM-DD), as ISO strings. */
function runs(expression: string, from: string, days: number): string[] {
  return cronOccurrences(parseCron(expression), Date.parse(`${from}T00:00:00Z`), days).map((t) => new Date(t).toISOString().slice(0, 16));
}

describe('parse errors name the field', () => {
  test.each([
    ['cron(60 5 ? * * *)', 'minutes', "minutes value '60' is not from 0 to 59"],
    ['cron(0 24 ? * * *)', 'hours', "hours value '24' is not from 0 to 23"],
    ['cron(0 5 32 * ? *)', 'day-of-month', "day-of-month value '32' is not from 1 to 31"],
    ['cron(0 5 40W * ? *)', 'day-of-month', "day-of-month value '40' is not from 1 to 31"],
    ['cron(0 5 ? 13 * *)', 'month', "month value '13' is not from 1 to 12"],
    ['cron(0 5 ? JUNE * *)', 'month', "month value 'JUNE' is not from 1 to 12"],
    ['cron(0 5 ? * 8 *)', 'day-of-week', "day-of-week value '8' is not from 1 to 7"],
    ['cron(0 5 ? * MON#6 *)', 'day-of-week', "day-of-week part 'MON#6' is not a value, range, list or step"],
    ['cron(0 5 ? * * 2200)', 'year', "year value '2200' is not from 1970 to 2199"],
    ['cron(? 5 1 * ? *)', 'minutes', "'?' is allowed only in day-of-month or day-of-week, not in minutes"],
    ['cron(0 5-3 ? * * *)', 'hours', "hours range '5-3' is empty"],
    ['cron(0 5/0 ? * * *)', 'hours', "hours part '5/0' has a step of 0"],
    ['cron(0 5,,6 ? * * *)', 'hours', "hours part '' is not a value, range, list or step"],
    ['cron(0 5 * *)', undefined, 'must have 6 fields (minutes hours day-of-month month day-of-week year), not 4'],
  ])('%s: %s', (expression, field, message) => {
    let error: unknown;
    try {
      parseCron(expression);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CronSyntaxError);
    expect((error as CronSyntaxError).field).toBe(field);
    expect((error as CronSyntaxError).message).toBe(message);
  });

  test('not a cron expression', () => {
    expect(cronFields('rate(1 day)')).toBeUndefined();
    expect(() => parseCron('at(2030-01-01T00:00:00)')).toThrow('is not a cron(...) expression');
  });
});

describe('fields', () => {
  test.each([
    ['minutes', '0/15', [0, 15, 30, 45]],
    ['minutes', '*/20', [0, 20, 40]],
    ['hours', '8-17/3', [8, 11, 14, 17]],
    ['hours', '23,1,1', [1, 23]],
    ['month', 'JAN,jul', [1, 7]],
    ['month', 'NOV-DEC', [11, 12]],
    ['day-of-week', 'MON-FRI', [2, 3, 4, 5, 6]],
    ['year', '2030-2032', [2030, 2031, 2032]],
  ] as const)('%s %s', (field, text, values) => {
    expect(expandCronField(field, text)).toEqual(values);
  });

  test('exactly one of day-of-month and day-of-week is ?', () => {
    expect(cronDayFieldsProblem(['0', '5', '?', '*', '*', '*'])).toBeUndefined();
    expect(cronDayFieldsProblem(['0', '5', '1', '*', '?', '*'])).toBeUndefined();
    expect(cronDayFieldsProblem(['0', '5', '*', '*', '*', '*'])).toBe("must set exactly one of day-of-month ('*') and day-of-week ('*') to '?' (AWS cron syntax)");
    expect(cronDayFieldsProblem(['0', '5', '?', '*', '?', '*'])).toContain('must set exactly one of day-of-month');
  });

  test('rate expressions', () => {
    expect(parseRate('rate(12 hours)')).toEqual({ amount: 12, unit: 'hour', minutes: 720 });
    expect(parseRate(' rate(1 DAY) ')).toEqual({ amount: 1, unit: 'day', minutes: 1440 });
    expect(parseRate('rate(90 minutes)')?.minutes).toBe(90);
    expect(parseRate('rate(1 week)')).toBeUndefined();
    expect(parseRate('cron(0 5 ? * * *)')).toBeUndefined();
  });
});

describe('occurrences (UTC)', () => {
  test('weekdays at 05:00: Friday 1 January 2027, then Monday to Thursday', () => {
    expect(runs('cron(0 5 ? * MON-FRI *)', '2027-01-01', 7)).toEqual([
      '2027-01-01T05:00', '2027-01-04T05:00', '2027-01-05T05:00', '2027-01-06T05:00', '2027-01-07T05:00',
    ]);
  });

  test('every 6 hours, and minutes within hours', () => {
    expect(runs('cron(0 */6 * * ? *)', '2027-01-01', 1)).toEqual(['2027-01-01T00:00', '2027-01-01T06:00', '2027-01-01T12:00', '2027-01-01T18:00']);
    expect(runs('cron(15,45 1 * * ? *)', '2027-01-01', 1)).toEqual(['2027-01-01T01:15', '2027-01-01T01:45']);
  });

  test('L, L-n and LW: the last day, n days before it, the last weekday', () => {
    expect(runs('cron(0 5 L * ? *)', '2027-01-01', 59)).toEqual(['2027-01-31T05:00', '2027-02-28T05:00']);
    expect(runs('cron(0 5 L * ? *)', '2028-02-01', 29)).toEqual(['2028-02-29T05:00']); // a leap year
    expect(runs('cron(0 5 L-2 * ? *)', '2027-02-01', 28)).toEqual(['2027-02-26T05:00']);
    // 31 January 2027 is a Sunday: the last weekday is Friday the 29th.
    expect(runs('cron(0 5 LW * ? *)', '2027-01-01', 31)).toEqual(['2027-01-29T05:00']);
  });

  test('nW: the nearest weekday, never in another month', () => {
    // 15 May 2027 is a Saturday: Friday the 14th. 15 August 2027 is a Sunday: Monday the 16th.
    expect(runs('cron(0 5 15W * ? *)', '2027-05-01', 31)).toEqual(['2027-05-14T05:00']);
    expect(runs('cron(0 5 15W * ? *)', '2027-08-01', 31)).toEqual(['2027-08-16T05:00']);
    // 1 May 2027 is a Saturday: Monday the 3rd (not Friday 30 April).
    expect(runs('cron(0 5 1W * ? *)', '2027-04-25', 14)).toEqual(['2027-05-03T05:00']);
    // 31 October 2027 is a Sunday: Friday the 29th (not Monday 1 November).
    expect(runs('cron(0 5 31W * ? *)', '2027-10-25', 14)).toEqual(['2027-10-29T05:00']);
    // No 31st in November: no run.
    expect(runs('cron(0 5 31W * ? *)', '2027-11-01', 30)).toEqual([]);
  });

  test('n#k and nL: the k-th and the last weekday n of the month', () => {
    // 1 February 2027 is a Monday.
    expect(runs('cron(0 5 ? * MON#1 *)', '2027-02-01', 28)).toEqual(['2027-02-01T05:00']);
    expect(runs('cron(0 5 ? * 2#2 *)', '2027-02-01', 28)).toEqual(['2027-02-08T05:00']);
    expect(runs('cron(0 5 ? * 6L *)', '2027-02-01', 28)).toEqual(['2027-02-26T05:00']);
    // L alone in day-of-week: the last day of the week, Saturday (2 and 9 January 2027).
    expect(runs('cron(0 5 ? * L *)', '2027-01-01', 10)).toEqual(['2027-01-02T05:00', '2027-01-09T05:00']);
  });

  test('months and years', () => {
    expect(runs('cron(0 5 1 JAN,JUL ? *)', '2027-01-01', 365)).toEqual(['2027-01-01T05:00', '2027-07-01T05:00']);
    expect(runs('cron(0 5 1 1 ? 2028)', '2027-01-01', 731)).toEqual(['2028-01-01T05:00']);
    expect(cronRunsOn(parseCron('cron(0 5 1 1 ? 2028)'), new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});

test('tryParseCron: the expression, the error, or undefined for another kind of expression', () => {
  expect(tryParseCron('cron(0 5 ? * * *)')).toMatchObject({ minutes: [0], hours: [5] });
  expect(tryParseCron('cron(0 5 ? * 9 *)')).toMatchObject({ field: 'day-of-week', message: "day-of-week value '9' is not from 1 to 7" });
  expect(tryParseCron('rate(1 day)')).toBeUndefined();
});
