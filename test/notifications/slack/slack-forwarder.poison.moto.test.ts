/*
 * One bad record never blocks the others (issue 20, item 6). A member account can name a vault or
 * an IAM role `constructor`, `__proto__` or `toString`; the central rule's envelope maps vault and
 * role names to environments, and a lookup that reads inherited properties returns a function. Run
 * through the BUNDLED handler, poison records among good ones: every record is delivered, none
 * fails, and a failure while formatting one group fails only that group's records.
 */
import * as http from 'http';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { forwardBatch } from '../../../src/notifications/slack/handler/forward-batch';
import { JobDetailsCache } from '../../../src/notifications/slack/handler/job-details';
import { Notification, parseQueueRecord } from '../../../src/notifications/slack/handler/notification-parser';
import { ORGANIZATION_JOB_EVENT_KIND } from '../../../src/private/handler/organization-job-event';
import { invokeBundle } from '../../support/bundled-handler';
import { serve, withMotoAccount } from '../../support/handler-fixtures';
import { LoopbackServer } from '../../support/loopback-server';
import { sample, sqsRecord, TOPIC_ARN } from '../fixtures';

class Slack extends LoopbackServer {
  readonly posts: any[] = [];
  protected receive(_req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    this.posts.push(JSON.parse(raw));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
}

const slack = new Slack();
let secretArn: string;
serve(slack);
withMotoAccount();

beforeAll(async () => {
  const secrets = new SecretsManagerClient({});
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'backup/poison-webhook', SecretString: `${slack.endpoint}/hook` }))).ARN!;
}, 30_000);

/** A member account's backup job failure, in the central rule's envelope, with the given vault and role names. */
function organizationRecord(messageId: string, account: string, vault: string, role: string,
  maps: { byVault?: object; byRole?: object; names?: object } = {}): any {
  const event = {
    'version': '0',
    'id': messageId,
    'detail-type': 'Backup Job State Change',
    'source': 'aws.backup',
    'account': account,
    'time': '2026-12-01T05:12:00Z',
    'region': 'eu-west-1',
    'resources': [],
    'detail': {
      backupJobId: `job-${messageId}`,
      backupVaultArn: `arn:aws:backup:eu-west-1:${account}:backup-vault:${vault}`,
      backupVaultName: vault,
      iamRoleArn: `arn:aws:iam::${account}:role/${role}`,
      resourceArn: `arn:aws:rds:eu-west-1:${account}:db:orders`,
      resourceType: 'RDS',
      state: 'FAILED',
      statusMessage: `Failure of ${messageId}.`,
    },
  };
  const body = {
    kind: ORGANIZATION_JOB_EVENT_KIND,
    environmentsByVault: maps.byVault ?? { 'production-backup-vault': 'production' },
    environmentsByRole: maps.byRole ?? { 'production-backup-role': 'production' },
    accountNames: maps.names ?? { 222222222222: 'orders' },
    event,
  };
  return {
    messageId,
    receiptHandle: 'AQEB…',
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1764558600000' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:SlackForwarderQueue',
    awsRegion: 'eu-west-1',
  };
}

test('vaults and roles named constructor, __proto__, toString among good records: the bundled handler delivers every record, fails none', async () => {
  const records = [
    sqsRecord(sample('backup failed'), TOPIC_ARN, { messageId: 'good-sns-1' }),
    organizationRecord('poison-vault-constructor', '555555555555', 'constructor', 'some-role'),
    organizationRecord('good-org-1', '222222222222', 'production-backup-vault', 'production-backup-role'),
    organizationRecord('poison-role-proto', '555555555555', 'unmapped-vault', '__proto__'),
    organizationRecord('poison-vault-tostring', '555555555555', 'toString', 'hasOwnProperty'),
    // The account id and the maps themselves hostile too: a map with a `__proto__` key, an account named `constructor`.
    organizationRecord('poison-maps', '666666666666', '__proto__', 'constructor',
      { byVault: JSON.parse('{"__proto__": "evil"}'), byRole: { constructor: 'x' }, names: { toString: 'x' } }),
    sqsRecord(sample('copy failed'), TOPIC_ARN, { messageId: 'good-sns-2' }),
  ];
  const outcome = await invokeBundle('notifications/slack/handler/slack-forwarder.lambda', { Records: records }, {
    env: {
      WEBHOOK_SECRET_ARN: secretArn,
      TOPIC_ENVIRONMENTS: JSON.stringify([[TOPIC_ARN.split(':')[5], 'production']]),
      MIN_POST_INTERVAL_MS: '0',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', // the stand-in's host (the forwarder accepts Slack's hosts only, unless allowed)
    },
    remainingMs: 30_000,
  });
  expect(outcome).toEqual({ ok: true, value: { batchItemFailures: [] } });
  const text = JSON.stringify(slack.posts);
  // Each record's job is in a post (single message or a digest line); no function's source leaked into one.
  for (const id of ['poison-vault-constructor', 'good-org-1', 'poison-role-proto', 'poison-vault-tostring', 'poison-maps']) expect(text).toContain(`job-${id}`);
  expect(text).not.toMatch(/function |\[native code\]|\[object Object\]/);
  // The poison records name no environment (the maps have no such own entry): they are shown as unknown.
  expect(text).toContain('Failure of poison-vault-constructor.');
}, 60_000);

test('a failure while formatting one group fails only that group: the other environments are delivered', async () => {
  const posts: any[] = [];
  const good = (id: string, topic: string) => ({ id, parse: () => parseQueueRecord(sqsRecord(sample('backup failed'), topic, { messageId: id })) });
  const throwing = (id: string) => ({
    id,
    parse: (): Notification => {
      const n = parseQueueRecord(sqsRecord(sample('backup failed'), 'arn:aws:sns:eu-west-1:111122223333:backup-staging', { messageId: id }));
      // A value the formatter cannot handle (as a function from a prototype lookup was).
      return { ...n, get details(): { [name: string]: string } { throw new TypeError('cannot format this record'); } };
    },
  });
  let t = 0;
  const outcome = await forwardBatch([good('p1', TOPIC_ARN), throwing('s1'), good('p2', TOPIC_ARN), throwing('s2'), good('d1', 'arn:aws:sns:eu-west-1:111122223333:backup-dev')], {
    clock: { now: () => t, sleep: async (ms) => { t += ms; } },
    transport: async (_url, body) => { posts.push(JSON.parse(body)); return { status: 200, text: 'ok' }; },
    pacing: { nextPostAt: 0 },
    minIntervalMs: 0,
    webhookUrl: async () => 'https://hooks.slack.com/services/T/B/x',
    lookup: { describeBackupJob: async () => ({}), describeCopyJob: async () => ({}), describeRestoreJob: async () => ({}) },
    cache: new JobDetailsCache(),
    environments: new Map([['backup-production', 'production'], ['backup-staging', 'staging'], ['backup-dev', 'dev']]),
    deadline: 60_000,
    log: () => undefined,
  });
  expect(outcome.failedIds.sort()).toEqual(['s1', 's2']);
  expect(outcome.problems.s1).toMatch(/cannot format this record/);
  expect(outcome.delivered).toBe(3);
  expect(posts).toHaveLength(2);
});
