/*
 * The same templates as library-app.ts, written by hand with plain aws-cdk-lib constructs: L2 where they exist, L1
 * otherwise, every property written out here (bench/parity.ts checks that the templates are the same, up to the
 * names the CDK derives from construct paths). It imports nothing from src/.
 *
 * Two shapes of the same app: `baselineApp` puts every resource straight under its stack, ids numbered by environment
 * (the baseline the synth target is measured against); `sameTreeBaselineApp` puts each one where the library's
 * construct tree has it (`Env3/Notifications/Topic/Key`, plain `Construct`s for the library's constructs), so that the
 * benchmark can tell what the shape of the tree costs from what the library's code costs.
 */
import { App, ArnFormat, Duration, Lazy, Names, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { FORWARDER_ASSET } from './assets';
import { DR_VAULT_ACCOUNT, DR_VAULT_ARN } from './dr-vault';

const TAG = 'backup:environment';
const EVENTS = ['BACKUP_JOB_STARTED', 'BACKUP_JOB_COMPLETED', 'CONTINUOUS_BACKUP_INTERRUPTED', 'COPY_JOB_STARTED',
  'COPY_JOB_SUCCESSFUL', 'COPY_JOB_FAILED', 'RESTORE_JOB_STARTED', 'RESTORE_JOB_COMPLETED', 'RECOVERY_POINT_MODIFIED',
  'RECOVERY_POINT_INDEX_COMPLETED', 'RECOVERY_POINT_INDEX_DELETED', 'RECOVERY_POINT_INDEXING_FAILED',
  'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED', 'EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED',
  'EKS_RESTORE_OBJECT_SKIPPED'] as backup.BackupVaultEvents[];
/** Failures only: job states, index status and the failure event types (some AWS Backup events spell it eventType). */
const FILTER = {
  $or: [
    { State: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] },
    { IndexStatus: ['FAILED'] },
    { EventType: ['CONTINUOUS_BACKUP_INTERRUPTED', 'RECOVERY_POINT_INDEXING_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED', 'COPY_JOB_FAILED'] },
    { eventType: ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'] },
  ],
};
/** The vault's alarms: metric (after NumberOf) and what its description says happened. */
const ALARMS: Array<[string, string]> = [
  ['BackupJobsFailed', 'backup jobs failed'],
  ['BackupJobsExpired', 'backup jobs expired before they could start'],
  ['BackupJobsAborted', 'backup jobs were aborted'],
  ['RestoreJobsFailed', 'restore jobs failed'],
];
const HEARTBEAT_HOURS = 54;
const metric = (vaultName: string, metricName: string, statistic = 'Sum', label?: string) => new cloudwatch.Metric({
  namespace: 'AWS/Backup', metricName, dimensionsMap: { BackupVaultName: vaultName }, statistic, period: Duration.hours(1), label,
});
const sourceAccount = (stack: Stack) => ({ StringEquals: { 'aws:SourceAccount': stack.account } });
const alarmArns = (stack: Stack, namePattern: string) =>
  stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: namePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

/** Where a construct goes: its scope and id. */
type Place = [Construct, string];

/**
 * The construct tree of an app: `flat` puts everything under the stack with the id given for it; `library` under the
 * wrapper scopes and with the ids the library uses. Wrappers exist only in the library's shape.
 */
class Tree {
  constructor(readonly stack: Stack, readonly shape: 'flat' | 'library') {}
  /** A wrapper scope in the library's shape (the stack itself when flat). */
  scope(parent: Construct, id: string): Construct {
    return this.shape === 'library' ? new Construct(parent, id) : this.stack;
  }
  /** `[scope, id]` in the library's shape, `[stack, flatId]` when flat. */
  place(scope: Construct, id: string, flatId: string): Place {
    return this.shape === 'library' ? [scope, id] : [this.stack, flatId];
  }
}

/** What one stack shares between its environments. */
interface Shared {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  /** [topic name, environment name] of each environment, for the forwarder. */
  readonly topics: Array<[string, string]>;
  readonly bucket: s3.Bucket;
  readonly dashboard: cloudwatch.Dashboard;
  /** The Slack forwarder's scope: the environments' subscriptions go there. */
  readonly forwarder: Construct;
}

/** An SNS → SQS subscription (raw delivery off, redrive to the DLQ) once both queues let the topic send. */
function subscribeQueue([scope, id]: Place, topic: sns.ITopic, s: Pick<Shared, 'queue' | 'dlq'>, filterPolicy?: object): void {
  const policies = [s.queue, s.dlq].map((q) => q.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
    actions: ['sqs:SendMessage'],
    resources: [q.queueArn],
    conditions: { ArnEquals: { 'aws:SourceArn': topic.topicArn } },
  })).policyDependable!);
  const subscription = new sns.CfnSubscription(scope, id, {
    topicArn: topic.topicArn,
    protocol: 'sqs',
    endpoint: s.queue.queueArn,
    rawMessageDelivery: false,
    filterPolicy,
    filterPolicyScope: filterPolicy ? 'MessageAttributes' : undefined,
    redrivePolicy: { deadLetterTargetArn: s.dlq.queueArn },
  });
  subscription.node.addDependency(...policies);
}

/** The Slack forwarder (key, queues, function, its alarms and probe), the report bucket and its service-linked role. */
function shared(tree: Tree): Shared {
  const stack = tree.stack;
  const secret = new secretsmanager.Secret(stack, 'SlackWebhook');
  const dashboard = new cloudwatch.Dashboard(...tree.place(tree.scope(stack, 'Dashboard'), 'Resource', 'Dashboard'), { defaultInterval: Duration.days(7) });
  const forwarder = tree.scope(stack, 'SlackForwarderEFA505B4');
  const key = new kms.Key(...tree.place(forwarder, 'Key', 'ForwarderKey'), {
    description: 'Encrypts the Slack forwarder queues and alarm topic of AWS Backup notifications',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const service of ['sns', 'cloudwatch']) {
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: `Allow${service}ToUseTheKey`,
      principals: [new iam.ServicePrincipal(`${service}.amazonaws.com`)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: sourceAccount(stack),
    }));
  }
  const dlq = new sqs.Queue(...tree.place(forwarder, 'DeadLetterQueue', 'Dlq'), { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true });
  const queue = new sqs.Queue(...tree.place(forwarder, 'Queue', 'Buffer'), {
    retentionPeriod: Duration.days(4),
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(380),
    deadLetterQueue: { queue: dlq, maxReceiveCount: 32 },
  });
  const logGroup = new logs.LogGroup(...tree.place(forwarder, 'LogGroup', 'ForwarderLogs'), { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
  const role = new iam.Role(...tree.place(forwarder, 'Role', 'ForwarderRole'), {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Slack forwarder of AWS Backup notifications: logs, webhook secret, job lookups',
  });
  logGroup.grantWrite(role);
  secret.grantRead(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'DescribeJobsForTheFailureReason',
    actions: ['backup:DescribeBackupJob', 'backup:DescribeCopyJob', 'backup:DescribeRestoreJob'],
    resources: ['*'],
  }));
  const dedupe = new dynamodb.Table(...tree.place(forwarder, 'DedupeTable', 'DedupeTable'), {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    removalPolicy: RemovalPolicy.DESTROY,
  });
  dedupe.grant(role, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
  // The probe moves dead letters back to the buffer once Slack answers.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'RedriveTheDeadLetterQueue',
    actions: ['sqs:StartMessageMoveTask', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
    resources: [dlq.queueArn],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'RedriveToTheBuffer', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  key.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
  const topics: Array<[string, string]> = [];
  const fn = new lambda.Function(...tree.place(forwarder, 'Function', 'Forwarder'), {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    description: 'Forwards AWS Backup notifications and alarms from a queue to Slack, as digests in storms',
    code: lambda.Code.fromAsset(FORWARDER_ASSET),
    memorySize: 256,
    timeout: Duration.seconds(60),
    role,
    logGroup,
    environment: {
      WEBHOOK_SECRET_ARN: secret.secretArn,
      TOPIC_ENVIRONMENTS: Lazy.string({ produce: () => stack.toJsonString(topics) }),
      MIN_POST_INTERVAL_MS: '2000',
      DEDUPE_TABLE_NAME: dedupe.tableName,
      BUFFER_QUEUE_ARN: queue.queueArn,
      DEAD_LETTER_QUEUE_ARN: dlq.queueArn,
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    },
    retryAttempts: 2,
    maxEventAge: Duration.hours(1),
  });
  fn.addEventSource(new sources.SqsEventSource(queue, {
    batchSize: 1000, maxBatchingWindow: Duration.seconds(20), maxConcurrency: 2, reportBatchItemFailures: true,
  }));
  const alarmTopic = new sns.Topic(...tree.place(forwarder, 'AlarmTopic', 'AlarmTopic'), { masterKey: key, enforceSSL: true });
  alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsOfThisAccountToPublish',
    actions: ['sns:Publish'],
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    resources: [alarmTopic.topicArn],
    conditions: { ...sourceAccount(stack), ArnLike: { 'aws:SourceArn': alarmArns(stack, '*') } },
  }));
  subscribeQueue(tree.place(forwarder, 'AlarmSubscription', 'AlarmSubscription'), alarmTopic, { queue, dlq });
  // New dead letters (the increase of the queue's depth) invoke the function, which reports them.
  const dlqAlarm = new cloudwatch.Alarm(...tree.place(forwarder, 'DeadLetterAlarm', 'DlqAlarm'), {
    alarmDescription: 'Backup notifications could not be delivered to Slack after ~26 hours of retries; the alarm\'s value is how many new ones. ' +
      `They wait in the dead-letter queue ${dlq.node.path} (kept 14 days) and move back to the buffer by themselves once Slack answers again; ` +
      'the forwarder function\'s log says why they failed.',
    metric: new cloudwatch.MathExpression({
      expression: 'DIFF(FILL(depth, 0))',
      label: 'new dead letters',
      usingMetrics: { depth: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }) },
      period: Duration.minutes(5),
    }),
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  dlqAlarm.addAlarmAction(new cwActions.LambdaAction(fn));
  const stalled = new cloudwatch.Alarm(...tree.place(forwarder, 'StalledAlarm', 'StalledAlarm'), {
    alarmDescription: 'Backup notifications have waited over 10 minutes in the Slack forwarder\'s buffer: Slack, the webhook secret or the ' +
      'function is failing. Nothing is lost yet (they are retried for ~26 hours); the function\'s log says why.',
    metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
    threshold: 600,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  fn.addPermission('StalledAlarmPermission', {
    principal: new iam.ServicePrincipal('lambda.alarms.cloudwatch.amazonaws.com'), sourceAccount: stack.account, sourceArn: stalled.alarmArn,
  });
  stalled.addAlarmAction({ bind: () => ({ alarmActionArn: fn.functionArn }) });
  new events.Rule(...tree.place(forwarder, 'DeadLetterProbe', 'DeadLetterProbe'), {
    description: 'Tries the Slack forwarder\'s oldest dead letters every hour; moves the rest back to the buffer once one is shown',
    schedule: events.Schedule.rate(Duration.hours(1)),
    targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
  });
  const slrArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports' });
  const slr = new cr.AwsCustomResource(...tree.place(tree.scope(stack, 'BackupReportsServiceLinkedRole'), 'Create', 'ReportsRole'), {
    resourceType: 'Custom::BackupReportsServiceLinkedRole',
    onCreate: {
      service: 'IAM',
      action: 'createServiceLinkedRole',
      parameters: { AWSServiceName: 'reports.backup.amazonaws.com', Description: 'AWS Backup Audit Manager reports (created by cdk-environment-backup)' },
      physicalResourceId: cr.PhysicalResourceId.of('AWSServiceRoleForBackupReports'),
      ignoreErrorCodesMatching: '^InvalidInput(Exception)?$',
    },
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [slrArn],
      conditions: { StringEquals: { 'iam:AWSServiceName': 'reports.backup.amazonaws.com' } },
    })]),
    installLatestAwsSdk: false,
  });
  const bucket = new s3.Bucket(...tree.place(tree.scope(stack, 'BackupReportBucket'), 'Bucket', 'Reports'), {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{
      id: 'ExpireOldReports',
      expiration: Duration.days(365),
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBackupAuditManagerReports',
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(slrArn)],
    resources: [bucket.arnForObjects('*')],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  // The role must exist before the bucket policy names it as a principal.
  bucket.policy!.node.addDependency(slr);
  return { queue, dlq, alarmTopic, topics, bucket, dashboard, forwarder };
}

/** One environment: vault and key, plan, selection, notifications, audit, alarms, dashboard widgets, a protected table. */
function environment(tree: Tree, s: Shared, i: number): void {
  const stack = tree.stack;
  const name = `env${i}`;
  const tags = { [TAG]: name };
  // The library's tree: Env<i>/{Vault, Plan, Selection, Notifications/Topic, Audit/{Framework, Reports}, Monitoring}.
  const env = tree.scope(stack, `Env${i}`);
  const vaultScope = tree.scope(env, 'Vault');
  const topicScope = tree.scope(tree.scope(env, 'Notifications'), 'Topic');
  const selection = tree.scope(env, 'Selection');
  const audit = tree.scope(env, 'Audit');
  const monitoring = tree.scope(env, 'Monitoring');
  const vaultKey = new kms.Key(...tree.place(vaultScope, 'Key', `VaultKey${i}`), { description: `AWS Backup vault key of the ${name} environment`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  vaultKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyKeyDeletionAndDisabling',
    effect: iam.Effect.DENY,
    principals: [new iam.StarPrincipal()],
    actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
    resources: ['*'],
  }));
  // The copy to the DR vault crosses accounts: that account may use the vault key.
  vaultKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopiesToOtherAccounts',
    principals: [new iam.AccountPrincipal(DR_VAULT_ACCOUNT)],
    actions: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
    resources: ['*'],
  }));
  vaultKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopyGrantsToOtherAccounts',
    principals: [new iam.AccountPrincipal(DR_VAULT_ACCOUNT)],
    actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
    resources: ['*'],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
  const fromAlarms = { ...sourceAccount(stack), ArnLike: { 'aws:SourceArn': alarmArns(stack, `${name}-*`) } };
  const topicKey = new kms.Key(...tree.place(topicScope, 'Key', `TopicKey${i}`), { description: 'Encrypts the AWS Backup notification topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  topicKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowbackupToUseTheKey',
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    principals: [new iam.ServicePrincipal('backup.amazonaws.com')],
    resources: ['*'],
    conditions: sourceAccount(stack),
  }));
  topicKey.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], resources: ['*'], conditions: fromAlarms,
  }));
  const topic = new sns.Topic(...tree.place(topicScope, 'Topic', `Topic${i}`), { topicName: `${name}-backup-notifications`, masterKey: topicKey, enforceSSL: true });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowbackupToPublish',
    actions: ['sns:Publish'],
    principals: [new iam.ServicePrincipal('backup.amazonaws.com')],
    resources: [topic.topicArn],
    conditions: sourceAccount(stack),
  }));
  const topicPolicy = topic.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sns:Publish'], principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], resources: [topic.topicArn], conditions: fromAlarms,
  })).policyDependable!;
  // Nobody but CloudFormation's execution role may delete recovery points or change this policy.
  const deletions = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint'];
  const cfnExecRole = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `cdk-hnb659fds-cfn-exec-role-${stack.account}-${stack.region}` });
  const vault = new backup.BackupVault(...tree.place(vaultScope, 'Vault', `Vault${i}`), {
    backupVaultName: `${name}-backup-vault`,
    encryptionKey: vaultKey,
    accessPolicy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ sid: 'DenyRecoveryPointDeletion', effect: iam.Effect.DENY, principals: [new iam.StarPrincipal()], actions: deletions, resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'DenyAccessPolicyChanges',
          effect: iam.Effect.DENY,
          principals: [new iam.StarPrincipal()],
          actions: [...deletions, 'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
          resources: ['*'],
          conditions: { ArnNotLike: { 'aws:PrincipalArn': [cfnExecRole] } },
        }),
      ],
    }),
  });
  // Notifications through the L1: the L2's notificationTopic would also grant backup.amazonaws.com on the topic and its key
  // without the aws:SourceAccount condition the statements above carry.
  (vault.node.defaultChild as backup.CfnBackupVault).notifications = { backupVaultEvents: EVENTS, snsTopicArn: topic.topicArn };
  // AWS Backup checks that it may publish when the vault is created.
  vault.node.addDependency(topicPolicy);
  const dr = backup.BackupVault.fromBackupVaultArn(stack, `DrVault${i}`, DR_VAULT_ARN);
  const plan = new backup.BackupPlan(...tree.place(env, 'Plan', `Plan${i}`), { backupPlanName: `${name}-backup-plan`, backupVault: vault });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
    startWindow: Duration.hours(1),
    completionWindow: Duration.hours(8),
    enableContinuousBackup: true,
    deleteAfter: Duration.days(35),
    recoveryPointTags: tags,
    copyActions: [{ destinationBackupVault: dr, deleteAfter: Duration.days(35) }],
  }));
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Monthly',
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
    startWindow: Duration.hours(1),
    completionWindow: Duration.hours(24),
    moveToColdStorageAfter: Duration.days(30),
    deleteAfter: Duration.days(365),
    recoveryPointTags: tags,
    copyActions: [{ destinationBackupVault: dr, moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(365) }],
  }));
  for (const scope of [vault, plan]) Tags.of(scope).add(TAG, name);
  const role = new iam.Role(...tree.place(selection, 'Role', `BackupRole${i}`), {
    description: `AWS Backup role of selection ${name}-selection`,
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Backup')],
  });
  new backup.CfnBackupSelection(...tree.place(selection, 'ByTags', `Selection${i}`), {
    backupPlanId: plan.backupPlanId,
    backupSelection: {
      selectionName: `${name}-selection-tags`,
      iamRoleArn: role.roleArn,
      resources: ['*'],
      conditions: { StringEquals: [{ ConditionKey: `aws:ResourceTag/${TAG}`, ConditionValue: name }] },
    },
  });
  subscribeQueue(tree.place(s.forwarder, `Subscription${Names.uniqueId(topic)}`, `Subscription${i}`), topic, s, FILTER);
  s.topics.push([topic.topicName, name]);
  // Framework and report plans: ControlScope, ReportDeliveryChannel and ReportSetting are untyped JSON in the L1s,
  // so their keys are written as CloudFormation spells them.
  const controlScope = { Tags: [{ Key: TAG, Value: name }] };
  const framework = new backup.CfnFramework(...tree.place(tree.scope(audit, 'Framework'), 'Resource', `Framework${i}`), {
    frameworkName: `${name}_backup_framework`,
    frameworkDescription: `Backup controls of the ${name} environment`,
    frameworkControls: [
      { controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', controlScope },
      {
        controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
        controlScope,
        controlInputParameters: [
          { parameterName: 'requiredFrequencyUnit', parameterValue: 'days' }, { parameterName: 'requiredFrequencyValue', parameterValue: '1' },
          { parameterName: 'requiredRetentionDays', parameterValue: '35' },
        ],
      },
      { controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', controlScope, controlInputParameters: [{ parameterName: 'requiredRetentionDays', parameterValue: '35' }] },
      { controlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', controlScope },
      { controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', controlScope },
    ],
  });
  const reports = tree.scope(audit, 'Reports');
  for (const [template, id] of [['CONTROL_COMPLIANCE_REPORT', 'ControlComplianceReport'], ['BACKUP_JOB_REPORT', 'BackupJobReport']]) {
    const reportPlan = new backup.CfnReportPlan(...tree.place(reports, id, `${template}${i}`), {
      reportPlanName: `${name}_${template.toLowerCase().replace('_report', '')}`,
      reportPlanDescription: `${template} delivered to S3 under ${name}/`,
      reportDeliveryChannel: { S3BucketName: s.bucket.bucketName, S3KeyPrefix: name, Formats: ['CSV', 'JSON'] },
      reportSetting: template === 'BACKUP_JOB_REPORT' ? { ReportTemplate: template } : { ReportTemplate: template, FrameworkArns: [framework.attrFrameworkArn] },
    });
    // Audit Manager checks that it may write to the bucket when the plan is created.
    reportPlan.node.addDependency(s.bucket.policy!);
  }
  const actions = (alarm: cloudwatch.Alarm) => {
    for (const t of [topic, s.alarmTopic]) alarm.addAlarmAction(new cwActions.SnsAction(t));
    for (const t of [topic, s.alarmTopic]) alarm.addOkAction(new cwActions.SnsAction(t));
    return alarm;
  };
  const vaultName = vault.backupVaultName;
  const alarms = ALARMS.map(([m, what]) => actions(new cloudwatch.Alarm(...tree.place(monitoring, m, `${m}${i}`), {
    alarmName: `${name}-${m}`,
    alarmDescription: `${name}: ${what} in backup vault ${vaultName} (AWS/Backup NumberOf${m} >= 1 in 1 hour).`,
    metric: metric(vaultName, `NumberOf${m}`),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  })));
  // Copy jobs count under the destination vault's name.
  alarms.push(actions(new cloudwatch.Alarm(...tree.place(monitoring, `CopyJobsFailed-${dr.backupVaultName}`, `CopyJobsFailed${i}`), {
    alarmName: `${name}-CopyJobsFailed-${dr.backupVaultName}`,
    alarmDescription: `${name}: copy jobs to backup vault ${dr.backupVaultName} failed (AWS/Backup NumberOfCopyJobsFailed >= 1 in 1 hour; ` +
      'AWS Backup reports copy jobs under their destination vault\'s name).',
    metric: metric(dr.backupVaultName, 'NumberOfCopyJobsFailed'),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  })));
  alarms.push(actions(new cloudwatch.Alarm(...tree.place(monitoring, 'Heartbeat', `Heartbeat${i}`), {
    alarmName: `${name}-NoBackupJobCompleted`,
    alarmDescription: `${name}: no backup job completed in backup vault ${vaultName} for ${HEARTBEAT_HOURS} hours (AWS/Backup ` +
      'NumberOfBackupJobsCompleted; window: rule Daily runs at most 1 day apart, jobs may end 25 hours after their scheduled time ' +
      '(start + completion window), plus slack). Check that resources carry the selection tags (a selection that selects nothing starts ' +
      'no job), that the backup plan and its rules exist and are scheduled, that AWS Backup can assume the selection\'s IAM role, and the ' +
      'AWS Backup console\'s jobs list for jobs that never started.',
    metric: metric(vaultName, 'NumberOfBackupJobsCompleted'),
    threshold: 1,
    evaluationPeriods: HEARTBEAT_HOURS,
    datapointsToAlarm: HEARTBEAT_HOURS,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  })));
  const graph = (title: string, lines: Array<[string, string, string]>, statistic?: string) => new cloudwatch.GraphWidget({
    title: `${name}: ${title}`, width: 8, statistic, left: lines.map(([m, stat, label]) => metric(vaultName, `NumberOf${m}`, stat, label)),
  });
  s.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${name} backups\nVault \`${vaultName}\``, width: 24, height: 1 }));
  s.dashboard.addWidgets(
    graph('backup jobs by state', [['BackupJobsCompleted', 'Sum', 'Completed'], ['BackupJobsFailed', 'Sum', 'Failed'],
      ['BackupJobsExpired', 'Sum', 'Expired'], ['BackupJobsAborted', 'Sum', 'Aborted']], 'Sum'),
    graph('recovery points', [['RecoveryPointsCompleted', 'Sum', 'Completed'], ['RecoveryPointsPartial', 'Maximum', 'Partial'],
      ['RecoveryPointsExpired', 'Maximum', 'Expired (not deleted)'], ['RecoveryPointsCold', 'Maximum', 'Cold storage'],
      ['RecoveryPointsDeleting', 'Maximum', 'Deleting']]),
    graph('copy and restore jobs', [['CopyJobsCompleted', 'Sum', 'Copies completed'], ['CopyJobsFailed', 'Sum', 'Copies failed'],
      ['RestoreJobsCompleted', 'Sum', 'Restores completed'], ['RestoreJobsFailed', 'Sum', 'Restores failed']]));
  s.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: `${name}: backup alarms`, alarms, width: 24, height: 2 }));
  new dynamodb.TableV2(stack, `Table${i}`, { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, tags: [{ key: TAG, value: name }] });
}

/** An app of `envs` hand-written environments, `perStack` a stack, every resource straight under its stack. */
export function baselineApp(outdir: string, envs: number, perStack: number): App {
  return handWritten(outdir, envs, perStack, 'flat');
}

/** The same app with the library's construct tree: each resource at the library's path (see the top of this file). */
export function sameTreeBaselineApp(outdir: string, envs: number, perStack: number): App {
  return handWritten(outdir, envs, perStack, 'library');
}

function handWritten(outdir: string, envs: number, perStack: number, shape: Tree['shape']): App {
  const app = new App({ outdir });
  for (let first = 0, s = 0; first < envs; first += perStack, s++) {
    const tree = new Tree(new Stack(app, `Baseline${s}`), shape);
    const sh = shared(tree);
    for (let i = first; i < Math.min(envs, first + perStack); i++) environment(tree, sh, i);
  }
  return app;
}
