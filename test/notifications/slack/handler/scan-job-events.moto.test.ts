/*
 * Malware scan results as an environment's scan rule puts them in the Slack forwarder's buffer
 * queue (an SQS target whose body is the rule's input template with the event in place of
 * `<aws.events.event.json>`) and on the environment's topic, through the real handler (source and
 * the bundled asset that ships) to a Slack stand-in on 127.0.0.1.
 *
 * The events are the AWS Backup developer guide's samples, "Monitoring AWS Backup events using
 * Amazon EventBridge", section "Malware scan Job events" (states COMPLETED with THREATS_FOUND,
 * COMPLETED_WITH_ISSUES, FAILED, CANCELED), with this test's account, region and vault:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#aws-backup-events-malware-scan-job
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EnvironmentBackup, SlackWebhook } from '../../../../src';
import { formatDigest } from '../../../../src/notifications/slack/handler/digest';
import { MalformedRecordError, parseQueueRecord, parseRecord, scanNotification } from '../../../../src/notifications/slack/handler/notification-parser';
import {
  isScanJobEnvelope, MalformedScanEventError, parseScanJobEvent, scanOutcome,
} from '../../../../src/notifications/slack/handler/scan-job-events';
import { forgetPacing, handler } from '../../../../src/notifications/slack/handler/slack-forwarder.lambda';
import { formatMessage } from '../../../../src/notifications/slack/handler/slack-message';
import { forgetWebhookUrl } from '../../../../src/notifications/slack/handler/webhook-url';
import { invokeBundle } from '../../../support/bundled-handler';
import { captureConsole, serve, withMotoAccount } from '../../../support/handler-fixtures';

const ACCOUNT = '111122223333';
const RECOVERY_POINT = `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:abcd1234-5678-abcd-9012-abcdef123456`;
const RESOURCE = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0515aee7de03f58e1`;

/** The guide's sample, in this test's account and region, with a state, a result and a message. */
function scanEvent(state: string, scanResultStatus: string | undefined, statusMessage: string, scanJobId = '4d5fc12e-7e33-4336-a981-bbe43c300298'): any {
  return {
    'version': '0',
    'id': '60ce181d-67c7-496b-90fb-69636b42daee',
    'detail-type': 'Scan Job State Change',
    'source': 'aws.backup',
    'account': ACCOUNT,
    'time': '2025-12-12T12:12:12Z',
    'region': 'eu-west-1',
    'resources': [RECOVERY_POINT],
    'detail': {
      accountId: ACCOUNT,
      backupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:production-backup-vault`,
      backupVaultName: 'production-backup-vault',
      completionDate: '2025-12-12T12:12:12Z',
      createdBy: {
        backupPlanArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-plan:5d5a14cc-4ee2-4b9f-beb6-4afa998bb98f`,
        backupPlanId: '5d5a14cc-4ee2-4b9f-beb6-4afa998bb98f',
        backupPlanVersion: 'Mjc4ZTRhMzUtMGE5Ni00NmQ5LWE1YmMtOWMwY2IwMTY4NWQ4',
        backupRuleId: '256ad167-f523-4cb9-93f3-f0c933efd97f',
      },
      creationDate: '2025-12-12T12:12:00Z',
      iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/production-backup-role`,
      scannerRoleArn: `arn:aws:iam::${ACCOUNT}:role/RoleForAwsBackupGuarddutyScanner`,
      recoveryPointArn: RECOVERY_POINT,
      resourceArn: RESOURCE,
      resourceType: 'EC2',
      scanId: '43bc14a6-03e0-436a-abf5-8825d3aa6835',
      scanJobId,
      scanBaseRecoveryPointArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:46bd3edb-a499-4db1-8f8f-269a2ff76fab`,
      malwareScanner: 'GUARDDUTY',
      ...scanResultStatus ? { scanResult: { scanResultStatus } } : {},
      state,
      statusMessage,
    },
  };
}
// The guide's samples: COMPLETED carries THREATS_FOUND; FAILED and CANCELED carry no scanResult.
const threatsFound = scanEvent('COMPLETED', 'THREATS_FOUND', 'An AWS Backup scan job was successful completed.');
const withIssues = scanEvent('COMPLETED_WITH_ISSUES', 'NO_THREATS_FOUND', 'Scan job partially completed. View more details in Amazon GuardDuty', 'scan-job-issues');
const failed = scanEvent('FAILED', undefined, '<failure reason>', 'scan-job-failed');
const canceled = scanEvent('CANCELED', undefined, 'Scan job was stopped by user.', 'scan-job-canceled');

/** The environment's scan rule's input template, as synthesized. */
function scanRuleTemplate(): string {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  new EnvironmentBackup(stack, 'Prod', {
    environmentName: 'production',
    malwareScanning: {},
    notifications: { slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook')) },
  });
  const rule = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule', {
    Properties: { EventPattern: { 'detail-type': ['Scan Job State Change'] } },
  }))[0] as any;
  return rule.Properties.Targets[0].InputTransformer.InputTemplate;
}
const inputTemplate = scanRuleTemplate();
const body = (event: unknown) => inputTemplate.replace('<aws.events.event.json>', JSON.stringify(event));
const envelope = (event: unknown) => JSON.parse(body(event));

let counter = 0;
const sqsRecord = (messageBody: string): any => ({
  messageId: `scan-msg-${++counter}`,
  receiptHandle: 'AQEB…',
  body: messageBody,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1764558600000' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:eu-west-1:${ACCOUNT}:SlackForwarderQueue`,
  awsRegion: 'eu-west-1',
});
const batch = (...events: unknown[]) => ({ Records: events.map((e) => sqsRecord(typeof e === 'string' ? e : body(e))) });

describe('scan job events parsed into the forwarder\'s notification model', () => {
  test('the envelope names the environment and carries the whole event', () => {
    expect(isScanJobEnvelope(envelope(threatsFound))).toBe(true);
    expect(envelope(threatsFound)).toEqual(expect.objectContaining({ environmentName: 'production', event: threatsFound }));
  });

  test('threat found: state THREATS_FOUND, scan job, resource, recovery point, environment, reason', () => {
    expect(scanNotification(envelope(threatsFound))).toEqual({
      kind: 'SCAN_JOB',
      state: 'THREATS_FOUND',
      jobId: '4d5fc12e-7e33-4336-a981-bbe43c300298',
      resourceArn: RESOURCE,
      recoveryPointArn: RECOVERY_POINT,
      accountId: ACCOUNT,
      environmentName: 'production',
      region: 'eu-west-1',
      partition: 'aws',
      startTime: '2025-12-12T12:12:12Z',
      subject: 'Malware scan THREATS_FOUND',
      message: 'GuardDuty found malware in a recovery point, resource type EC2, vault production-backup-vault.',
      details: {
        scanState: 'COMPLETED',
        scanResult: 'THREATS_FOUND',
        reason: 'An AWS Backup scan job was successful completed.',
        vault: 'production-backup-vault',
        resourceType: 'EC2',
      },
    });
  });

  test('the other outcomes: the scan job\'s state, what it means, and the result when there is one', () => {
    expect([withIssues, failed, canceled].map((e) => {
      const n = scanNotification(envelope(e));
      return [n.state, n.message, n.details.reason];
    })).toEqual([
      ['COMPLETED_WITH_ISSUES', 'A malware scan did not scan all of a recovery point (completed with issues), resource type EC2, vault production-backup-vault, scan result NO_THREATS_FOUND.',
        'Scan job partially completed. View more details in Amazon GuardDuty'],
      ['FAILED', 'A malware scan failed: the recovery point is not scanned, resource type EC2, vault production-backup-vault.', '<failure reason>'],
      ['CANCELED', 'A malware scan was canceled: the recovery point is not scanned, resource type EC2, vault production-backup-vault.', 'Scan job was stopped by user.'],
    ]);
    // Threats found in a scan that completed with issues: the threats come first.
    expect(scanOutcome({ state: 'COMPLETED_WITH_ISSUES', scanResult: 'THREATS_FOUND' })).toBe('THREATS_FOUND');
  });

  test('a bare event (no envelope) parses, without an environment', () => {
    expect(parseScanJobEvent(failed)).toEqual(expect.objectContaining({ state: 'FAILED', environmentName: undefined, scanJobId: 'scan-job-failed' }));
  });

  test('malformed inputs throw errors naming the problem; the queue parser names the envelope', () => {
    expect(() => parseScanJobEvent({ ...failed, 'detail-type': 'Backup Job State Change' }))
      .toThrow(new MalformedScanEventError('the detail type "Backup Job State Change" is not "Scan Job State Change"'));
    expect(() => parseScanJobEvent({ ...failed, source: 'aws.guardduty' })).toThrow('the event\'s source is "aws.guardduty", not aws.backup');
    expect(() => parseScanJobEvent({ ...failed, account: undefined, detail: { ...failed.detail, accountId: undefined } })).toThrow('the event has no account or region');
    expect(() => parseQueueRecord(sqsRecord(JSON.stringify({ ...envelope(failed), event: { source: 'aws.ec2' } }))))
      .toThrow(new MalformedRecordError('scan job event envelope: the event\'s source is "aws.ec2", not aws.backup'));
  });

  test('the topic\'s copy (an SNS envelope without attributes, through an unfiltered subscription) parses the same', () => {
    const topicArn = `arn:aws:sns:eu-west-1:${ACCOUNT}:production-backup-notifications`;
    const n = parseRecord({ Sns: { Type: 'Notification', TopicArn: topicArn, Message: body(failed), MessageAttributes: {} } });
    expect(n).toEqual(expect.objectContaining({ kind: 'SCAN_JOB', state: 'FAILED', environmentName: 'production', topicArn }));
  });
});

describe('Slack messages of scan results (pure formatting)', () => {
  const fields = (payload: any) => payload.blocks[1].fields.map((f: any) => f.text);

  test('threat found: title, environment, resource, recovery point, scan job, link to the console', () => {
    const n = scanNotification(envelope(threatsFound));
    const payload = formatMessage(n, 'production');
    expect(payload.blocks[0].text.text).toBe('[production] Malware scan THREATS_FOUND');
    expect(payload.text.split('\n')[0]).toBe(':biohazard_sign: [production] Malware scan THREATS_FOUND');
    expect(fields(payload)).toEqual(expect.arrayContaining([
      '*State*\nTHREATS_FOUND', '*Kind*\nMalware scan', '*Environment*\nproduction', `*Resource*\n${RESOURCE}`,
      `*Recovery point*\n${RECOVERY_POINT}`, '*Scan job ID*\n4d5fc12e-7e33-4336-a981-bbe43c300298', `*Account*\n${ACCOUNT}`,
      '*Region*\neu-west-1', '*Scan state*\nCOMPLETED',
    ]));
    expect(payload.text).toContain(`Recovery point: ${RECOVERY_POINT}`);
    expect(payload.text).toContain('https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs');
  });

  test('scan failed: its own title and emoji, the reason, no scan state field (the state is the scan\'s)', () => {
    const payload = formatMessage(scanNotification(envelope(failed)), 'production');
    expect(payload.text.split('\n')[0]).toBe(':red_circle: [production] Malware scan FAILED');
    // Escaped in the fallback text too (issue 20 item 7: Slack parses < and > there).
    expect(payload.text).toContain('Reason: &lt;failure reason&gt;');
    expect(fields(payload).some((f: string) => f.startsWith('*Scan state*'))).toBe(false);
  });

  test('the digest counts threats apart from failures and lists each recovery point', () => {
    const items = [threatsFound, withIssues, failed, canceled].map((e) => ({ notification: scanNotification(envelope(e)) }));
    const digest = formatDigest('production', items);
    expect(digest.text.split('\n')).toEqual(expect.arrayContaining([
      'Malware scan THREATS_FOUND: 1', 'Malware scan FAILED: 1', 'Malware scan CANCELED: 1', 'Malware scan COMPLETED_WITH_ISSUES: 1',
      'https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs',
    ]));
    const text = JSON.stringify(digest.blocks);
    expect(text).toContain(`Malware scan THREATS_FOUND <https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs|4d5fc12e-7e33-4336-a981-bbe43c300298> — ${RESOURCE} — recovery point ${RECOVERY_POINT}`);
    expect(text).toContain('Scan job was stopped by user.');
  });
});

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

describe('scan results through the forwarder\'s handler', () => {
  const slack = new FakeSlack();
  const context = { getRemainingTimeInMillis: () => 10_000 };
  const output = captureConsole();
  const summary = () => output.lines('log').filter((l) => l.startsWith('{"records"')).map((l) => JSON.parse(l)).pop();

  serve(slack);
  withMotoAccount(() => ({
    TOPIC_ENVIRONMENTS: '[["production-backup-notifications","production"]]',
    MIN_POST_INTERVAL_MS: '0',
  }));
  beforeAll(async () => {
    const secrets = new SecretsManagerClient({});
    process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'; // the Slack stand-in
    process.env.WEBHOOK_SECRET_ARN = (await secrets.send(new CreateSecretCommand({ Name: 'backup/slack-webhook', SecretString: slack.url }))).ARN!;
  });
  beforeEach(() => {
    slack.requests.length = 0;
    slack.status = 200;
    forgetPacing();
    forgetWebhookUrl();
  });

  test('a threat found alone: one message, no job lookup (scan jobs are not described)', async () => {
    await expect(handler(batch(threatsFound), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0].blocks[0].text.text).toBe('[production] Malware scan THREATS_FOUND');
    expect(summary()).toEqual(expect.objectContaining({ records: 1, delivered: 1, posts: 1, lookups: 0 }));
  });

  test('a scan storm beside a vault notification of the same environment: one digest', async () => {
    const sns = JSON.stringify({
      Type: 'Notification',
      TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:production-backup-notifications`,
      Subject: 'Notification from AWS Backup',
      Message: `An AWS Backup job failed. Resource ARN : ${RESOURCE}. BackupJob ID : job-1`,
      MessageAttributes: { EventType: { Type: 'String', Value: 'BACKUP_JOB' }, State: { Type: 'String', Value: 'FAILED' } },
    });
    await expect(handler(batch(threatsFound, failed, canceled, sns), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0].text.split('\n')[0]).toMatch(/^:rotating_light: \[production\] 4 backup notifications: /);
  });

  test('Slack refusing the message returns the record to the queue', async () => {
    slack.status = 400;
    const event = batch(failed);
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0].messageId }] });
  });

  test('the bundled asset that ships posts the same message', async () => {
    const result = await invokeBundle('notifications/slack/handler/slack-forwarder.lambda', batch(threatsFound));
    expect(result).toEqual({ ok: true, value: { batchItemFailures: [] } });
    expect(slack.requests.map((m) => m.text.split('\n')[0])).toEqual([':biohazard_sign: [production] Malware scan THREATS_FOUND']);
    expect(slack.requests[0].text).toContain(`Recovery point: ${RECOVERY_POINT}`);
  });
});
