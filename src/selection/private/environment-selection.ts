import { Lazy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkBackupName, checkTagCondition, TAG_LIMITS } from '../../private/limits';
import { acknowledgeNagFindings } from '../../private/nag';
import { assertValid, requireElements, requireProps, validationError } from '../../private/validation';
import { TagCondition, TagOperator } from '../selection-options';

/** Properties of an `EnvironmentSelection`. */
export interface EnvironmentSelectionProps {
  /** The plan that the selection assigns resources to. */
  readonly plan: backup.IBackupPlan;
  /** The name prefix of the selections: 1 to 44 letters, digits, '-', '_' or '.'. */
  readonly selectionName: string;
  /** Tag conditions, combined with AND. Empty for no tag selection. */
  readonly conditions: TagCondition[];
  /**
   * Resource ARNs backed up whatever their tags.
   *
   * @default - none
   */
  readonly resources?: string[];
  /**
   * Resource ARNs never backed up.
   *
   * @default - none
   */
  readonly excludedResources?: string[];
  /**
   * Grant the role the permissions AWS Backup needs to restore too.
   *
   * @default false
   */
  readonly allowRestores?: boolean;
}

const MAX_CONDITIONS = TAG_LIMITS.maxConditionsPerSelection;

/**
 * The resource assignment of an environment: one selection by tag conditions (AND), one by resource
 * ARNs, both minus the excluded resources, with an IAM role for AWS Backup.
 */
export class EnvironmentSelection extends Construct {
  /** The role AWS Backup assumes to back up (and restore, if allowed) the selected resources. */
  public readonly role: iam.Role;

  private readonly plan: backup.IBackupPlan;
  private readonly selectionName: string;
  private readonly resourceArns: string[];
  private readonly excludedArns: string[];
  private byResources?: backup.CfnBackupSelection;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: EnvironmentSelectionProps) {
    super(scope, id);
    requireProps(this, props, ['plan', 'selectionName', 'conditions']);
    requireElements(this, 'conditions', props.conditions);
    const resources = props.resources ?? [];
    const excluded = props.excludedResources ?? [];
    this.plan = props.plan;
    this.selectionName = props.selectionName;
    this.resourceArns = [...resources];
    this.excludedArns = excluded;
    if (props.conditions.length === 0 && resources.length === 0) {
      throw validationError(this, 'selection has no tags, no conditions and no resources: it would back up nothing (or, to AWS Backup, everything)');
    }
    if (props.conditions.length > MAX_CONDITIONS) {
      throw validationError(this, `selection has ${props.conditions.length} tags and conditions: AWS Backup allows at most ${MAX_CONDITIONS} a selection`);
    }
    props.conditions.forEach((c, i) => {
      requireProps(this, c, ['key', 'value'], `selection.conditions[${i}]`);
      assertValid(this, checkTagCondition('selection tag', c.key, c.value));
    });
    for (const suffix of ['-tags', '-resources']) {
      assertValid(this, checkBackupName('selection name', `${props.selectionName}${suffix}`));
    }

    const managed = [
      'service-role/AWSBackupServiceRolePolicyForBackup',
      'AWSBackupServiceRolePolicyForS3Backup',
      ...props.allowRestores ? ['service-role/AWSBackupServiceRolePolicyForRestores', 'AWSBackupServiceRolePolicyForS3Restore'] : [],
    ];
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup role of selection ${props.selectionName}`,
      managedPolicies: managed.map((m) => iam.ManagedPolicy.fromAwsManagedPolicyName(m)),
    });
    acknowledgeNagFindings(this.role, Object.fromEntries(managed.map((m) => [
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${m}]`,
      "AWS Backup's own managed policy for this role: it follows the resource types AWS Backup supports as they change.",
    ])));

    if (props.conditions.length > 0) {
      new backup.CfnBackupSelection(this, 'ByTags', {
        backupPlanId: props.plan.backupPlanId,
        backupSelection: {
          selectionName: `${props.selectionName}-tags`,
          iamRoleArn: this.role.roleArn,
          // Resources AND Conditions: every supported resource whose tags match every condition.
          resources: ['*'],
          conditions: renderConditions(props.conditions),
          notResources: excluded.length > 0 ? excluded : undefined,
        },
      });
    }
    if (resources.length > 0) this.createResourceSelection();
  }

  /**
   * Adds a resource ARN to the selection by resources (created on first use), e.g. an imported
   * resource that tags cannot reach.
   */
  public addResource(arn: string): void {
    if (!this.resourceArns.includes(arn)) this.resourceArns.push(arn);
    this.createResourceSelection();
  }

  private createResourceSelection() {
    if (this.byResources) return;
    this.byResources = new backup.CfnBackupSelection(this, 'ByResources', {
      backupPlanId: this.plan.backupPlanId,
      backupSelection: {
        selectionName: `${this.selectionName}-resources`,
        iamRoleArn: this.role.roleArn,
        resources: Lazy.list({ produce: () => [...this.resourceArns] }),
        notResources: this.excludedArns.length > 0 ? this.excludedArns : undefined,
      },
    });
  }
}

function renderConditions(conditions: TagCondition[]): { [operator: string]: Array<{ ConditionKey: string; ConditionValue: string }> } {
  const out: { [operator: string]: Array<{ ConditionKey: string; ConditionValue: string }> } = {};
  for (const c of conditions) {
    const op = c.operator ?? TagOperator.STRING_EQUALS;
    (out[op] ??= []).push({ ConditionKey: `aws:ResourceTag/${c.key}`, ConditionValue: c.value });
  }
  return out;
}
