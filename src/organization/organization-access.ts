import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { OrganizationAccessFunction } from './handler/organization-access-function';
import { BACKUP_POLICY_TYPE, BACKUP_SERVICE_PRINCIPAL, STACKSETS_SERVICE_PRINCIPAL } from './handler/organization-access-logic';
import { validateAccountIds } from './private/organization-ids';
import { shareCreationTrace } from '../private/creation-trace';
import { ROOT_ID_PATTERN } from '../private/limits';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../private/nag';
import { isUnresolved, validationError } from '../private/validation';

/** Properties of `OrganizationAccess`. */
export interface OrganizationAccessProps {
  /**
   * Whether trusted access for AWS Backup is switched on (Organizations `EnableAWSServiceAccess`
   * for `backup.amazonaws.com`): backup policies and cross-account features need it.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-backup.html
   * @default true
   */
  readonly backupTrustedAccess?: boolean;

  /**
   * Whether trusted access for CloudFormation StackSets is switched on (CloudFormation
   * `ActivateOrganizationsAccess`, as AWS recommends over calling Organizations directly):
   * service-managed StackSets need it.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
   * @default true
   */
  readonly stackSetsTrustedAccess?: boolean;

  /**
   * Whether the `BACKUP_POLICY` policy type is enabled on the root (Organizations
   * `EnablePolicyType`): backup policies cannot be attached without it.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
   * @default true
   */
  readonly backupPolicyType?: boolean;

  /**
   * The organization's root (`r-…`) to enable the policy type on.
   *
   * @default - the organization's root, read with `ListRoots` at deploy time.
   */
  readonly rootId?: string;

  /**
   * An account (12 digits) to register as AWS Backup's delegated administrator (Organizations
   * `RegisterDelegatedAdministrator` for `backup.amazonaws.com`). AWS Backup also needs its global
   * setting `isDelegatedAdministratorEnabled` (`BackupGlobalSettings.delegatedAdministrator`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/manage-cross-account.html#backup-delegatedadmin
   * @default - no delegated administrator is registered.
   */
  readonly backupDelegatedAdministratorAccountId?: string;

  /**
   * Whether deleting the resource (or its stack) undoes what its Create switched on: deregisters
   * the delegated administrator, disables the policy type (which detaches every backup policy of
   * the organization) and switches trusted access off. Off by default, because switching them off
   * stops AWS Backup in every account of the organization. What was already on before, or was
   * switched on by a later update, is never undone. A replacement (a new construct id or path in
   * the same stack) is not a deletion: the new resource takes over what the old one switched on
   * and nothing is switched off until it is itself deleted; the handler reads the stack's
   * resources for that (`cloudformation:ListStackResources` on this stack, granted only with this
   * option). Moving it to another stack is a deletion of the old one.
   *
   * @default false
   */
  readonly restoreOnDelete?: boolean;
}

/**
 * The organization-level prerequisites of AWS Backup across accounts, made true at deploy time:
 * trusted access for AWS Backup and for CloudFormation StackSets, the `BACKUP_POLICY` policy type on
 * the root, and optionally AWS Backup's delegated administrator. A custom resource reads each one
 * and switches on only what is off; answers that say it is already so count as success.
 *
 * Deploy it in the organization's management account (AWS refuses these calls elsewhere: the
 * stack fails with AWS's reason). On deletion nothing is switched off unless `restoreOnDelete`.
 * One per account: a second one in the app fails at synth.
 *
 * Enabling all features of the organization and bootstrapping the management account remain
 * manual steps.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 */
export class OrganizationAccess extends Construct {
  /** The Lambda function that switches the prerequisites on. */
  public readonly handler: lambda.IFunction;
  /** The custom resource (type `Custom::OrganizationAccess`). */
  public readonly resource: CustomResource;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: OrganizationAccessProps = {}) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const other = this.node.root.node.findAll().find((c: IConstruct) => c !== this && c instanceof OrganizationAccess
      && Stack.of(c).account === Stack.of(this).account);
    if (other) {
      throw validationError(this, `only one OrganizationAccess may exist per account, but ${other.node.path} already manages it: two would undo each other's work`);
    }
    if (props.rootId !== undefined && !isUnresolved(props.rootId) && !ROOT_ID_PATTERN.test(props.rootId)) {
      throw validationError(this, `rootId ('${props.rootId}') must be 'r-' followed by 4 to 32 lowercase letters or digits (Organizations root id)`);
    }
    const admin = props.backupDelegatedAdministratorAccountId;
    if (admin !== undefined) validateAccountIds(this, 'backupDelegatedAdministratorAccountId', [admin]);
    if (admin !== undefined && !isUnresolved(Stack.of(this).account) && admin === Stack.of(this).account) {
      throw validationError(this, `backupDelegatedAdministratorAccountId ('${admin}') is this stack's account, the management account: AWS allows only a member account as delegated administrator`);
    }
    const backupTrustedAccess = props.backupTrustedAccess ?? true;
    const stackSetsTrustedAccess = props.stackSetsTrustedAccess ?? true;
    const backupPolicyType = props.backupPolicyType ?? true;
    if (!backupTrustedAccess && !stackSetsTrustedAccess && !backupPolicyType && admin === undefined) {
      throw validationError(this, 'backupTrustedAccess, stackSetsTrustedAccess and backupPolicyType are false and backupDelegatedAdministratorAccountId is undefined: there is nothing to switch on');
    }
    if (admin !== undefined && !backupTrustedAccess) {
      throw validationError(this, `backupDelegatedAdministratorAccountId ('${admin}') needs backupTrustedAccess, which is false: Organizations registers a delegated administrator only for a service with trusted access`);
    }
    const restore = props.restoreOnDelete ?? false;

    const handler = new OrganizationAccessFunction(this, 'Handler', {
      description: 'Switches on the organization prerequisites of AWS Backup (trusted access, backup policy type, delegated administrator)',
      // Room to wait for EnablePolicyType, which is asynchronous (PENDING_ENABLE until done).
      timeout: Duration.minutes(5),
    });
    this.handler = handler;
    acknowledgePinnedRuntime(handler);

    const statements: iam.PolicyStatement[] = [
      // List and Describe actions support no resource-level permissions (Service Authorization Reference).
      new iam.PolicyStatement({
        actions: [
          'organizations:ListAWSServiceAccessForOrganization', 'organizations:ListRoots', 'organizations:ListDelegatedAdministrators',
          'organizations:DescribeOrganization', 'cloudformation:DescribeOrganizationsAccess',
        ],
        resources: ['*'],
      }),
    ];
    const principals = [
      ...(backupTrustedAccess ? [BACKUP_SERVICE_PRINCIPAL] : []),
      // ActivateOrganizationsAccess enables StackSets' principal in Organizations on the caller's behalf.
      ...(stackSetsTrustedAccess ? [STACKSETS_SERVICE_PRINCIPAL] : []),
    ];
    if (principals.length > 0) {
      statements.push(new iam.PolicyStatement({
        actions: ['organizations:EnableAWSServiceAccess', ...(restore ? ['organizations:DisableAWSServiceAccess'] : [])],
        resources: ['*'],
        conditions: { StringEquals: { 'organizations:ServicePrincipal': principals } },
      }));
    }
    if (stackSetsTrustedAccess) {
      statements.push(new iam.PolicyStatement({
        actions: ['cloudformation:ActivateOrganizationsAccess', ...(restore ? ['cloudformation:DeactivateOrganizationsAccess'] : [])],
        resources: ['*'],
      }));
      // Activation creates StackSets' service-linked role in the management account.
      statements.push(new iam.PolicyStatement({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [Stack.of(this).formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: 'aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin',
        })],
      }));
    }
    if (backupPolicyType) {
      statements.push(new iam.PolicyStatement({
        actions: ['organizations:EnablePolicyType', ...(restore ? ['organizations:DisablePolicyType'] : [])],
        resources: ['*'],
        conditions: { StringEquals: { 'organizations:PolicyType': BACKUP_POLICY_TYPE } },
      }));
    }
    if (admin !== undefined) {
      statements.push(new iam.PolicyStatement({
        actions: ['organizations:RegisterDelegatedAdministrator', ...(restore ? ['organizations:DeregisterDelegatedAdministrator'] : [])],
        resources: ['*'],
        conditions: { StringEquals: { 'organizations:ServicePrincipal': BACKUP_SERVICE_PRINCIPAL } },
      }));
    }
    if (restore) {
      // Tells a replacement from a removal at Delete, and lets a replacement take over what the
      // resource it replaces switched on (src/private/handler/replacement.ts).
      statements.push(new iam.PolicyStatement({
        sid: 'TellReplacementFromRemoval',
        actions: ['cloudformation:ListStackResources'],
        resources: [Stack.of(this).stackId],
      }));
    }
    const policy = new iam.Policy(this, 'HandlerPolicy', { statements });
    handler.role!.attachInlinePolicy(policy);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::OrganizationAccess',
      properties: {
        BackupTrustedAccess: backupTrustedAccess,
        StackSetsTrustedAccess: stackSetsTrustedAccess,
        BackupPolicyType: backupPolicyType,
        RootId: props.rootId,
        DelegatedAdministratorAccountId: admin,
        RestoreOnDelete: restore,
      },
    });
    // The policy must outlive the resource so that its Delete can undo what it switched on.
    this.resource.node.addDependency(policy);

    acknowledgeNagFindings(this, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The handler role uses the AWS managed basic execution policy for its own CloudWatch Logs only.',
      'AwsSolutions-IAM5[Resource::*]': 'The Organizations list and trusted-access actions and CloudFormation\'s organizations access actions support no resource-level permissions; the write actions are narrowed by the organizations:ServicePrincipal and organizations:PolicyType condition keys instead.',
    });
  }
}
