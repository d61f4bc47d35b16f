import { Duration } from 'aws-cdk-lib';

/**
 * The storage classes the plan's vault and rules use besides warm and cold storage, for
 * `RetentionCalculator.forRules`. `EnvironmentBackup.generations()` passes its own.
 */
export interface RetentionCalculatorOptions {
  /**
   * The rules with `moveToColdStorageAfter` opt in to the archive tier
   * (`Lifecycle.OptInToArchiveForSupportedResources`), as `EnvironmentBackup`'s `optInToArchive`
   * renders them: their cold points of EBS snapshots are archived.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
   */
  readonly optInToArchive?: boolean;

  /**
   * S3 backups in the plan's vault move to the low-cost warm tier this long after creation
   * (`AWS::Backup::TieringConfiguration` `TieringDownSettingsInDays`): 60 to 36,500 whole days.
   * Copies in other vaults are not tiered.
   *
   * @default - no low-cost warm tier
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ResourceSelection.html
   */
  readonly s3WarmTieringAfter?: Duration;
}
