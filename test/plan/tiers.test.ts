/**
 * TierPresets is public API: the facts of the README's "Tiers" table, for users who build a plan of
 * their own from a tier (and for EnvironmentBackup and OrganizationBackup, which apply them).
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import { EnvironmentTier, TierPresets } from '../../src';

const days = (d: Duration) => d.toDays();

describe('TierPresets', () => {
  test.each([
    [EnvironmentTier.PRODUCTION, 35, true, true],
    [EnvironmentTier.STAGING, 14, false, false],
    [EnvironmentTier.DEVELOPMENT, 7, false, false],
  ])('%s: daily kept %d days, continuous backup %s, deletion denied %s (README "Tiers")', (tier, daily, continuous, blocks) => {
    expect(days(TierPresets.dailyRetention(tier))).toBe(daily);
    expect(TierPresets.continuousBackupByDefault(tier)).toBe(continuous);
    expect(TierPresets.blocksRecoveryPointDeletionByDefault(tier)).toBe(blocks);
  });

  test('rules(): Daily for every tier, Monthly (cold after 30 days, kept 365) for PRODUCTION only', () => {
    const prod = TierPresets.rules(EnvironmentTier.PRODUCTION).map((r) => r.props);
    expect(prod.map((r) => r.ruleName)).toEqual([TierPresets.DAILY_RULE_NAME, TierPresets.MONTHLY_RULE_NAME]);
    expect(prod[0].enableContinuousBackup).toBe(true);
    expect(prod[0].scheduleExpression?.expressionString).toBe('cron(0 5 * * ? *)');
    expect(days(prod[0].deleteAfter!)).toBe(35);
    expect(prod[1].scheduleExpression?.expressionString).toBe('cron(0 5 1 * ? *)');
    expect(days(prod[1].moveToColdStorageAfter!)).toBe(30);
    expect(days(prod[1].deleteAfter!)).toBe(365);
    const staging = TierPresets.rules(EnvironmentTier.STAGING).map((r) => r.props);
    expect(staging.map((r) => [r.ruleName, r.enableContinuousBackup, days(r.deleteAfter!)])).toEqual([['Daily', undefined, 14]]);
  });

  test('rules() options: continuous backup off, its retention, the time zone', () => {
    const [off] = TierPresets.rules(EnvironmentTier.PRODUCTION, { continuousBackup: false }).map((r) => r.props);
    expect(off.enableContinuousBackup).toBeUndefined();
    const options = { continuousBackup: true, continuousBackupRetention: Duration.days(3), timeZone: TimeZone.ASIA_TOKYO };
    const [on] = TierPresets.rules(EnvironmentTier.STAGING, options).map((r) => r.props);
    expect([on.enableContinuousBackup, days(on.deleteAfter!), on.scheduleExpressionTimezone?.timezoneName]).toEqual([true, 3, 'Asia/Tokyo']);
  });

  test('continuousRule(): Continuous, daily 05:00, 35 days unless given', () => {
    const rule = TierPresets.continuousRule().props;
    expect([rule.ruleName, rule.enableContinuousBackup, rule.scheduleExpression?.expressionString, days(rule.deleteAfter!)])
      .toEqual([TierPresets.CONTINUOUS_RULE_NAME, true, 'cron(0 5 * * ? *)', 35]);
    expect(days(TierPresets.continuousRule(Duration.days(10)).props.deleteAfter!)).toBe(10);
  });
});
