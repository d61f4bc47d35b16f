import { Duration, Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { VALIDATION_RETRY_WINDOW } from './private/validation-timing';
import { RestoreTestingOptions } from './restore-testing-options';
import {
  RestoreTestingAlgorithm,
  RestoreTestingRecoveryPointType,
  RestoreTestingResource,
  RestoreTestingResourceType,
} from './restore-testing-types';
import { RestoreValidation } from './restore-validation';
import { shareCreationTrace } from '../private/creation-trace';
import {
  checkBackupSchedule, checkBackupVaultArn, checkRestoreMetadataKey, checkRestoreTestingPlanName, checkTag, checkTagCondition, checkTimeZone,
  checkWholeRange, DurationUnit, MAX_RESTORE_TESTING_PLAN_NAME_LENGTH, RESTORE_TESTING_LIMITS,
} from '../private/limits';
import { acknowledgeNagFindings } from '../private/nag';
import { assertValid, isUnresolved, requireElements, requireProps, validationError } from '../private/validation';

/**
 * The validation window when none is given (AWS documents no default for ValidationWindowHours,
 * 0–168): the validation starts when the restore job completes (EventBridge delivers the event
 * within minutes), the rule retries a failed delivery for up to VALIDATION_RETRY_WINDOW (6 hours),
 * and the handler runs for up to 15 minutes; 1 more hour covers both. A posted validation result
 * deletes the restored resource at once, so a successful validation ends the cost early.
 */
const DEFAULT_VALIDATION_WINDOW_HOURS = VALIDATION_RETRY_WINDOW.toHours() + 1;

/**
 * Properties of `RestoreTestingPlan`.
 */
export interface RestoreTestingPlanProps extends RestoreTestingOptions {
  /** The vaults whose recovery points may be restored (at least one; backup vault ARNs). */
  readonly backupVaults: backup.IBackupVault[];

  /**
   * The tags a protected resource must carry (all of them, exact values) to be restore-tested:
   * usually the environment's selection tags.
   */
  readonly selectionTags: { [key: string]: string };

  /**
   * The role AWS Backup uses to restore.
   *
   * @default - a role for backup.amazonaws.com with the AWS managed policy
   * AWSBackupServiceRolePolicyForRestores (and AWSBackupServiceRolePolicyForS3Restore when S3 is tested).
   */
  readonly role?: iam.IRole;
}

const DEFAULT_RESOURCE_TYPES = [
  RestoreTestingResourceType.RDS,
  RestoreTestingResourceType.AURORA,
  RestoreTestingResourceType.DYNAMODB,
  RestoreTestingResourceType.EBS,
  RestoreTestingResourceType.EFS,
  RestoreTestingResourceType.S3,
];

/**
 * An AWS Backup restore testing plan with one selection a resource type: on a schedule, AWS Backup
 * restores the latest (or a random) recovery point of a resource carrying the selection tags, keeps
 * the restored resource for the validation window, then deletes it.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export class RestoreTestingPlan extends Construct {
  /** The plan's name. */
  public readonly restoreTestingPlanName: string;

  /** The plan's ARN. */
  public readonly restoreTestingPlanArn: string;

  /** The role AWS Backup restores with. */
  public readonly role: iam.IRole;

  /** The plan resource. */
  public readonly plan: backup.CfnRestoreTestingPlan;

  /** The selections, one a resource type. */
  public readonly selections: backup.CfnRestoreTestingSelection[] = [];

  /** The validation of restored resources, when `validation` is given. */
  public readonly validation?: RestoreValidation;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  public constructor(scope: Construct, id: string, props: RestoreTestingPlanProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['backupVaults', 'selectionTags']);
    requireElements(this, 'backupVaults', props.backupVaults);

    const name = props.restoreTestingPlanName ??
      Names.uniqueResourceName(this, { maxLength: MAX_RESTORE_TESTING_PLAN_NAME_LENGTH, separator: '_', allowedSpecialCharacters: '_' });
    assertValid(this, checkRestoreTestingPlanName('restoreTestingPlanName', name));
    if (props.backupVaults.length === 0) {
      throw validationError(this, 'backupVaults is empty: name at least one vault to restore from');
    }
    props.backupVaults.forEach((v, i) => assertValid(this, checkBackupVaultArn(`backupVaults[${i}]`, v.backupVaultArn)));
    this.validateSelectionTags(props.selectionTags);

    const schedule = props.schedule ?? events.Schedule.cron({ minute: '0', hour: '5', weekDay: 'SUN' });
    assertValid(this, checkBackupSchedule('schedule', schedule.expressionString));
    if (props.scheduleTimezone !== undefined) {
      assertValid(this, checkTimeZone('scheduleTimezone', props.scheduleTimezone.timezoneName));
    }
    const startWindow = props.startWindow ?? Duration.hours(24);
    const startHours = this.wholeUnits('startWindow', startWindow, 'hour', (d) => d.toHours({ integral: false }),
      RESTORE_TESTING_LIMITS.minStartWindowHours, RESTORE_TESTING_LIMITS.maxStartWindowHours);
    const selectionWindow = props.selectionWindow ?? Duration.days(7);
    const selectionDays = this.wholeUnits('selectionWindow', selectionWindow, 'day', (d) => d.toDays({ integral: false }),
      RESTORE_TESTING_LIMITS.minSelectionWindowDays, RESTORE_TESTING_LIMITS.maxSelectionWindowDays);

    const recoveryPointTypes = props.recoveryPointTypes ??
      [RestoreTestingRecoveryPointType.SNAPSHOT, RestoreTestingRecoveryPointType.CONTINUOUS];
    if (recoveryPointTypes.length === 0) {
      throw validationError(this, 'recoveryPointTypes is empty: name SNAPSHOT, CONTINUOUS or both');
    }
    if (new Set(recoveryPointTypes).size !== recoveryPointTypes.length) {
      throw validationError(this, `recoveryPointTypes (${recoveryPointTypes.join(', ')}) names a type twice`);
    }

    const resources: RestoreTestingResource[] = props.resourceTypes ??
      DEFAULT_RESOURCE_TYPES.map((resourceType) => ({ resourceType }));
    if (resources.length === 0) {
      throw validationError(this, 'resourceTypes is empty: name at least one resource type to restore-test');
    }
    requireElements(this, 'resourceTypes', resources);
    resources.forEach((r, i) => {
      requireProps(this, r, ['resourceType'], `resourceTypes[${i}]`);
      RestoreTestingResourceType._validate(this, `resourceTypes[${i}].resourceType`, r.resourceType);
      for (const [key, value] of Object.entries(r.restoreMetadataOverrides ?? {})) {
        assertValid(this, checkRestoreMetadataKey(`resourceTypes[${i}].restoreMetadataOverrides`, key));
        if (typeof value !== 'string') {
          throw validationError(this, `resourceTypes[${i}].restoreMetadataOverrides["${key}"] (${String(value)}) must be a string`);
        }
      }
    });
    const seen = new Set<string>();
    for (const r of resources) {
      if (seen.has(r.resourceType.value)) {
        throw validationError(this,
          `resourceTypes names ${r.resourceType} twice (a restore testing plan has one selection a resource type)`);
      }
      seen.add(r.resourceType.value);
    }

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Resource', {
      restoreTestingPlanName: name,
      scheduleExpression: schedule.expressionString,
      scheduleExpressionTimezone: props.scheduleTimezone?.timezoneName,
      startWindowHours: startHours,
      recoveryPointSelection: {
        algorithm: props.algorithm ?? RestoreTestingAlgorithm.LATEST_WITHIN_WINDOW,
        includeVaults: props.backupVaults.map((v) => v.backupVaultArn),
        recoveryPointTypes,
        selectionWindowDays: selectionDays,
      },
    });
    this.restoreTestingPlanName = this.plan.ref;
    this.restoreTestingPlanArn = this.plan.attrRestoreTestingPlanArn;

    this.role = props.role ?? this.createRole(resources);

    // Restore testing conditions name the tag as a condition key: aws:ResourceTag/<tag key>.
    const tagConditions = Object.entries(props.selectionTags).map(([key, value]) => ({ key: `aws:ResourceTag/${key}`, value }));
    for (const r of resources) {
      const hours = r.validationWindow === undefined
        ? DEFAULT_VALIDATION_WINDOW_HOURS
        : this.wholeUnits(`validationWindow of ${r.resourceType}`, r.validationWindow, 'hour',
          (d) => d.toHours({ integral: false }), RESTORE_TESTING_LIMITS.minValidationWindowHours, RESTORE_TESTING_LIMITS.maxValidationWindowHours);
      // Selection names hold letters, digits and underscores only, 50 at most (API_RestoreTestingSelectionForCreate):
      // a custom type's other characters become underscores.
      const typeName = r.resourceType.value.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 42);
      const selection = new backup.CfnRestoreTestingSelection(this, `Selection${typeName}`, {
        restoreTestingPlanName: this.plan.ref,
        restoreTestingSelectionName: `${typeName}_by_tags`,
        protectedResourceType: r.resourceType.value,
        protectedResourceArns: ['*'],
        protectedResourceConditions: { stringEquals: tagConditions },
        iamRoleArn: this.role.roleArn,
        validationWindowHours: hours,
        restoreMetadataOverrides: r.restoreMetadataOverrides,
      });
      this.selections.push(selection);
    }

    if (props.validation) {
      // AWS Backup deletes the restored resource at the end of its validation window, or as soon as a
      // validation result is posted (API_RestoreTestingSelectionForCreate): 0 hours leaves nothing to check.
      const none = resources.find((r) =>
        r.validationWindow !== undefined && !isUnresolved(r.validationWindow) && r.validationWindow.toHours({ integral: false }) === 0);
      if (none) {
        throw validationError(this,
          `validationWindow of ${none.resourceType} (0 hours) leaves no time for validation: AWS Backup deletes the restored resource at once; give at least 1 hour`);
      }
      this.validation = new RestoreValidation(this, 'Validation', {
        ...props.validation,
        restoreTestingPlanArn: this.restoreTestingPlanArn,
        resourceTypes: resources.map((r) => r.resourceType),
      });
    }
  }

  private createRole(resources: RestoreTestingResource[]): iam.IRole {
    const managedPolicies = [
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
    ];
    if (resources.some((r) => r.resourceType === RestoreTestingResourceType.S3)) {
      managedPolicies.push(iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Restore'));
    }
    const role = new iam.Role(this, 'RestoreRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'Role AWS Backup uses to run restore tests',
      managedPolicies,
    });
    // cdk-nag (AwsSolutions) findings, acknowledged with their reason.
    const reason = 'AWS\'s managed restore policy for AWS Backup: it follows the resource types AWS Backup can restore, which a hand-written policy would miss.';
    acknowledgeNagFindings(role, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]': reason,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]': reason,
    });
    return role;
  }

  private validateSelectionTags(tags: { [key: string]: string }): void {
    const entries = Object.entries(tags);
    if (entries.length === 0) {
      throw validationError(this,
        'selectionTags is empty: name at least one tag, otherwise every resource of each type would be restore-tested');
    }
    // One tag validator for the library (private/limits/tags): the environment's selection tags,
    // which this plan restores by, are the tags `protect()` writes on resources.
    for (const [key, value] of entries) {
      assertValid(this, checkTag('selectionTags', key, value) ?? checkTagCondition('selectionTags', key, value));
    }
  }

  private wholeUnits(
    property: string, value: Duration, unit: DurationUnit, convert: (d: Duration) => number, min: number, max: number,
  ): number | undefined {
    if (isUnresolved(value)) return undefined;
    assertValid(this, checkWholeRange(property, value, unit, min, max));
    return convert(value);
  }
}
