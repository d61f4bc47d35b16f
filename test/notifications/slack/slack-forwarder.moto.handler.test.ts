import * as fs from 'fs';
import * as path from 'path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FakeSlack } from './fake-slack';
import { forgetPacing, handler } from '../../../src/notifications/slack/handler/slack-forwarder.lambda';
import { forgetWebhookUrl } from '../../../src/notifications/slack/handler/webhook-url';
import { invokeBundle } from '../../support/bundled-handler';
import { captureConsole, serve, withMotoAccount } from '../../support/handler-fixtures';
import { sample, sectionTexts, snsEvent, sqsEvent, sqsRecord, TOPIC_ARN } from '../fixtures';


const slack = new FakeSlack();
let secrets: SecretsManagerClient;
let secretArn: string;
let jsonSecretArn: string;
const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

// The handler logs what it survives (moto answers DescribeBackupJob with an HTML 404): expected here.
const output = captureConsole();
serve(slack);
withMotoAccount();

beforeAll(async () => {
  secrets = new SecretsManagerClient({});
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'backup/slack-webhook', SecretString: `${slack.url}/hook` }))).ARN!;
  jsonSecretArn = (await secrets.send(new CreateSecretCommand({
    Name: 'backup/slack-json', SecretString: JSON.stringify({ url: `${slack.url}/json-hook`, other: 'x' }),
  }))).ARN!;
});

beforeEach(() => {
  forgetWebhookUrl();
  forgetPacing();
  process.env.WEBHOOK_SECRET_ARN = secretArn;
  // The Slack stand-in listens on 127.0.0.1: allowed explicitly, as a user allows another host.
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  delete process.env.WEBHOOK_SECRET_JSON_FIELD;
  process.env.TOPIC_ENVIRONMENTS = JSON.stringify([[TOPIC_ARN.split(':')[5], 'production'], ['backup-staging', 'staging']]);
  // These tests are about answers, not pacing: no wait between posts (the construct sets 2000 ms;
  // the storm test runs with it).
  process.env.MIN_POST_INTERVAL_MS = '0';
});

const STAGING_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:backup-staging';
const ALARM_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:S-SlackForwarderAlarmTopic';

describe('slack-forwarder handler (TypeScript source)', () => {
  test('one failure: one readable message, enrichment failure survived (moto has no DescribeBackupJob), nothing to retry', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const record = sqsRecord(sample('backup failed'));
    await expect(handler(sqsEvent(record), context(10_000))).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(1);
    const { body } = slack.requests[0];
    expect(body.text).toContain(':red_circle: [production] Backup job FAILED');
    expect(body.blocks[0].text.text).toBe('[production] Backup job FAILED');
    expect(sectionTexts(body)).toContain(
      '<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup/details/1b2345c6-d7e8-9f01-2345-6789abcdef01|Open in the AWS Backup console>');
    // The handler survives the failed lookup and says so.
    expect(output.lines('log')[0]).toMatch(/^Could not describe BACKUP_JOB 1b2345c6-d7e8-9f01-2345-6789abcdef01: /);
  });

  test('a batch is grouped by environment: a digest for many, a single message for one', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const ids = ['aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000003'];
    const event = sqsEvent(
      ...ids.map((jobId) => sqsRecord(sample('backup failed'), TOPIC_ARN, { jobId })),
      sqsRecord(sample('copy partial'), STAGING_TOPIC),
    );
    await expect(handler(event, context(10_000))).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(2);
    const [digest, single] = slack.requests.map((r) => r.body);
    expect(digest.text).toMatch(/^:rotating_light: \[production\] 3 backup notifications: 3 Backup job FAILED/);
    const listing = sectionTexts(digest).join('\n');
    for (const id of ids) expect(listing).toContain(`|${id}>`);
    expect(sectionTexts(digest)).toContain('<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup|Open the jobs in the AWS Backup console>');
    expect(single.text).toContain(':warning: [staging] Copy job PARTIAL');
  });

  test('an alarm from the alarm forwarding topic (no attributes) is labelled with its environment by name', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(sqsRecord(sample('CloudWatch alarm'), ALARM_TOPIC)), context(10_000));
    expect(slack.requests[0].body.text.split('\n')[0]).toBe(':rotating_light: [production] CloudWatch alarm production-backup-jobs-failed is ALARM');
  });

  test('the dead-letter alarm\'s direct invocation (CloudWatch Lambda alarm action) is posted', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const event = {
      source: 'aws.cloudwatch',
      alarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:S-SlackDeadLetterAlarm',
      accountId: '111122223333',
      time: '2026-11-24T03:15:00.000+0000',
      region: 'eu-west-1',
      alarmData: {
        alarmName: 'S-SlackDeadLetterAlarm',
        state: { value: 'ALARM', reason: 'Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).', timestamp: '2026-11-24T03:15:00.000+0000' },
        previousState: { value: 'OK' },
        configuration: { description: 'Backup notifications could not be delivered to Slack' },
      },
    };
    await expect(handler(event, context(10_000))).resolves.toEqual({ delivered: 1 });
    expect(slack.requests[0].body.text).toContain('CloudWatch alarm S-SlackDeadLetterAlarm is ALARM');
    expect(sectionTexts(slack.requests[0].body)).toContain('*Reason*\nThreshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).');
  });

  test('SNS records of the former direct subscription (during an upgrade) are still delivered', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await expect(handler(snsEvent(sample('copy failed')), context(10_000))).resolves.toEqual({ delivered: 1 });
    expect(slack.requests[0].body.text).toContain('[production] Copy job FAILED');
  });

  test('reads the URL from a JSON field of the secret', async () => {
    process.env.WEBHOOK_SECRET_ARN = jsonSecretArn;
    process.env.WEBHOOK_SECRET_JSON_FIELD = 'url';
    slack.reset({ '/json-hook': [{ status: 200 }] });
    await handler(sqsEvent(sqsRecord(sample('copy failed'))), context(10_000));
    expect(slack.requests.map((r) => r.path)).toEqual(['/json-hook']);
  });

  test('429 with Retry-After, then 200: waits and delivers', async () => {
    slack.reset({ '/hook': [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }, { status: 200 }] });
    const started = Date.now();
    await expect(handler(sqsEvent(sqsRecord(sample('backup expired'))), context(10_000))).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // honoured Retry-After
    // Retry-After: 1 (second), less what has passed since the answer.
    expect(output.lines('log')[0]).toMatch(/^Slack attempt 1 failed \(HTTP 429 rate_limited\); retrying in (9\d\d|1000) ms$/);
  });

  test('429 whose Retry-After passes the deadline: the record goes back to the queue without waiting', async () => {
    slack.reset({ '/hook': [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } }] });
    const record = sqsRecord(sample('backup failed'));
    await expect(handler(sqsEvent(record), context(5_000))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(slack.requests).toHaveLength(1);
  });

  test('500 then 503 then 200: retries with backoff', async () => {
    slack.reset({ '/hook': [{ status: 500 }, { status: 503 }, { status: 200 }] });
    await expect(handler(sqsEvent(sqsRecord(sample('restore failed'))), context(10_000))).resolves.toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(3);
    expect(output.lines('log')).toEqual(expect.arrayContaining([
      'Slack attempt 1 failed (HTTP 500 error); retrying in 250 ms', 'Slack attempt 2 failed (HTTP 503 error); retrying in 500 ms',
    ]));
  });

  test('400 invalid_payload: the group goes back to the queue, no retry of Slack', async () => {
    slack.reset({ '/hook': [{ status: 400, body: 'invalid_payload' }] });
    const record = sqsRecord(sample('backup failed'));
    await expect(handler(sqsEvent(record), context(10_000))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(slack.requests).toHaveLength(1);
    expect(output.lines('log')).toContain('1 notification(s) of production not delivered (permanent, invalid_payload): SlackDeliveryError: Slack rejected the message: HTTP 400 invalid_payload');
  });

  test('the former SNS path still throws on failure, so Lambda retries it', async () => {
    slack.reset({ '/hook': [{ status: 400, body: 'invalid_payload' }] });
    await expect(handler(snsEvent(sample('backup failed')), context(10_000))).rejects.toThrow(/1 of 1 notifications not delivered.*HTTP 400 invalid_payload/);
  });

  test('410 channel_is_archived with an unchanged secret: fetches the URL again, fails without retrying Slack', async () => {
    slack.reset({ '/hook': [{ status: 410, body: 'channel_is_archived' }] });
    const record = sqsRecord(sample('backup failed'));
    await expect(handler(sqsEvent(record), context(10_000))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(slack.requests).toHaveLength(1);
  });

  test('403 invalid_token after the secret was rotated: the new URL is read and used', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(sqsRecord(sample('backup failed'))), context(10_000)); // caches /hook
    await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: `${slack.url}/rotated` }));
    try {
      slack.reset({ '/hook': [{ status: 403, body: 'invalid_token' }], '/rotated': [{ status: 200 }] });
      await expect(handler(sqsEvent(sqsRecord(sample('backup failed'))), context(10_000))).resolves.toEqual({ batchItemFailures: [] });
      expect(slack.requests.map((r) => r.path)).toEqual(['/hook', '/rotated']);
      expect(output.lines('log')).toContain('The webhook secret changed: retrying with the new URL');
      slack.reset({ '/rotated': [{ status: 200 }] });
      await handler(sqsEvent(sqsRecord(sample('backup failed'))), context(10_000));
      expect(slack.requests.map((r) => r.path)).toEqual(['/rotated']);
    } finally {
      await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: `${slack.url}/hook` }));
    }
  });

  test('a hung connection: times out within the function\'s remaining time, the record goes back', async () => {
    slack.reset({ '/hook': ['hang'] });
    const record = sqsRecord(sample('backup failed'));
    await expect(handler(sqsEvent(record), context(2_500))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(slack.requests.length).toBeGreaterThanOrEqual(1);
  });

  test('malformed input: an event that is neither a batch nor an alarm action is rejected', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await expect(handler({} as any, context(10_000))).rejects.toThrow(/no Records array and is no CloudWatch alarm action/);
    expect(slack.requests).toHaveLength(0);
  });

  test('malformed input: a bad record (raw delivery) fails alone, the good ones are delivered', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const good = sqsRecord(sample('backup failed'));
    const bad = { ...sqsRecord(sample('backup failed')), body: 'An AWS Backup job failed.' };
    await expect(handler(sqsEvent(good, bad), context(10_000))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: bad.messageId }] });
    expect(slack.requests).toHaveLength(1);
    expect(output.lines('log')).toContain(
      `Record ${bad.messageId} is not a notification: record body is not JSON: not an SNS notification (is raw message delivery on?)`);
  });

  test('an unrecognised message is forwarded plainly', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(sqsEvent(sqsRecord({ name: 'x', subject: 'Hello', message: 'Something happened', attributes: {}, failure: false })), context(10_000));
    expect(slack.requests[0].body.text).toContain('Something happened');
    expect(slack.requests[0].body.blocks[1].text.text).toBe('Something happened');
  });

  test('a secret without a URL: the records go back to the queue, nothing posted', async () => {
    const bad = (await secrets.send(new CreateSecretCommand({ Name: 'backup/not-a-url', SecretString: 'hello' }))).ARN!;
    process.env.WEBHOOK_SECRET_ARN = bad;
    slack.reset({ '/hook': [{ status: 200 }] });
    const record = sqsRecord(sample('backup failed'));
    await expect(handler(sqsEvent(record), context(10_000))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(slack.requests).toHaveLength(0);
  });
});

describe('slack-forwarder handler (bundled asset that ships)', () => {
  const asset = path.join(__dirname, '../../../assets/notifications/slack/handler/slack-forwarder.lambda/index.js');

  const runBundle = (event: unknown) => invokeBundle('notifications/slack/handler/slack-forwarder.lambda', event);

  test('the asset exists, imports no aws-cdk-lib and keeps the AWS SDK external', () => {
    const code = fs.readFileSync(asset, 'utf8');
    expect(code).not.toMatch(/aws-cdk-lib/);
    expect(code).toMatch(/require\("@aws-sdk\/client-secrets-manager"\)/);
    expect(code).toMatch(/require\("@aws-sdk\/client-backup"\)/);
  });

  test('delivers a failed copy job and a CloudWatch alarm of another environment, one message each', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const alarm = sqsRecord(sample('CloudWatch alarm'), ALARM_TOPIC);
    const body = JSON.parse(alarm.body);
    body.Message = body.Message.replace(/production-backup-jobs-failed/g, 'staging-NoBackupJobCompleted');
    alarm.body = JSON.stringify(body);
    const result = await runBundle(sqsEvent(sqsRecord(sample('copy failed')), alarm));
    expect(result).toEqual({ ok: true, value: { batchItemFailures: [] } });
    expect(slack.requests.map((r) => r.body.text.split('\n')[0]).sort()).toEqual([
      ':red_circle: [production] Copy job FAILED',
      ':rotating_light: [staging] CloudWatch alarm staging-NoBackupJobCompleted is ALARM',
    ]);
  });

  test('reports the records of a rejected message as batch item failures', async () => {
    slack.reset({ '/hook': [{ status: 400, body: 'invalid_payload' }] });
    const record = sqsRecord(sample('backup failed'));
    const result = await runBundle(sqsEvent(record));
    expect(result).toEqual({ ok: true, value: { batchItemFailures: [{ itemIdentifier: record.messageId }] } });
  });
});
