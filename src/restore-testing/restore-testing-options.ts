import { Duration, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import {
  RestoreTestingAlgorithm,
  RestoreTestingRecoveryPointType,
  RestoreTestingResource,
} from './restore-testing-types';
import { RestoreValidationOptions } from './restore-validation';

/**
 * What a restore testing plan restores and when: the `restoreTesting` option of `EnvironmentBackup`
 * (setting it turns restore testing on, `{}` for the defaults) and the base of
 * `RestoreTestingPlanProps`. Restores cost money (restore jobs, and the restored resources while
 * they are validated).
 */
export interface RestoreTestingOptions {
  /**
   * The plan's name: letters, digits and underscores, at most 50 characters. It cannot change after
   * creation.
   *
   * @default - a name derived from the construct path.
   */
  readonly restoreTestingPlanName?: string;

  /**
   * When restore tests run: a cron expression (six fields, one of day-of-month and day-of-week
   * `?`, at most one run an hour).
   *
   * @default - weekly, Sundays at 05:00 (`cron(0 5 ? * SUN *)`).
   */
  readonly schedule?: events.Schedule;

  /**
   * The time zone of the schedule: an IANA name such as `Europe/Paris`.
   *
   * @default - UTC.
   */
  readonly scheduleTimezone?: TimeZone;

  /**
   * How long after the scheduled time a restore job may start before it is cancelled (whole hours,
   * 1 to 168).
   *
   * @default Duration.hours(24)
   */
  readonly startWindow?: Duration;

  /**
   * The resource types to restore, each with its validation window. One restore job a type runs at
   * each scheduled time, on a resource carrying the selection tags.
   *
   * @default - RDS, Aurora, DynamoDB, EBS, EFS and S3, with AWS Backup's default validation window.
   */
  readonly resourceTypes?: RestoreTestingResource[];

  /**
   * Which recovery point is restored.
   *
   * @default RestoreTestingAlgorithm.LATEST_WITHIN_WINDOW
   */
  readonly algorithm?: RestoreTestingAlgorithm;

  /**
   * The kinds of recovery points that may be restored.
   *
   * @default - snapshots and continuous backups.
   */
  readonly recoveryPointTypes?: RestoreTestingRecoveryPointType[];

  /**
   * The lookback: only recovery points created within this many days are candidates (whole days,
   * 1 to 365).
   *
   * @default Duration.days(7)
   */
  readonly selectionWindow?: Duration;

  /**
   * Validate each restored resource when its restore job completes, report the result to AWS Backup
   * (`PutRestoreValidationResult`) and publish failures to a topic. `{}` turns on the default check
   * (the restored resource exists and is available).
   *
   * @default - no validation: a restore test proves the restore job succeeded, not that the data is usable.
   */
  readonly validation?: RestoreValidationOptions;
}
