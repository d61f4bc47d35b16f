import { checkBackupSchedule, checkTimeZone } from '../../../src/private/limits';

describe('checkBackupSchedule (AWS cron, jobs at least 60 minutes apart)', () => {
  test.each([
    'cron(0 5 ? * * *)',
    'cron(0 5 * * ? *)',
    'cron(30 */2 ? * * *)',
    'cron(0 * ? * * *)',
    'cron(0 5 1 * ? *)',
    'cron(0 5 L * ? *)',
    'cron(0 5 15W * ? *)',
    'cron(0 5 ? * 2#1 *)',
    'cron(0 5 ? * 6L *)',
    'cron(0 5 ? * MON-FRI *)',
    'cron(0 5 1 JAN,JUL ? *)',
    'cron(0 5 ? * SUN 2030-2040)',
    'cron(0/60 5 ? * * *)',
  ])('%s is valid', (expression) => {
    expect(checkBackupSchedule('schedule', expression)).toBeUndefined();
  });

  test.each([
    ['cron(60 5 ? * * *)', "schedule (cron(60 5 ? * * *)) is not a valid cron expression: minutes value '60' is not from 0 to 59"],
    ['cron(0 24 ? * * *)', "schedule (cron(0 24 ? * * *)) is not a valid cron expression: hours value '24' is not from 0 to 23"],
    ['cron(0 5 * * *)', 'schedule (cron(0 5 * * *)) must have 6 fields (minutes hours day-of-month month day-of-week year), not 5'],
    ['cron(0 5 1 * MON *)', "schedule (cron(0 5 1 * MON *)) must set exactly one of day-of-month ('1') and day-of-week ('MON') to '?' (AWS cron syntax)"],
    ['cron(0 5 * * * *)', "schedule (cron(0 5 * * * *)) must set exactly one of day-of-month ('*') and day-of-week ('*') to '?' (AWS cron syntax)"],
    ['cron(0 5 ? * ? *)', "schedule (cron(0 5 ? * ? *)) must set exactly one of day-of-month ('?') and day-of-week ('?') to '?' (AWS cron syntax)"],
    ['cron(0/10 * ? * * *)', "schedule (cron(0/10 * ? * * *)) runs 6 jobs an hour (minutes '0/10'): jobs must be at least 60 minutes apart, so give one minute value, e.g. cron(0 * ? * * *) for hourly"],
    ['cron(*/10 * ? * * *)', "schedule (cron(*/10 * ? * * *)) runs 6 jobs an hour (minutes '*/10')"],
    ['cron(0,30 5 ? * * *)', "runs 2 jobs an hour (minutes '0,30')"],
    ['cron(0 5 ? 13 * *)', "month value '13' is not from 1 to 12"],
    ['cron(0 5 ? * 8 *)', "day-of-week value '8' is not from 1 to 7"],
    ['cron(0 5 32 * ? *)', "day-of-month value '32' is not from 1 to 31"],
    ['cron(0 5 ? * * 1969)', "year value '1969' is not from 1970 to 2199"],
    ['cron(? 5 1 * ? *)', "'?' is allowed only in day-of-month or day-of-week, not in minutes"],
    ['cron(0 5-3 ? * * *)', "hours range '5-3' is empty"],
    ['cron(0 5/0 ? * * *)', "hours part '5/0' has a step of 0"],
    ['cron(0 5 ? * FUNDAY *)', "day-of-week value 'FUNDAY' is not from 1 to 7"],
    ['rate(30 minutes)', 'schedule (rate(30 minutes)) must be a cron expression: AWS Backup schedules accept cron(...) only, and its jobs (every 30 minutes) must be at least 60 minutes apart'],
    ['rate(1 day)', 'schedule (rate(1 day)) must be a cron expression: AWS Backup schedules accept cron(...) only'],
    ['at(2030-01-01T00:00:00)', 'schedule (at(2030-01-01T00:00:00)) must be a cron expression such as cron(0 5 ? * * *)'],
    ['', 'schedule () must be a cron expression such as cron(0 5 ? * * *)'],
  ])('%s is rejected', (expression, message) => {
    expect(checkBackupSchedule('schedule', expression)).toContain(message);
  });
});

describe('checkTimeZone (IANA names; Node 18+ Intl time zone database)', () => {
  test.each(['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5', 'US/Pacific', 'Etc/UTC'])('%s is valid', (name) => {
    expect(checkTimeZone('scheduleExpressionTimezone', name)).toBeUndefined();
  });

  test.each([
    ['Mars/Olympus', 'scheduleExpressionTimezone ("Mars/Olympus") must be an IANA time zone name such as Europe/Paris or UTC: the time zone database does not know it'],
    ['', 'scheduleExpressionTimezone ("") must be an IANA time zone name such as Europe/Paris or UTC'],
    ['+01:00', 'scheduleExpressionTimezone ("+01:00") must be an IANA time zone name'],
    ['Europe/Paris ', 'scheduleExpressionTimezone ("Europe/Paris ") must be an IANA time zone name'],
    ['europe/paris', 'spelt as in the database: "Europe/Paris"'],
  ])('%j is rejected', (name, message) => {
    expect(checkTimeZone('scheduleExpressionTimezone', name)).toContain(message);
  });
});
