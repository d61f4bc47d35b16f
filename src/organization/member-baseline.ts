import { Aws, CfnCondition, CfnParameter, CfnResource, CustomResource, Duration, Fn, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from '../private/dead-letter';
import { EnvironmentVault, LogicallyAirGappedVault, LogicallyAirGappedVaultProps, VaultLockOptions } from '../vault';
import { CENTRAL_EVENT_BUS_PARAMETER, forwardingAlarmPattern, jobFailurePattern } from './private/member-events';
import { StackSetTemplateSynthesizer } from './private/stackset-template-synthesizer';
import { MEMBER_FORWARDING_ALARM_SUFFIX } from '../private/handler/organization-job-event';
import { bundledHandlerCode } from '../private/inline-code';
import { OPT_IN_RESOURCE_TYPES } from '../private/limits';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../private/nag';
import { scanResultPattern } from '../private/scan-result-pattern';
import { allowIndexing, allowScans, createScannerRole } from '../private/scanner-role';
import { validationError } from '../private/validation';

/** The bundle of BackupRegionSettings' handler (assets/<this>/index.js), which the baseline carries inline. */
const REGION_SETTINGS_BUNDLE = 'account/handler/region-settings.lambda';

/** What the StackSet's TemplateBody reads before the baseline is synthesized (never in a written template). */
const TEMPLATE_BODY_PLACEHOLDER = '{"Description":"member baseline: rendered at synthesis"}';

/** Properties of a `MemberBaselineStack`. */
export interface MemberBaselineStackProps {
  /** The environment the baseline serves (descriptions). */
  readonly environmentName: string;
  /** The vault's name: the one the backup policy names. */
  readonly vaultName: string;
  /** The name of the role AWS Backup assumes: the one the backup policy's `iam_role_arn` names. */
  readonly backupRoleName: string;
  /**
   * The region where the (account-global) IAM role is created: IAM names are unique in an account,
   * so one region's stack instance owns the role.
   */
  readonly roleRegion: string;
  /** Whether the vault's access policy denies deleting recovery points. */
  readonly blockRecoveryPointDeletion: boolean;
  /**
   * Vault Lock of the vault.
   *
   * @default - no lock.
   */
  readonly lock?: VaultLockOptions;

  /**
   * AWS Backup service opt-in per resource type in every member account and region (an inline
   * custom resource: AWS::Backup has no region settings resource).
   *
   * @default - the accounts' region settings are left as they are.
   */
  readonly resourceTypeOptIn?: { [resourceType: string]: boolean };

  /**
   * Whether removing the region settings (or the stack instance) puts back each opt-in it changed,
   * unless changed since; never on a replacement. See `BackupRegionSettingsProps.restoreOnDelete`.
   *
   * @default false
   */
  readonly restoreResourceTypeOptInOnDelete?: boolean;

  /**
   * A logically air-gapped vault that receives copies, created in `roleRegion` only (a backup
   * policy's copy destination names one region: policies have `$account`, no region variable).
   *
   * @default - none.
   */
  readonly airGappedVault?: LogicallyAirGappedVaultProps;

  /**
   * The name of the role GuardDuty assumes to scan the recovery points, as the backup policy's
   * `scan_settings` names it: created (in `roleRegion`: IAM is account-global) with AWS's managed
   * policy AWSBackupGuardDutyRolePolicyForScans, and the backup role gets
   * AWSBackupServiceRolePolicyForScans to start scans and pass it.
   *
   * @default - no scanner role (the policy does not scan).
   */
  readonly scannerRoleName?: string;

  /**
   * Whether the backup policy indexes EBS recovery points (`index_actions`): the backup role then
   * gets AWS's managed policy AWSBackupServiceRolePolicyForIndexing, which reads snapshot blocks.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForIndexing.html
   */
  readonly indexesEbs?: boolean;
}

/**
 * What every member account of an environment gets in each region, deployed by a service-managed
 * StackSet: the vault (with its customer-managed KMS key) and the IAM role the environment's backup
 * policy names, and an EventBridge rule that forwards the account's AWS Backup job failures to the
 * organization's central event bus.
 *
 * Synthesized into the StackSet's `TemplateBody` (no CDK asset, no bootstrap version rule), never
 * deployed by `cdk deploy` itself.
 */
export class MemberBaselineStack extends Stack {
  /** The vault (name, key, lock, deletion protection). */
  public readonly vault: EnvironmentVault;
  /** The role AWS Backup assumes (created in `roleRegion` only). */
  public readonly backupRole: iam.Role;
  /** The rule that forwards job failures to the central bus. */
  public readonly forwardingRule: events.Rule;
  /**
   * Where EventBridge keeps the job failures it could not put on the central bus after its retries
   * (14 days, to redrive once the cause is fixed).
   */
  public readonly forwardingDeadLetterQueue: sqs.Queue;
  /** The alarm on `forwardingDeadLetterQueue`: a job failure that did not reach the central bus. */
  public readonly forwardingFailedAlarm: cloudwatch.Alarm;
  /**
   * The rule that puts `forwardingFailedAlarm`'s state changes (to ALARM, and back to OK) on the
   * central bus, whose rule sends them to the organization's Slack forwarder.
   */
  public readonly alarmForwardingRule: events.Rule;
  /** The vault's name, as in the template. */
  public readonly vaultName: string;
  /** The role's name, as in the template. */
  public readonly backupRoleName: string;

  /** The logically air-gapped vault, when `airGappedVault` is given (in `roleRegion` only). */
  public readonly airGappedVault?: LogicallyAirGappedVault;

  /** The role GuardDuty assumes to scan recovery points, when `scannerRoleName` is given (in `roleRegion` only). */
  public readonly scannerRole?: iam.Role;
  /** The rule that forwards the malware scans that need a person to the central bus, when `scannerRoleName` is given. */
  public readonly scanForwardingRule?: events.Rule;

  /** The region settings custom resource, when `resourceTypeOptIn` is given. */
  public readonly regionSettings?: CustomResource;

  private readonly templateSynthesizer: StackSetTemplateSynthesizer;

  /**
   * @param scope the parent construct (the stack that holds the StackSet)
   * @param id the construct's id, unique in its parent
   * @param props the properties of this stack
   */
  constructor(scope: Construct, id: string, props: MemberBaselineStackProps) {
    const synthesizer = new StackSetTemplateSynthesizer();
    super(scope, id, {
      synthesizer,
      analyticsReporting: false,
      description: `AWS Backup member baseline of the ${props.environmentName} environment (cdk-environment-backup)`,
    });
    this.templateSynthesizer = synthesizer;
    this.vaultName = props.vaultName;
    this.backupRoleName = props.backupRoleName;

    const busArn = new CfnParameter(this, CENTRAL_EVENT_BUS_PARAMETER, {
      type: 'String',
      description: 'The ARN of the organization\'s central event bus that receives AWS Backup job failures',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._\\-/]+$',
    });

    this.vault = new EnvironmentVault(this, 'Vault', {
      environmentName: props.environmentName,
      vaultName: props.vaultName,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: props.blockRecoveryPointDeletion,
      // A service-managed StackSet deploys with the role it creates in each account, stacksets-exec-*
      // (CloudFormation user guide, "Configure a custom execution role template for StackSets"):
      // it keeps updating the vault's access policy.
      deploymentPrincipalArns: props.blockRecoveryPointDeletion ? [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/stacksets-exec-*`] : undefined,
      lock: props.lock,
    });

    // IAM is global to an account: the role is created by the stack instance of one region only.
    const roleRegion = new CfnCondition(this, 'IsRoleRegion', {
      expression: Fn.conditionEquals(Aws.REGION, props.roleRegion),
    });
    this.backupRole = new iam.Role(this, 'BackupRole', {
      roleName: props.backupRoleName,
      description: `The role AWS Backup assumes for the ${props.environmentName} environment's backup policy`,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [
        'service-role/AWSBackupServiceRolePolicyForBackup',
        'service-role/AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    (this.backupRole.node.defaultChild as CfnResource).cfnOptions.condition = roleRegion;
    acknowledgeNagFindings(this.backupRole, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]': 'AWS Backup\'s own managed policies for its service role, kept current by AWS as resource types are added.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]': 'AWS Backup\'s own managed policies for its service role, kept current by AWS as resource types are added.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup]': 'AWS Backup\'s own managed policies for its service role, kept current by AWS as resource types are added.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]': 'AWS Backup\'s own managed policies for its service role, kept current by AWS as resource types are added.',
    });

    // Sending to an event bus of another account of an organization needs a role (EventBridge user
    // guide, "Sending and receiving events between AWS accounts"). Unnamed: one per region.
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralEventBus', busArn.valueAsString);
    const forwardingRole = new iam.Role(this, 'ForwardingRole', {
      description: 'EventBridge puts this account\'s AWS Backup job failures on the organization\'s central bus',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
    });
    // A failed PutEvents to the central bus is retried under EventBridge's default retry policy (24
    // hours, 185 attempts) and then kept in a dead-letter queue instead of being dropped; errors that
    // are not retried (a bus policy that denies, a deleted bus, the role) go there at once (EventBridge
    // user guide, "Using dead-letter queues to process undelivered events"). SQS-managed encryption:
    // EventBridge needs no key grant for it.
    this.forwardingDeadLetterQueue = deadLetterQueue(this, 'ForwardingDeadLetterQueue', 'the rules that forward job failures and scan results to the central bus');
    this.forwardingRule = new events.Rule(this, 'ForwardJobFailures', {
      description: `Forwards AWS Backup job failures of the ${props.environmentName} environment to the organization's central event bus`,
      eventPattern: jobFailurePattern(),
      targets: [new targets.EventBus(centralBus, {
        role: forwardingRole,
        deadLetterQueue: this.forwardingDeadLetterQueue,
      })],
    });
    // The member account's own record that a failure did not reach the organization: the queue's
    // depth, and deliveries that failed even to the dead-letter queue.
    this.forwardingFailedAlarm = new cloudwatch.Alarm(this, 'ForwardingFailedAlarm', {
      // Named <environment>-…: the central rule matches the suffix, the forwarder finds the environment by the prefix.
      alarmName: `${props.environmentName}-${MEMBER_FORWARDING_ALARM_SUFFIX}`,
      alarmDescription: `AWS Backup job failures or scan results of the ${props.environmentName} environment did not reach the organization's central event bus: ` +
        'they wait in the forwarding dead-letter queue (14 days); fix the bus policy or the forwarding role, then redrive the queue',
      metric: new cloudwatch.MathExpression({
        // FILL: InvocationsFailedToBeSentToDlq is only sent when it is not zero (EventBridge metrics page).
        expression: 'FILL(queued, 0) + FILL(lost, 0)',
        usingMetrics: {
          queued: this.forwardingDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
          lost: new cloudwatch.Metric({
            namespace: 'AWS/Events',
            metricName: 'InvocationsFailedToBeSentToDlq',
            dimensionsMap: { RuleName: this.forwardingRule.ruleName },
            period: Duration.minutes(5),
            statistic: 'Sum',
          }),
        },
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // The alarm's state changes are EventBridge events of this account ("CloudWatch Alarm State
    // Change"): they go to the central bus too, so that a person is told. When the cause is the bus
    // itself (its policy, its deletion), they wait in the same dead-letter queue.
    this.alarmForwardingRule = new events.Rule(this, 'ForwardAlarmStateChanges', {
      description: 'Forwards the state changes of the forwarding alarm to the organization\'s central event bus',
      eventPattern: forwardingAlarmPattern([this.forwardingFailedAlarm.alarmArn]),
      targets: [new targets.EventBus(centralBus, { role: forwardingRole, deadLetterQueue: this.forwardingDeadLetterQueue })],
    });

    if (props.indexesEbs) allowIndexing(this.backupRole, ['EBS']);

    if (props.scannerRoleName) {
      // The policy's scan_settings name arn:<partition>:iam::$account:role/<scannerRoleName>.
      this.scannerRole = createScannerRole(this, 'ScannerRole', props.environmentName, props.scannerRoleName);
      (this.scannerRole.node.defaultChild as CfnResource).cfnOptions.condition = roleRegion;
      allowScans(this.backupRole);
      // Scan results have no vault notification: EventBridge only, like the job failures.
      this.scanForwardingRule = new events.Rule(this, 'ForwardScanResults', {
        description: `Forwards the malware scans of the ${props.environmentName} environment that found threats, failed, were canceled or completed with issues to the organization's central event bus`,
        eventPattern: scanResultPattern([props.vaultName, ...props.airGappedVault ? [props.airGappedVault.vaultName] : []]),
        targets: [new targets.EventBus(centralBus, { role: forwardingRole, deadLetterQueue: this.forwardingDeadLetterQueue })],
      });
    }

    if (props.airGappedVault) {
      this.airGappedVault = new LogicallyAirGappedVault(this, 'AirGappedVault', props.airGappedVault);
      (this.airGappedVault.node.defaultChild as CfnResource).cfnOptions.condition = roleRegion;
    }

    if (props.resourceTypeOptIn && Object.keys(props.resourceTypeOptIn).length > 0) {
      this.regionSettings = this.addRegionSettings(props.resourceTypeOptIn, props.restoreResourceTypeOptInOnDelete ?? false);
    }
  }

  private addRegionSettings(optIn: { [resourceType: string]: boolean }, restoreOnDelete: boolean): CustomResource {
    // The names AWS Backup defines (the API checks only their shape: a misspelt one would fail in
    // every member account at deploy time).
    const unknown = Object.keys(optIn).find((type) => !Token.isUnresolved(type) && !OPT_IN_RESOURCE_TYPES.includes(type));
    if (unknown !== undefined) {
      throw validationError(this, `resourceTypeOptIn names an unknown resource type "${unknown}": expected one of ${OPT_IN_RESOURCE_TYPES.join(', ')}`);
    }
    // Inline code: a StackSet template carries no asset. It is BackupRegionSettings' handler, the bundle
    // its asset ships (src/account/handler/region-settings.lambda.ts). Node.js runtime pinned as the
    // library's bundled handlers are (acknowledgePinnedRuntime says why).
    const handler = new lambda.Function(this, 'RegionSettingsHandler', {
      description: 'Applies the AWS Backup service opt-in of this account and region (cdk-environment-backup member baseline)',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(bundledHandlerCode(REGION_SETTINGS_BUNDLE)),
      timeout: Duration.minutes(1),
    });
    acknowledgePinnedRuntime(handler);
    // Neither action supports resource-level permissions (Service Authorization Reference).
    const policy = new iam.Policy(this, 'RegionSettingsPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'], resources: ['*'] })],
    });
    if (restoreOnDelete) {
      // Tells a replacement from a removal at Delete.
      policy.addStatements(new iam.PolicyStatement({ actions: ['cloudformation:ListStackResources'], resources: [this.stackId] }));
    }
    handler.role!.attachInlinePolicy(policy);
    const resource = new CustomResource(this, 'RegionSettings', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::BackupRegionSettings',
      properties: { ResourceTypeOptInPreference: optIn, RestoreOnDelete: restoreOnDelete },
    });
    // The policy must outlive the resource so that its Delete can restore the settings.
    resource.node.addDependency(policy);
    acknowledgeNagFindings(handler, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The handler role uses the AWS managed basic execution policy for its own CloudWatch Logs only.',
    });
    acknowledgeNagFindings(policy, {
      'AwsSolutions-IAM5[Resource::*]': 'backup:DescribeRegionSettings and backup:UpdateRegionSettings support no resource-level permissions.',
    });
    return resource;
  }

  /**
   * The template exactly as the StackSet carries it (compact JSON), available once the app is
   * synthesized.
   */
  public get templateBody(): string {
    const body = this.templateSynthesizer.templateBody;
    if (body === undefined) {
      throw new Error(`${this.node.path}: the member baseline template is read before the app is synthesized`);
    }
    return body;
  }

  /**
   * The template body as a token for the StackSet. CDK resolves every template once before
   * synthesis (to find cross-stack references), when the baseline is not synthesized yet: that
   * pass gets a placeholder. The template written is resolved after the baseline (CDK synthesizes
   * children first), so it carries the real body.
   */
  public templateBodyToken(): string {
    return Lazy.uncachedString({
      produce: () => this.templateSynthesizer.templateBody ?? TEMPLATE_BODY_PLACEHOLDER,
    });
  }
}
