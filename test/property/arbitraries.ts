/**
 * fast-check arbitraries of type-correct but adversarial props: strings AWS rejects, durations in
 * odd units, invalid schedules and time zones, reserved or over-long tags, odd numbers.
 */
import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as fc from 'fast-check';

export const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** Strings AWS rejects in one place or another, and ordinary ones. */
export const adversarial = fc.constantFrom(
  '', ' ', 'a', 'prod', 'prod env', 'prod.env', 'prod_env', 'aws:x', 'AWS:y', 'a,b', 'a*b', 'é', '日本',
  'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(51), 'x'.repeat(129), 'x'.repeat(257), 'x'.repeat(513), 'x'.repeat(1100),
  '/lead', 'trail/', 'Mars/Olympus', '1abc', 'UPPER_CASE',
);
/** Mostly valid values, sometimes adversarial ones: so that both outcomes are exercised. */
export const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: invalid, weight: 1 });

export const name = mostly(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/)), adversarial);
export const text = mostly(fc.string({ maxLength: 40 }), adversarial);

/** Durations in odd units: fractions of a day, minutes, seconds, zero, 100 years and more. */
export const duration = fc.tuple(
  fc.constantFrom('days', 'hours', 'minutes', 'seconds'),
  fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom(0.5, 1.5, 36, 90, 168, 169, 744, 36_500, 36_501, 100_000)),
).map(([unit, n]) => (Duration as any)[unit](n) as Duration);
export const days = mostly(fc.integer({ min: 1, max: 800 }).map((n) => Duration.days(n)), duration);
export const hours = mostly(fc.integer({ min: 1, max: 100 }).map((n) => Duration.hours(n)), duration);

const cronFields = fc.tuple(
  fc.constantFrom('0', '15', '59', '60', '*', '*/10', '0/10', '0,30', '5-10', '0/60'),
  fc.constantFrom('5', '0', '23', '24', '*', '*/2', '1-3', '3-1'),
  fc.constantFrom('?', '*', '1', '15', 'L', '32', '15W'),
  fc.constantFrom('*', '1', 'JAN', '13', 'JAN-MAR'),
  fc.constantFrom('?', '*', 'MON', '2#1', '6L', '8', 'MON-FRI'),
  fc.constantFrom('*', '2030', '1969'),
).map((f) => `cron(${f.join(' ')})`);
const validCron = fc.tuple(fc.integer({ min: 0, max: 59 }), fc.constantFrom('5', '*', '*/6', '0,12'), fc.constantFrom(['?', '*'], ['?', 'MON-FRI'], ['1', '?'], ['L', '?']))
  .map(([m, h, [dom, dow]]) => `cron(${m} ${h} ${dom} * ${dow} *)`);
export const scheduleExpression = fc.oneof(
  { arbitrary: validCron, weight: 6 },
  { arbitrary: cronFields, weight: 2 },
  { arbitrary: fc.constantFrom('cron(0 5 ? * * *)', 'cron(0 5 * * *)', 'cron(0 5 1 * MON *)', 'rate(30 minutes)', 'rate(1 day)', 'cron()', 'cron(0 5 ? * * * *)'), weight: 1 },
);
export const schedule = scheduleExpression.map((e) => events.Schedule.expression(e));
export const timeZone = mostly(fc.constantFrom('UTC', 'Europe/Paris', 'US/Pacific', 'Asia/Tokyo'), fc.constantFrom('Mars/Olympus', '', 'europe/paris', '+01:00')).map((z) => TimeZone.of(z));

export const tagKey = mostly(fc.stringMatching(/^[a-z][a-z:-]{0,12}$/), adversarial);
export const tagValue = mostly(fc.stringMatching(/^[a-z0-9 -]{0,12}$/), adversarial);
export const tags = (maxKeys = 3, minKeys = 0) => fc.dictionary(tagKey, tagValue, { minKeys, maxKeys });

/** A retention range (min, max): mostly ordered, sometimes not. */
export const retentionRange = (minDays: number) => mostly(
  fc.tuple(fc.integer({ min: minDays, max: 400 }), fc.integer({ min: 1, max: 400 }))
    .map(([min, extra]) => ({ minRetention: Duration.days(min), maxRetention: Duration.days(min + extra) })),
  fc.record({ minRetention: days, maxRetention: days }),
);

export const vaultName = mostly(fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/), adversarial);
export const underscoreName = mostly(fc.stringMatching(/^[a-z][a-z0-9_]{1,20}$/), adversarial);
export const region = mostly(fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'), fc.constantFrom('Europe', 'eu-west', ''));

export const removalPolicy = mostly(fc.constantFrom(RemovalPolicy.RETAIN, RemovalPolicy.DESTROY), fc.constant(RemovalPolicy.SNAPSHOT));
export const accountId = mostly(fc.constantFrom('111122223333', '222233334444'), fc.constantFrom('12345', 'prod'));

/**
 * A rule as a user writes it. aws-cdk-lib's own BackupPlanRule constructor rejects some values
 * (rate expressions, continuous with cold storage): that is the user's call to aws-cdk-lib, not the
 * library's, so those rules are left out (undefined) rather than tested.
 */
export const rule = fc.record({
  ruleName: opt(name),
  scheduleExpression: mostly(schedule, fc.constant(undefined)),
  scheduleExpressionTimezone: opt(timeZone),
  startWindow: opt(hours),
  completionWindow: opt(mostly(fc.integer({ min: 9, max: 48 }).map((n) => Duration.hours(n)), duration)),
  deleteAfter: opt(days),
  moveToColdStorageAfter: opt(mostly(fc.constantFrom(0, 30, 60).map((n) => Duration.days(n)), days)),
  enableContinuousBackup: opt(mostly(fc.constant(false), fc.constant(true))),
  recoveryPointTags: opt(tags(2)),
}).map((props) => {
  try {
    return new backup.BackupPlanRule(props);
  } catch {
    return undefined;
  }
});
export const rules = (min: number, max: number) => fc.array(rule, { minLength: min, maxLength: max })
  .map((rs) => rs.filter((r): r is backup.BackupPlanRule => r !== undefined));

/** Rules of an organization policy: mostly without time zone (a policy has none), named uniquely. */
export const policyRules = fc.tuple(rules(1, 3), fc.boolean()).map(([rs, keepZone]) => rs.map((r, i) => new backup.BackupPlanRule({
  ...r.props,
  ruleName: r.props.ruleName === undefined ? undefined : `${r.props.ruleName}${i}`,
  scheduleExpressionTimezone: keepZone ? r.props.scheduleExpressionTimezone : undefined,
})));

export const tagCondition = fc.record({
  key: tagKey,
  value: tagValue,
  operator: opt(fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike') as fc.Arbitrary<any>),
});
