import { Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import {
  checkContinuous, checkDescription, checkLifecycle, checkMaxLength, checkRemovalPolicy, checkWhole, checkWholeRange, checkWindows,
  describeDuration, RULE_LIMITS,
} from '../../../src/private/limits';

describe('checkLifecycle', () => {
  test.each<[string, Duration | undefined, Duration | undefined, string | undefined]>([
    ['valid', Duration.days(365), Duration.days(30), undefined],
    ['cold 0 with deletion 90 days later', Duration.days(90), Duration.days(0), undefined],
    ['cold 0 counts: found by the property test (cfn-lint E3504, AWS "cannot be less than 90 days apart")', Duration.days(40), Duration.days(0),
      'rule R: deleteAfter (40 days) must be at least 90 days after moveToColdStorageAfter (0 days): recovery points stay in cold storage at least 90 days (AWS Backup counts an explicit 0 too: omit moveToColdStorageAfter for no cold storage)'],
    ['no cold storage', Duration.days(7), undefined, undefined],
    ['fractional days', Duration.hours(36), undefined, 'rule R: deleteAfter (36 hours) must be a whole number of days (AWS Backup lifecycles count whole days)'],
    ['fractional cold', undefined, Duration.minutes(90), 'rule R: moveToColdStorageAfter (90 minutes) must be a whole number of days'],
    ['zero days', Duration.days(0), undefined, 'rule R: deleteAfter (0 days) must be at least 1 day'],
    ['over 100 years', Duration.days(36_501), undefined, 'rule R: deleteAfter (36501 days) must be at most 36500 days (100 years, AWS Backup\'s maximum)'],
    ['cold too early', Duration.days(200), Duration.days(10), 'rule R: moveToColdStorageAfter (10 days) must be 0 or at least 30 days'],
    ['delete before cold + 90', Duration.days(100), Duration.days(30), 'rule R: deleteAfter (100 days) must be at least 90 days after moveToColdStorageAfter (30 days)'],
  ])('%s', (_name, deleteAfter, cold, message) => {
    const problem = checkLifecycle('rule R: ', deleteAfter, cold);
    if (message === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(message);
  });

  test('tokens are not checked', () => {
    expect(checkLifecycle('r: ', Duration.days(Lazy.number({ produce: () => 1 })), Duration.days(Lazy.number({ produce: () => 2 })))).toBeUndefined();
  });
});

describe('checkWindows: one default start window for plans and organization policies', () => {
  test('AWS Backup\'s default start window is 480 minutes', () => {
    expect(RULE_LIMITS.defaultStartWindowMinutes).toBe(480);
    expect(checkWindows('rule R: ', undefined, Duration.hours(2)))
      .toBe('rule R: completionWindow (120 minutes) must be at least 60 minutes longer than startWindow (480 minutes, the default)');
    expect(checkWindows('rule R: ', undefined, Duration.minutes(540))).toBeUndefined();
  });
  test.each<[Duration | undefined, Duration | undefined, string]>([
    [Duration.minutes(30), undefined, 'rule R: startWindow (30 minutes) must be at least 60 minutes'],
    [Duration.seconds(5430), undefined, 'rule R: startWindow (5430 seconds) must be a whole number of minutes'],
    [Duration.hours(2), Duration.hours(2), 'rule R: completionWindow (120 minutes) must be at least 60 minutes longer than startWindow (120 minutes)'],
    [Duration.days(36_501), undefined, 'rule R: startWindow (52561440 minutes) must be at most 52560000 minutes (100 years)'],
  ])('start %s, completion %s', (start, completion, message) => {
    expect(checkWindows('rule R: ', start, completion)).toBe(message);
  });
});

test('checkContinuous: 1 to 35 days and no cold storage', () => {
  expect(checkContinuous('rule C: ', Duration.days(35))).toBeUndefined();
  expect(checkContinuous('rule C: ', Duration.days(36))).toBe('rule C: deleteAfter (36 days) must be between 1 and 35 days on a continuous backup rule');
  expect(checkContinuous('rule C: ', Duration.days(7), Duration.days(1))).toContain('rule C: moveToColdStorageAfter (1 day) is not allowed on a continuous backup rule');
});

test('checkWhole and describeDuration', () => {
  expect(checkWhole('retention', Duration.hours(36), 'day')).toBe('retention (36 hours) must be a whole number of days');
  expect(checkWhole('retention', Duration.hours(48), 'day')).toBeUndefined();
  expect(describeDuration(Duration.minutes(90))).toBe('90 minutes');
  expect(describeDuration(Duration.hours(48))).toBe('2 days');
  expect(describeDuration(Duration.millis(1500))).toBe('1.5 seconds');
});

test('descriptions: at most N characters and not blank', () => {
  expect(checkDescription('description', 'x'.repeat(1025), 1024)).toBe('description (1025 characters) must be at most 1024 characters');
  expect(checkDescription('description', '', 1024)).toBe('description ("") must contain a non-blank character (omit it for no description)');
  expect(checkDescription('description', '  ', 1024)).toContain('must contain a non-blank character');
  expect(checkDescription('description', 'ok', 1024)).toBeUndefined();
  expect(checkMaxLength('description', 'x'.repeat(513), 512)).toBe('description (513 characters) must be at most 512 characters');
  expect(checkMaxLength('description', '', 512)).toBeUndefined();
});

test('removal policies: vaults and keys have no snapshot', () => {
  expect(checkRemovalPolicy('removalPolicy', RemovalPolicy.SNAPSHOT))
    .toBe('removalPolicy (RemovalPolicy.SNAPSHOT) is not supported by a backup vault or its KMS key (neither has a snapshot): use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY');
  expect(checkRemovalPolicy('removalPolicy', RemovalPolicy.RETAIN)).toBeUndefined();
  expect(checkRemovalPolicy('removalPolicy', RemovalPolicy.DESTROY)).toBeUndefined();
});

describe('checkWholeRange: the one whole-duration range check', () => {
  test('at least a minimum, with the rule\'s source', () => {
    expect(checkWholeRange('alarmPeriod', Duration.seconds(90), 'minute', 1, undefined, 'CloudWatch period'))
      .toBe('alarmPeriod (90 seconds) must be a whole number of minutes, at least 1 minute (CloudWatch period)');
    expect(checkWholeRange('expiration', Duration.hours(12), 'day', 1)).toBe('expiration (12 hours) must be a whole number of days, at least 1 day');
    expect(checkWholeRange('expiration', Duration.days(0), 'day', 1)).toBe('expiration (0 days) must be a whole number of days, at least 1 day');
    expect(checkWholeRange('expiration', Duration.days(3), 'day', 1)).toBeUndefined();
  });

  test('from a minimum to a maximum', () => {
    expect(checkWholeRange('startWindow', Duration.hours(169), 'hour', 1, 168)).toBe('startWindow (169 hours) must be a whole number of hours from 1 hour to 168 hours');
    expect(checkWholeRange('startWindow', Duration.minutes(90), 'hour', 1, 168)).toBe('startWindow (90 minutes) must be a whole number of hours from 1 hour to 168 hours');
    expect(checkWholeRange('startWindow', Duration.hours(168), 'hour', 1, 168)).toBeUndefined();
  });

  test('a token is not checked', () => {
    expect(checkWholeRange('startWindow', Duration.hours(Token.asNumber({ Ref: 'P' })), 'hour', 1, 168)).toBeUndefined();
  });
});
