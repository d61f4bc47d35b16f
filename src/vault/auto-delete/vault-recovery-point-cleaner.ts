import { Aws, CustomResource, Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EmptyVaultFunction } from './empty-vault-function';
import { describeDuration } from '../../private/limits';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../../private/nag';
import { isUnresolved, requireProps, validationError, wholeDuration } from '../../private/validation';

/**
 * Properties of `VaultRecoveryPointCleaner`.
 */
export interface VaultRecoveryPointCleanerProps {
  /**
   * The vault to empty when this resource is deleted. It must be in the same stack, account and
   * region. Its access policy must not deny `backup:DeleteRecoveryPoint` to this construct's role,
   * and a Vault Lock in compliance mode makes the deletion fail.
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
 * DELETES EVERY RECOVERY POINT of a backup vault when this resource is deleted, so that
 * `cdk destroy` can remove the vault of a short-lived environment. Does nothing on create or update.
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
    requireProps(this, props, ['backupVault']);
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
          actions: ['backup:ListRecoveryPointsByBackupVault'],
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
        PollIntervalSeconds: pollInterval.toSeconds(),
      },
    });
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
