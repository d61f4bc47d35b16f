import { Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RestoreTestingResourceType } from './restore-testing-types';
import { RestoreValidationFunction } from './restore-validation-function';
import { acknowledgeNagFindings } from '../private/nag';
import { isUnresolved, validationError } from '../private/validation';

/**
 * How a restored resource is validated.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html
 */
export class RestoreValidator {
  /**
   * The default: one cheap, read-only call shows that the restored resource exists and is usable —
   * RDS `DescribeDBInstances` status `available`; Aurora, DocumentDB and Neptune
   * `DescribeDBClusters` status `available`; DynamoDB `DescribeTable` `ACTIVE`; S3 `HeadBucket`
   * answers 200; EFS `DescribeFileSystems` `available`; EBS `DescribeVolumes` `available` or
   * `in-use`; EC2 `DescribeInstances` `running`. Other resource types (FSx) are not checked and no
   * validation result is reported for them.
   */
  public static resourceReachable(): RestoreValidator {
    return new RestoreValidator();
  }

  /**
   * Your own validation function, invoked synchronously for each completed restore job with
   * `{ restoreJobId, restoreTestingPlanArn, resourceType, createdResourceArn, account, region, event }`.
   * It answers `{ "status": "SUCCESSFUL" | "FAILED", "message": "…" }`; an error or any other answer
   * counts as FAILED. The library reports the result to AWS Backup and publishes failures: the
   * function needs no AWS Backup permission, only those of its own checks. Its timeout must be
   * shorter than the validation handler's.
   */
  public static fromFunction(validatorFunction: lambda.IFunction): RestoreValidator {
    return new RestoreValidator(validatorFunction);
  }

  private constructor(
    /** The user's validation function, if any. */
    public readonly validatorFunction?: lambda.IFunction,
  ) {}
}

/**
 * Options of the restore validation of a restore testing plan (`validation` of `RestoreTestingPlan`).
 */
export interface RestoreValidationOptions {
  /**
   * How the restored resource is validated.
   *
   * @default RestoreValidator.resourceReachable()
   */
  readonly validator?: RestoreValidator;

  /**
   * The topic failed validations are published to, with the message attributes `EventType` =
   * `RESTORE_VALIDATION` and `State` = `FAILED` (so that a failures-only filter lets them through),
   * `AccountId`, `Id` (the restore job ID) and `ResourceType`. Alarms on the handler's dead-letter
   * queue go there too.
   *
   * @default - failures are reported to AWS Backup (visible on the restore job) but published nowhere.
   */
  readonly topic?: sns.ITopic;

  /**
   * The validation handler's timeout (5 seconds to 15 minutes): it must cover your validation
   * function's run.
   *
   * @default Duration.minutes(2)
   */
  readonly timeout?: Duration;

  /**
   * How long the handler's logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of {@link RestoreValidation}. */
export interface RestoreValidationProps extends RestoreValidationOptions {
  /** The ARN of the restore testing plan whose restore jobs are validated. */
  readonly restoreTestingPlanArn: string;

  /**
   * The resource types the plan restores: the handler may only describe these (least privilege).
   *
   * @default - every type the default validation checks.
   */
  readonly resourceTypes?: RestoreTestingResourceType[];
}

/** Lambda's timeout limits. */
const MIN_TIMEOUT_SECONDS = 5;
const MAX_TIMEOUT_SECONDS = 900;
/** What the handler keeps back after the validation function's answer (REPORTING_MARGIN_MS of the handler). */
const REPORTING_MARGIN_SECONDS = 15;

/**
 * Validates each completed restore job of a restore testing plan: an EventBridge rule on AWS Backup's
 * "Restore Job State Change" events (status `COMPLETED`, this plan) invokes a handler that checks the
 * restored resource (or runs your function), reports the result with `PutRestoreValidationResult`
 * (shown on the restore job in AWS Backup) and publishes failures to a topic. Events the handler
 * cannot process land in a dead-letter queue, with an alarm.
 *
 * Cost: one Lambda invocation a restore job, a few read-only API calls, one SNS message a failure;
 * AWS service events on the default event bus are free.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html
 */
export class RestoreValidation extends Construct {
  /** The validation handler. */
  public readonly handler: lambda.IFunction;
  /** The EventBridge rule that invokes it. */
  public readonly rule: events.Rule;
  /** Events the handler could not process. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarm: an event reached the dead-letter queue (a restore job went unvalidated). */
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  public constructor(scope: Construct, id: string, props: RestoreValidationProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(2);
    const seconds = isUnresolved(timeout) ? undefined : timeout.toSeconds({ integral: false });
    if (seconds !== undefined && (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS)) {
      throw validationError(this, `timeout (${timeout.toHumanString()}) must be between ${MIN_TIMEOUT_SECONDS} seconds and 15 minutes (Lambda's limits)`);
    }
    const resourceTypes = props.resourceTypes ?? Object.values(RestoreTestingResourceType);
    if (resourceTypes.length === 0) {
      throw validationError(this, 'resourceTypes is empty: name the resource types the plan restores');
    }
    const validator = props.validator ?? RestoreValidator.resourceReachable();
    const fnTimeout = validator.validatorFunction instanceof lambda.Function ? validator.validatorFunction.timeout : undefined;
    if (seconds !== undefined && fnTimeout && !isUnresolved(fnTimeout) && fnTimeout.toSeconds() > seconds - REPORTING_MARGIN_SECONDS) {
      throw validationError(this,
        `timeout (${timeout.toHumanString()}) must exceed the validation function's timeout (${fnTimeout.toHumanString()}) by ${REPORTING_MARGIN_SECONDS} seconds ` +
        '(the handler reports and publishes after the function answers)');
    }

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Restore validation: reports restore test validations to AWS Backup',
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReportValidationResults',
      actions: ['backup:PutRestoreValidationResult'],
      // The Service Authorization Reference lists no resource type for this action.
      resources: ['*'],
    }));
    const reasons: { [finding: string]: string } = {
      'AwsSolutions-IAM5[Resource::*]': 'backup:PutRestoreValidationResult (and ec2:DescribeVolumes / DescribeInstances) support no resource-level permissions.',
    };
    if (validator.validatorFunction) {
      // The unqualified function only (the handler invokes its ARN): no version wildcard.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'InvokeTheValidationFunction',
        actions: ['lambda:InvokeFunction'],
        resources: [validator.validatorFunction.functionArn],
      }));
    } else {
      this.grantChecks(role, resourceTypes, reasons);
    }
    if (props.topic) {
      props.topic.grantPublish(role);
      reasons['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]'] =
        'Publishing to a KMS-encrypted topic needs kms:GenerateDataKey* on its key, as grantPublish grants: the key is named, only the action has a wildcard.';
    }
    acknowledgeNagFindings(role, reasons);

    const environment: { [key: string]: string } = { RESTORE_TESTING_PLAN_ARN: props.restoreTestingPlanArn };
    if (props.topic) environment.TOPIC_ARN = props.topic.topicArn;
    if (validator.validatorFunction) environment.VALIDATOR_FUNCTION = validator.validatorFunction.functionArn;

    const fn = new RestoreValidationFunction(this, 'Handler', {
      description: 'Validates restored resources of AWS Backup restore tests and reports the result',
      role,
      timeout,
      memorySize: 256,
      logGroup,
      environment,
    });
    this.handler = fn;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNagFindings(this.deadLetterQueue, {
      'AwsSolutions-SQS3': 'This queue is the dead-letter queue of the restore validation rule target.',
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'Completed restore jobs of a restore testing plan, for validation',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: {
          restoreTestingPlanArn: [props.restoreTestingPlanArn],
          status: ['COMPLETED'],
        },
      },
      targets: [new targets.LambdaFunction(fn, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      })],
    });

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'A restore test could not be validated: see the restore validation dead-letter queue and the handler logs',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.topic) this.deadLetterAlarm.addAlarmAction(new cw_actions.SnsAction(props.topic));
  }

  /** Read-only describe permissions for the resource types the plan restores, scoped to this account and region. */
  private grantChecks(role: iam.Role, types: RestoreTestingResourceType[], reasons: { [finding: string]: string }): void {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string, account: string = stack.account, region: string = stack.region) =>
      `arn:${Aws.PARTITION}:${service}:${region}:${account}:${resource}`;
    // How cdk-nag names a resource in its finding ids: unresolved pseudo parameters as <AWS::…>.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const nag = (service: string, resource: string) => `arn:<AWS::Partition>:${service}:${region}:${account}:${resource}`;
    const grants: Array<{ types: RestoreTestingResourceType[]; action: string; resource: string; finding?: string }> = [
      { types: [RestoreTestingResourceType.RDS], action: 'rds:DescribeDBInstances', resource: arn('rds', 'db:*'), finding: nag('rds', 'db:*') },
      {
        types: [RestoreTestingResourceType.AURORA, RestoreTestingResourceType.DOCUMENTDB, RestoreTestingResourceType.NEPTUNE],
        action: 'rds:DescribeDBClusters',
        resource: arn('rds', 'cluster:*'),
        finding: nag('rds', 'cluster:*'),
      },
      { types: [RestoreTestingResourceType.DYNAMODB], action: 'dynamodb:DescribeTable', resource: arn('dynamodb', 'table/*'), finding: nag('dynamodb', 'table/*') },
      // HeadBucket needs s3:ListBucket; bucket ARNs name no account or region.
      { types: [RestoreTestingResourceType.S3], action: 's3:ListBucket', resource: arn('s3', '*', '', ''), finding: 'arn:<AWS::Partition>:s3:::*' },
      {
        types: [RestoreTestingResourceType.EFS],
        action: 'elasticfilesystem:DescribeFileSystems',
        resource: arn('elasticfilesystem', 'file-system/*'),
        finding: nag('elasticfilesystem', 'file-system/*'),
      },
      // EC2 Describe* actions support no resource-level permissions.
      { types: [RestoreTestingResourceType.EBS], action: 'ec2:DescribeVolumes', resource: '*' },
      { types: [RestoreTestingResourceType.EC2], action: 'ec2:DescribeInstances', resource: '*' },
    ];
    const restoredNames = 'The restored resource gets a name chosen by AWS Backup at restore time: this account and region is the narrowest scope; the action is read-only.';
    for (const grant of grants) {
      if (!grant.types.some((t) => types.includes(t))) continue;
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [grant.action], resources: [grant.resource] }));
      if (grant.finding) reasons[`AwsSolutions-IAM5[Resource::${grant.finding}]`] = restoredNames;
    }
  }
}
