import { Construct } from 'constructs';
import { checkResourceTypeShape } from '../private/limits';
import { validateOpenValues } from '../private/open-values';
import { assertValid } from '../private/validation';

/**
 * An AWS Backup resource type, as the plan features that name resource types take it (backup
 * indexes, malware scanning).
 *
 * The static members are the types these features document today; `BackupResourceType.of('…')`
 * names one AWS added after this release, checked for its shape only (the API's `ResourceType`
 * pattern) and noted in an info annotation: AWS accepts or rejects it at deploy time.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ScanSetting.html
 */
export class BackupResourceType {
  /** Amazon EBS volumes (indexing, malware scanning). */
  public static readonly EBS = new BackupResourceType('EBS', false);
  /** Amazon EC2 instances (malware scanning). */
  public static readonly EC2 = new BackupResourceType('EC2', false);
  /** Amazon S3 buckets (indexing, malware scanning). */
  public static readonly S3 = new BackupResourceType('S3', false);

  /** The resource types this library knows, in the order above. */
  public static known(): BackupResourceType[] {
    return [BackupResourceType.EBS, BackupResourceType.EC2, BackupResourceType.S3];
  }

  /**
   * A resource type by name, for one AWS added after this release. A name this library knows gives
   * its static member; any other is checked for its shape only (1 to 50 letters, digits, `-`, `_`,
   * `.` or inner spaces) when a construct uses it, and noted in an info annotation.
   *
   * @param name the resource type as AWS Backup spells it, e.g. `EFS`
   */
  public static of(name: string): BackupResourceType {
    return BackupResourceType.known().find((t) => t.value === name) ?? new BackupResourceType(name, true);
  }

  /**
   * Checks the resource types a construct was given: instances of this class, custom ones of the
   * right shape, none twice; the known ones pass `checkKnown` (the feature's own list, `allowed`,
   * which the messages name). Internal.
   *
   * @internal
   */
  public static _validateAll(
    scope: Construct, property: string, types: BackupResourceType[],
    allowed: readonly string[], checkKnown: (property: string, values: string[]) => string | undefined,
  ): string[] {
    validateOpenValues(scope, property, types, {
      className: 'BackupResourceType',
      isInstance: (v): v is BackupResourceType => v instanceof BackupResourceType,
      checkShape: checkResourceTypeShape,
      known: BackupResourceType.known().filter((t) => allowed.includes(t.value)),
    });
    const known = types.filter((t) => !t.custom).map((t) => t.value);
    if (known.length > 0) assertValid(scope, checkKnown(property, known));
    return types.map((t) => t.value);
  }

  /**
   * @param value the resource type as AWS Backup spells it
   * @param custom whether it was made with `of()` from a name this library does not know
   */
  private constructor(
    /** The resource type as AWS Backup spells it (e.g. `EBS`). */
    public readonly value: string,
    /** Whether the type was made with `of()` from a name this library does not know (checked for shape only). */
    public readonly custom: boolean,
  ) {}

  /** The resource type's name. */
  public toString(): string {
    return this.value;
  }
}
