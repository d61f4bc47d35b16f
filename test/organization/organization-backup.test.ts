import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  EnvironmentTier,
  MemberBaselineStack,
  OrganizationBackup,
  OrganizationBackupProps,
  OrganizationEnvironment,
  SlackWebhook,
  StackSetCallAs,
  VaultLockMode,
} from '../../src';
import { MAX_STACKSET_TEMPLATE_BODY_BYTES } from '../../src/private/limits';
import { cfnLint } from '../support/cfn-lint';
import { unacknowledgedNagFindings } from '../support/nag';

const PROD_OU = 'ou-ab12-prod0001';
const STAGING_OU = 'ou-ab12-stag0001';

const production: OrganizationEnvironment = {
  environmentName: 'production',
  tier: EnvironmentTier.PRODUCTION,
  organizationalUnitIds: [PROD_OU],
  regions: ['eu-west-1', 'us-east-1'],
};
const staging: OrganizationEnvironment = {
  environmentName: 'staging',
  tier: EnvironmentTier.STAGING,
  organizationalUnitIds: [STAGING_OU],
  regions: ['eu-west-1'],
  copyToRegions: ['eu-central-1'],
};

function managementStack(): { app: App; stack: Stack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'org-')) });
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  return { app, stack };
}

function build(overrides: Partial<OrganizationBackupProps> = {}) {
  const { app, stack } = managementStack();
  const org = new OrganizationBackup(stack, 'Org', {
    organizationId: 'o-abcdef1234',
    environments: [production, staging],
    slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook')),
    accountNames: { 222222222222: 'shop-production' },
    ...overrides,
  });
  const template = Template.fromStack(stack);
  return { app, stack, org, template };
}

function baselineOf(org: OrganizationBackup, environmentName: string): Template {
  const env = org.environmentResources.find((e) => e.environmentName === environmentName)!;
  return Template.fromJSON(JSON.parse(env.baseline.templateBody));
}

function stackSetBody(template: Template, name: string): any {
  const sets = template.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: name } });
  const [set] = Object.values(sets);
  return JSON.parse(set.Properties.TemplateBody);
}

function expectSynthError(overrides: Partial<OrganizationBackupProps>, message: string | RegExp) {
  expect(() => build(overrides)).toThrow(message);
}

describe('OrganizationBackup: policies and StackSets', () => {
  const { org, template } = build();

  test('one backup policy per environment, attached to its OUs, naming its vault and role', () => {
    template.resourceCountIs('AWS::Organizations::Policy', 2);
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'backup-production',
      Type: 'BACKUP_POLICY',
      TargetIds: [PROD_OU],
      Content: {
        plans: {
          'backup-production': {
            regions: { '@@assign': ['eu-west-1', 'us-east-1'] },
            rules: {
              Daily: Match.objectLike({ target_backup_vault_name: { '@@assign': 'production-backup-vault' } }),
              Monthly: Match.objectLike({ target_backup_vault_name: { '@@assign': 'production-backup-vault' } }),
            },
            selections: {
              resources: {
                'tagged-resources': Match.objectLike({
                  iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/production-backup-role' },
                }),
              },
            },
          },
        },
      },
    });
  });

  test('a service-managed StackSet per environment with auto-deployment to its OUs and regions', () => {
    template.resourceCountIs('AWS::CloudFormation::StackSet', 2);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'backup-baseline-production',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      ManagedExecution: { Active: true },
      OperationPreferences: Match.objectLike({ ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE', FailureTolerancePercentage: 10 }),
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] }, Regions: ['eu-west-1', 'us-east-1'] }],
      Parameters: [{ ParameterKey: 'CentralEventBusArn', ParameterValue: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgEventBus'), 'Arn'] } }],
      TemplateBody: Match.stringLikeRegexp('"AWS::Backup::BackupVault"'),
    });
    // copyToRegions: the baseline is deployed in the copy region too, the policy protects only the regions.
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'backup-baseline-staging',
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [STAGING_OU] }, Regions: ['eu-west-1', 'eu-central-1'] }],
    });
  });

  test('the StackSet carries the baseline template inline, within the TemplateBody limit, with no asset and no bootstrap rule', () => {
    const body = stackSetBody(template, 'backup-baseline-production');
    expect(body).toEqual(JSON.parse(org.environmentResources[0].baseline.templateBody));
    const size = Buffer.byteLength(org.environmentResources[0].baseline.templateBody);
    expect(size).toBeLessThanOrEqual(MAX_STACKSET_TEMPLATE_BODY_BYTES);
    expect(body.Rules).toBeUndefined();
    expect(body.Parameters.BootstrapVersion).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/cdk-hnb659fds|AssetParameters|AWS::Lambda::Function|AWS::CDK::Metadata/);
  });

  test('the baseline: the vault the policy names, with a rotated customer-managed key, retained', () => {
    const baseline = baselineOf(org, 'production');
    baseline.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'production-backup-vault',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] },
        // PRODUCTION denies deleting recovery points.
        AccessPolicy: {
          Statement: [
            Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']), Condition: Match.absent() }),
            // The StackSet's execution role in each account (stacksets-exec-*) keeps updating the policy.
            Match.objectLike({
              Sid: 'DenyAccessPolicyChanges',
              Action: Match.arrayWith(['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy']),
              Condition: { ArnNotLike: { 'aws:PrincipalArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/stacksets-exec-*']] }] } },
            }),
          ],
          Version: '2012-10-17',
        },
      },
      DeletionPolicy: 'Retain',
    });
    baseline.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyKeyDeletionAndDisabling' })]) } },
      DeletionPolicy: 'Retain',
    });
    // STAGING does not deny deletion.
    baselineOf(org, 'staging').hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'staging-backup-vault',
      AccessPolicy: Match.absent(),
    });
  });

  test('the baseline\'s forwarding alarm is named for its environment and its state changes go to the central bus', () => {
    const baseline = baselineOf(org, 'production');
    baseline.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'production-BackupEventForwardingFailed' });
    const alarmId = Object.keys(baseline.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'production-BackupEventForwardingFailed' } }))[0];
    baseline.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'resources': [{ 'Fn::GetAtt': [alarmId, 'Arn'] }],
        // To ALARM, and back to OK from ALARM: not the INSUFFICIENT_DATA -> OK of every new stack instance.
        'detail': { $or: [{ state: { value: ['ALARM'] } }, { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } }] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: 'CentralEventBusArn' }, RoleArn: Match.anyValue(), DeadLetterConfig: Match.anyValue() })],
    });
    // The central bus sends them to the forwarder's buffer queue.
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'aws-backup-member-alarms-to-slack',
      EventBusName: Match.anyValue(),
      EventPattern: Match.objectLike({
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'detail': Match.objectLike({ alarmName: [{ suffix: '-BackupEventForwardingFailed' }] }),
      }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackForwarder.*Queue'), 'Arn'] } })],
    });
  });

  test('the baseline: the backup role the policy names, in the first region only (IAM is global to an account)', () => {
    const baseline = baselineOf(org, 'production');
    baseline.hasResource('AWS::IAM::Role', {
      Properties: {
        RoleName: 'production-backup-role',
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
        ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] }]),
      },
      Condition: 'IsRoleRegion',
    });
    expect(baseline.toJSON().Conditions.IsRoleRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] });
  });

  test('the baseline: job failures go to the central bus (a parameter) through a role', () => {
    const baseline = baselineOf(org, 'production');
    baseline.hasParameter('CentralEventBusArn', { Type: 'String' });
    baseline.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        'detail': { $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] }, { status: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] }] },
      },
      Targets: [{ Arn: { Ref: 'CentralEventBusArn' }, Id: 'Target0', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwardingRole'), 'Arn'] } }],
    });
    baseline.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: { Ref: 'CentralEventBusArn' } }] },
    });
  });

  test('the baseline: a job failure that cannot reach the central bus waits in a dead-letter queue, and an alarm says so', () => {
    const baseline = baselineOf(org, 'production');
    // EventBridge user guide, "Using dead-letter queues to process undelivered events": a target's DLQ
    // keeps what could not be delivered; SQS-managed encryption needs no key grant for EventBridge.
    baseline.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({
        Arn: { Ref: 'CentralEventBusArn' },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwardingDeadLetterQueue'), 'Arn'] } },
      })],
    });
    baseline.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    baseline.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwardJobFailures'), 'Arn'] } } },
        })]),
      },
    });
    // EventBridge metrics page: InvocationsFailedToBeSentToDlq, dimension RuleName (default bus), sent only when not zero.
    baseline.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(queued, 0) + FILL(lost, 0)' }),
        Match.objectLike({
          Id: 'queued',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' }) }),
        }),
        Match.objectLike({
          Id: 'lost',
          MetricStat: Match.objectLike({
            Metric: { Namespace: 'AWS/Events', MetricName: 'InvocationsFailedToBeSentToDlq', Dimensions: [{ Name: 'RuleName', Value: { Ref: Match.stringLikeRegexp('^ForwardJobFailures') } }] },
          }),
        }),
      ]),
    });
  });

  test('copyToRegions adds a copy of every rule to the environment vault of that region', () => {
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'backup-staging',
      Content: {
        plans: {
          'backup-staging': Match.objectLike({
            regions: { '@@assign': ['eu-west-1'] },
            rules: {
              Daily: Match.objectLike({
                copy_actions: {
                  'arn:aws:backup:eu-central-1:$account:backup-vault:staging-backup-vault': {
                    target_backup_vault_arn: { '@@assign': 'arn:aws:backup:eu-central-1:$account:backup-vault:staging-backup-vault' },
                    lifecycle: { delete_after_days: { '@@assign': '14' } },
                  },
                },
              }),
            },
          }),
        },
      },
    });
  });

  test('a delegated administrator creates the StackSets as DELEGATED_ADMIN; a vault lock reaches the baseline', () => {
    const { org: delegated, template: t } = build({
      callAs: StackSetCallAs.DELEGATED_ADMIN,
      environments: [{
        ...production,
        vault: { lock: { mode: VaultLockMode.GOVERNANCE, minRetention: Duration.days(7), maxRetention: Duration.days(400) } },
      }],
    });
    t.hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'DELEGATED_ADMIN' });
    baselineOf(delegated, 'production').hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 400 },
    });
  });

  test('resourceTypeOptIn: the baseline sets the service opt-in by an inline custom resource (no asset)', () => {
    const { org: withOptIn } = build({ environments: [{ ...production, resourceTypeOptIn: { RDS: true, S3: false } }] });
    const baseline = baselineOf(withOptIn, 'production');
    baseline.hasResourceProperties('Custom::BackupRegionSettings', { ResourceTypeOptInPreference: { RDS: true, S3: false }, RestoreOnDelete: false });
    baseline.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: Match.stringLikeRegexp('UpdateRegionSettingsCommand') },
    });
    baseline.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'], Effect: 'Allow', Resource: '*' }] },
    });
    expectSynthError({ environments: [{ ...production, resourceTypeOptIn: { Rds: true } }] },
      'environment production: resourceTypeOptIn names an unknown resource type "Rds": expected one of Aurora, CloudFormation');
  });

  test('restoreResourceTypeOptInOnDelete passes RestoreOnDelete and lets the handler read its own stack instance', () => {
    const { org: restoring } = build({ environments: [{ ...production, resourceTypeOptIn: { RDS: true }, restoreResourceTypeOptInOnDelete: true }] });
    const baseline = baselineOf(restoring, 'production');
    baseline.hasResourceProperties('Custom::BackupRegionSettings', { ResourceTypeOptInPreference: { RDS: true }, RestoreOnDelete: true });
    baseline.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'], Effect: 'Allow', Resource: '*' },
          { Action: 'cloudformation:ListStackResources', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
        ],
      },
    });
  });

  test('a MemberBaselineStack built directly refuses an opt-in name AWS Backup does not define', () => {
    const { stack } = managementStack();
    expect(() => new MemberBaselineStack(stack, 'Baseline', {
      environmentName: 'production',
      vaultName: 'production-vault',
      backupRoleName: 'production-role',
      roleRegion: 'eu-west-1',
      blockRecoveryPointDeletion: true,
      resourceTypeOptIn: { Dynamo: true },
    })).toThrow(/^Management\/Baseline: resourceTypeOptIn names an unknown resource type "Dynamo": expected one of Aurora, CloudFormation, .*DynamoDB/);
  });

  test('airGappedCopy: a logically air-gapped vault in the first region of each account, every rule copied to it', () => {
    const { org: gapped, template: t } = build({
      environments: [{ ...production, airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) } }],
    });
    baselineOf(gapped, 'production').hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
      Properties: { BackupVaultName: 'production-air-gapped-vault', MinRetentionDays: 7, MaxRetentionDays: 400 },
      Condition: 'IsRoleRegion',
    });
    const arn = 'arn:aws:backup:eu-west-1:$account:backup-vault:production-air-gapped-vault';
    t.hasResourceProperties('AWS::Organizations::Policy', {
      Content: {
        plans: {
          'backup-production': Match.objectLike({
            rules: {
              Daily: Match.objectLike({ copy_actions: { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '35' } } } } }),
              Monthly: Match.objectLike({ copy_actions: { [arn]: Match.objectLike({ lifecycle: { delete_after_days: { '@@assign': '365' } } }) } }),
            },
          }),
        },
      },
    });
  });

  test('airGappedCopy: a rule kept outside the vault\'s retention, or a key of this app, fails', () => {
    expectSynthError({ environments: [{ ...production, airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(100) } }] },
      "environment production: rule Monthly keeps recovery points 365 days, outside airGappedCopy's retention (7 to 100 days): an air-gapped vault accepts only copies within its lock");
    const { stack } = managementStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => new OrganizationBackup(stack, 'Org', {
      organizationId: 'o-abcdef1234',
      environments: [{ ...production, airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400), encryptionKey: key } }],
    })).toThrow('environment production: airGappedCopy.encryptionKey is not supported');
  });

  test('the management template and the baseline templates exactly as carried pass cfn-lint', () => {
    const { app } = build({
      environments: [{ ...production, airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) } }, staging],
    });
    const assembly = app.synth();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-lint-'));
    const files = [path.join(assembly.directory, assembly.getStackByName('Management').templateFile)];
    const mgmt = assembly.getStackByName('Management').template;
    for (const [id, r] of Object.entries<any>(mgmt.Resources)) {
      if (r.Type !== 'AWS::CloudFormation::StackSet') continue;
      const file = path.join(dir, `${id}.json`);
      fs.writeFileSync(file, r.Properties.TemplateBody);
      files.push(file);
    }
    expect(files).toHaveLength(3);
    expect(cfnLint(files).map((f) => `${f.Rule.Id} ${f.Filename} ${f.Message}`)).toEqual([]);
  });

  test('cdk-nag finds nothing unacknowledged in the management stack and the baselines', () => {
    const { app } = build();
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });
});

describe('OrganizationBackup: central events', () => {
  const { template } = build();

  test('a central bus whose policy admits only the organization', () => {
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'aws-backup-organization',
      Policy: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'OrganizationAccountsPutEvents',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'events:PutEvents',
          Resource: Match.anyValue(),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } },
        }],
      },
    });
  });

  test('a rule on the bus for job failures, to the Slack forwarder\'s buffer queue with the environment and account names', () => {
    const rules = template.findResources('AWS::Events::Rule', { Properties: { EventBusName: Match.anyValue() } });
    const [rule] = Object.values(rules) as any[];
    expect(rule.Properties.Name).toBe('aws-backup-job-failures-to-slack');
    expect(rule.Properties.EventPattern['detail-type']).toEqual(['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change']);
    const target = rule.Properties.Targets[0];
    // The buffer queue (same queue, pacing and digest as the vault notifications), not the function.
    const [queueId, attribute] = target.Arn['Fn::GetAtt'];
    expect(attribute).toBe('Arn');
    expect(queueId).toMatch(/^SlackForwarder[0-9A-F]{8}Queue/);
    expect(template.toJSON().Resources[queueId].Type).toBe('AWS::SQS::Queue');
    const [esm] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as any[];
    expect(esm.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^SlackForwarder[0-9A-F]{8}DeadLetterQueue/);
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 });
    const input = target.InputTransformer.InputTemplate as string;
    expect(input.endsWith('"event":<aws.events.event.json>}')).toBe(true);
    expect(JSON.parse(input.replace('<aws.events.event.json>', '{}'))).toEqual({
      kind: 'cdk-environment-backup/organization-job-event',
      environmentsByVault: { 'production-backup-vault': 'production', 'staging-backup-vault': 'staging' },
      environmentsByRole: { 'production-backup-role': 'production', 'staging-backup-role': 'staging' },
      accountNames: { 222222222222: 'shop-production' },
      event: {},
    });
    // No Lambda target any more: EventBridge invokes the function only for its hourly dead-letter probe.
    const fromEvents = Object.values(template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'events.amazonaws.com' } }));
    expect(fromEvents.map((p: any) => p.Properties.SourceArn['Fn::GetAtt'][0])).toEqual([expect.stringMatching(/DeadLetterProbe/)]);
  });

  test('EventBridge may send to the queue, and use its key, only for the central rule', () => {
    const ruleArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:rule/aws-backup-organization/aws-backup-job-failures-to-slack']] };
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^SlackForwarder[0-9A-F]{8}Queue') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowTheOrganizationJobFailureRule',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowTheOrganizationJobFailureRuleToUseTheKey',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        })]),
      },
    });
    // The dead-letter queue of the target admits the rule (by its ARN) too.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^SlackForwarder[0-9A-F]{8}DeadLetterQueue') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgJobFailures'), 'Arn'] } } },
        })]),
      },
    });
  });

  test('what EventBridge cannot put in the queue is not silent: the dead-letter queue\'s alarm invokes the forwarder directly', () => {
    const [rule] = Object.values(template.findResources('AWS::Events::Rule', { Properties: { EventBusName: Match.anyValue() } })) as any[];
    const dlqId = rule.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const resources = template.toJSON().Resources as Record<string, any>;
    // The forwarder's dead-letter alarm watches the queue's depth through metric math (its increase).
    const watches = (r: any) => [r.Properties.Dimensions, ...(r.Properties.Metrics ?? []).map((m: any) => m.MetricStat?.Metric?.Dimensions)]
      .some((dims: any) => dims?.some((d: any) => d.Name === 'QueueName' && d.Value['Fn::GetAtt']?.[0] === dlqId));
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && watches(r));
    expect(alarms).toHaveLength(1);
    const direct = (alarms[0].Properties.AlarmActions as any[]).filter((a) => a['Fn::GetAtt'] && resources[a['Fn::GetAtt'][0]].Type === 'AWS::Lambda::Function');
    expect(direct).toHaveLength(1);
    expect(direct[0]['Fn::GetAtt'][0]).toMatch(/^SlackForwarder[0-9A-F]{8}Function/);
  });

  test('without slack the bus and rule exist and no forwarder is made', () => {
    const { template: t, org } = build({ slack: undefined });
    expect(org.forwarder).toBeUndefined();
    // The only function is the organization access handler's.
    expect(Object.keys(t.findResources('AWS::Lambda::Function'))).toEqual([expect.stringMatching(/^OrgOrganizationAccessHandler/)]);
    t.resourceCountIs('AWS::Events::EventBus', 1);
  });
});

describe('OrganizationBackup: validation', () => {
  test('organizationId must be o-…', () => {
    expectSynthError({ organizationId: 'org-1' }, "Management/Org: organizationId ('org-1') must be an organization id matching ^o-[a-z0-9]{10,32}$, e.g. o-a1b2c3d4e5");
  });

  test('OU ids must be ou-…-… or r-…', () => {
    expectSynthError({ environments: [{ ...production, organizationalUnitIds: ['ou-AB-1'] }] },
      "environment production: organizationalUnitIds: 'ou-AB-1' must be an OU id matching ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$ or a root id matching ^r-[0-9a-z]{4,32}$");
    expectSynthError({ environments: [{ ...production, organizationalUnitIds: [] }] },
      'environment production: organizationalUnitIds ([]) must name at least one OU (ou-…) or the root (r-…)');
    expectSynthError({ environments: [{ ...production, organizationalUnitIds: [PROD_OU, PROD_OU] }] },
      `environment production: organizationalUnitIds: '${PROD_OU}' is named twice`);
    expect(() => build({ environments: [{ ...production, organizationalUnitIds: ['r-ab12'] }] })).not.toThrow();
  });

  test('regions must be region codes, at least one, not repeated; copy regions differ from the regions', () => {
    expectSynthError({ environments: [{ ...production, regions: ['EU-WEST-1'] }] },
      "environment production: regions: 'EU-WEST-1' is not a region code such as eu-west-1");
    expectSynthError({ environments: [{ ...production, regions: [] }] }, 'environment production: regions ([]) must name at least one region');
    expectSynthError({ environments: [{ ...production, regions: ['eu-west-1', 'eu-west-1'] }] }, "regions: 'eu-west-1' is named twice");
    expectSynthError({ environments: [{ ...production, copyToRegions: ['eu-west-1'] }] },
      "environment production: copyToRegions names 'eu-west-1', which is already one of regions: a copy goes to another region");
  });

  test('environment names are checked and unique', () => {
    // One rule and one text with EnvironmentBackup (test/vault/environment-name.test.ts).
    expectSynthError({ environments: [{ ...production, environmentName: 'prod_1' }] }, 'environmentName ("prod_1") must be 1 to 32 characters: letters, digits or \'-\', starting with a letter or digit, without \'_\' (EnvironmentBackup and OrganizationBackup take the same names: an organization\'s StackSet backup-baseline-<name> accepts letters, digits and \'-\' only)');
    expectSynthError({ environments: [{ ...production, environmentName: '-prod' }] }, 'environmentName ("-prod") must be 1 to 32 characters');
    expectSynthError({ environments: [{ ...production, environmentName: 'a'.repeat(33) }] }, `environmentName ("${'a'.repeat(33)}") must be 1 to 32 characters`);
    expectSynthError({ environments: [{ ...production, environmentName: Lazy.string({ produce: () => 'x' }) }] }, 'environmentName must be a literal string, not a token');
    expectSynthError({ environments: [production, production] }, "environmentName ('production') is used by two environments");
  });

  test('backupRoleName must be an IAM role name without path', () => {
    expectSynthError({ environments: [{ ...production, backupRoleName: 'service-role/backup' }] },
      "environment production: backupRoleName ('service-role/backup') must be 1 to 64 letters, digits or +=,.@_- (an IAM role name without path)");
  });

  test('account names that make the rule target input longer than EventBridge allows fail at synth', () => {
    const accountNames: { [id: string]: string } = {};
    for (let i = 0; i < 200; i++) accountNames[String(100000000000 + i)] = `workload-account-with-a-long-name-${i}`;
    expectSynthError({ accountNames }, /Management\/Org: accountNames \(200 accounts\) make the rule target's input \d+ characters, more than EventBridge's 8192: shorten or drop names/);
    expect(() => build({ accountNames: { 210987654321: 'shop-production' } })).not.toThrow();
  });

  test('accountNames keys are account ids', () => {
    expectSynthError({ accountNames: { 'shop-prod': 'x' } }, "accountNames: 'shop-prod' must be an account id of 12 digits");
  });

  test('an organization without environments fails at synth', () => {
    const { app, stack } = managementStack();
    new OrganizationBackup(stack, 'Org', { organizationId: 'o-abcdef1234' });
    expect(() => app.synth()).toThrow('OrganizationBackup has no environment: add one with environments or addEnvironment()');
  });

  test('rules are validated with the plan rules of the library', () => {
    const bad = new backup.BackupPlanRule({
      ruleName: 'Hourly', scheduleExpression: events.Schedule.cron({ minute: '0' }), startWindow: Duration.minutes(30),
    });
    expectSynthError({ environments: [{ ...production, rules: [bad] }] }, 'rule Hourly: startWindow (30 minutes) must be at least 60 minutes');
  });

  test('a copy destination must be a baseline vault of this app or declared external', () => {
    const rule = (arn: string) => new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
      deleteAfter: Duration.days(7),
      copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(new Stack(), 'V', arn), deleteAfter: Duration.days(7) }],
    });
    const central = 'arn:aws:backup:eu-west-1:999999999999:backup-vault:central';
    const withRule = (arn: string, extra: Partial<OrganizationEnvironment> = {}) =>
      [{ ...staging, copyToRegions: undefined, rules: [rule(arn)], ...extra }];
    // A vault of another account that nothing deploys.
    expect(() => build({ environments: withRule(central) })).toThrow(
      `Management/Org/staging: environment staging: plan backup-staging rule Daily copies to '${central}', a vault of account 999999999999, which no baseline of this app deploys: ` +
      'deploy that vault with an environment of this OrganizationBackup or declare it in externalCopyDestinationArns');
    // Declared external: accepted.
    expect(() => build({ environments: withRule(central, { externalCopyDestinationArns: [central] }) })).not.toThrow();
    // The environment's own vault name in a region where no baseline deploys it.
    expect(() => build({ environments: withRule('arn:aws:backup:ap-south-1:$account:backup-vault:staging-backup-vault') })).toThrow(
      "but the baseline that deploys vault 'staging-backup-vault' does not deploy it in ap-south-1 (its regions: eu-west-1)");
    // No baseline deploys that name at all.
    expect(() => build({ environments: withRule('arn:aws:backup:eu-west-1:$account:backup-vault:nowhere') })).toThrow(
      "but no environment's baseline deploys a vault named 'nowhere'");
    // Production's vault in its region, but production does not cover staging's OU.
    const toProduction = withRule('arn:aws:backup:us-east-1:$account:backup-vault:production-backup-vault');
    expect(() => build({ environments: [production, ...toProduction] })).toThrow(
      `but the baseline that deploys vault 'production-backup-vault' in us-east-1 does not target every OU of the environment (${STAGING_OU})`);
  });

  test('the policy size limit of AWS Organizations applies (10,000 characters)', () => {
    const tags: { [k: string]: string } = {};
    for (let i = 0; i < 30; i++) tags[`backup-selection-tag-${i}-${'k'.repeat(80)}`] = 'v'.repeat(250);
    expectSynthError({ environments: [{ ...production, selection: { tags } }] },
      /Management\/Org\/production\/Policy: the policy document \(\d+ characters\) must be at most 10000 characters/);
  });
});
