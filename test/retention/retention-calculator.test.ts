import { Duration, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { EnvironmentTier, TierPresets } from '../../src/plan';
import { BackupFrequency, RetentionCalculator, StorageModel } from '../../src/retention';
import { testStack } from '../support/stack';

const at0500 = events.Schedule.cron({ minute: '0', hour: '5' });

// The tiers as DESIGN.md section 2 describes them.
const production = [
  new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: at0500, deleteAfter: Duration.days(35) }),
  new backup.BackupPlanRule({
    ruleName: 'Monthly',
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
    moveToColdStorageAfter: Duration.days(30),
    deleteAfter: Duration.days(365),
  }),
  new backup.BackupPlanRule({ ruleName: 'Continuous', scheduleExpression: at0500, enableContinuousBackup: true, deleteAfter: Duration.days(35) }),
];
const staging = [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: at0500, deleteAfter: Duration.days(14) })];
const development = [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: at0500, deleteAfter: Duration.days(7) })];

describe('generations per tier, against a hand computation', () => {
  test('PRODUCTION', () => {
    const [daily, monthly, continuous] = RetentionCalculator.forRules(production).generations;

    // Daily at 05:00 UTC, a point lives 35 days: at 05:00 on day N the points of days N-34..N
    // exist (day N-35's expires) = 35 points, none cold, the oldest 35 days old.
    expect(daily.scheduleExpression).toBe('cron(0 5 * * ? *)');
    expect(daily.scheduleDescription).toBe('daily at 05:00 UTC');
    expect(daily.frequency).toBe(BackupFrequency.DAILY);
    expect(daily.intervalHours).toBe(24);
    expect(daily.recoveryPoints).toBe(35);
    expect(daily.warmRecoveryPoints).toBe(35);
    expect(daily.coldRecoveryPoints).toBe(0);
    expect(daily.oldestRestorePoint?.toDays()).toBe(35);
    expect(daily.continuousBackup).toBe(false);
    expect(daily.pointInTimeRecoveryWindow).toBeUndefined();

    // Monthly on the 1st: 12 backups a year, 365.25 / 12 = 30.4375 days apart. Kept 365 days:
    // 365 / 30.4375 = 11.99 -> 12 points (the last 12 months). Cold after 30 days: only the
    // newest point is younger than 30 days (30 / 30.4375 = 0.99 -> 1 warm), 11 cold.
    expect(monthly.scheduleDescription).toBe('monthly on day 1 at 05:00 UTC');
    expect(monthly.frequency).toBe(BackupFrequency.MONTHLY);
    expect(monthly.intervalHours).toBe(730.5);
    expect(monthly.recoveryPoints).toBe(12);
    expect(monthly.warmRecoveryPoints).toBe(1);
    expect(monthly.coldRecoveryPoints).toBe(11);
    expect(monthly.oldestRestorePoint?.toDays()).toBe(365);

    // Continuous, 35 days: restore to any second of the last 35 days.
    expect(continuous.continuousBackup).toBe(true);
    expect(continuous.pointInTimeRecoveryWindow?.toDays()).toBe(35);
  });

  test('STAGING: daily kept 14 days = 14 points', () => {
    const [daily] = RetentionCalculator.forRules(staging).generations;
    expect([daily.recoveryPoints, daily.warmRecoveryPoints, daily.coldRecoveryPoints]).toEqual([14, 14, 0]);
    expect(daily.oldestRestorePoint?.toDays()).toBe(14);
  });

  test('DEVELOPMENT: daily kept 7 days = 7 points', () => {
    const [daily] = RetentionCalculator.forRules(development).generations;
    expect([daily.recoveryPoints, daily.warmRecoveryPoints, daily.coldRecoveryPoints]).toEqual([7, 7, 0]);
  });
});

describe('custom schedules', () => {
  test('hourly kept 2 days: 24 a day x 2 = 48 points', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      ruleName: 'Hourly', scheduleExpression: events.Schedule.cron({ minute: '0' }), deleteAfter: Duration.days(2),
    })]).generations;
    expect(g.scheduleExpression).toBe('cron(0 * * * ? *)');
    expect(g.frequency).toBe(BackupFrequency.HOURLY);
    expect(g.scheduleDescription).toBe('every 1 hour UTC');
    expect(g.intervalHours).toBe(1);
    expect(g.recoveryPoints).toBe(48);
  });

  test('every 6 hours (0/6) kept 7 days: 4 a day x 7 = 28 points', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: events.Schedule.expression('cron(0 0/6 ? * * *)'), deleteAfter: Duration.days(7),
    })]).generations;
    expect(g.ruleName).toBe('rule-1');
    expect(g.intervalHours).toBe(6);
    expect(g.scheduleDescription).toBe('every 6 hours UTC');
    expect(g.recoveryPoints).toBe(28);
  });

  test('weekly on Sunday kept 5 weeks: 5 points; cold after 30 days does not apply before 90+', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      ruleName: 'Weekly',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3', weekDay: 'SUN' }),
      deleteAfter: Duration.days(35),
    })]).generations;
    expect(g.frequency).toBe(BackupFrequency.WEEKLY);
    expect(g.scheduleDescription).toBe('weekly on SUN at 03:00 UTC');
    expect(g.intervalHours).toBe(168);
    expect(g.recoveryPoints).toBe(5);
  });

  test('weekly kept 180 days, cold after 30: 180/7 = 25.7 -> 26 points, 30/7 = 4.3 -> 5 warm, 21 cold', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: events.Schedule.expression('cron(0 3 ? * 1 *)'),
      moveToColdStorageAfter: Duration.days(30),
      deleteAfter: Duration.days(180),
    })]).generations;
    expect([g.recoveryPoints, g.warmRecoveryPoints, g.coldRecoveryPoints]).toEqual([26, 5, 21]);
  });

  test('weekdays MON-FRI: 5 a week, average 33.6 hours apart; 14 days -> 10 points', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: events.Schedule.expression('cron(30 22 ? * MON-FRI *)'), deleteAfter: Duration.days(14),
    })]).generations;
    expect(g.intervalHours).toBeCloseTo(33.6, 6);
    expect(g.recoveryPoints).toBe(10);
  });

  test('yearly (1 January) kept 7 years: 7 points', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: events.Schedule.expression('cron(0 5 1 1 ? *)'), deleteAfter: Duration.days(7 * 365),
    })]).generations;
    expect(g.frequency).toBe(BackupFrequency.YEARLY);
    expect(g.recoveryPoints).toBe(7);
  });

  test('every 12 hours as a list (5,17) kept 3 days: 6 points', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: events.Schedule.expression('cron(0 5,17 * * ? *)'), deleteAfter: Duration.days(3),
    })]).generations;
    expect(g.scheduleDescription).toBe('every 12 hours UTC');
    expect(g.recoveryPoints).toBe(6);
  });

  test('a timezone is named in the description', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: at0500, scheduleExpressionTimezone: TimeZone.EUROPE_PARIS, deleteAfter: Duration.days(7),
    })]).generations;
    expect(g.scheduleDescription).toBe('daily at 05:00 (Europe/Paris)');
  });

  test('no deleteAfter: kept forever, counts undefined', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({ scheduleExpression: at0500 })]).generations;
    expect(g.retention).toBeUndefined();
    expect(g.recoveryPoints).toBeUndefined();
    expect(RetentionCalculator.forRules([new backup.BackupPlanRule({ scheduleExpression: at0500 })]).toText()).toMatch(/forever/);
  });

  test('copy actions: the destination keeps its own generations', () => {
    const stack = testStack();
    const dr = backup.BackupVault.fromBackupVaultName(stack, 'Dr', 'dr-vault');
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      scheduleExpression: at0500,
      deleteAfter: Duration.days(35),
      copyActions: [{ destinationBackupVault: dr, moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(120) }],
    })]).generations;
    expect(g.copies).toEqual([expect.objectContaining({ destination: 'dr-vault', recoveryPoints: 120, warmRecoveryPoints: 30, coldRecoveryPoints: 90 })]);
  });
});

// The errors of the one cron parser (src/private/limits/cron.ts) name the field.
describe('unparseable schedules give a clear result', () => {
  test.each([
    ['cron(0 5 * * ? 2030)', /the year field '2030' limits the schedule/],
    ['cron(0 5 * *)', /must have 6 fields \(minutes hours day-of-month month day-of-week year\), not 4/],
    ['cron(0 25 * * ? *)', /hours value '25' is not from 0 to 23/],
    ['cron(0 5 1 * MON *)', /day-of-month and day-of-week cannot both be set/],
    ['cron(0 5 32 * ? *)', /day-of-month value '32' is not from 1 to 31/],
    ['cron(0 5 ? * 0 *)', /day-of-week value '0' is not from 1 to 7/],
  ])('%s', (expression, message) => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({
      ruleName: 'Odd', scheduleExpression: events.Schedule.expression(expression), deleteAfter: Duration.days(7),
    })]).generations;
    expect(g.frequency).toBe(BackupFrequency.UNKNOWN);
    expect(g.recoveryPoints).toBeUndefined();
    expect(g.error).toMatch(message);
    expect(g.error).toContain(expression);
  });

  // AWS runs a rule without a schedule daily at 05:00 UTC:
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
  test('no schedule expression: AWS Backup\'s default, daily at 05:00 UTC', () => {
    const [g] = RetentionCalculator.forRules([new backup.BackupPlanRule({ deleteAfter: Duration.days(7) })]).generations;
    expect(g.error).toBeUndefined();
    expect(g.scheduleExpression).toBe('cron(0 5 ? * * *)');
    expect(g.frequency).toBe(BackupFrequency.DAILY);
    expect(g.recoveryPoints).toBe(7);
    expect(RetentionCalculator.auditFrequency([new backup.BackupPlanRule({ deleteAfter: Duration.days(7) })]).toHours()).toBe(24);
  });

  test('minimumFrequency throws when nothing can be parsed', () => {
    const unreadable = new backup.BackupPlanRule({ deleteAfter: Duration.days(7), scheduleExpression: events.Schedule.expression('cron(0 5 * * ? 2030)') });
    expect(() => RetentionCalculator.minimumFrequency([unreadable]))
      .toThrow(/minimumFrequency: no rule has a schedule expression that can be parsed \(rules: 1\)/);
  });
});

describe('helpers for the audit controls', () => {
  test('minimumFrequency is the shortest interval', () => {
    expect(RetentionCalculator.minimumFrequency(production).toHours()).toBe(24);
    const hourly = new backup.BackupPlanRule({ scheduleExpression: events.Schedule.expression('cron(0 0/4 ? * * *)'), deleteAfter: Duration.days(1) });
    expect(RetentionCalculator.minimumFrequency([...production, hourly]).toHours()).toBe(4);
  });

  test('auditFrequency rounds the shortest interval up to what the audit control takes', () => {
    const rule = (expression: string) => new backup.BackupPlanRule({
      scheduleExpression: events.Schedule.expression(expression),
      deleteAfter: Duration.days(400),
    });
    // monthly: 730.5 hours = 30.44 days -> 31 days (minimumFrequency gives 43830 minutes)
    expect(RetentionCalculator.minimumFrequency([rule('cron(0 5 1 * ? *)')]).toMinutes()).toBe(43830);
    expect(RetentionCalculator.auditFrequency([rule('cron(0 5 1 * ? *)')]).toDays()).toBe(31);
    // days 1, 4, ... 31: 11 a month -> 365.25 / 132 = 2.77 days -> 3 days
    expect(RetentionCalculator.auditFrequency([rule('cron(0 5 */3 * ? *)')]).toDays()).toBe(3);
    // daily stays 1 day; every 4 hours stays 4 hours
    expect(RetentionCalculator.auditFrequency([rule('cron(0 5 * * ? *)')]).toDays()).toBe(1);
    expect(RetentionCalculator.auditFrequency([rule('cron(0 */4 * * ? *)')]).toHours()).toBe(4);
  });

  test('maximumRetention / minimumRetention', () => {
    expect(RetentionCalculator.maximumRetention(production).toDays()).toBe(365);
    expect(RetentionCalculator.minimumRetention(production).toDays()).toBe(35);
    expect(() => RetentionCalculator.maximumRetention([new backup.BackupPlanRule({ scheduleExpression: at0500 })]))
      .toThrow(/maximumRetention: every rule needs deleteAfter/);
    expect(() => RetentionCalculator.minimumRetention([new backup.BackupPlanRule({ scheduleExpression: at0500 })]))
      .toThrow(/minimumRetention: no rule has deleteAfter/);
  });
});

describe('storage estimate', () => {
  const prices = { warmPricePerGbMonth: 0.1, coldPricePerGbMonth: 0.01 };

  test('DEVELOPMENT, 100 GB, 5 %/day, incremental: 100 + 6 x 5 = 130 GB warm', () => {
    const e = RetentionCalculator.forRules(development).estimateMonthlyStorage({ resourceSizeGb: 100, ...prices });
    expect(e.warmGb).toBe(130);
    expect(e.coldGb).toBe(0);
    expect(e.monthlyCost).toBeCloseTo(13, 9);
  });

  test('a daily snapshot rule, a monthly rule and a separate continuous rule, 100 GB, 2 %/day, incremental (hand computation)', () => {
    const e = RetentionCalculator.forRules(production).estimateMonthlyStorage({ resourceSizeGb: 100, dailyChangeRate: 0.02, ...prices });
    // Daily: 100 full + 34 x (100 x 0.02 x 1 day) = 168 GB warm.
    expect(e.rules[0]).toEqual({ ruleName: 'Daily', warmGb: 168, coldGb: 0, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 16.8 });
    // Monthly: 1 warm full point (100 GB) + 11 cold full points (1,100 GB).
    expect(e.rules[1]).toEqual({ ruleName: 'Monthly', warmGb: 100, coldGb: 1100, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 21 });
    // Continuous 35 days: 100 base + 100 x 0.02 x 35 = 170 GB of change log.
    expect(e.rules[2]).toEqual({ ruleName: 'Continuous', warmGb: 170, coldGb: 0, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 17 });
    expect(e.warmGb).toBe(438);
    expect(e.coldGb).toBe(1100);
    expect(e.monthlyCost).toBeCloseTo(54.8, 9);
  });

  test("the README's example: the PRODUCTION tier's own rules, 100 GB, 2 %/day -> 270 GB warm + 1,100 GB cold", () => {
    // TierPresets' PRODUCTION: Daily IS the continuous rule (35 days), Monthly cold after 30, kept 365.
    const e = RetentionCalculator.forRules(TierPresets.rules(EnvironmentTier.PRODUCTION))
      .estimateMonthlyStorage({ resourceSizeGb: 100, dailyChangeRate: 0.02, ...prices });
    // Daily (continuous): ONE continuous recovery point = 100 GB base + 100 x 0.02 x 35 days of change = 170 GB.
    // (A resource type without continuous backup gets 35 daily snapshots instead: 100 + 34 x 2 = 168 GB,
    // never both: the 438 GB the README said added the two, and the continuous rule twice.)
    expect(e.rules[0]).toEqual({ ruleName: 'Daily', warmGb: 170, coldGb: 0, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 17 });
    // Monthly: 12 points (365 / 30.44 = 11.99 -> 12), 1 warm (30 / 30.44 -> 1) full 100 GB, 11 cold full = 1,100 GB.
    expect(e.rules[1]).toEqual({ ruleName: 'Monthly', warmGb: 100, coldGb: 1100, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 21 });
    expect(e.warmGb).toBe(270);
    expect(e.coldGb).toBe(1100);
  });

  test('FULL model, 3 resources: STAGING 14 x 50 GB x 3', () => {
    const e = RetentionCalculator.forRules(staging).estimateMonthlyStorage({
      resourceSizeGb: 50, storageModel: StorageModel.FULL, resourceCount: 3, ...prices,
    });
    expect(e.warmGb).toBe(2100);
    expect(e.monthlyCost).toBeCloseTo(210, 9);
  });

  test('unknown rules are skipped and named', () => {
    const e = RetentionCalculator.forRules([new backup.BackupPlanRule({ ruleName: 'Forever', scheduleExpression: at0500 })])
      .estimateMonthlyStorage({ resourceSizeGb: 10, ...prices });
    expect(e.skippedRules).toEqual(['Forever']);
    expect(e.monthlyCost).toBe(0);
  });

  test.each([
    [{ resourceSizeGb: -1 }, /resourceSizeGb \(-1\) must be 0 or more/],
    [{ resourceSizeGb: 1, dailyChangeRate: 2 }, /dailyChangeRate \(2\) must be between 0 and 1/],
    [{ resourceSizeGb: 1, warmPricePerGbMonth: -1 }, /warmPricePerGbMonth \(-1\) must be 0 or more/],
    [{ resourceSizeGb: 1, coldPricePerGbMonth: -1 }, /coldPricePerGbMonth \(-1\) must be 0 or more/],
    [{ resourceSizeGb: 1, resourceCount: 0 }, /resourceCount \(0\) must be a whole number, 1 or more/],
  ])('validation %#', (opts, message) => {
    expect(() => RetentionCalculator.forRules(staging).estimateMonthlyStorage({ ...prices, ...opts })).toThrow(message);
  });
});

test('toText renders the tier table', () => {
  const text = RetentionCalculator.forRules(production).toText();
  expect(text.split('\n')[0]).toMatch(/^rule\s+schedule\s+kept\s+points\s+warm\s+cold\s+oldest\s+PITR$/);
  expect(text).toMatch(/Daily\s+daily at 05:00 UTC\s+35d\s+35\s+35\s+0\s+35d\s+-/);
  expect(text).toMatch(/Monthly\s+monthly on day 1 at 05:00 UTC\s+365d\s+12\s+1\s+11\s+365d\s+-/);
  expect(text).toMatch(/Continuous\s+daily at 05:00 UTC\s+35d\s+35\s+35\s+0\s+35d\s+35d/);
});

describe('errors are the library\'s ValidationError', () => {
  test.each<[string, () => unknown, string]>([
    ['minimumRetention', () => RetentionCalculator.minimumRetention([new backup.BackupPlanRule({ ruleName: 'R' })]), 'minimumRetention: no rule has deleteAfter'],
    ['maximumRetention', () => RetentionCalculator.maximumRetention([]), 'maximumRetention: every rule needs deleteAfter'],
    ['minimumFrequency', () => RetentionCalculator.minimumFrequency([new backup.BackupPlanRule({ ruleName: 'R', scheduleExpression: events.Schedule.expression('cron(0 5 * * ? 2030)') })]), 'minimumFrequency: no rule has a schedule expression that can be parsed'],
  ])('%s', (_name, call, message) => {
    let error: Error | undefined;
    try {
      call();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toContain(message);
  });

  test('durations that are not whole hours do not throw aws-cdk-lib\'s conversion error', () => {
    const rule = new backup.BackupPlanRule({ ruleName: 'R', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), deleteAfter: Duration.minutes(90 * 24 * 60 + 30) });
    expect(RetentionCalculator.minimumRetention([rule]).toMinutes()).toBe(90 * 24 * 60 + 30);
    expect(RetentionCalculator.forRules([rule]).generations[0].recoveryPoints).toBe(91);
  });
});

test('a JavaScript caller without rules gets the library\'s ValidationError', () => {
  expect(() => RetentionCalculator.forRules(undefined as any)).toThrow('RetentionCalculator: rules (undefined) must be an array of backup.BackupPlanRule');
  expect(() => RetentionCalculator.minimumRetention([undefined as any])).toThrow('RetentionCalculator: rules (with a missing rule) must be an array of backup.BackupPlanRule');
});

describe('scan cost line', () => {
  const prices = { warmPricePerGbMonth: 0.1, coldPricePerGbMonth: 0.01 };

  test('DEVELOPMENT (daily), 100 GB, 5 %/day: incremental scans read 5 GB a day, 150 GB a month', () => {
    const e = RetentionCalculator.forRules(development).estimateMonthlyStorage({ resourceSizeGb: 100, ...prices, scanPricePerGb: 0.04 });
    expect(e.scanGbPerMonth).toBe(150);
    expect(e.scanMonthlyCost).toBeCloseTo(6, 9);
    // Storage 13 (see above) plus the scans.
    expect(e.monthlyCost).toBeCloseTo(19, 9);
  });

  test('full scans read the whole resource each backup: 30 x 100 GB', () => {
    const e = RetentionCalculator.forRules(development)
      .estimateMonthlyStorage({ resourceSizeGb: 100, ...prices, scanPricePerGb: 0.04, fullScans: true });
    expect(e.scanGbPerMonth).toBe(3000);
    expect(e.scanMonthlyCost).toBeCloseTo(120, 9);
  });

  test('without a scan price there is no scan line, and a negative price fails', () => {
    const e = RetentionCalculator.forRules(development).estimateMonthlyStorage({ resourceSizeGb: 100, ...prices });
    expect([e.scanGbPerMonth, e.scanMonthlyCost]).toEqual([0, 0]);
    expect(() => RetentionCalculator.forRules(development).estimateMonthlyStorage({ resourceSizeGb: 100, ...prices, scanPricePerGb: -1 }))
      .toThrow('estimateMonthlyStorage: scanPricePerGb (-1) must be 0 or more');
  });
});
