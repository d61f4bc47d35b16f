/**
 * The checks that synthesis remembers across environments (issue 18 item 6: synth overhead) give the
 * answers they gave before: per expression and rule name, per pattern, and a fresh policy each time.
 */
import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { NotificationFilter } from '../../src';
import { like } from '../../src/backup-coverage/private/match';
import { amountOf } from '../../src/private/limits/lifecycle';
import { ruleProblem } from '../../src/private/rule-validation';
import { parseScheduleExpression } from '../../src/retention/private/schedule';

function rule(ruleName: string, expression: string): backup.BackupPlanRule {
  return new backup.BackupPlanRule({ ruleName, scheduleExpression: events.Schedule.expression(expression), deleteAfter: Duration.days(7) });
}

describe('remembered checks', () => {
  test('a schedule problem names the rule it was found in, for every rule that has it', () => {
    expect(ruleProblem(rule('First', 'cron(60 5 ? * * *)'))).toMatch(/^rule First: scheduleExpression \(cron\(60 5 \? \* \* \*\)\) is not a valid cron expression/);
    expect(ruleProblem(rule('Second', 'cron(60 5 ? * * *)'))).toMatch(/^rule Second: scheduleExpression \(cron\(60 5 \? \* \* \*\)\) is not a valid cron expression/);
    expect(ruleProblem(rule('Third', 'cron(0 5 ? * * *)'))).toBeUndefined();
  });

  test('a parsed schedule is the same for the same expression and cannot be changed; a bad one fails every time', () => {
    const daily = parseScheduleExpression('cron(0 5 ? * * *)');
    expect(parseScheduleExpression('cron(0 5 ? * * *)')).toBe(daily);
    expect(Object.isFrozen(daily)).toBe(true);
    expect(daily).toMatchObject({ intervalHours: 24, frequency: 'DAILY' });
    expect(parseScheduleExpression('cron(0 5 1 * ? *)')).not.toBe(daily);
    expect(() => parseScheduleExpression('cron(0 5 * *)')).toThrow(/must have 6 fields \(minutes hours day-of-month month day-of-week year\), not 4/);
    expect(() => parseScheduleExpression('cron(0 5 * *)')).toThrow(/must have 6 fields \(minutes hours day-of-month month day-of-week year\), not 4/);
  });

  test('amountOf() answers each unit of the same duration, and a token every time', () => {
    const d = Duration.hours(36);
    expect(amountOf(d, 'day')).toBe(1.5);
    expect(amountOf(d, 'hour')).toBe(36);
    expect(amountOf(d, 'minute')).toBe(2160);
    expect(amountOf(d, 'second')).toBe(129600);
    expect(amountOf(d, 'day')).toBe(1.5);
    expect(amountOf(Duration.days(2), 'day')).toBe(2);
    const token = Duration.days(Lazy.number({ produce: () => 3 }));
    expect(amountOf(token, 'day')).toBeUndefined();
    expect(amountOf(token, 'hour')).toBeUndefined();
  });

  test('like() matches each pattern, compiled once, against any value', () => {
    expect(like('prod-db', 'prod-*')).toBe(true);
    expect(like('test-db', 'prod-*')).toBe(false);
    expect(like('prod.db', 'prod.db')).toBe(true);
    expect(like('prodXdb', 'prod.db')).toBe(false);
  });

  test('the default filter renders a fresh policy each time', () => {
    const stack = new Stack();
    const first = NotificationFilter.failuresOnly().render(stack)!;
    first.$or.push({ State: ['COMPLETED'] });
    const second = NotificationFilter.failuresOnly().render(stack)!;
    expect(second.$or).toHaveLength(4);
    expect(second.$or[0]).toEqual({ State: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] });
  });
});
