import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RegionSettingsFunction } from './handler/region-settings-function';
import { shareCreationTrace } from '../private/creation-trace';
import { checkResourceTypeShape, MANAGEMENT_RESOURCE_TYPES, OPT_IN_RESOURCE_TYPES } from '../private/limits';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../private/nag';
import { claim, describePlace, placeOf } from '../private/singleton';
import { assertValid, validationError } from '../private/validation';
import { inform } from '../private/warnings';

/**
 * Properties of `BackupRegionSettings`.
 */
export interface BackupRegionSettingsProps {
  /**
   * Service opt-in: for each resource type named, whether AWS Backup protects resources of that type
   * in this region when a backup plan selects them by tag. Keys are AWS Backup resource type names:
   * `Aurora`, `CloudFormation`, `DocumentDB`, `DSQL`, `DynamoDB`, `EBS`, `EC2`, `EFS`, `EKS`, `FSx`,
   * `Neptune`, `RDS`, `Redshift`, `Redshift Serverless`, `S3`, `SAP HANA on Amazon EC2`,
   * `Storage Gateway`, `Timestream`, `VirtualMachine`. Types not named are left as they are.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html
   * @default - no opt-in preference is changed.
   */
  readonly resourceTypeOptIn?: { [resourceType: string]: boolean };

  /**
   * Full AWS Backup management: for `DynamoDB` (advanced DynamoDB backup) and `EFS`, whether AWS
   * Backup fully manages their backups (own encryption key, cold storage, cross-account copies).
   * Types not named are left as they are.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/whatisbackup.html#full-management
   * @default - no management preference is changed.
   */
  readonly resourceTypeManagementPreference?: { [resourceType: string]: boolean };

  /**
   * Accept resource type names this library does not know yet (AWS adds resource types over time):
   * such a name is checked for its shape only (1 to 50 letters, digits, `-`, `_`, `.` or inner
   * spaces) and noted in an info annotation. Leave off so that a misspelt name fails at synth
   * instead of at deploy.
   *
   * @default false
   */
  readonly allowUnknownResourceTypes?: boolean;

  /**
   * Whether deleting this resource (or its stack) puts back the values it changed, as they were
   * before its Create (only where nobody changed them since); with it, an update that stops naming
   * a resource type puts that one back too. Off by default: removing the construct, or a stack deletion,
   * leaves the settings as they are. Never restores when the Delete is part of a replacement (a new
   * construct id, a move in the construct tree: CloudFormation creates the new resource before it
   * deletes the old one), which the handler tells by the stack's other live resource of the same
   * type (`cloudformation:ListStackResources` on this stack, granted only with this option); the
   * new resource takes over the values the old one found, and puts those back when it is deleted.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-delete.html
   * @default false
   */
  readonly restoreOnDelete?: boolean;
}

/**
 * The region's AWS Backup settings (service opt-in per resource type and full AWS Backup management),
 * which CloudFormation has no resource for: a custom resource calls `UpdateRegionSettings`.
 *
 * Only the resource types named are changed, and only where their value differs. The settings stay
 * when the construct is removed or its stack deleted, unless `restoreOnDelete`: then each type this
 * construct changed is put back to the value it had before, unless someone changed it since (never
 * on a replacement).
 *
 * These settings belong to the account and region: at most one `BackupRegionSettings` per account
 * and region in an app (environment-agnostic stacks count as one account and region).
 *
 * @example
 * new BackupRegionSettings(this, 'RegionSettings', {
 *   resourceTypeOptIn: { RDS: true, Aurora: true, DynamoDB: true, EFS: true, S3: true },
 *   resourceTypeManagementPreference: { DynamoDB: true, EFS: true },
 * });
 */
export class BackupRegionSettings extends Construct {
  /** Resource type names accepted in `resourceTypeOptIn`. */
  public static readonly OPT_IN_RESOURCE_TYPES: string[] = [...OPT_IN_RESOURCE_TYPES];

  /** Resource type names accepted in `resourceTypeManagementPreference`. */
  public static readonly MANAGEMENT_RESOURCE_TYPES: string[] = [...MANAGEMENT_RESOURCE_TYPES];

  /** The Lambda function that applies the settings. */
  public readonly handler: lambda.IFunction;

  /** The custom resource (type `Custom::BackupRegionSettings`). */
  public readonly resource: CustomResource;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  public constructor(scope: Construct, id: string, props: BackupRegionSettingsProps = {}) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    this.guardOnePerAccountAndRegion();

    const optIn = props.resourceTypeOptIn ?? {};
    const management = props.resourceTypeManagementPreference ?? {};
    if (Object.keys(optIn).length === 0 && Object.keys(management).length === 0) {
      throw validationError(this,
        'resourceTypeOptIn and resourceTypeManagementPreference are both empty: name at least one resource type (there is nothing to set)');
    }
    const allowUnknown = props.allowUnknownResourceTypes ?? false;
    this.validateNames('resourceTypeOptIn', optIn, OPT_IN_RESOURCE_TYPES, allowUnknown);
    this.validateNames('resourceTypeManagementPreference', management, MANAGEMENT_RESOURCE_TYPES, allowUnknown);

    const handler = new RegionSettingsFunction(this, 'Handler', {
      description: 'Applies the AWS Backup region settings (service opt-in, full management) of this account and region',
      timeout: Duration.minutes(2),
    });
    this.handler = handler;
    acknowledgePinnedRuntime(handler);
    // Neither action supports resource-level permissions (Service Authorization Reference: no
    // resource type), so the resource is "*".
    const policy = new iam.Policy(this, 'HandlerPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'],
        resources: ['*'],
      })],
    });
    const restoreOnDelete = props.restoreOnDelete ?? false;
    if (restoreOnDelete) {
      // Tells a replacement from a removal at Delete (src/private/replacement.ts).
      policy.addStatements(new iam.PolicyStatement({
        sid: 'TellReplacementFromRemoval',
        actions: ['cloudformation:ListStackResources'],
        resources: [Stack.of(this).stackId],
      }));
    }
    handler.role!.attachInlinePolicy(policy);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.functionArn,
      resourceType: 'Custom::BackupRegionSettings',
      properties: {
        ResourceTypeOptInPreference: Object.keys(optIn).length > 0 ? optIn : undefined,
        ResourceTypeManagementPreference: Object.keys(management).length > 0 ? management : undefined,
        RestoreOnDelete: restoreOnDelete,
      },
    });
    // The policy must outlive the resource so that its Delete can read the stack and restore the settings.
    this.resource.node.addDependency(policy);

    // cdk-nag (AwsSolutions) findings, acknowledged with their reason.
    acknowledgeNagFindings(this, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The handler role uses the AWS managed basic execution policy for its own CloudWatch Logs only.',
      'AwsSolutions-IAM5[Resource::*]': 'backup:DescribeRegionSettings and backup:UpdateRegionSettings support no resource-level permissions.',
    });
  }

  /**
   * Known names pass; with allowUnknown, any other name of the shape AWS's resource type names have
   * passes too, noted in an info annotation (AWS accepts or rejects it at deploy time).
   */
  private validateNames(property: string, values: { [key: string]: boolean }, known: readonly string[], allowUnknown: boolean): void {
    const unknown: string[] = [];
    for (const key of Object.keys(values)) {
      if (Token.isUnresolved(key) || known.includes(key)) continue;
      if (!allowUnknown) {
        throw validationError(this,
          `${property} names an unknown resource type "${key}": expected one of ${known.join(', ')} ` +
          '(or set allowUnknownResourceTypes for a type newer than this library)');
      }
      assertValid(this, checkResourceTypeShape(property, key));
      unknown.push(key);
    }
    if (unknown.length > 0) {
      inform(this, `${property}: ${unknown.map((u) => `"${u}"`).join(', ')} not among the resource types this library knows ` +
        `(${known.join(', ')}), passed through allowUnknownResourceTypes: checked for shape only, AWS accepts or rejects them at deploy time`);
    }
  }

  private guardOnePerAccountAndRegion(): void {
    const place = placeOf(this);
    const other = claim(this, 'BackupRegionSettings', place);
    if (other) {
      throw validationError(this,
        `only one BackupRegionSettings may exist per account and region, but ${other.node.path} already manages ` +
        `${describePlace(place)}: the region settings are shared by the whole account and region, so two would overwrite ` +
        'each other (environment-agnostic stacks count as the same account and region)');
    }
  }
}
