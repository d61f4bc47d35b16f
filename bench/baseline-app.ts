/* The same resources as library-app.ts, written by hand with plain aws-cdk-lib constructs. */
import { App, ArnFormat, Duration, Lazy, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
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
import { FORWARDER_ASSET } from './assets';
import { DR_VAULT_ACCOUNT, DR_VAULT_ARN } from './library-app';

const EVENTS = ['BACKUP_JOB_STARTED', 'BACKUP_JOB_COMPLETED', 'CONTINUOUS_BACKUP_INTERRUPTED', 'COPY_JOB_STARTED',
  'COPY_JOB_SUCCESSFUL', 'COPY_JOB_FAILED', 'RESTORE_JOB_STARTED', 'RESTORE_JOB_COMPLETED', 'RECOVERY_POINT_MODIFIED',
  'RECOVERY_POINT_INDEX_COMPLETED', 'RECOVERY_POINT_INDEX_DELETED', 'RECOVERY_POINT_INDEXING_FAILED',
  'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED', 'EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED',
  'EKS_RESTORE_OBJECT_SKIPPED'] as backup.BackupVaultEvents[];
const FILTER = {
  $or: [
    { State: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] },
    { IndexStatus: ['FAILED'] },
    { EventType: ['CONTINUOUS_BACKUP_INTERRUPTED', 'RECOVERY_POINT_INDEXING_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED', 'COPY_JOB_FAILED'] },
    { eventType: ['EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED'] },
  ],
};
const ALARMS = ['BackupJobsFailed', 'BackupJobsExpired', 'BackupJobsAborted', 'CopyJobsFailed', 'RestoreJobsFailed'];
const metric = (vaultName: string, metricName: string, label?: string) => new cloudwatch.Metric({
  namespace: 'AWS/Backup', metricName, dimensionsMap: { BackupVaultName: vaultName }, statistic: 'Sum', period: Duration.hours(1), label,
});

/** What one stack shares between its environments. */
interface Shared {
  readonly fn: lambda.Function;
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly topics: Array<[string, string]>;
  readonly bucket: s3.Bucket;
  readonly dashboard: cloudwatch.Dashboard;
}

/** An SNS → SQS subscription with raw delivery off and a redrive policy, and the queue policies it needs. */
function subscribeQueue(stack: Stack, id: string, topic: sns.ITopic, queue: sqs.Queue, dlq: sqs.Queue, filterPolicy: any): void {
  for (const q of [queue, dlq]) {
    q.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [q.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': topic.topicArn } },
    }));
  }
  new sns.CfnSubscription(stack, id, {
    topicArn: topic.topicArn,
    protocol: 'sqs',
    endpoint: queue.queueArn,
    rawMessageDelivery: false,
    filterPolicy,
    filterPolicyScope: filterPolicy ? 'MessageAttributes' : undefined,
    redrivePolicy: { deadLetterTargetArn: dlq.queueArn },
  });
}

function shared(stack: Stack): Shared {
  const secret = new secretsmanager.Secret(stack, 'SlackWebhook');
  const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard', { defaultInterval: Duration.days(7) });
  const key = new kms.Key(stack, 'ForwarderKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  for (const service of ['sns', 'cloudwatch']) {
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`${service}.amazonaws.com`)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
  }
  const dlq = new sqs.Queue(stack, 'Dlq', { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true });
  const queue = new sqs.Queue(stack, 'Buffer', {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(380),
    deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
  });
  const logGroup = new logs.LogGroup(stack, 'ForwarderLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
  const topics: Array<[string, string]> = [];
  const fn = new lambda.Function(stack, 'Forwarder', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    description: 'Forwards AWS Backup notifications from SNS to Slack',
    code: lambda.Code.fromAsset(FORWARDER_ASSET),
    memorySize: 256,
    timeout: Duration.seconds(60),
    logGroup,
    environment: {
      WEBHOOK_SECRET_ARN: secret.secretArn,
      TOPIC_ENVIRONMENTS: Lazy.string({ produce: () => stack.toJsonString(topics) }),
      MIN_POST_INTERVAL_MS: '2000',
    },
    retryAttempts: 2,
  });
  fn.addEventSource(new sources.SqsEventSource(queue, {
    batchSize: 1000, maxBatchingWindow: Duration.seconds(20), maxConcurrency: 2, reportBatchItemFailures: true,
  }));
  secret.grantRead(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['backup:DescribeBackupJob', 'backup:DescribeCopyJob', 'backup:DescribeRestoreJob'], resources: ['*'],
  }));
  const alarmTopic = new sns.Topic(stack, 'AlarmTopic', { masterKey: key, enforceSSL: true });
  alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sns:Publish'],
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    resources: [alarmTopic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  subscribeQueue(stack, 'AlarmSubscription', alarmTopic, queue, dlq, undefined);
  const dlqAlarm = new cloudwatch.Alarm(stack, 'DlqAlarm', {
    metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  dlqAlarm.addAlarmAction(new cwActions.LambdaAction(fn));
  dlqAlarm.addOkAction(new cwActions.LambdaAction(fn));
  // What a careful hand-written pipeline has too: an alarm on a stalled buffer, invoking the function
  // directly, and a table that keeps a redelivered notification from showing twice.
  const stalled = new cloudwatch.Alarm(stack, 'StalledAlarm', {
    metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
    threshold: 600,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  fn.addPermission('StalledAlarmPermission', { principal: new iam.ServicePrincipal('lambda.alarms.cloudwatch.amazonaws.com'), sourceArn: stalled.alarmArn });
  stalled.addAlarmAction({ bind: () => ({ alarmActionArn: fn.functionArn }) });
  const dedupe = new dynamodb.Table(stack, 'DedupeTable', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    removalPolicy: RemovalPolicy.DESTROY,
  });
  dedupe.grantReadWriteData(fn);
  new events.Rule(stack, 'DeadLetterProbe', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })] });
  fn.addEnvironment('DEDUPE_TABLE_NAME', dedupe.tableName);
  const slrArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports' });
  const slr = new cr.AwsCustomResource(stack, 'ReportsRole', {
    resourceType: 'Custom::BackupReportsServiceLinkedRole',
    onCreate: {
      service: 'IAM',
      action: 'createServiceLinkedRole',
      parameters: { AWSServiceName: 'reports.backup.amazonaws.com' },
      physicalResourceId: cr.PhysicalResourceId.of('AWSServiceRoleForBackupReports'),
      ignoreErrorCodesMatching: '^InvalidInput(Exception)?$',
    },
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['iam:CreateServiceLinkedRole'], resources: [slrArn] })]),
    installLatestAwsSdk: false,
  });
  const bucket = new s3.Bucket(stack, 'Reports', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{
      expiration: Duration.days(365),
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(slrArn)],
    resources: [bucket.arnForObjects('*')],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  bucket.node.addDependency(slr);
  return { fn, queue, dlq, alarmTopic, topics, bucket, dashboard };
}

function environment(stack: Stack, s: Shared, i: number): void {
  const name = `env${i}`;
  const tags = { 'backup:environment': name };
  const vaultKey = new kms.Key(stack, `VaultKey${i}`, { description: `AWS Backup vault key of the ${name} environment`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  // The copy to the DR vault crosses accounts: that account may use the vault key (as EnvironmentBackup grants it).
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
  const topicKey = new kms.Key(stack, `TopicKey${i}`, { description: 'Encrypts the AWS Backup notification topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  const alarmArns = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${name}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const fromAlarms = { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': alarmArns } };
  topicKey.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], resources: ['*'], conditions: fromAlarms,
  }));
  for (const service of ['backup.amazonaws.com', 'cloudwatch.amazonaws.com']) {
    topicKey.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      principals: [new iam.ServicePrincipal(service)],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
  }
  const topic = new sns.Topic(stack, `Topic${i}`, { topicName: `${name}-backup-notifications`, masterKey: topicKey, enforceSSL: true });
  for (const service of ['backup.amazonaws.com', 'cloudwatch.amazonaws.com']) {
    topic.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal(service)],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
  }
  topic.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sns:Publish'], principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], resources: [topic.topicArn], conditions: fromAlarms,
  }));
  const vault = new backup.BackupVault(stack, `Vault${i}`, {
    backupVaultName: `${name}-backup-vault`,
    encryptionKey: vaultKey,
    notificationTopic: topic,
    notificationEvents: EVENTS,
    blockRecoveryPointDeletion: true,
  });
  const dr = backup.BackupVault.fromBackupVaultArn(stack, `DrVault${i}`, DR_VAULT_ARN);
  const plan = new backup.BackupPlan(stack, `Plan${i}`, { backupPlanName: `${name}-backup-plan`, backupVault: vault });
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
  const role = new iam.Role(stack, `BackupRole${i}`, {
    description: `AWS Backup role of selection ${name}-selection`,
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Backup')],
  });
  new backup.CfnBackupSelection(stack, `Selection${i}`, {
    backupPlanId: plan.backupPlanId,
    backupSelection: {
      selectionName: `${name}-selection-tags`,
      iamRoleArn: role.roleArn,
      resources: ['*'],
      conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup:environment', ConditionValue: name }] },
    },
  });
  subscribeQueue(stack, `Subscription${i}`, topic, s.queue, s.dlq, FILTER);
  s.topics.push([topic.topicName, name]);
  const scope = { tags };
  const framework = new backup.CfnFramework(stack, `Framework${i}`, {
    frameworkName: `${name}_backup_framework`,
    frameworkDescription: `Backup controls of the ${name} environment`,
    frameworkControls: [
      { controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', controlScope: scope },
      {
        controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
        controlScope: scope,
        controlInputParameters: [
          { parameterName: 'requiredFrequencyUnit', parameterValue: 'days' }, { parameterName: 'requiredFrequencyValue', parameterValue: '1' },
          { parameterName: 'requiredRetentionDays', parameterValue: '35' },
        ],
      },
      { controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', controlScope: scope, controlInputParameters: [{ parameterName: 'requiredRetentionDays', parameterValue: '35' }] },
      { controlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', controlScope: scope },
      { controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', controlScope: scope },
    ],
  });
  for (const template of ['CONTROL_COMPLIANCE_REPORT', 'BACKUP_JOB_REPORT']) {
    const plans = new backup.CfnReportPlan(stack, `${template}${i}`, {
      reportPlanName: `${name}_${template.toLowerCase().replace('_report', '')}`,
      reportPlanDescription: `${template} delivered to S3 under ${name}/`,
      reportDeliveryChannel: { s3BucketName: s.bucket.bucketName, s3KeyPrefix: name, formats: ['CSV', 'JSON'] },
      reportSetting: template === 'BACKUP_JOB_REPORT' ? { reportTemplate: template } : { reportTemplate: template, frameworkArns: [framework.attrFrameworkArn] },
    });
    plans.node.addDependency(s.bucket);
  }
  const alarms = ALARMS.map((m) => {
    const alarm = new cloudwatch.Alarm(stack, `${m}${i}`, {
      alarmName: `${name}-${m}`,
      alarmDescription: `${name}: ${m} in backup vault ${vault.backupVaultName} (AWS/Backup NumberOf${m} >= 1 in 1 hour).`,
      metric: metric(vault.backupVaultName, `NumberOf${m}`),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const t of [topic, s.alarmTopic]) {
      alarm.addAlarmAction(new cwActions.SnsAction(t));
      alarm.addOkAction(new cwActions.SnsAction(t));
    }
    return alarm;
  });
  const heartbeat = new cloudwatch.Alarm(stack, `Heartbeat${i}`, {
    alarmName: `${name}-NoBackupJobCompleted`,
    alarmDescription: `${name}: no backup job completed in backup vault ${vault.backupVaultName} for 54 hours.`,
    metric: metric(vault.backupVaultName, 'NumberOfBackupJobsCompleted'),
    threshold: 1,
    evaluationPeriods: 54,
    datapointsToAlarm: 54,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  for (const t of [topic, s.alarmTopic]) {
    heartbeat.addAlarmAction(new cwActions.SnsAction(t));
    heartbeat.addOkAction(new cwActions.SnsAction(t));
  }
  alarms.push(heartbeat);
  const graph = (title: string, names: string[]) => new cloudwatch.GraphWidget({
    title: `${name}: ${title}`, width: 8, left: names.map((n) => metric(vault.backupVaultName, `NumberOf${n}`, n)),
  });
  s.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${name} backups\nVault \`${vault.backupVaultName}\``, width: 24, height: 1 }));
  s.dashboard.addWidgets(
    graph('backup jobs by state', ['BackupJobsCompleted', 'BackupJobsFailed', 'BackupJobsExpired', 'BackupJobsAborted']),
    graph('recovery points', ['RecoveryPointsCompleted', 'RecoveryPointsPartial', 'RecoveryPointsExpired', 'RecoveryPointsCold', 'RecoveryPointsDeleting']),
    graph('copy and restore jobs', ['CopyJobsCompleted', 'CopyJobsFailed', 'RestoreJobsCompleted', 'RestoreJobsFailed']));
  s.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: `${name}: backup alarms`, alarms, width: 24, height: 2 }));
  const table = new dynamodb.TableV2(stack, `Table${i}`, { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
  for (const [k, v] of Object.entries(tags)) Tags.of(table).add(k, v);
  for (const [k, v] of Object.entries(tags)) {
    Tags.of(vault).add(k, v);
    Tags.of(plan).add(k, v);
  }
}

/** An app of `envs` hand-written environments, `perStack` a stack. */
export function baselineApp(outdir: string, envs: number, perStack: number): App {
  const app = new App({ outdir });
  for (let first = 0, s = 0; first < envs; first += perStack, s++) {
    const stack = new Stack(app, `Baseline${s}`);
    const sh = shared(stack);
    for (let i = first; i < Math.min(envs, first + perStack); i++) environment(stack, sh, i);
  }
  return app;
}
