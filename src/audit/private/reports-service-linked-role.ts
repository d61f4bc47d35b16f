import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeNagFindings } from '../../private/nag';
import { perStack } from '../../private/singleton';

/** The service principal of AWS Backup Audit Manager's reports. */
export const BACKUP_REPORTS_SERVICE = 'reports.backup.amazonaws.com';
/** The name of its service-linked role. */
export const BACKUP_REPORTS_ROLE_NAME = 'AWSServiceRoleForBackupReports';

const ID = 'BackupReportsServiceLinkedRole';

/**
 * Creates the service-linked role AWSServiceRoleForBackupReports once a stack, idempotently:
 * `iam:CreateServiceLinkedRole` on create; the error IAM returns when the role already exists
 * (`InvalidInput`: "... has been taken in this account") is ignored. Nothing happens on delete:
 * the role may serve report plans of other stacks, and IAM refuses to delete it while AWS Backup
 * uses it.
 *
 * Resources whose policies name the role as principal depend on this construct, so that the first
 * deploy in an account does not fail on "Invalid principal".
 */
export class BackupReportsServiceLinkedRole extends Construct {
  /** The one instance of the stack of `scope`, created on first use. */
  public static of(scope: IConstruct): BackupReportsServiceLinkedRole {
    return perStack(scope, ID, BackupReportsServiceLinkedRole, (stack, id) => new BackupReportsServiceLinkedRole(stack, id));
  }

  /** The ARN of the role in the account of the stack of `scope` (whether or not it exists). */
  public static arnOf(scope: IConstruct): string {
    return Stack.of(scope).formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: `aws-service-role/${BACKUP_REPORTS_SERVICE}/${BACKUP_REPORTS_ROLE_NAME}`,
    });
  }

  /** The role's ARN. */
  public readonly roleArn: string;
  /** The custom resource that creates the role: depend on it. */
  public readonly resource: cr.AwsCustomResource;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.roleArn = BackupReportsServiceLinkedRole.arnOf(this);
    this.resource = new cr.AwsCustomResource(this, 'Create', {
      resourceType: 'Custom::BackupReportsServiceLinkedRole',
      onCreate: {
        service: 'IAM',
        action: 'createServiceLinkedRole',
        parameters: {
          AWSServiceName: BACKUP_REPORTS_SERVICE,
          Description: 'AWS Backup Audit Manager reports (created by cdk-environment-backup)',
        },
        physicalResourceId: cr.PhysicalResourceId.of(BACKUP_REPORTS_ROLE_NAME),
        // "Service role name AWSServiceRoleForBackupReports has been taken in this account"
        ignoreErrorCodesMatching: '^InvalidInput(Exception)?$',
      },
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [this.roleArn],
          conditions: { StringEquals: { 'iam:AWSServiceName': BACKUP_REPORTS_SERVICE } },
        }),
      ]),
    });
    // aws-cdk-lib's singleton provider function of AwsCustomResource, at the stack's root.
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (provider) {
      acknowledgeNagFindings(provider, {
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
          "aws-cdk-lib's AwsCustomResource provider writes its own logs with the AWS managed basic execution policy.",
        'AwsSolutions-L1': "aws-cdk-lib's AwsCustomResource provider: aws-cdk-lib chooses its runtime.",
      });
    }
  }
}

/** The construct id of aws-cdk-lib's AwsCustomResource provider (a SingletonFunction). */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
