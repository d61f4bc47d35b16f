import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { sample, snsEvent, TOPIC_ARN } from './fixtures';
import { handler } from '../../src/notifications/slack-forwarder.lambda';
import { forgetWebhookUrl } from '../../src/notifications/webhook-url';
import { localAwsEnvironment, MotoServer, startMotoServer } from '../support/moto';

/** What the fake Slack answers, one entry per request (the last one repeats). */
type Answer = { status: number; body?: string; headers?: { [k: string]: string } } | 'hang';

class FakeSlack {
  readonly requests: Array<{ path: string; body: any }> = [];
  answers: { [path: string]: Answer[] } = {};
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const p = req.url ?? '/';
      let body: any = raw;
      try { body = JSON.parse(raw); } catch { /* keep raw */ }
      this.requests.push({ path: p, body });
      const queue = this.answers[p] ?? [{ status: 404, body: 'no_service' }];
      const answer = queue.length > 1 ? queue.shift()! : queue[0];
      if (answer === 'hang') return; // never answers
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? (answer.status === 200 ? 'ok' : 'error'));
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  reset(answers: { [path: string]: Answer[] }): void {
    this.requests.length = 0;
    this.answers = answers;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

const slack = new FakeSlack();
let moto: MotoServer;
let secrets: SecretsManagerClient;
let secretArn: string;
let jsonSecretArn: string;
const savedEnv = { ...process.env };
const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

beforeAll(async () => {
  // The handler logs what it survives (moto answers DescribeBackupJob with an HTML 404): expected here.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  moto = await startMotoServer();
  Object.assign(process.env, localAwsEnvironment(moto.endpoint));
  await slack.start();
  secrets = new SecretsManagerClient({});
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'backup/slack-webhook', SecretString: `${slack.url}/hook` }))).ARN!;
  jsonSecretArn = (await secrets.send(new CreateSecretCommand({
    Name: 'backup/slack-json', SecretString: JSON.stringify({ url: `${slack.url}/json-hook`, other: 'x' }),
  }))).ARN!;
});

afterAll(async () => {
  await slack.stop();
  await moto.stop();
  process.env = savedEnv;
});

beforeEach(() => {
  forgetWebhookUrl();
  process.env.WEBHOOK_SECRET_ARN = secretArn;
  delete process.env.WEBHOOK_SECRET_JSON_FIELD;
  process.env.TOPIC_ENVIRONMENTS = JSON.stringify([[TOPIC_ARN.split(':')[5], 'production']]);
});

describe('slack-forwarder handler (TypeScript source)', () => {
  test('200 ok: posts one readable message, survives the failing enrichment (moto has no DescribeBackupJob)', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await expect(handler(snsEvent(sample('backup failed')), context(10_000))).resolves.toEqual({ delivered: 1 });
    expect(slack.requests).toHaveLength(1);
    const { body } = slack.requests[0];
    expect(body.text).toContain(':red_circle: [production] Backup job FAILED');
    expect(body.blocks[0].text.text).toBe('[production] Backup job FAILED');
    expect(JSON.stringify(body.blocks)).toContain('#/jobs/backup/details/1b2345c6-d7e8-9f01-2345-6789abcdef01');
  });

  test('reads the URL from a JSON field of the secret', async () => {
    process.env.WEBHOOK_SECRET_ARN = jsonSecretArn;
    process.env.WEBHOOK_SECRET_JSON_FIELD = 'url';
    slack.reset({ '/json-hook': [{ status: 200 }] });
    await handler(snsEvent(sample('copy failed')), context(10_000));
    expect(slack.requests.map((r) => r.path)).toEqual(['/json-hook']);
  });

  test('429 with Retry-After, then 200: waits and delivers', async () => {
    slack.reset({ '/hook': [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }, { status: 200 }] });
    const started = Date.now();
    await expect(handler(snsEvent(sample('backup expired')), context(10_000))).resolves.toEqual({ delivered: 1 });
    expect(slack.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // honoured Retry-After
  });

  test('429 whose Retry-After passes the deadline: fails without waiting it out', async () => {
    slack.reset({ '/hook': [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } }] });
    await expect(handler(snsEvent(sample('backup failed')), context(5_000))).rejects.toThrow(/HTTP 429.*would pass the function's deadline/);
    expect(slack.requests).toHaveLength(1);
  });

  test('500 then 200: retries with backoff', async () => {
    slack.reset({ '/hook': [{ status: 500 }, { status: 503 }, { status: 200 }] });
    await expect(handler(snsEvent(sample('restore failed')), context(10_000))).resolves.toEqual({ delivered: 1 });
    expect(slack.requests).toHaveLength(3);
  });

  test('400 invalid_payload: fails at once, no retry', async () => {
    slack.reset({ '/hook': [{ status: 400, body: 'invalid_payload' }] });
    await expect(handler(snsEvent(sample('backup failed')), context(10_000))).rejects.toThrow(/1 of 1 notifications not delivered.*HTTP 400 invalid_payload/);
    expect(slack.requests).toHaveLength(1);
  });

  test('410 channel_is_archived with an unchanged secret: fetches the URL again, fails without retrying Slack', async () => {
    slack.reset({ '/hook': [{ status: 410, body: 'channel_is_archived' }] });
    await expect(handler(snsEvent(sample('backup failed')), context(10_000))).rejects.toThrow(/HTTP 410 channel_is_archived.*revoked/);
    expect(slack.requests).toHaveLength(1);
  });

  test('403 invalid_token after the secret was rotated: the new URL is read and used', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await handler(snsEvent(sample('backup failed')), context(10_000)); // caches /hook
    await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: `${slack.url}/rotated` }));
    try {
      slack.reset({ '/hook': [{ status: 403, body: 'invalid_token' }], '/rotated': [{ status: 200 }] });
      await expect(handler(snsEvent(sample('backup failed')), context(10_000))).resolves.toEqual({ delivered: 1 });
      expect(slack.requests.map((r) => r.path)).toEqual(['/hook', '/rotated']);
      // and the new URL stays cached
      slack.reset({ '/rotated': [{ status: 200 }] });
      await handler(snsEvent(sample('backup failed')), context(10_000));
      expect(slack.requests.map((r) => r.path)).toEqual(['/rotated']);
    } finally {
      await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: `${slack.url}/hook` }));
    }
  });

  test('a hung connection: times out within the function\'s remaining time and fails', async () => {
    slack.reset({ '/hook': ['hang'] });
    await expect(handler(snsEvent(sample('backup failed')), context(2_500))).rejects.toThrow(/the request timed out/);
    expect(slack.requests.length).toBeGreaterThanOrEqual(1);
  });

  test('malformed input: an event without Records is rejected', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    await expect(handler({} as any, context(10_000))).rejects.toThrow(/no Records array: not an SNS event/);
    expect(slack.requests).toHaveLength(0);
  });

  test('malformed input: a bad record fails the invocation, the good ones are still delivered', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const event = snsEvent(sample('backup failed'));
    event.Records.push({ EventSource: 'aws:sns' });
    await expect(handler(event, context(10_000))).rejects.toThrow(/1 of 2 notifications not delivered to Slack: record 1: record has no Sns object/);
    expect(slack.requests).toHaveLength(1);
  });

  test('an unrecognised message is forwarded plainly', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const event = snsEvent({ name: 'x', subject: 'Hello', message: 'Something happened', attributes: {}, failure: false });
    await handler(event, context(10_000));
    expect(slack.requests[0].body.text).toContain('Something happened');
    expect(slack.requests[0].body.blocks[1].text.text).toBe('Something happened');
  });

  test('a secret without a URL fails clearly', async () => {
    const bad = (await secrets.send(new CreateSecretCommand({ Name: 'backup/not-a-url', SecretString: 'hello' }))).ARN!;
    process.env.WEBHOOK_SECRET_ARN = bad;
    slack.reset({ '/hook': [{ status: 200 }] });
    await expect(handler(snsEvent(sample('backup failed')), context(10_000))).rejects.toThrow(/the webhook secret does not hold a URL/);
    expect(slack.requests).toHaveLength(0);
  });
});

describe('slack-forwarder handler (bundled asset that ships)', () => {
  const asset = path.join(__dirname, '../../assets/notifications/slack-forwarder.lambda/index.js');

  function runBundle(event: unknown): Promise<{ ok: boolean; value: any }> {
    const script = `
      const { handler } = require(${JSON.stringify(asset)});
      handler(JSON.parse(process.env.EVENT), { getRemainingTimeInMillis: () => 10000 })
        .then((v) => { process.stdout.write(JSON.stringify({ ok: true, value: v })); })
        .catch((e) => { process.stdout.write(JSON.stringify({ ok: false, value: e.message })); });`;
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', script], {
        env: { ...process.env, EVENT: JSON.stringify(event) },
        timeout: 30_000,
      }, (error, stdout) => {
        if (error) return reject(error);
        resolve(JSON.parse(stdout.split('\n').filter(Boolean).pop()!.replace(/^[^{]*/, '')));
      });
    });
  }

  test('the asset exists, imports no aws-cdk-lib and keeps the AWS SDK external', () => {
    const code = fs.readFileSync(asset, 'utf8');
    expect(code).not.toMatch(/aws-cdk-lib/);
    expect(code).toMatch(/require\("@aws-sdk\/client-secrets-manager"\)/);
    expect(code).toMatch(/require\("@aws-sdk\/client-backup"\)/);
  });

  test('delivers a failed copy job and a CloudWatch alarm to Slack', async () => {
    slack.reset({ '/hook': [{ status: 200 }] });
    const result = await runBundle(snsEvent(sample('copy failed'), sample('CloudWatch alarm')));
    expect(result).toEqual({ ok: true, value: { delivered: 2 } });
    expect(slack.requests.map((r) => r.body.text.split('\n')[0])).toEqual([
      ':red_circle: [production] Copy job FAILED',
      ':rotating_light: [production] CloudWatch alarm production-backup-jobs-failed is ALARM',
    ]);
  });

  test('throws on 400 invalid_payload so the invocation reaches the on-failure destination', async () => {
    slack.reset({ '/hook': [{ status: 400, body: 'invalid_payload' }] });
    const result = await runBundle(snsEvent(sample('backup failed')));
    expect(result.ok).toBe(false);
    expect(result.value).toMatch(/HTTP 400 invalid_payload/);
  });
});
