import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { evaluationRangeProblem } from '../../../src/monitoring/private/alarm-limits';
import { heartbeatWindow, longestGapHours } from '../../../src/monitoring/private/heartbeat-window';

const rule = (expression: string, start?: number, completion?: number) => new backup.BackupPlanRule({
  ruleName: expression.replace(/[^a-zA-Z0-9]/g, '').slice(0, 40) || 'r',
  scheduleExpression: events.Schedule.expression(expression),
  startWindow: start === undefined ? undefined : Duration.hours(start),
  completionWindow: completion === undefined ? undefined : Duration.hours(completion),
});

describe('longestGapHours', () => {
  test.each([
    ['cron(0 5 * * ? *)', 24],
    ['cron(0 */6 * * ? *)', 6],
    ['cron(0 5 ? * MON-FRI *)', 72], // Friday 05:00 to Monday 05:00
    ['cron(0 5 ? * SUN *)', 168],
    ['cron(0 5 1 * ? *)', 31 * 24],
    ['cron(0 5 L * ? *)', 31 * 24],
    ['cron(0 5 ? * 2#1 *)', 35 * 24], // first Monday of a month: up to 5 weeks apart
    ['rate(12 hours)', 12],
    ['rate(1 day)', 24],
  ])('%s: %p hours', (expression, hours) => {
    expect(longestGapHours(expression)).toBe(hours);
  });

  test('unreadable expressions: undefined', () => {
    expect(longestGapHours('cron(0 5 * * ? 2027)')).toBeUndefined();
    expect(longestGapHours('at(2027-01-01T00:00:00)')).toBeUndefined();
  });
});

describe('heartbeatWindow', () => {
  test('daily with 1 h start and 8 h completion windows: 24 + 9 + 10% = 37 hours', () => {
    expect(heartbeatWindow([rule('cron(0 5 * * ? *)', 1, 8)]).hours).toBe(37);
  });

  test('the most frequent rule sets the gap; the largest windows set the completion', () => {
    const w = heartbeatWindow([rule('cron(0 5 * * ? *)', 1, 8), rule('cron(0 5 1 * ? *)', 1, 24)]);
    expect(w.hours).toBe(54); // 24 + 25 = 49, + 4.9 slack
    expect(w.explanation).toMatch(/runs at most 1 day apart/);
  });

  test('AWS defaults (8 h start, 7 days completion) are capped at CloudWatch\'s 7 days', () => {
    const w = heartbeatWindow([rule('cron(0 5 * * ? *)')]);
    expect(w.hours).toBe(168);
    expect(w.explanation).toMatch(/capped at CloudWatch's 7-day evaluation range/);
  });

  test('weekly or monthly only: no heartbeat, and why', () => {
    for (const expression of ['cron(0 5 ? * SUN *)', 'cron(0 5 1 * ? *)']) {
      const w = heartbeatWindow([rule(expression, 1, 8)]);
      expect(w.hours).toBeUndefined();
      expect(w.explanation).toMatch(/longer than CloudWatch's 7-day alarm evaluation range/);
    }
  });
});

describe('evaluationRangeProblem (CloudWatch PutMetricAlarm)', () => {
  test('7 days at periods of an hour or more, 1 day under an hour', () => {
    expect(evaluationRangeProblem(3600, 168)).toBeUndefined();
    expect(evaluationRangeProblem(3600, 169)).toMatch(/3600 s × 169 = 608400 s\) must be at most 604800 s \(7 days/);
    expect(evaluationRangeProblem(300, 288)).toBeUndefined();
    expect(evaluationRangeProblem(300, 289)).toMatch(/must be at most 86400 s \(1 day: CloudWatch's evaluation range for a period under 1 hour\)/);
    expect(evaluationRangeProblem(8 * 86400, 1)).toMatch(/must be at most 604800 s/);
  });
});

test('windows that are tokens count as the longest the alarm allows', () => {
  const { Lazy } = jest.requireActual('aws-cdk-lib');
  const r = new backup.BackupPlanRule({
    ruleName: 'R',
    scheduleExpression: events.Schedule.expression('cron(0 5 * * ? *)'),
    startWindow: Duration.hours(Lazy.number({ produce: () => 1 })),
    completionWindow: Duration.hours(2),
  });
  expect(heartbeatWindow([r]).hours).toBe(168);
});
