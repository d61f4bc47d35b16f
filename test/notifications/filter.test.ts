import { BackupJobState, BackupVaultEvent as ApiBackupVaultEvent, CopyJobState, IndexStatus, RestoreJobStatus } from '@aws-sdk/client-backup';
import { FAILURES_ONLY_POLICY } from './fixtures';
import { NotificationFilter } from '../../src/notifications';
import { testStack } from '../support/stack';

const scope = () => testStack();

describe('NotificationFilter', () => {
  test('failuresOnly(): State (with PARTIAL), IndexStatus FAILED, failure events, EKS events; no exists:false branch', () => {
    const policy = NotificationFilter.failuresOnly().render(scope());
    expect(policy).toEqual({
      $or: [
        { State: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] },
        { IndexStatus: ['FAILED'] },
        { EventType: ['CONTINUOUS_BACKUP_INTERRUPTED', 'RECOVERY_POINT_INDEXING_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED', 'COPY_JOB_FAILED'] },
        { eventType: ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'] },
      ],
    });
    // SNS never matches an empty attribute set, exists:false included: such a branch would be dead.
    expect(JSON.stringify(policy)).not.toContain('exists');
    // The value the handler tests subscribe with (they load no aws-cdk-lib).
    expect(policy).toEqual(FAILURES_ONLY_POLICY);
  });

  test('failuresOnly() keeps every failure-like value of the AWS SDK model and no success or start', () => {
    const policy = NotificationFilter.failuresOnly().render(scope())!;
    const states: string[] = policy.$or[0].State;
    const failing = (values: string[]) => values.filter((v) => /FAILED|EXPIRED|ABORTED$|PARTIAL/.test(v));
    for (const model of [BackupJobState, CopyJobState, RestoreJobStatus]) {
      const values = Object.values(model) as string[];
      expect(states).toEqual(expect.arrayContaining(failing(values)));
      for (const ok of ['COMPLETED', 'CREATED', 'RUNNING', 'PENDING']) expect(states).not.toContain(ok);
    }
    expect(policy.$or[1].IndexStatus).toEqual(failing(Object.values(IndexStatus)));
    const events = [...policy.$or[2].EventType, ...policy.$or[3].eventType];
    const modelFailures = (Object.values(ApiBackupVaultEvent) as string[])
      .filter((e) => /FAILED|INTERRUPTED/.test(e))
      // deprecated, never sent (a failed backup or restore arrives as *_COMPLETED with State FAILED)
      .filter((e) => !['BACKUP_JOB_FAILED', 'RESTORE_JOB_FAILED'].includes(e));
    expect([...events].sort()).toEqual(modelFailures.sort());
  });

  test('all() has no policy', () => {
    expect(NotificationFilter.all().render(scope())).toBeUndefined();
  });

  test('states(), eventTypes() and fromPolicy() render as given', () => {
    expect(NotificationFilter.states(['FAILED']).render(scope())).toEqual({ State: ['FAILED'] });
    expect(NotificationFilter.eventTypes(['COPY_JOB']).render(scope())).toEqual({ EventType: ['COPY_JOB'] });
    expect(NotificationFilter.fromPolicy({ State: [{ 'anything-but': 'COMPLETED' }] }).render(scope()))
      .toEqual({ State: [{ 'anything-but': 'COMPLETED' }] });
  });


  test('accepts exactly 5 keys and exactly 150 combinations', () => {
    expect(() => NotificationFilter.fromPolicy({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'] }).render(scope())).not.toThrow();
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(() => NotificationFilter.fromPolicy({ a: values(15), b: values(10) }).render(scope())).not.toThrow();
  });

  test('rejects more than 5 keys', () => {
    expect(() => NotificationFilter.fromPolicy({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }).render(scope()))
      .toThrow(/S: filter \(policy\) uses 6 distinct attribute names \(a, b, c, d, e, f\): SNS allows at most 5 keys/);
  });

  test('counts the distinct keys of the whole policy, across $or branches (conservative)', () => {
    // No branch has more than 4 keys, but the policy names 6.
    const policy = { a: ['1'], $or: [{ b: ['1'], c: ['1'], d: ['1'] }, { e: ['1'], f: ['1'] }] };
    expect(() => NotificationFilter.fromPolicy(policy).render(scope())).toThrow(/uses 6 distinct attribute names \(a, b, c, d, e, f\)/);
    expect(() => NotificationFilter.fromPolicy({ a: ['1'], $or: [{ b: ['1'], c: ['1'] }, { d: ['1'], e: ['1'] }] }).render(scope())).not.toThrow();
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
