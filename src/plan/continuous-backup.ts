import { Duration } from 'aws-cdk-lib';

/**
 * Continuous backup (point-in-time recovery) for the resource types that support it: Amazon RDS,
 * Aurora and Amazon S3. With it, AWS Backup manages RDS automated backups (they show as managed by
 * AWS Backup); resource types without continuous backup support get snapshots from the same rule.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
 */
export interface ContinuousBackupOptions {
  /**
   * Whether continuous backup is on.
   *
   * With a tier's rules, the tier's daily rule becomes the continuous rule. With custom `rules`, the
   * rule `TierPresets.continuousRule()` (named `Continuous`, daily at 05:00 UTC) is added, unless one
   * of your rules already enables continuous backup. Set `false` to turn it off, also in PRODUCTION
   * with custom rules.
   *
   * @default - the tier's default, with custom `rules` too: true for EnvironmentTier.PRODUCTION,
   * false otherwise
   */
  readonly enabled?: boolean;

  /**
   * How far back a point-in-time restore can go: 1 to 35 days. Continuous backups cannot move to
   * cold storage.
   *
   * Setting it while continuous backup is off fails synth.
   *
   * @default - the tier's daily retention (35 days for PRODUCTION), or 35 days with custom rules
   */
  readonly retention?: Duration;
}
