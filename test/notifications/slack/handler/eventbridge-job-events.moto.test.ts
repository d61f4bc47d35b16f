/*
 * Member accounts' AWS Backup job failures, as the organization's central rule puts them in the
 * Slack forwarder's buffer queue (an SQS target whose body is the rule's input template with the
 * event in place of `<aws.events.event.json>`), through the real handler (source and the bundled
 * asset that ships) to a Slack stand-in on 127.0.0.1.
 */
import * as http from 'http';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EnvironmentTier, OrganizationBackup, SlackWebhook } from '../../../../src';
import {
  isOrganizationJobEnvelope,
  MalformedJobEventError,
  parseOrganizationJobEvent,
} from '../../../../src/notifications/slack/handler/eventbridge-job-events';
import { organizationJobNotification } from '../../../../src/notifications/slack/handler/notification-parser';
import { forgetPacing, handler } from '../../../../src/notifications/slack/handler/slack-forwarder.lambda';
import { forgetWebhookUrl } from '../../../../src/notifications/slack/handler/webhook-url';
import { invokeBundle } from '../../../support/bundled-handler';
import { captureConsole, serve, withMotoAccount } from '../../../support/handler-fixtures';
import { LoopbackServer } from '../../../support/loopback-server';
import { sectionTexts } from '../../fixtures';

// Events shaped as in the AWS Backup developer guide ("Monitoring AWS Backup events using Amazon
// EventBridge"): backup and copy jobs report `state`, restore jobs `status`.
const backupFailed = {
  'version': '0',
  'id': '710b0398-d48e-f3c3-afca-cfeb2fdaa656',
  'detail-type': 'Backup Job State Change',
  'source': 'aws.backup',
  'account': '222222222222',
  'time': '2026-12-01T05:12:00Z',
  'region': 'eu-west-1',
  'resources': ['arn:aws:rds:eu-west-1:222222222222:db:orders'],
  'detail': {
    backupJobId: '1b23c4d5-0000-4000-8000-000000000001',
    backupVaultArn: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:production-backup-vault',
    backupVaultName: 'production-backup-vault',
    iamRoleArn: 'arn:aws:iam::222222222222:role/production-backup-role',
    resourceArn: 'arn:aws:rds:eu-west-1:222222222222:db:orders',
    resourceType: 'RDS',
    state: 'FAILED',
    statusMessage: 'Insufficient privileges to perform this action.',
  },
};
const copyFailed = {
  'version': '0',
  'id': 'c0ffee00-0000-4000-8000-000000000002',
  'detail-type': 'Copy Job State Change',
  'source': 'aws.backup',
  'account': '333333333333',
  'time': '2026-12-01T06:40:00Z',
  'region': 'eu-west-1',
  'resources': [],
  'detail': {
    copyJobId: 'copy-job-0002',
    sourceBackupVaultArn: 'arn:aws:backup:eu-west-1:333333333333:backup-vault:staging-backup-vault',
    destinationBackupVaultArn: 'arn:aws:backup:eu-central-1:333333333333:backup-vault:staging-backup-vault',
    iamRoleArn: 'arn:aws:iam::333333333333:role/staging-backup-role',
    resourceArn: 'arn:aws:dynamodb:eu-west-1:333333333333:table/carts',
    resourceType: 'DynamoDB',
    state: 'FAILED',
    statusMessage: 'Copy job failed because the destination vault key does not allow the role.',
  },
};
const restoreAborted = {
  'version': '0',
  'id': 'abcdabcd-0000-4000-8000-000000000003',
  'detail-type': 'Restore Job State Change',
  'source': 'aws.backup',
  'account': '444444444444',
  'time': '2026-12-01T07:01:00Z',
  'region': 'us-east-1',
  'resources': [],
  'detail': {
    restoreJobId: 'restore-job-0003',
    backupVaultArn: 'arn:aws:backup:us-east-1:444444444444:backup-vault:somebody-elses-vault',
    recoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-0123',
    iamRoleArn: 'arn:aws:iam::444444444444:role/production-backup-role',
    resourceType: 'EBS',
    status: 'ABORTED',
    statusMessage: 'Restore aborted by the user.',
  },
};

/**
 * The envelope exactly as the central rule's input transformer makes it: the InputTemplate of the
 * synthesized management stack, with EventBridge's `<aws.events.event.json>` replaced by the event.
 */
function centralRuleTemplate(): string {
  const app = new App();
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  new OrganizationBackup(stack, 'Org', {
    organizationId: 'o-abcdef1234',
    slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook')),
    accountNames: { 222222222222: 'shop-production', 333333333333: 'shop-staging' },
    environments: [
      { environmentName: 'production', tier: EnvironmentTier.PRODUCTION, organizationalUnitIds: ['ou-ab12-prod0001'], regions: ['eu-west-1', 'us-east-1'] },
      { environmentName: 'staging', tier: EnvironmentTier.STAGING, organizationalUnitIds: ['ou-ab12-stag0001'], regions: ['eu-west-1'], copyToRegions: ['eu-central-1'] },
    ],
  });
  const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
  const rule = Object.values(rules).find((r: any) => r.Properties.Targets?.[0]?.InputTransformer) as any;
  return rule.Properties.Targets[0].InputTransformer.InputTemplate;
}
const inputTemplate = centralRuleTemplate();
/** The body EventBridge puts in the queue: the input template with the event in place of the variable. */
const body = (event: unknown) => inputTemplate.replace('<aws.events.event.json>', JSON.stringify(event));
const envelope = (event: unknown) => JSON.parse(body(event));

let messageCounter = 0;
/** One SQS record as the event source mapping delivers it, with the rule's envelope as its body. */
function sqsRecord(messageBody: string): any {
  return {
    messageId: `org-msg-${++messageCounter}`,
    receiptHandle: 'AQEB…',
    body: messageBody,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1764558600000' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111111111111:SlackForwarderQueue',
    awsRegion: 'eu-west-1',
  };
}
const batch = (...events: unknown[]) => ({ Records: events.map((e) => sqsRecord(typeof e === 'string' ? e : body(e))) });

/** The same failed backup in another account and region (production by its vault). */
const backupFailedElsewhere = {
  ...backupFailed,
  id: '710b0398-d48e-f3c3-afca-cfeb2fdaa657',
  account: '555555555555',
  region: 'us-east-1',
  resources: ['arn:aws:dynamodb:us-east-1:555555555555:table/orders'],
  detail: {
    ...backupFailed.detail,
    backupJobId: '1b23c4d5-0000-4000-8000-000000000005',
    backupVaultArn: 'arn:aws:backup:us-east-1:555555555555:backup-vault:production-backup-vault',
    iamRoleArn: 'arn:aws:iam::555555555555:role/production-backup-role',
    resourceArn: 'arn:aws:dynamodb:us-east-1:555555555555:table/orders',
    resourceType: 'DynamoDB',
    statusMessage: 'The KMS key of the table is disabled.',
  },
};

class FakeSlack extends LoopbackServer {
  readonly requests: any[] = [];
  status = 200;

  protected receive(_req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    this.requests.push(JSON.parse(raw));
    res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status === 200 ? 'ok' : 'invalid_payload');
  }
}

const slack = new FakeSlack();
const context = { getRemainingTimeInMillis: () => 10_000 };
const output = captureConsole();
/** The handler's summary line of the last invocation (records, delivered, failed, posts, lookups). */
const summary = () => output.lines('log').filter((l) => l.startsWith('{"records"')).map((l) => JSON.parse(l)).pop();
const fieldsOf = (message: any) => message.blocks[1].fields.map((f: any) => f.text);

serve(slack);
withMotoAccount(() => ({
  // The central stack's forwarder has no vault topic of these environments: names come from the envelope.
  TOPIC_ENVIRONMENTS: '[]',
  MIN_POST_INTERVAL_MS: '0',
}));
beforeAll(async () => {
  const secrets = new SecretsManagerClient({});
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'; // the Slack stand-in
  process.env.WEBHOOK_SECRET_ARN = (await secrets.send(new CreateSecretCommand({ Name: 'backup/slack-webhook', SecretString: `${slack.endpoint}/hook` }))).ARN!;
});
beforeEach(() => {
  slack.requests.length = 0;
  slack.status = 200;
  forgetPacing();
  forgetWebhookUrl();
});

describe('the central rule\'s envelope, parsed into the forwarder\'s notification model', () => {
  test('the envelope is recognized; an SNS envelope is not', () => {
    expect(isOrganizationJobEnvelope(envelope(backupFailed))).toBe(true);
    expect(isOrganizationJobEnvelope({ Type: 'Notification', Message: 'x', TopicArn: 'arn:aws:sns:eu-west-1:1:t' })).toBe(false);
  });

  test('kind, state, job, resource, reason (statusMessage), account and its name, environment and region', () => {
    expect(organizationJobNotification(envelope(backupFailed))).toEqual(expect.objectContaining({
      kind: 'BACKUP_JOB',
      state: 'FAILED',
      jobId: '1b23c4d5-0000-4000-8000-000000000001',
      resourceArn: 'arn:aws:rds:eu-west-1:222222222222:db:orders',
      accountId: '222222222222',
      accountName: 'shop-production',
      environmentName: 'production',
      region: 'eu-west-1',
      partition: 'aws',
      origin: 'ORGANIZATION',
      details: { reason: 'Insufficient privileges to perform this action.', vault: 'production-backup-vault' },
    }));
    // Restore jobs report `status`; the environment is found by the role when the vault is unknown.
    expect(organizationJobNotification(envelope(restoreAborted))).toEqual(expect.objectContaining({
      kind: 'RESTORE_JOB', state: 'ABORTED', accountId: '444444444444', accountName: undefined, environmentName: 'production', region: 'us-east-1',
    }));
  });

  test('malformed inputs throw MalformedJobEventError naming the problem', () => {
    expect(() => parseOrganizationJobEvent(envelope({ ...backupFailed, source: 'aws.ec2' }))).toThrow(new MalformedJobEventError('the event\'s source is "aws.ec2", not aws.backup'));
    expect(() => parseOrganizationJobEvent(envelope({ ...backupFailed, 'detail-type': 'Backup Vault State Change' })))
      .toThrow('the detail type "Backup Vault State Change" is not a job state change');
    expect(() => parseOrganizationJobEvent(envelope({ ...backupFailed, account: undefined }))).toThrow('the event has no account or region');
    expect(() => parseOrganizationJobEvent('text')).toThrow('the input is not an object');
  });
});

describe('member account job failures through the forwarder\'s handler (TypeScript source)', () => {
  test('a failed backup alone: one message with account name, environment, region and reason, and no Describe call', async () => {
    const event = batch(backupFailed);
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(1);
    const message = slack.requests[0];
    expect(message.blocks[0].text.text).toBe('[production] Backup job FAILED in shop-production (222222222222)');
    expect(fieldsOf(message)).toEqual(expect.arrayContaining([
      '*Account*\nshop-production (222222222222)', '*Environment*\nproduction', '*Region*\neu-west-1',
      '*Resource*\narn:aws:rds:eu-west-1:222222222222:db:orders', '*Job ID*\n1b23c4d5-0000-4000-8000-000000000001',
    ]));
    expect(sectionTexts(message)).toEqual(expect.arrayContaining([
      '*Reason*\nInsufficient privileges to perform this action.',
      '<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup/details/1b23c4d5-0000-4000-8000-000000000001|Open in the AWS Backup console>',
    ]));
    expect(message.text).toContain('Reason: Insufficient privileges to perform this action.');
    // The reason is the event's statusMessage: the job is in another account, nothing to look up.
    expect(summary()).toEqual(expect.objectContaining({ records: 1, delivered: 1, posts: 1, lookups: 0 }));
  });

  test('a failed copy alone (environment by source vault) and an aborted restore alone (by role, no account name)', async () => {
    await expect(handler(batch(copyFailed), context)).resolves.toEqual({ batchItemFailures: [] });
    await expect(handler(batch(restoreAborted), context)).resolves.toEqual({ batchItemFailures: [] });
    const [copy, restore] = slack.requests;
    expect(copy.blocks[0].text.text).toBe('[staging] Copy job FAILED in shop-staging (333333333333)');
    expect(fieldsOf(copy)).toEqual(expect.arrayContaining(['*Account*\nshop-staging (333333333333)', '*Environment*\nstaging', '*Region*\neu-west-1']));
    expect(copy.text).toContain('Reason: Copy job failed because the destination vault key does not allow the role.');
    expect(restore.blocks[0].text.text).toBe('[production] Restore job ABORTED in 444444444444');
    expect(fieldsOf(restore)).toEqual(expect.arrayContaining(['*Account*\n444444444444', '*Environment*\nproduction', '*Region*\nus-east-1']));
    expect(restore.text).toContain('Reason: Restore aborted by the user.');
    expect(sectionTexts(restore)).toContain(
      '<https://us-east-1.console.aws.amazon.com/backup/home?region=us-east-1#/jobs/restore/details/restore-job-0003|Open in the AWS Backup console>');
  });

  test('one batch from several accounts: a digest per environment, each line with account, region and reason', async () => {
    const event = batch(backupFailed, copyFailed, restoreAborted, backupFailedElsewhere);
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(2);
    const production = slack.requests.find((m) => m.text.includes('[production]'));
    const staging = slack.requests.find((m) => m.text.includes('[staging]'));
    expect(production.text.split('\n')[0]).toBe(':rotating_light: [production] 3 backup notifications: 2 Backup job FAILED, 1 Restore job ABORTED');
    const lines = sectionTexts(production).join('\n');
    for (const expected of [
      'Backup job FAILED in shop-production (222222222222), eu-west-1',
      'Backup job FAILED in 555555555555, us-east-1',
      'Restore job ABORTED in 444444444444, us-east-1',
      'Insufficient privileges to perform this action.',
      'The KMS key of the table is disabled.',
      'Restore aborted by the user.',
    ]) expect(lines).toContain(expected);
    // A single notification of an environment is a single message, not a digest.
    expect(staging.blocks[0].text.text).toBe('[staging] Copy job FAILED in shop-staging (333333333333)');
    expect(summary()).toEqual(expect.objectContaining({ records: 4, delivered: 4, posts: 2, lookups: 0 }));
  });

  test('a malformed envelope is not dropped: it alone goes back to the queue (then to its dead-letter queue)', async () => {
    const noEvent = JSON.stringify({ ...envelope(backupFailed), event: { source: 'aws.ec2' } });
    const event = batch(backupFailed, noEvent);
    const bad = event.Records[1].messageId;
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: bad }] });
    expect(slack.requests).toHaveLength(1);
    expect(summary()).toEqual(expect.objectContaining({ records: 2, delivered: 1, failed: 1 }));
    expect(output.lines('log')).toContain(
      `Record ${bad} is not a notification: organization job event envelope: the event's source is "aws.ec2", not aws.backup`);
  });

  test('Slack refusing the message returns the records as batch item failures', async () => {
    slack.status = 400;
    const event = batch(backupFailed);
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0].messageId }] });
  });
});

describe('member account job failures through the bundled asset that ships', () => {
  const runBundle = (event: unknown) => invokeBundle('notifications/slack/handler/slack-forwarder.lambda', event);

  test('a batch from three accounts: digest and single message with account, environment, region and reason', async () => {
    const result = await runBundle(batch(backupFailed, restoreAborted, copyFailed));
    expect(result).toEqual({ ok: true, value: { batchItemFailures: [] } });
    const titles = slack.requests.map((m) => m.text.split('\n')[0]).sort();
    expect(titles).toEqual([
      ':red_circle: [staging] Copy job FAILED in shop-staging (333333333333)',
      ':rotating_light: [production] 2 backup notifications: 1 Backup job FAILED, 1 Restore job ABORTED',
    ]);
    const digest = sectionTexts(slack.requests.find((m) => m.text.includes('[production]'))).join('\n');
    expect(digest).toContain('Backup job FAILED in shop-production (222222222222), eu-west-1');
    expect(digest).toContain('Restore job ABORTED in 444444444444, us-east-1');
    expect(digest).toContain('Insufficient privileges to perform this action.');
    const single = slack.requests.find((m) => m.text.includes('[staging]'));
    expect(single.text).toContain('Reason: Copy job failed because the destination vault key does not allow the role.');
    expect(single.text).toContain('Region: eu-west-1');
  });
});

describe('a member account\'s forwarding alarm, through the central alarm rule', () => {
  // CloudWatch user guide, "Alarm events and EventBridge": the event CloudWatch sends when an alarm
  // changes state (source aws.cloudwatch, detail-type "CloudWatch Alarm State Change").
  const alarmFired = {
    'version': '0',
    'id': 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    'source': 'aws.cloudwatch',
    'account': '222222222222',
    'time': '2026-12-01T08:00:00Z',
    'region': 'eu-west-1',
    'resources': ['arn:aws:cloudwatch:eu-west-1:222222222222:alarm:production-BackupEventForwardingFailed'],
    'detail': {
      alarmName: 'production-BackupEventForwardingFailed',
      state: { value: 'ALARM', reason: 'Threshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).', timestamp: '2026-12-01T08:00:00.000+0000' },
      previousState: { value: 'OK', reason: 'Threshold Crossed', timestamp: '2026-11-30T08:00:00.000+0000' },
      configuration: { description: 'AWS Backup job failures or scan results of the production environment did not reach the organization\'s central event bus' },
    },
  };

  /** The input template of the central alarm rule itself, as synthesized. */
  function alarmRuleBody(event: unknown): string {
    const app = new App();
    const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
    new OrganizationBackup(stack, 'Org', {
      organizationId: 'o-abcdef1234',
      slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook')),
      accountNames: { 222222222222: 'shop-production' },
      environments: [{ environmentName: 'production', tier: EnvironmentTier.PRODUCTION, organizationalUnitIds: ['ou-ab12-prod0001'], regions: ['eu-west-1'] }],
    });
    const rule = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule', { Properties: { Name: 'aws-backup-member-alarms-to-slack' } }))[0] as any;
    return rule.Properties.Targets[0].InputTransformer.InputTemplate.replace('<aws.events.event.json>', JSON.stringify(event));
  }

  test('parsed into an ALARM notification of the member account, its environment by the alarm name\'s prefix', () => {
    expect(organizationJobNotification(JSON.parse(alarmRuleBody(alarmFired)))).toEqual(expect.objectContaining({
      kind: 'ALARM',
      state: 'ALARM',
      eventType: 'production-BackupEventForwardingFailed',
      accountId: '222222222222',
      accountName: 'shop-production',
      environmentName: 'production',
      region: 'eu-west-1',
      origin: 'ORGANIZATION',
      details: expect.objectContaining({ reason: expect.stringMatching(/^Threshold Crossed/) }),
    }));
    expect(() => organizationJobNotification(JSON.parse(alarmRuleBody({ ...alarmFired, detail: {} })))).toThrow(/no detail\.alarmName/);
  });

  test('the handler (source) and the bundled asset post it to Slack', async () => {
    const event = { Records: [sqsRecord(alarmRuleBody(alarmFired))] };
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
    await expect(invokeBundle('notifications/slack/handler/slack-forwarder.lambda', event)).resolves.toEqual({ ok: true, value: { batchItemFailures: [] } });
    expect(slack.requests).toHaveLength(2);
    for (const message of slack.requests) {
      expect(message.blocks[0].text.text).toBe('[production] CloudWatch alarm production-BackupEventForwardingFailed is ALARM');
      expect(fieldsOf(message)).toEqual(expect.arrayContaining(['*Account*\nshop-production (222222222222)', '*Environment*\nproduction', '*Region*\neu-west-1']));
      expect(message.text).toContain('Reason: Threshold Crossed');
    }
  });
});
