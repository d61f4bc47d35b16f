import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GlobalSettingsFunction } from './handler/global-settings-function';
import { shareCreationTrace } from '../private/creation-trace';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../private/nag';
import { accountOf, claim } from '../private/singleton';
import { validationError } from '../private/validation';

/** Properties of `BackupGlobalSettings`. */
export interface BackupGlobalSettingsProps {
  /**
   * Whether accounts of the organization may copy backups to other accounts
   * (`isCrossAccountBackupEnabled`): needed for copy actions into another account's vault.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
   * @default - left as it is.
   */
  readonly crossAccountBackup?: boolean;

  /**
   * Whether multi-party approval can be assigned to logically air-gapped vaults (`isMpaEnabled`).
   *
   * @default - left as it is.
   */
  readonly multiPartyApproval?: boolean;

  /**
   * Whether AWS Backup synchronizes delegated administrator permissions with AWS Organizations
   * (`isDelegatedAdministratorEnabled`).
   *
   * @default - left as it is.
   */
  readonly delegatedAdministrator?: boolean;

  /**
   * Whether deleting this resource (or its stack) puts back the values it changed, as they were
   * before its Create (only where nobody changed them since); with it, an update that stops naming
   * a flag puts that one back too. Off by default: removing the construct, or a stack deletion,
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
 * AWS Backup's global settings of the organization (cross-account backup, multi-party approval,
 * delegated administration), which CloudFormation has no resource for: a custom resource calls
 * `DescribeGlobalSettings` and `UpdateGlobalSettings`. Deploy it in the organization's management
 * account (AWS Backup refuses the call elsewhere).
 *
 * Only the flags named are changed, and only where their value differs. The flags stay when the
 * construct is removed or its stack deleted, unless `restoreOnDelete`: then each flag this construct
 * changed is put back to the value it had before, unless someone changed it since (never on a
 * replacement). One per account: a second one in the app fails at synth.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html
 */
export class BackupGlobalSettings extends Construct {
  /** The Lambda function that applies the settings. */
  public readonly handler: lambda.IFunction;
  /** The custom resource (type `Custom::BackupGlobalSettings`). */
  public readonly resource: CustomResource;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupGlobalSettingsProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const other = claim(this, 'BackupGlobalSettings', accountOf(this));
    if (other) {
      throw validationError(this, `only one BackupGlobalSettings may exist per account, but ${other.node.path} already manages them: two would overwrite each other`);
    }
    const flags: { [flag: string]: boolean } = {};
    if (props.crossAccountBackup !== undefined) flags.isCrossAccountBackupEnabled = props.crossAccountBackup;
    if (props.multiPartyApproval !== undefined) flags.isMpaEnabled = props.multiPartyApproval;
    if (props.delegatedAdministrator !== undefined) flags.isDelegatedAdministratorEnabled = props.delegatedAdministrator;
    if (Object.keys(flags).length === 0) {
      throw validationError(this, 'crossAccountBackup, multiPartyApproval and delegatedAdministrator are all undefined: set at least one (there is nothing to change)');
    }

    const handler = new GlobalSettingsFunction(this, 'Handler', {
      description: 'Applies the AWS Backup global settings of the organization (cross-account backup, multi-party approval, delegated administration)',
      timeout: Duration.minutes(2),
    });
    this.handler = handler;
    acknowledgePinnedRuntime(handler);
    // Neither action supports resource-level permissions (Service Authorization Reference).
    const policy = new iam.Policy(this, 'HandlerPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['backup:DescribeGlobalSettings', 'backup:UpdateGlobalSettings'],
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
      serviceToken: handler.functionArn,
      resourceType: 'Custom::BackupGlobalSettings',
      properties: { GlobalSettings: flags, RestoreOnDelete: restoreOnDelete },
    });
    // The policy must outlive the resource so that its Delete can read the stack and restore the settings.
    this.resource.node.addDependency(policy);

    acknowledgeNagFindings(this, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The handler role uses the AWS managed basic execution policy for its own CloudWatch Logs only.',
      'AwsSolutions-IAM5[Resource::*]': 'backup:DescribeGlobalSettings and backup:UpdateGlobalSettings support no resource-level permissions.',
    });
  }
}
