import * as http from 'http';
import { AddressInfo } from 'net';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EnvironmentTier, OrganizationBackup, SlackWebhook } from '../../src';
import {
  formatOrganizationJobEvent,
  handleOrganizationJobEvent,
  isOrganizationJobEnvelope,
  MalformedJobEventError,
  parseOrganizationJobEvent,
} from '../../src/notifications/eventbridge-job-events';
import { postToSlack } from '../../src/notifications/slack-delivery';

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
const envelope = (event: unknown) => JSON.parse(inputTemplate.replace('<aws.events.event.json>', JSON.stringify(event)));

class FakeSlack {
  readonly requests: any[] = [];
  status = 200;
  url = '';
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      this.requests.push(JSON.parse(raw));
      res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status === 200 ? 'ok' : 'invalid_payload');
    });
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

const slack = new FakeSlack();
const deliver = (payload: unknown) => postToSlack(slack.url, payload, { deadline: Date.now() + 5_000, log: () => undefined }).then(() => undefined);

beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => {
  slack.requests.length = 0;
  slack.status = 200;
});

describe('EventBridge job events of member accounts, to Slack', () => {
  test('the central rule envelope is recognized; an SNS event is not', () => {
    expect(isOrganizationJobEnvelope(envelope(backupFailed))).toBe(true);
    expect(isOrganizationJobEnvelope({ Records: [{ EventSource: 'aws:sns' }] })).toBe(false);
  });

  test('a failed backup: account name, environment (by vault), region and reason reach Slack', async () => {
    await expect(handleOrganizationJobEvent(envelope(backupFailed), deliver)).resolves.toEqual({ delivered: 1 });
    expect(slack.requests).toHaveLength(1);
    const message = slack.requests[0];
    expect(message.blocks[0].text.text).toBe('[production] Backup job FAILED in shop-production (222222222222)');
    const fields = message.blocks[1].fields.map((f: any) => f.text);
    expect(fields).toEqual(expect.arrayContaining([
      '*Account*\nshop-production (222222222222)', '*Environment*\nproduction', '*Region*\neu-west-1',
      '*Resource*\narn:aws:rds:eu-west-1:222222222222:db:orders', '*Kind*\nBackup job (RDS)', '*Vault*\nproduction-backup-vault',
    ]));
    expect(message.blocks[2].text.text).toBe('*Reason*\nInsufficient privileges to perform this action.');
    expect(message.blocks[3].text.text).toContain('https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup/details/1b23c4d5-0000-4000-8000-000000000001');
    expect(message.text).toContain('Reason: Insufficient privileges to perform this action.');
  });

  test('a failed copy from another account: environment by source vault, destination shown', async () => {
    await handleOrganizationJobEvent(envelope(copyFailed), deliver);
    const message = slack.requests[0];
    expect(message.blocks[0].text.text).toBe('[staging] Copy job FAILED in shop-staging (333333333333)');
    expect(message.blocks[1].fields.map((f: any) => f.text)).toEqual(expect.arrayContaining([
      '*Copy to*\narn:aws:backup:eu-central-1:333333333333:backup-vault:staging-backup-vault', '*Environment*\nstaging',
    ]));
    expect(message.text).toContain('Reason: Copy job failed because the destination vault key does not allow the role.');
  });

  test('an aborted restore from an account without a name: status read, environment by role, account id alone', async () => {
    await handleOrganizationJobEvent(envelope(restoreAborted), deliver);
    const message = slack.requests[0];
    expect(message.blocks[0].text.text).toBe('[production] Restore job ABORTED in 444444444444');
    expect(message.blocks[1].fields.map((f: any) => f.text)).toEqual(expect.arrayContaining(['*Account*\n444444444444', '*Region*\nus-east-1']));
    expect(message.blocks.at(-1).text.text).toContain('#/jobs/restore/details/restore-job-0003');
  });

  test('several accounts in a row: one message each, in order', async () => {
    for (const event of [backupFailed, copyFailed, restoreAborted]) await handleOrganizationJobEvent(envelope(event), deliver);
    expect(slack.requests.map((m) => m.blocks[0].text.text)).toEqual([
      '[production] Backup job FAILED in shop-production (222222222222)',
      '[staging] Copy job FAILED in shop-staging (333333333333)',
      '[production] Restore job ABORTED in 444444444444',
    ]);
  });

  test('an environment nothing maps says unknown; a bare event (no envelope) still parses', () => {
    const e = parseOrganizationJobEvent({ ...backupFailed, detail: { ...backupFailed.detail, backupVaultName: 'x', backupVaultArn: undefined, iamRoleArn: 'arn:aws:iam::1:role/other' } });
    expect(e.environmentName).toBeUndefined();
    expect(formatOrganizationJobEvent(e).blocks[1].fields.map((f: any) => f.text)).toContain('*Environment*\nunknown');
  });

  test('Slack refusing the message makes the handler throw (Lambda retries, then the dead-letter queue)', async () => {
    slack.status = 400;
    await expect(handleOrganizationJobEvent(envelope(backupFailed), deliver)).rejects.toThrow(/400/);
  });

  test('malformed inputs throw MalformedJobEventError naming the problem', () => {
    expect(() => parseOrganizationJobEvent(envelope({ ...backupFailed, source: 'aws.ec2' }))).toThrow(new MalformedJobEventError('the event\'s source is "aws.ec2", not aws.backup'));
    expect(() => parseOrganizationJobEvent(envelope({ ...backupFailed, 'detail-type': 'Backup Vault State Change' })))
      .toThrow('the detail type "Backup Vault State Change" is not a job state change');
    expect(() => parseOrganizationJobEvent(envelope({ ...backupFailed, account: undefined }))).toThrow('the event has no account or region');
    expect(() => parseOrganizationJobEvent('text')).toThrow('the input is not an object');
  });
});
