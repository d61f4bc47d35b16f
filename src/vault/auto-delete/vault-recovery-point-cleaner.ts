import { AspectPriority, Aspects, Aws, CfnDeletionPolicy, CfnResource, CustomResource, Duration, IAspect, Lazy, Stack, TagManager } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { EmptyVaultFunction } from './handler/empty-vault-function';
import { MARKER_TAG_KEY } from './handler/empty-vault-logic';
import { shareCreationTrace } from '../../private/creation-trace';
import { describeDuration } from '../../private/limits';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../../private/nag';
import { isUnresolved, requireProps, validationError, wholeDuration } from '../../private/validation';
import { warn, WARNINGS } from '../../private/warnings';

/**
 * Properties of `VaultRecoveryPointCleaner`.
 */
export interface VaultRecoveryPointCleanerProps {
  /**
   * The vault to empty when the stack deletes it. It must be a `BackupVault` created in the same
   * stack (an imported vault is never deleted by the stack, so it is never emptied either), with
   * `removalPolicy: RemovalPolicy.DESTROY`. Its access policy must not deny
   * `backup:DeleteRecoveryPoint` to this construct's role, and a Vault Lock in compliance mode makes
   * the deletion fail.
   */
  readonly backupVault: backup.IBackupVault;

  /**
   * How long the deletion may take before it fails (the Lambda timeout, at most 15 minutes). Recovery
   * points are deleted asynchronously by AWS Backup; a vault with many points may need several
   * `cdk destroy` attempts, each resuming where the previous stopped.
   *
   * @default Duration.minutes(14)
   */
  readonly timeout?: Duration;

  /**
   * Wait between two passes over the vault while recovery points are being deleted.
   *
   * @default Duration.seconds(10)
   */
  readonly pollInterval?: Duration;
}

/**
 * DELETES EVERY RECOVERY POINT of a backup vault when the stack deletes the vault, so that
 * `cdk destroy` can remove the vault of a short-lived environment. Does nothing on create or update.
 *
 * Only a vault that is itself being deleted is emptied, as aws-cdk-lib's S3 `autoDeleteObjects`
 * does: the vault carries the tag `cdk-environment-backup:auto-delete-recovery-points` (value: the
 * logical id of this custom resource) only while this construct exists and the vault's
 * DeletionPolicy and UpdateReplacePolicy are both Delete, and the handler checks it (`ListTags`) at
 * Delete. Removing this construct, retaining the vault, or renaming this construct (a new resource
 * takes the tag over) leaves the vault and its recovery points in place. A change of the vault's
 * name replaces the vault: the old vault, deleted in CloudFormation's cleanup phase after the update
 * succeeded, is emptied first.
 *
 * Continuous-backup (point-in-time recovery) points that `DeleteRecoveryPoint` refuses are
 * disassociated (`DisassociateRecoveryPoint`): AWS Backup stops managing them and hands them back to
 * the source service. The handler waits until the vault is empty, or fails before its timeout.
 *
 * The custom resource references the vault, so CloudFormation deletes it (and empties the vault)
 * before it deletes the vault. The vault itself still needs `removalPolicy: RemovalPolicy.DESTROY`.
 *
 * Never use it for data you must keep: the backups are gone for good.
 */
export class VaultRecoveryPointCleaner extends Construct {
  /** The tag key that marks the vault for emptying (its value is this resource's logical id). */
  public static readonly MARKER_TAG_KEY: string = MARKER_TAG_KEY;

  /** The Lambda function that empties the vault. */
  public readonly handler: lambda.IFunction;

  /** The custom resource (type `Custom::BackupVaultRecoveryPointCleaner`). */
  public readonly resource: CustomResource;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  public constructor(scope: Construct, id: string, props: VaultRecoveryPointCleanerProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['backupVault']);
    // The vault's CloudFormation resource: the L1 of a BackupVault, or of a construct wrapping one (EnvironmentVault).
    const found = props.backupVault.node.findAll().filter((c): c is backup.CfnBackupVault => c instanceof backup.CfnBackupVault);
    const cfnVault = found.length === 1 ? found[0] : undefined;
    if (!cfnVault || Stack.of(cfnVault) !== Stack.of(this)) {
      throw validationError(this,
        `backupVault (${props.backupVault.node.path}) must be a BackupVault created in this construct's stack (${Stack.of(this).node.path}): ` +
        'only a vault that the stack itself deletes is emptied, and the marker tag that says so is set in the vault\'s template');
    }
    const timeout = props.timeout ?? Duration.minutes(14);
    const pollInterval = props.pollInterval ?? Duration.seconds(10);
    if (!isUnresolved(timeout)) wholeDuration(this, 'timeout', timeout, 'second');
    if (!isUnresolved(pollInterval)) wholeDuration(this, 'pollInterval', pollInterval, 'second');
    if (!isUnresolved(timeout) && (timeout.toSeconds() < 60 || timeout.toSeconds() > 900)) {
      throw validationError(this,
        `timeout (${describeDuration(timeout)}) must be between 1 and 15 minutes (the Lambda timeout limits)`);
    }
    if (!isUnresolved(pollInterval) && !isUnresolved(timeout) &&
      (pollInterval.toSeconds() < 1 || pollInterval.toSeconds() >= timeout.toSeconds() / 2)) {
      throw validationError(this,
        `pollInterval (${describeDuration(pollInterval)}) must be at least 1 second and less than half the timeout (${describeDuration(timeout)})`);
    }

    const handler = new EmptyVaultFunction(this, 'Handler', {
      description: 'Deletes every recovery point of a backup vault when the stack deletes it (short-lived environments)',
      timeout,
    });
    this.handler = handler;
    acknowledgePinnedRuntime(handler);

    const policy = new iam.Policy(this, 'HandlerPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'ListTheVault',
          actions: ['backup:ListRecoveryPointsByBackupVault', 'backup:ListTags'],
          resources: [props.backupVault.backupVaultArn],
        }),
        // A recovery point's ARN is the ARN of the backup itself (EBS snapshot, RDS snapshot, AWS
        // Backup recovery point…), which names no vault: the region is the narrowest scope IAM allows.
        // The handler only deletes points it listed in this vault.
        new iam.PolicyStatement({
          sid: 'DeleteRecoveryPoints',
          actions: ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint'],
          resources: [`arn:${Aws.PARTITION}:*:${Aws.REGION}:*:*`],
        }),
        // For backups not fully managed by AWS Backup (EBS, EC2, RDS, DynamoDB without advanced
        // backup, FSx, Redshift Serverless), AWS Backup deletes the snapshot with the caller's
        // permissions: allowed only through AWS Backup, as in AWS's managed policy AWSBackupFullAccess.
        // Without them, DeleteRecoveryPoint answers 200 and the point goes EXPIRED instead of away.
        // https://docs.aws.amazon.com/aws-backup/latest/devguide/deleting-backups.html
        // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupFullAccess.html
        new iam.PolicyStatement({
          sid: 'DeleteSnapshotsThroughBackup',
          actions: [
            'ec2:DeleteSnapshot', 'ec2:DeregisterImage',
            'rds:DeleteDBSnapshot', 'rds:DeleteDBClusterSnapshot',
            'dynamodb:DeleteBackup', 'fsx:DeleteBackup', 'redshift-serverless:DeleteSnapshot',
          ],
          resources: [
            `arn:${Aws.PARTITION}:ec2:${Aws.REGION}::snapshot/*`,
            `arn:${Aws.PARTITION}:ec2:${Aws.REGION}::image/*`,
            `arn:${Aws.PARTITION}:rds:${Aws.REGION}:${Aws.ACCOUNT_ID}:snapshot:awsbackup:*`,
            `arn:${Aws.PARTITION}:rds:${Aws.REGION}:${Aws.ACCOUNT_ID}:cluster-snapshot:awsbackup:*`,
            `arn:${Aws.PARTITION}:dynamodb:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/*/backup/*`,
            `arn:${Aws.PARTITION}:fsx:${Aws.REGION}:${Aws.ACCOUNT_ID}:backup/*`,
            `arn:${Aws.PARTITION}:redshift-serverless:${Aws.REGION}:${Aws.ACCOUNT_ID}:snapshot/*`,
          ],
          conditions: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'backup.amazonaws.com' } },
        }),
        // AWS Backup deletes through its service-linked role, created on first use with the caller's
        // permissions (DeleteRecoveryPoint API reference: "EXPIRED recovery points can be deleted with
        // this API once the IAM role has the iam:CreateServiceLinkedRole action").
        new iam.PolicyStatement({
          sid: 'CreateBackupServiceLinkedRole',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'backup.amazonaws.com' } },
        }),
      ],
    });
    handler.role!.attachInlinePolicy(policy);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::BackupVaultRecoveryPointCleaner',
      properties: {
        BackupVaultName: props.backupVault.backupVaultName,
        BackupVaultArn: props.backupVault.backupVaultArn,
        PollIntervalSeconds: pollInterval.toSeconds(),
      },
    });
    const resource = this.resource.node.defaultChild as CfnResource;
    // The marker, read when the template is written (after every removal policy and aspect): absent
    // (undefined drops the key) unless CloudFormation deletes the vault both on stack deletion and
    // on replacement.
    TagManager.of(cfnVault)!.setTag(MARKER_TAG_KEY, Lazy.string({
      produce: () => (deletesVault(cfnVault) ? resource.logicalId : undefined),
    }));
    Aspects.of(this).add(new WarnWhenInactive(this, cfnVault), { priority: AspectPriority.READONLY });
    // The permissions must still exist when the resource is deleted.
    this.resource.node.addDependency(policy);

    // cdk-nag (AwsSolutions) findings, acknowledged with their reason.
    const throughBackup = 'Snapshots AWS Backup deletes on behalf of the handler (condition aws:CalledVia backup.amazonaws.com); their ids are unknown at synth.';
    acknowledgeNagFindings(this, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The handler role uses the AWS managed basic execution policy for its own CloudWatch Logs only.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:*:<AWS::Region>:*:*]': 'A recovery point ARN is the backup\'s own ARN (EBS, RDS, AWS Backup…) and names no vault: the region is the narrowest scope; the handler only deletes points it lists in its vault.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>::snapshot/*]': throughBackup,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>::image/*]': throughBackup,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:snapshot:awsbackup:*]': throughBackup,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster-snapshot:awsbackup:*]': throughBackup,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*/backup/*]': throughBackup,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:fsx:<AWS::Region>:<AWS::AccountId>:backup/*]': throughBackup,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:redshift-serverless:<AWS::Region>:<AWS::AccountId>:snapshot/*]': throughBackup,
    });
  }
}

/** Whether CloudFormation deletes the vault when the stack deletes or replaces it. */
function deletesVault(vault: backup.CfnBackupVault): boolean {
  // An unset policy means Delete in CloudFormation.
  const deletion = vault.cfnOptions.deletionPolicy ?? CfnDeletionPolicy.DELETE;
  const replace = vault.cfnOptions.updateReplacePolicy ?? CfnDeletionPolicy.DELETE;
  return deletion === CfnDeletionPolicy.DELETE && replace === CfnDeletionPolicy.DELETE;
}

/** Warns at synth when the vault is kept by CloudFormation, so that the cleaner never empties it. */
class WarnWhenInactive implements IAspect {
  public constructor(private readonly cleaner: Construct, private readonly vault: backup.CfnBackupVault) {}

  public visit(node: IConstruct): void {
    if (node !== this.cleaner || deletesVault(this.vault)) return;
    warn(this.cleaner, WARNINGS.recoveryPointCleanerInactive,
      `backupVault (${this.vault.node.path}) has DeletionPolicy ${this.vault.cfnOptions.deletionPolicy ?? 'Delete'} and UpdateReplacePolicy ` +
      `${this.vault.cfnOptions.updateReplacePolicy ?? 'Delete'}: CloudFormation keeps the vault, so it carries no ${MARKER_TAG_KEY} tag and ` +
      'this cleaner never empties it (give the vault removalPolicy: RemovalPolicy.DESTROY to empty it when the stack deletes it)');
  }
}
