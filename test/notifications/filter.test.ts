import { App, Stack } from 'aws-cdk-lib';
import { NotificationFilter } from '../../src/notifications';

const scope = () => new Stack(new App(), 'S');

describe('NotificationFilter', () => {
  test('failuresOnly() is an $or of job states, failure events, EKS events and messages without attributes', () => {
    expect(NotificationFilter.failuresOnly().render(scope())).toEqual({
      $or: [
        { State: ['FAILED', 'EXPIRED', 'ABORTED'] },
        { EventType: ['CONTINUOUS_BACKUP_INTERRUPTED', 'RECOVERY_POINT_INDEXING_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'] },
        { eventType: ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'] },
        { EventType: [{ exists: false }], eventType: [{ exists: false }] },
      ],
    });
  });

  test('all() has no policy', () => {
    expect(NotificationFilter.all().render(scope())).toBeUndefined();
    expect(NotificationFilter.all().withAlarms().render(scope())).toBeUndefined();
  });

  test('states(), eventTypes() and fromPolicy() render as given', () => {
    expect(NotificationFilter.states(['FAILED']).render(scope())).toEqual({ State: ['FAILED'] });
    expect(NotificationFilter.eventTypes(['COPY_JOB']).render(scope())).toEqual({ EventType: ['COPY_JOB'] });
    expect(NotificationFilter.fromPolicy({ State: [{ 'anything-but': 'COMPLETED' }] }).render(scope()))
      .toEqual({ State: [{ 'anything-but': 'COMPLETED' }] });
  });

  test('withAlarms() adds the branch for messages without attributes', () => {
    expect(NotificationFilter.states(['FAILED']).withAlarms().render(scope())).toEqual({
      $or: [{ State: ['FAILED'] }, { EventType: [{ exists: false }], eventType: [{ exists: false }] }],
    });
  });

  test('accepts exactly 5 keys and exactly 150 combinations', () => {
    expect(() => NotificationFilter.fromPolicy({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'] }).render(scope())).not.toThrow();
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(() => NotificationFilter.fromPolicy({ a: values(15), b: values(10) }).render(scope())).not.toThrow();
  });

  test('rejects more than 5 keys', () => {
    expect(() => NotificationFilter.fromPolicy({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }).render(scope()))
      .toThrow(/S: filter \(policy\) has 6 keys \(a, b, c, d, e, f\) in one branch: SNS allows at most 5/);
  });

  test('counts keys of a branch together with the keys outside the $or', () => {
    const policy = { a: ['1'], b: ['1'], c: ['1'], $or: [{ d: ['1'], e: ['1'], f: ['1'] }, { g: ['1'] }] };
    expect(() => NotificationFilter.fromPolicy(policy).render(scope())).toThrow(/has 6 keys \(a, b, c, d, e, f\) in one branch/);
  });

  test('rejects more than 150 value combinations (product of value counts)', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(() => NotificationFilter.states(values(151)).render(scope()))
      .toThrow(/filter \(states\) has 151 value combinations: SNS allows at most 150/);
    expect(() => NotificationFilter.fromPolicy({ a: values(13), b: values(12) }).render(scope()))
      .toThrow(/has 156 value combinations/);
  });

  test('adds up the combinations of $or branches', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    // 100 + 51 = 151: each branch alone is fine.
    expect(() => NotificationFilter.fromPolicy({ $or: [{ a: values(100) }, { b: values(51) }] }).render(scope()))
      .toThrow(/has 151 value combinations: SNS allows at most 150 \(each branch multiplies its keys' value counts, \$or branches add up\)/);
    // 2 × (60 + 15) = 150 with a key outside the $or.
    expect(() => NotificationFilter.fromPolicy({ k: values(2), $or: [{ a: values(60) }, { b: values(15) }] }).render(scope())).not.toThrow();
  });

  test('rejects an empty value list', () => {
    expect(() => NotificationFilter.eventTypes([]).render(scope()))
      .toThrow(/filter \(eventTypes\) policy.EventType must be a non-empty array of values \(got \[\]\)/);
  });

  test('rejects a value that is not a list', () => {
    expect(() => NotificationFilter.fromPolicy({ State: 'FAILED' }).render(scope()))
      .toThrow(/policy.State must be a non-empty array of values \(got "FAILED"\)/);
  });

  test('rejects an empty string value', () => {
    expect(() => NotificationFilter.states(['']).render(scope()))
      .toThrow(/policy.State has an invalid value "": use strings, numbers or SNS operators/);
  });

  test('rejects an empty policy', () => {
    expect(() => NotificationFilter.fromPolicy({}).render(scope())).toThrow(/policy must have at least one key/);
  });

  test('rejects an $or with fewer than 2 alternatives', () => {
    expect(() => NotificationFilter.fromPolicy({ $or: [{ State: ['FAILED'] }] }).render(scope()))
      .toThrow(/policy.\$or must be an array of at least 2 alternatives/);
  });

  test('rejects an $or alternative that is not an object', () => {
    expect(() => NotificationFilter.fromPolicy({ $or: [{ State: ['FAILED'] }, ['x']] }).render(scope()))
      .toThrow(/policy.\$or\[1\] must be an object of attribute names to arrays of values/);
  });
});
