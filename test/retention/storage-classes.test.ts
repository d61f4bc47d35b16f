/**
 * The archive tier (EBS with optInToArchive) and the S3 low-cost warm tier (s3WarmTiering) in
 * generations() and estimateMonthlyStorage, against hand computations.
 *
 * AWS behaviour encoded here:
 * - OptInToArchiveForSupportedResources moves the cold points of supported types to the archive
 *   tier: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html; EBS is the type
 *   with an archive tier for cold storage: https://docs.aws.amazon.com/aws-backup/latest/devguide/multi-volume-crash-consistent.html;
 *   archived EBS snapshots are full snapshots: https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive-considerations.html
 * - AWS Backup ignores the cold transition for types that cannot transition (API_Lifecycle), so an
 *   EBS rule without the opt-in keeps its points warm.
 * - The low-cost warm tier is for S3 only, 60 to 36,500 days after creation:
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
 * - Continuous backup is for Aurora, RDS, S3 and SAP HANA only:
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { EnvironmentBackup, EnvironmentTier, RetentionCalculator, StorageModel, TierPresets } from '../../src';
import { testStack } from '../support/stack';

// PRODUCTION: Daily is the continuous rule (35 days); Monthly (1st of the month) cold after 30, kept 365.
const production = () => TierPresets.rules(EnvironmentTier.PRODUCTION);
// Weekly on Sunday, kept 180 days: 180 / 7 = 25.7 -> 26 points, all warm.
const weekly = new backup.BackupPlanRule({
  ruleName: 'Weekly', scheduleExpression: events.Schedule.expression('cron(0 3 ? * 1 *)'), deleteAfter: Duration.days(180),
});
const prices = { warmPricePerGbMonth: 0.05, coldPricePerGbMonth: 0.01 };

function error(call: () => unknown): Error | undefined {
  try {
    call();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe('generations', () => {
  test('optInToArchive marks the rules with a cold storage transition, as EnvironmentBackup renders it', () => {
    const [daily, monthly] = RetentionCalculator.forRules(production(), { optInToArchive: true }).generations;
    expect([daily.ruleName, daily.optInToArchive]).toEqual(['Daily', false]);
    expect([monthly.ruleName, monthly.optInToArchive, monthly.coldRecoveryPoints]).toEqual(['Monthly', true, 11]);
    expect(RetentionCalculator.forRules(production()).generations.map(g => g.optInToArchive)).toEqual([false, false]);
  });

  test('S3 warm tiering after 60 days: weekly points 26, of which ceil(60 / 7) = 9 are younger, 17 low-cost', () => {
    const [g] = RetentionCalculator.forRules([weekly], { s3WarmTieringAfter: Duration.days(60) }).generations;
    expect([g.recoveryPoints, g.warmRecoveryPoints, g.lowCostWarmRecoveryPoints]).toEqual([26, 26, 17]);
    // Without tiering the count is undefined, not 0.
    expect(RetentionCalculator.forRules([weekly]).generations[0].lowCostWarmRecoveryPoints).toBeUndefined();
  });

  test('only warm points tier: Monthly has 1 warm point (30 / 30.44 -> 1), younger than 60 days -> 0 low-cost', () => {
    const [, monthly] = RetentionCalculator.forRules(production(), { s3WarmTieringAfter: Duration.days(60) }).generations;
    expect([monthly.warmRecoveryPoints, monthly.coldRecoveryPoints, monthly.lowCostWarmRecoveryPoints]).toEqual([1, 11, 0]);
  });

  test('toText names the archived and low-cost points', () => {
    const text = RetentionCalculator.forRules([...production(), weekly], { optInToArchive: true, s3WarmTieringAfter: Duration.days(60) }).toText();
    expect(text).toContain('Monthly: the 11 cold points of EBS snapshots are in the archive tier (optInToArchive)');
    expect(text).toContain('Weekly: 17 of the 26 warm points of S3 backups are in the low-cost warm tier (after 60d)');
  });

  test.each<[string, Duration, string]>([
    ['59 days', Duration.days(59), 's3WarmTieringAfter (59 days) must be a whole number of days from 60 to 36500'],
    ['36,501 days', Duration.days(36_501), 's3WarmTieringAfter (36501 days) must be a whole number of days from 60 to 36500'],
    ['1,500 hours', Duration.hours(1500), 's3WarmTieringAfter (62.5 days) must be a whole number of days'],
    ['a token', Duration.days(Token.asNumber({ Ref: 'Days' })), 's3WarmTieringAfter is a token'],
  ])('s3WarmTieringAfter of %s fails', (_name, after, message) => {
    const e = error(() => RetentionCalculator.forRules([weekly], { s3WarmTieringAfter: after }));
    expect(e?.name).toBe('ValidationError');
    expect(e?.message).toContain(`RetentionCalculator: ${message}`);
  });
});

describe('estimate: EBS and the archive tier', () => {
  const ebs = { resourceType: 'EBS', resourceSizeGb: 100, dailyChangeRate: 0.02, ...prices, archivePricePerGbMonth: 0.0125 };

  test('PRODUCTION, 100 GB, 2 %/day, opted in (hand computation)', () => {
    const e = RetentionCalculator.forRules(production(), { optInToArchive: true }).estimateMonthlyStorage(ebs);
    // Daily: EBS has no continuous backup, so the continuous rule gives 35 daily snapshots:
    // 100 full + 34 x (100 x 0.02 x 1 day) = 168 GB warm; 168 x 0.05 = 8.40.
    expect(e.rules[0]).toEqual({ ruleName: 'Daily', warmGb: 168, coldGb: 0, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 8.4 });
    // Monthly: 1 warm full point (100 GB) and 11 archived full snapshots (1,100 GB):
    // 100 x 0.05 + 1,100 x 0.0125 = 5 + 13.75 = 18.75.
    expect(e.rules[1]).toEqual({ ruleName: 'Monthly', warmGb: 100, coldGb: 0, archiveGb: 1100, lowCostWarmGb: 0, monthlyCost: 18.75 });
    expect([e.warmGb, e.coldGb, e.archiveGb, e.lowCostWarmGb]).toEqual([268, 0, 1100, 0]);
    expect(e.monthlyCost).toBeCloseTo(27.15, 9);
  });

  test('without the opt-in an EBS rule keeps its points warm: Monthly is a 12-point incremental chain', () => {
    const e = RetentionCalculator.forRules(production()).estimateMonthlyStorage({ ...ebs, archivePricePerGbMonth: undefined });
    // Monthly increment: 100 x 0.02 x 30.4375 days = 60.875 GB; 100 + 11 x 60.875 = 769.625 GB warm.
    expect(e.rules[1]).toEqual({ ruleName: 'Monthly', warmGb: 769.625, coldGb: 0, archiveGb: 0, lowCostWarmGb: 0, monthlyCost: 38.48125 });
    expect(e.warmGb).toBe(168 + 769.625);
  });

  test('another resource type ignores the opt-in: its cold points stay cold (EFS)', () => {
    const e = RetentionCalculator.forRules(production(), { optInToArchive: true })
      .estimateMonthlyStorage({ ...ebs, resourceType: 'EFS', archivePricePerGbMonth: undefined });
    // Daily: EFS has no continuous backup either: 168 GB warm. Monthly: 100 warm + 1,100 cold.
    expect([e.warmGb, e.coldGb, e.archiveGb]).toEqual([268, 1100, 0]);
    // 268 x 0.05 + 1,100 x 0.01 = 13.4 + 11 = 24.40
    expect(e.monthlyCost).toBeCloseTo(24.4, 9);
  });

  test('a type with continuous backup keeps the continuous point (RDS): 100 + 100 x 0.02 x 35 = 170 GB', () => {
    const e = RetentionCalculator.forRules(production()).estimateMonthlyStorage({ ...ebs, resourceType: 'RDS' });
    expect(e.rules[0].warmGb).toBe(170);
  });

  test('copies do not opt in: an EBS copy with a cold transition stays warm', () => {
    const stack = testStack();
    const dr = backup.BackupVault.fromBackupVaultName(stack, 'Dr', 'dr-vault');
    const rule = new backup.BackupPlanRule({
      ruleName: 'R',
      scheduleExpression: events.Schedule.expression('cron(0 5 * * ? *)'),
      moveToColdStorageAfter: Duration.days(30),
      deleteAfter: Duration.days(120),
      copyActions: [{ destinationBackupVault: dr, moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(120) }],
    });
    const e = RetentionCalculator.forRules([rule], { optInToArchive: true })
      .estimateMonthlyStorage({ resourceType: 'EBS', resourceSizeGb: 10, dailyChangeRate: 0.01, ...prices, archivePricePerGbMonth: 0.0125 });
    // 120 daily points, 30 warm, 90 cold; increment 10 x 0.01 = 0.1 GB.
    // Source: warm 10 + 29 x 0.1 = 12.9, archive 90 x 10 = 900. Copy: 120 warm, 10 + 119 x 0.1 = 21.9.
    // Cost: (12.9 + 21.9) x 0.05 + 900 x 0.0125 = 1.74 + 11.25 = 12.99.
    expect(e.rules[0]).toEqual({ ruleName: 'R', warmGb: 34.8, coldGb: 0, archiveGb: 900, lowCostWarmGb: 0, monthlyCost: 12.99 });
  });
});

describe('estimate: S3 and the low-cost warm tier', () => {
  const s3 = { resourceType: 'S3', resourceSizeGb: 100, dailyChangeRate: 0.02, ...prices, lowCostWarmPricePerGbMonth: 0.04 };

  test("the README's S3 example: weekly kept 180 days, tiered after 60 days, 100 GB, 2 %/day (hand computation)", () => {
    const e = RetentionCalculator.forRules([weekly], { s3WarmTieringAfter: Duration.days(60) }).estimateMonthlyStorage(s3);
    // Increment: 100 x 0.02 x 7 days = 14 GB. The 17 oldest points, the full backup and 16
    // increments, are low-cost: 100 + 16 x 14 = 324 GB; the 9 younger ones' increments warm:
    // 9 x 14 = 126 GB (together 100 + 25 x 14 = 450 GB, as without tiering).
    // Cost: 126 x 0.05 + 324 x 0.04 = 6.30 + 12.96 = 19.26.
    expect(e.rules[0]).toEqual({ ruleName: 'Weekly', warmGb: 126, coldGb: 0, archiveGb: 0, lowCostWarmGb: 324, monthlyCost: 19.26 });
    expect([e.warmGb, e.lowCostWarmGb]).toEqual([126, 324]);
  });

  test('the tier is S3 only: EFS keeps the 450 GB warm', () => {
    const e = RetentionCalculator.forRules([weekly], { s3WarmTieringAfter: Duration.days(60) })
      .estimateMonthlyStorage({ ...s3, resourceType: 'EFS', lowCostWarmPricePerGbMonth: undefined });
    expect([e.warmGb, e.lowCostWarmGb]).toEqual([450, 0]);
    expect(e.monthlyCost).toBeCloseTo(22.5, 9);
  });

  test('FULL model: 9 x 100 GB warm, 17 x 100 GB low-cost', () => {
    const e = RetentionCalculator.forRules([weekly], { s3WarmTieringAfter: Duration.days(60) })
      .estimateMonthlyStorage({ ...s3, storageModel: StorageModel.FULL });
    expect([e.warmGb, e.lowCostWarmGb]).toEqual([900, 1700]);
  });
});

describe('a class in use needs its price and the resource type', () => {
  test.each<[string, () => unknown, string]>([
    ['no resourceType with the archive tier',
      () => RetentionCalculator.forRules(production(), { optInToArchive: true }).estimateMonthlyStorage({ resourceSizeGb: 100, ...prices }),
      'estimateMonthlyStorage: resourceType is missing: rule Monthly keeps EBS snapshots in the archive tier (optInToArchive), and each tier applies to one resource type; pass the type of the resource estimated (EBS, S3, EFS...)'],
    ['no resourceType with both tiers',
      () => RetentionCalculator.forRules([...production(), weekly], { optInToArchive: true, s3WarmTieringAfter: Duration.days(60) })
        .estimateMonthlyStorage({ resourceSizeGb: 100, ...prices }),
      'resourceType is missing: rule Monthly keeps EBS snapshots in the archive tier (optInToArchive) and rule Weekly keeps S3 backups in the low-cost warm tier after 60 days (s3WarmTieringAfter)'],
    ['no archive price for EBS',
      () => RetentionCalculator.forRules(production(), { optInToArchive: true }).estimateMonthlyStorage({ resourceType: 'EBS', resourceSizeGb: 100, ...prices }),
      'estimateMonthlyStorage: archivePricePerGbMonth is missing: rule Monthly keeps EBS snapshots in the archive tier (optInToArchive); pass the archive price per GB-month of EBS snapshots in your region'],
    ['no low-cost warm price for S3',
      () => RetentionCalculator.forRules([weekly], { s3WarmTieringAfter: Duration.days(60) }).estimateMonthlyStorage({ resourceType: 'S3', resourceSizeGb: 100, ...prices }),
      'estimateMonthlyStorage: lowCostWarmPricePerGbMonth is missing: rule Weekly keeps S3 backups in the low-cost warm tier after 60 days (s3WarmTieringAfter); pass the low-cost warm price per GB-month of S3 backups in your region'],
    ['a negative archive price',
      () => RetentionCalculator.forRules(production()).estimateMonthlyStorage({ resourceSizeGb: 1, ...prices, archivePricePerGbMonth: -1 }),
      'estimateMonthlyStorage: archivePricePerGbMonth (-1) must be 0 or more'],
    ['a negative low-cost warm price',
      () => RetentionCalculator.forRules(production()).estimateMonthlyStorage({ resourceSizeGb: 1, ...prices, lowCostWarmPricePerGbMonth: -0.5 }),
      'estimateMonthlyStorage: lowCostWarmPricePerGbMonth (-0.5) must be 0 or more'],
    ['a resource type in the wrong case',
      () => RetentionCalculator.forRules(production()).estimateMonthlyStorage({ resourceType: 'ebs', resourceSizeGb: 1, ...prices }),
      'estimateMonthlyStorage: resourceType ("ebs") must be "EBS": AWS Backup resource types are case-sensitive'],
    ['an empty resource type',
      () => RetentionCalculator.forRules(production()).estimateMonthlyStorage({ resourceType: ' ', resourceSizeGb: 1, ...prices }),
      'estimateMonthlyStorage: resourceType (" ") must be an AWS Backup resource type such as EBS, S3 or EFS'],
  ])('%s', (_name, call, message) => {
    const e = error(call);
    expect(e?.name).toBe('ValidationError');
    expect(e?.message).toContain(message);
  });

  test('a class not in use needs no price: RDS with the archive opt-in and S3 tiering', () => {
    const e = RetentionCalculator.forRules([...production(), weekly], { optInToArchive: true, s3WarmTieringAfter: Duration.days(60) })
      .estimateMonthlyStorage({ resourceType: 'RDS', resourceSizeGb: 100, dailyChangeRate: 0.02, ...prices });
    // Daily continuous 170 + Monthly 100 warm / 1,100 cold + Weekly 450 warm.
    expect([e.warmGb, e.coldGb, e.archiveGb, e.lowCostWarmGb]).toEqual([720, 1100, 0, 0]);
  });

  test('a resource type AWS adds later is accepted as it is', () => {
    const e = RetentionCalculator.forRules([weekly]).estimateMonthlyStorage({ resourceType: 'NewService', resourceSizeGb: 100, dailyChangeRate: 0.02, ...prices });
    expect(e.warmGb).toBe(450);
  });
});

describe('EnvironmentBackup.generations() passes its storage classes', () => {
  test("the README's worked example: PRODUCTION with optInToArchive, 100 GB of EBS -> 268 GB warm + 1,100 GB archive, 27.15 a month", () => {
    const env = new EnvironmentBackup(testStack(), 'Production', {
      environmentName: 'production', tier: EnvironmentTier.PRODUCTION, optInToArchive: true,
    });
    const e = env.generations().estimateMonthlyStorage({
      resourceType: 'EBS',
      resourceSizeGb: 100,
      dailyChangeRate: 0.02,
      warmPricePerGbMonth: 0.05,
      coldPricePerGbMonth: 0.01,
      archivePricePerGbMonth: 0.0125,
    });
    // Daily: 100 + 34 x 2 = 168 GB warm, 8.40; Monthly: 100 GB warm + 11 x 100 GB archived, 5 + 13.75 = 18.75.
    expect(e.rules.map(r => [r.ruleName, r.warmGb, r.archiveGb, r.monthlyCost])).toEqual([['Daily', 168, 0, 8.4], ['Monthly', 100, 1100, 18.75]]);
    expect([e.warmGb, e.coldGb, e.archiveGb, e.lowCostWarmGb]).toEqual([268, 0, 1100, 0]);
    expect(e.monthlyCost).toBeCloseTo(27.15, 9);
  });

  test('optInToArchive and s3WarmTiering (default 60 days) reach the calculator', () => {
    const env = new EnvironmentBackup(testStack(), 'E', {
      environmentName: 'prod',
      rules: [...production(), weekly],
      optInToArchive: true,
      s3WarmTiering: {},
    });
    const [daily, monthly, week] = env.generations().generations;
    expect([daily.optInToArchive, monthly.optInToArchive, week.optInToArchive]).toEqual([false, true, false]);
    expect(week.lowCostWarmRecoveryPoints).toBe(17);
  });

  test('tierDownAfter of 90 days: ceil(90 / 7) = 13 younger weekly points, 13 low-cost', () => {
    const env = new EnvironmentBackup(testStack(), 'E', {
      environmentName: 'prod', rules: [weekly], s3WarmTiering: { tierDownAfter: Duration.days(90) },
    });
    expect(env.generations().generations[0].lowCostWarmRecoveryPoints).toBe(13);
  });

  test('without the options: no opt-in, no tier', () => {
    const env = new EnvironmentBackup(testStack(), 'E', { environmentName: 'prod', rules: [weekly] });
    const [g] = env.generations().generations;
    expect([g.optInToArchive, g.lowCostWarmRecoveryPoints]).toEqual([false, undefined]);
  });
});
