import { App, ArnFormat, Duration, RemovalPolicy, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  BackupCoverage, BackupRegionSettings, CopyDestinationVault, EnvironmentBackup, EnvironmentTier, MonitoringDashboard, ReportFormat, SlackWebhook,
} from '../src';

/** Properties of one environment's stack in the example app. */
export interface WorkloadStackProps extends StackProps {
  readonly environmentName: string;
  readonly tier: EnvironmentTier;
}

/**
 * What a team would write: the environment's data (a table and a bucket) and its backup.
 */
export class WorkloadStack extends Stack {
  public readonly backup: EnvironmentBackup;

  constructor(scope: Construct, id: string, props: WorkloadStackProps) {
    super(scope, id, props);
    const production = props.tier === EnvironmentTier.PRODUCTION;
    const development = props.tier === EnvironmentTier.DEVELOPMENT;

    const orders = new dynamodb.TableV2(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const invoices = new s3.Bucket(this, 'Invoices', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true, // AWS Backup for S3 requires versioning
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.backup = new EnvironmentBackup(this, 'Backup', {
      environmentName: props.environmentName,
      tier: props.tier,
      ...production ? {
        // Disaster recovery: the monthly backups are copied to the DR region's vault for 2 years.
        copyTo: [{
          vault: backup.BackupVault.fromBackupVaultArn(this, 'DrVault', this.formatArn({
            service: 'backup',
            region: DR_REGION,
            resource: 'backup-vault',
            resourceName: DR_VAULT_NAME,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          })),
          ruleNames: ['Monthly'],
          moveToColdStorageAfter: Duration.days(30),
          deleteAfter: Duration.days(730),
        }],
        // The team works from Tokyo: the daily backup starts at 05:00 Tokyo time, not UTC.
        timeZone: TimeZone.ASIA_TOKYO,
        // Every recovery point is scanned for malware by GuardDuty (incremental scans).
        malwareScanning: {},
        // Ransomware: a locked, air-gapped copy, shared with a clean recovery account.
        airGappedCopy: {
          minRetention: Duration.days(30),
          maxRetention: Duration.days(400),
          shareWithAccounts: [RECOVERY_ACCOUNT],
        },
        // Failures only, to Slack; the webhook URL lives in Secrets Manager (see docs/notifications.md).
        notifications: {
          slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(this, 'SlackWebhook', 'backup/slack-webhook')),
          // Who hears when Slack itself fails (a revoked webhook, an outage): a path without Slack.
          operator: { emailAddresses: ['backup-oncall@example.com'] },
        },
        // Auditors query the reports with Athena (saved queries in the workgroup).
        audit: { reportFormats: [ReportFormat.CSV, ReportFormat.JSON], analytics: {} },
        monitoring: { onDashboard: MonitoringDashboard.own() },
      } : {},
      // Production and staging prove their backups restorable every week, and the restored data usable.
      ...production || props.tier === EnvironmentTier.STAGING ? { restoreTesting: { validation: {} } } : {},
      // Development is short-lived: `cdk destroy` may delete its vault with its recovery points.
      ...development ? { vault: { removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true } } : {},
    });
    this.backup.protect(orders);
    this.backup.protect(invoices);

    // Data that needs no backup is said so, and listed as such by the coverage check.
    const sessions = new dynamodb.TableV2(this, 'Sessions', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    BackupCoverage.exempt(sessions, 'sessions expire within a day and are recreated at login');

    if (production) {
      // Account-level settings, once per account and region: AWS Backup manages these types, and
      // DynamoDB gets AWS Backup's advanced features.
      new BackupRegionSettings(this, 'RegionSettings', {
        resourceTypeOptIn: { DynamoDB: true, S3: true, RDS: true, Aurora: true },
        resourceTypeManagementPreference: { DynamoDB: true },
      });
    }
  }
}

/** Where production's monthly backups are copied. */
export const DR_REGION = 'eu-central-1';
export const DR_VAULT_NAME = 'production-dr';
/** The clean account production's air-gapped vault is shared with (see docs/air-gap-and-malware.md). */
export const RECOVERY_ACCOUNT = '444455556666';

/** The disaster-recovery region's vault, deployed in DR_REGION. */
export class DisasterRecoveryStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    new CopyDestinationVault(this, 'DrVault', { vaultName: DR_VAULT_NAME });
  }
}

/** The example app: one stack per environment, environment-agnostic (no AWS account needed). */
export function buildExampleApp(outdir?: string): App {
  const app = new App({ outdir });
  // Warn at synth about data that no environment backs up (strict: fail instead).
  BackupCoverage.of(app, { strict: true });
  new WorkloadStack(app, 'Production', { environmentName: 'production', tier: EnvironmentTier.PRODUCTION });
  new WorkloadStack(app, 'Staging', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
  new WorkloadStack(app, 'Development', { environmentName: 'development', tier: EnvironmentTier.DEVELOPMENT });
  new DisasterRecoveryStack(app, 'DisasterRecovery', { env: { region: DR_REGION } });
  return app;
}
