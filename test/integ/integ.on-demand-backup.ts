/*
 * Integration test (CDK's integ-runner convention): an environment protects a tagged DynamoDB table,
 * and an on-demand backup of it, started with the environment's vault and role, completes.
 *
 * Here `npx projen integ` synthesizes this app and compares it with the committed snapshot
 * (integ.on-demand-backup.ts.snapshot/); a pipeline with AWS credentials deploys it and runs the
 * assertions with `npx integ-runner --directory test/integ --language typescript
 * --app "ts-node --project tsconfig.dev.json {filePath}" --update-on-failed --force`.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { EnvironmentBackup, EnvironmentTier } from '../../src';

export const app = new App();
const stack = new Stack(app, 'EnvironmentBackupOnDemand');

const table = new dynamodb.Table(stack, 'Orders', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.DESTROY,
});
const environment = new EnvironmentBackup(stack, 'Backup', {
  environmentName: 'integ-on-demand',
  tier: EnvironmentTier.DEVELOPMENT,
  // The test stack is destroyed after the run, with the recovery point it made.
  vault: { removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true },
});
environment.protect(table);

const integ = new IntegTest(app, 'OnDemandBackup', {
  testCases: [stack],
  diffAssets: false, // handler bundles are tested by jest; the snapshot watches the templates
});

// The table carries the environment's selection tag, so the plan's selection picks it up.
integ.assertions.awsApiCall('DynamoDB', 'listTagsOfResource', { ResourceArn: table.tableArn })
  .expect(ExpectedResult.objectLike({
    Tags: Match.arrayWith(Object.entries(environment.selectionTags).map(([Key, Value]) => ({ Key, Value }))),
  }));

// An on-demand backup into the environment's vault, with the environment's role, completes.
const start = integ.assertions.awsApiCall('Backup', 'startBackupJob', {
  BackupVaultName: environment.vault.backupVaultName,
  ResourceArn: table.tableArn,
  IamRoleArn: environment.backupRole.roleArn,
});
// StartBackupJob passes the backup role to AWS Backup.
start.provider.addToRolePolicy({ Effect: 'Allow', Action: ['iam:PassRole'], Resource: [environment.backupRole.roleArn] });
start.next(
  integ.assertions.awsApiCall('Backup', 'describeBackupJob', { BackupJobId: start.getAttString('BackupJobId') })
    .expect(ExpectedResult.objectLike({ State: 'COMPLETED', BackupVaultName: environment.vault.backupVaultName }))
    .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) }),
);
