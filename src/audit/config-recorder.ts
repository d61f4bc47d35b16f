import { CfnElement, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { shareCreationTrace } from '../private/creation-trace';
import { acknowledgeNagFindings } from '../private/nag';
import { isUnresolved, requireProps, validationError } from '../private/validation';

/** Properties of {@link BackupConfigRecorder}. */
export interface BackupConfigRecorderProps {
  /** The bucket AWS Config delivers configuration snapshots and history to. */
  readonly bucket: s3.IBucket;
  /**
   * The key prefix of AWS Config's deliveries.
   *
   * @default 'config'
   */
  readonly keyPrefix?: string;
}

/**
 * An AWS Config configuration recorder and delivery channel that record only the resource types
 * AWS Backup Audit Manager needs: backup plans, backup selections, backup vaults, recovery points,
 * and resource compliance (where the controls' results are recorded).
 *
 * For accounts without a recorder: AWS Config allows one recorder and one delivery channel per
 * account and region, so the deploy fails where one exists (use that recorder then, and make sure
 * it records these types). AWS Config is billed per configuration item recorded and per rule
 * evaluation.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-controls.html
 * @see https://aws.amazon.com/config/pricing/
 */
export class BackupConfigRecorder extends Construct {
  /**
   * The resource types recorded: those the controls evaluate, and AWS::Config::ResourceCompliance,
   * which every control needs to record its compliance status.
   */
  public static readonly RESOURCE_TYPES: string[] = [
    'AWS::Backup::BackupPlan',
    'AWS::Backup::BackupSelection',
    'AWS::Backup::BackupVault',
    'AWS::Backup::RecoveryPoint',
    'AWS::Config::ResourceCompliance',
  ];

  /** The configuration recorder. */
  public readonly recorder: config.CfnConfigurationRecorder;
  /** The delivery channel. */
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  /** The role AWS Config records with. */
  public readonly role: iam.Role;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupConfigRecorderProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['bucket']);
    const keyPrefix = props.keyPrefix ?? 'config';
    if (!isUnresolved(keyPrefix) && (keyPrefix === '' || keyPrefix.startsWith('/') || keyPrefix.endsWith('/'))) {
      throw validationError(this, `keyPrefix (${keyPrefix}) must be non-empty and neither start nor end with "/"`);
    }
    const account = Stack.of(this).account;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
      description: 'AWS Config recorder of the AWS Backup resource types',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [props.bucket.arnForObjects(`${keyPrefix}/AWSLogs/${account}/Config/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    props.bucket.encryptionKey?.grantEncrypt(this.role);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [props.bucket.bucketArn],
    }));

    const bucketResource = props.bucket.node.defaultChild;
    // cdk-nag names the finding after the bucket's logical ID (a bucket of this app) or its literal ARN.
    const bucketArn = CfnElement.isCfnElement(bucketResource) ? `<${Stack.of(this).getLogicalId(bucketResource)}.Arn>` : props.bucket.bucketArn;
    acknowledgeNagFindings(this.role, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]':
        'AWS_ConfigRole is the managed policy AWS Config documents for a recorder: it follows the resource types Config can describe.',
      [`AwsSolutions-IAM5[Resource::${bucketArn}/${keyPrefix}/AWSLogs/<AWS::AccountId>/Config/*]`]:
        'The recorder writes configuration snapshots as objects under its own prefix of the report bucket.',
    });

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: this.role.roleArn,
      recordingGroup: {
        allSupported: false,
        includeGlobalResourceTypes: false,
        resourceTypes: BackupConfigRecorder.RESOURCE_TYPES,
        recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
      },
    });
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.bucket.bucketName,
      s3KeyPrefix: keyPrefix,
      s3KmsKeyArn: props.bucket.encryptionKey?.keyArn,
    });
    // the recorder is started once a delivery channel exists; the role's policy must be in place
    this.deliveryChannel.node.addDependency(this.recorder);
    this.recorder.node.addDependency(this.role);
  }
}
