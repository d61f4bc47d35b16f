import { parseScheduleExpression } from '../../../src/retention/private/schedule';

test.each([
  ['rate(12 hours)', 12, 'HOURLY', 'every 12 hours'],
  ['rate(1 day)', 24, 'DAILY', 'every 1 day'],
  ['rate(7 days)', 168, 'WEEKLY', 'every 7 days'],
  ['rate(90 minutes)', 1.5, 'HOURLY', 'every 90 minutes'],
  ['cron(0 5 L * ? *)', 730.5, 'MONTHLY', 'monthly on day L at 05:00'],
  ['cron(0 5 ? * 2#1 *)', 730.5, 'MONTHLY', 'monthly on 2#1 at 05:00'],
  ['cron(0 5 1 1,7 ? *)', 4383, 'YEARLY', 'on day 1 of month 1,7 at 05:00'],
  ['cron(0 8-17 ? * * *)', 2.4, 'HOURLY', '10 times a day (hours 8-17, minute 0)'],
  // L-n (n days before the last day) is one day a month, as L is.
  ['cron(0 5 L-2 * ? *)', 730.5, 'MONTHLY', 'monthly on day L-2 at 05:00'],
  ['cron(0 5 1,15 * ? *)', 365.25, 'MONTHLY', 'monthly on day 1,15 at 05:00'],
])('%s', (expression, intervalHours, frequency, description) => {
  expect(parseScheduleExpression(expression)).toEqual({ intervalHours, frequency, description });
});

test.each([
  ['at(2030-01-01T00:00:00)', /expected 'cron\(...\)' or 'rate\(...\)'/],
  ['rate(0 hours)', /the rate must be positive/],
  ['cron(0 5/0 * * ? *)', /hours part '5\/0' has a step of 0/],
  ['cron(0 9-5 * * ? *)', /hours range '9-5' is empty/],
])('%s is rejected', (expression, message) => {
  expect(() => parseScheduleExpression(expression)).toThrow(message);
});
