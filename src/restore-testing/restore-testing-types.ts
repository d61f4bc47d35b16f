import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkResourceTypeShape } from '../private/limits';
import { validateOpenValues } from '../private/open-values';

/**
 * Resource types a restore testing selection can restore (`ProtectedResourceType`).
 *
 * The static members are the types AWS documents today; `RestoreTestingResourceType.of('…')` names
 * one AWS added after this release, checked for its shape only (the API's `ResourceType` pattern)
 * and noted in an info annotation: AWS accepts or rejects it at deploy time. The default restore
 * validation has no check for such a type: give a `validator` function.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
 */
export class RestoreTestingResourceType {
  /** Amazon Aurora. */
  public static readonly AURORA = new RestoreTestingResourceType('Aurora', false);
  /** Amazon DocumentDB. */
  public static readonly DOCUMENTDB = new RestoreTestingResourceType('DocumentDB', false);
  /** Amazon DynamoDB. */
  public static readonly DYNAMODB = new RestoreTestingResourceType('DynamoDB', false);
  /** Amazon EBS. */
  public static readonly EBS = new RestoreTestingResourceType('EBS', false);
  /** Amazon EC2 (restoring launches an instance). */
  public static readonly EC2 = new RestoreTestingResourceType('EC2', false);
  /** Amazon EFS. */
  public static readonly EFS = new RestoreTestingResourceType('EFS', false);
  /** Amazon FSx. */
  public static readonly FSX = new RestoreTestingResourceType('FSx', false);
  /** Amazon Neptune. */
  public static readonly NEPTUNE = new RestoreTestingResourceType('Neptune', false);
  /** Amazon RDS. */
  public static readonly RDS = new RestoreTestingResourceType('RDS', false);
  /** Amazon S3 (the role also gets AWSBackupServiceRolePolicyForS3Restore). */
  public static readonly S3 = new RestoreTestingResourceType('S3', false);

  /** The resource types this library knows, in the order above. */
  public static known(): RestoreTestingResourceType[] {
    return [
      RestoreTestingResourceType.AURORA,
      RestoreTestingResourceType.DOCUMENTDB,
      RestoreTestingResourceType.DYNAMODB,
      RestoreTestingResourceType.EBS,
      RestoreTestingResourceType.EC2,
      RestoreTestingResourceType.EFS,
      RestoreTestingResourceType.FSX,
      RestoreTestingResourceType.NEPTUNE,
      RestoreTestingResourceType.RDS,
      RestoreTestingResourceType.S3,
    ];
  }

  /**
   * A resource type by name, for one AWS added after this release. A name this library knows gives
   * its static member; any other is checked for its shape only (1 to 50 letters, digits, `-`, `_`,
   * `.` or inner spaces) when a construct uses it, and noted in an info annotation.
   *
   * @param name the resource type as AWS Backup spells it, e.g. `Redshift`
   */
  public static of(name: string): RestoreTestingResourceType {
    return RestoreTestingResourceType.known().find((t) => t.value === name) ?? new RestoreTestingResourceType(name, true);
  }

  /**
   * Checks one resource type a construct was given: an instance of this class, a custom one of the
   * right shape. Internal.
   *
   * @internal
   */
  public static _validate(scope: IConstruct, property: string, type: RestoreTestingResourceType): void {
    validateOpenValues(scope, property, [type], {
      className: 'RestoreTestingResourceType',
      isInstance: (v): v is RestoreTestingResourceType => v instanceof RestoreTestingResourceType,
      checkShape: checkResourceTypeShape,
      known: RestoreTestingResourceType.known(),
    });
  }

  /**
   * @param value the resource type as AWS Backup spells it
   * @param custom whether it was made with `of()` from a name this library does not know
   */
  private constructor(
    /** The resource type as AWS Backup spells it (e.g. `DynamoDB`). */
    public readonly value: string,
    /** Whether the type was made with `of()` from a name this library does not know (checked for shape only). */
    public readonly custom: boolean,
  ) {}

  /** The resource type's name. */
  public toString(): string {
    return this.value;
  }
}

/** How the recovery point to restore is chosen within the selection window. */
export enum RestoreTestingAlgorithm {
  /** The most recent recovery point within the window. */
  LATEST_WITHIN_WINDOW = 'LATEST_WITHIN_WINDOW',
  /** A random recovery point within the window. */
  RANDOM_WITHIN_WINDOW = 'RANDOM_WITHIN_WINDOW',
}

/** Kinds of recovery points a restore test may use. */
export enum RestoreTestingRecoveryPointType {
  /** Snapshot recovery points. */
  SNAPSHOT = 'SNAPSHOT',
  /** Continuous backups (point-in-time recovery). */
  CONTINUOUS = 'CONTINUOUS',
}

/**
 * One resource type to restore-test (one restore testing selection).
 */
export interface RestoreTestingResource {
  /** The resource type. */
  readonly resourceType: RestoreTestingResourceType;

  /**
   * How long the restored resource is kept for validation (whole hours, 0 to 168) before AWS Backup
   * deletes it, or until a validation result is posted, whichever comes first. A longer window
   * costs more (the restored resource runs meanwhile). AWS documents no default, so one is always
   * set: 7 hours outlast the validation's event delivery retries (6 hours) and its handler.
   *
   * @default Duration.hours(7)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
   */
  readonly validationWindow?: Duration;

  /**
   * Restore metadata that overrides what AWS Backup infers (e.g. a subnet or instance class).
   * Keys must not be empty.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
   * @default - the inferred metadata is used.
   */
  readonly restoreMetadataOverrides?: { [key: string]: string };
}
