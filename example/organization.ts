import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentTier, OrganizationBackup, SlackWebhook } from '../src';

/** The organization of the example: replace with yours (`aws organizations describe-organization`, `list-roots`, `list-organizational-units-for-parent`). */
export const EXAMPLE_ORGANIZATION = {
  organizationId: 'o-exampleorg1',
  productionOu: 'ou-ex12-production',
  stagingOu: 'ou-ex12-stagingou',
  regions: ['eu-west-1', 'us-east-1'],
};

/**
 * What a platform team writes in its management (or delegated administrator) account: two
 * environments over two OUs and two regions. Every current and future account of the OUs gets the
 * vault, key and role its backup policy names, and its job failures reach Slack.
 */
export class OrganizationBackupStack extends Stack {
  public readonly backup: OrganizationBackup;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const o = EXAMPLE_ORGANIZATION;
    const webhook = secretsmanager.Secret.fromSecretNameV2(this, 'SlackWebhookSecret', 'backup/slack-webhook');

    this.backup = new OrganizationBackup(this, 'Backup', {
      organizationId: o.organizationId,
      slack: SlackWebhook.fromSecret(webhook),
      accountNames: { 210987654321: 'shop-production', 310987654321: 'shop-staging' },
      // Copies stay within each account (the environment's own vault in another region): no
      // cross-account backup setting is needed. Set globalSettings: { crossAccountBackup: true }
      // to copy into a central backup account.
      reports: {},
      // The organization prerequisites (trusted access for AWS Backup and StackSets, the
      // BACKUP_POLICY type on the root) are switched on by the app, before the policies and
      // StackSets; deleting the stack leaves them on. Name a delegated administrator for AWS Backup
      // with settings: { backupDelegatedAdministratorAccountId: '…' }.
      organizationAccess: { enabled: true },
      environments: [
        {
          environmentName: 'production',
          tier: EnvironmentTier.PRODUCTION,
          organizationalUnitIds: [o.productionOu],
          regions: o.regions,
          // AWS Backup service opt-in in every production account and region.
          resourceTypeOptIn: { Aurora: true, RDS: true, DynamoDB: true, EFS: true, S3: true },
        },
        {
          environmentName: 'staging',
          tier: EnvironmentTier.STAGING,
          organizationalUnitIds: [o.stagingOu],
          regions: [o.regions[0]],
          copyToRegions: [o.regions[1]],
        },
      ],
    });
  }
}

/** The organization app: one stack in the management account's home region. */
export function buildOrganizationApp(outdir?: string): App {
  const app = new App({ outdir });
  new OrganizationBackupStack(app, 'OrganizationBackup', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '110987654321', region: 'eu-west-1' },
  });
  return app;
}

if (require.main === module) {
  buildOrganizationApp().synth();
}
