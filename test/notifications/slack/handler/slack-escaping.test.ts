/*
 * Nothing from AWS or a member account can format Slack (issue 20, item 7). Slack parses `&`, `<`
 * and `>` as control characters in every text object and in the fallback `text`
 * (https://api.slack.com/reference/surfaces/formatting#escaping): `<!channel>` pings the channel,
 * `<https://evil|docs>` shows a disguised link. Hostile values in every field a notification can
 * carry; every string of every payload is walked: the only `<…>` left are the console links we
 * build, every `&` starts an entity.
 */
import { formatDigest } from '../../../../src/notifications/slack/handler/digest';
import { forwardBatch } from '../../../../src/notifications/slack/handler/forward-batch';
import { JobDetailsCache } from '../../../../src/notifications/slack/handler/job-details';
import { Notification, parseAlarmActionEvent, parseQueueRecord } from '../../../../src/notifications/slack/handler/notification-parser';
import { escapeSlack, formatMessage, JobDetails, truncate } from '../../../../src/notifications/slack/handler/slack-message';
import { ORGANIZATION_JOB_EVENT_KIND } from '../../../../src/private/handler/organization-job-event';
import { SCAN_JOB_DETAIL_TYPE, SCAN_JOB_EVENT_KIND } from '../../../../src/private/handler/scan-events';

/** What a member account, an alarm's author or a resource's name can put in a field. */
const H = '<!channel> <https://evil.example/x|docs> & <@U0123> <#C0123|general> <!subteam^S1>';
/** The same in a place without spaces (an ARN's resource, a region, an id). */
const W = '<!here|x>&<https://evil.example|docs>';

/** Our own console links: https, a console host, no character that could end the link; the label escaped. */
const OUR_LINK = /<https:\/\/[a-z0-9-]+\.console\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/[^\s<>|&"]*\|((?:[^<>&]|&(?:amp|lt|gt);)*)>/g;

/** Every string of a payload, with where it is. */
function strings(value: unknown, path = '$'): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

/** The strings of a payload that Slack would parse as a control sequence (`<…>` not ours, a bare `&`). */
function unescaped(payload: unknown): string[] {
  const bad: string[] = [];
  for (const [path, s] of strings(payload)) {
    const rest = s.replace(OUR_LINK, '');
    if (/[<>]/.test(rest) || /&(?!(?:amp|lt|gt);)/.test(rest)) bad.push(`${path}: ${s.slice(0, 300)}`);
  }
  return bad;
}

const record = (messageId: string, body: unknown) => ({ messageId, body: JSON.stringify(body), eventSource: 'aws:sqs' });
const sns = (topicArn: string, subject: string | undefined, message: string, attributes: { [name: string]: string }) => ({
  Type: 'Notification',
  MessageId: 'm',
  TopicArn: topicArn,
  Subject: subject,
  Message: message,
  Timestamp: '2026-11-24T03:10:00.000Z',
  MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { Type: 'String', Value: v }])),
});
const allAttributes = (eventType: string) => ({
  EventType: eventType, State: H, AccountId: W, Id: W, StartTime: H, clusterName: H, reason: H, RecoveryPointArn: W, IndexStatus: H,
});
const jobEvent = (detailType: string, region: string, detail: object) => ({
  'version': '0', 'id': 'e', 'detail-type': detailType, 'source': 'aws.backup', 'account': '222222222222', 'time': H, region, 'resources': [], detail,
});
const backupDetail = {
  backupJobId: W,
  backupVaultName: W,
  backupVaultArn: `arn:aws:backup:eu-west-1:222222222222:backup-vault:${W}`,
  iamRoleArn: `arn:aws:iam::222222222222:role/${W}`,
  resourceArn: `arn:aws:rds:eu-west-1:222222222222:db:${W}`,
  resourceType: H,
  state: H,
  statusMessage: H,
  destinationBackupVaultArn: `arn:aws:backup:eu-west-1:222222222222:backup-vault:${W}`,
};
const scanDetail = {
  scanJobId: W,
  state: H,
  scanResult: { scanResultStatus: 'THREATS_FOUND' },
  statusMessage: H,
  recoveryPointArn: `arn:aws:backup:eu-west-1:222222222222:recovery-point:${W}`,
  resourceArn: `arn:aws:ec2:eu-west-1:222222222222:volume/${W}`,
  resourceType: H,
  backupVaultName: W,
};
const orgEnvelope = (event: object) => ({
  kind: ORGANIZATION_JOB_EVENT_KIND, environmentsByVault: { [W]: H }, environmentsByRole: { [W]: H }, accountNames: { 222222222222: H }, event,
});

const RECORDS = [
  record('vault-job', sns('arn:aws:sns:eu-west-1:111122223333:backup-production', H,
    `An AWS Backup job failed ${H}. Resource ARN : arn:aws:rds:eu-west-1:111122223333:db:${W}. BackupJob ID : abc`, allAttributes('BACKUP_JOB'))),
  record('vault-other', sns(`arn:aws:sns:${W}:111122223333:${W}`, H, H, allAttributes(H))),
  record('vault-restore-validation', sns('arn:aws:sns:eu-west-1:111122223333:backup-production', 'Notification from AWS Backup',
    `Validation : ${H}\nReporting : ${H}`, { ...allAttributes('RESTORE_VALIDATION'), State: 'FAILED' })),
  record('alarm', sns('arn:aws:sns:eu-west-1:111122223333:alarms', H, JSON.stringify({
    AlarmName: H,
    AlarmDescription: H,
    AWSAccountId: W,
    NewStateValue: H,
    NewStateReason: H,
    StateChangeTime: H,
    AlarmArn: `arn:aws:cloudwatch:${W}:111122223333:alarm:${W}`,
  }), {})),
  record('alarm-linked', sns('arn:aws:sns:eu-west-1:111122223333:alarms', H, JSON.stringify({
    AlarmName: H, NewStateValue: 'ALARM', NewStateReason: H, AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:x',
  }), {})),
  record('unknown', sns('arn:aws:sns:eu-west-1:111122223333:other', H, H, {})),
  record('org-backup', orgEnvelope(jobEvent('Backup Job State Change', 'eu-west-1', backupDetail))),
  record('org-restore', orgEnvelope(jobEvent('Restore Job State Change', W, { ...backupDetail, restoreJobId: W, status: H }))),
  record('org-scan', orgEnvelope(jobEvent(SCAN_JOB_DETAIL_TYPE, 'eu-west-1', scanDetail))),
  record('env-scan', { kind: SCAN_JOB_EVENT_KIND, environmentName: H, summary: H, event: jobEvent(SCAN_JOB_DETAIL_TYPE, W, scanDetail) }),
];
const HOSTILE_JOB: JobDetails = { statusMessage: H, resourceArn: W, resourceType: H, backupVaultName: W };

const notifications: Notification[] = [
  ...RECORDS.map((r) => parseQueueRecord(r)),
  parseAlarmActionEvent({
    source: 'aws.cloudwatch',
    alarmArn: `arn:aws:cloudwatch:${W}:111122223333:alarm:${W}`,
    accountId: W,
    region: W,
    alarmData: { alarmName: H, state: { value: H, reason: H, timestamp: H }, configuration: { description: H } },
  })!,
];

test('escapeSlack escapes exactly &, < and >', () => {
  expect(escapeSlack('a & b <!channel> c > d *e* _f_')).toBe('a &amp; b &lt;!channel&gt; c &gt; d *e* _f_');
});

test('truncate never ends inside an entity or a link', () => {
  expect(truncate('abc &amp; def', 7)).toBe('abc …');
  expect(truncate('see <https://eu-west-1.console.aws.amazon.com/backup|the console> now', 20)).toBe('see …');
});

test('the walker catches what it must (it can fail)', () => {
  expect(unescaped({ text: H })).toHaveLength(1);
  expect(unescaped({ blocks: [{ text: { text: '<https://eu-west-1.console.aws.amazon.com/x|<!channel>>' } }] })).toHaveLength(1);
  expect(unescaped({ text: '<https://evil.example|docs>' })).toHaveLength(1);
  expect(unescaped({ text: 'Tom & Jerry' })).toHaveLength(1);
  expect(unescaped({ text: `${escapeSlack(H)} <https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs|Open &amp; see>` })).toEqual([]);
});

describe('hostile values in every field', () => {
  test.each(notifications.map((n, i) => [`${i} ${n.kind}`, n] as const))('single message %s: no unescaped control sequence, the values still shown', (_name, n) => {
    for (const [env, job] of [[H, HOSTILE_JOB], [undefined, {}]] as const) {
      const payload = formatMessage(n, env, job);
      expect(unescaped(payload)).toEqual([]);
      expect(JSON.stringify(payload)).toContain('&lt;!channel&gt;');
    }
  });

  test('digests, with and without an environment: no unescaped control sequence', () => {
    const items = notifications.map((notification) => ({ notification, job: HOSTILE_JOB }));
    for (const env of [H, undefined]) {
      for (const list of [items, items.slice(0, 2), [...items, ...items, ...items]]) {
        const payload = formatDigest(env, list);
        expect(unescaped(payload)).toEqual([]);
        expect(JSON.stringify(payload)).toContain('&lt;!channel&gt;');
      }
    }
  });

  test('through forwardBatch (grouping, lookups, single messages and digests): every posted body is escaped', async () => {
    const posted: any[] = [];
    let t = 0;
    const describe = async (): Promise<JobDetails> => HOSTILE_JOB;
    const outcome = await forwardBatch([...RECORDS, ...RECORDS.map((r) => ({ ...r, messageId: `${r.messageId}-2` }))].map((r) => ({ id: r.messageId, parse: () => parseQueueRecord(r) })), {
      clock: { now: () => t, sleep: async (ms) => { t += ms; } },
      transport: async (_url, body) => { posted.push(JSON.parse(body)); return { status: 200, text: 'ok' }; },
      pacing: { nextPostAt: 0 },
      minIntervalMs: 0,
      webhookUrl: async () => 'https://hooks.slack.com/services/T/B/x',
      lookup: { describeBackupJob: describe, describeCopyJob: describe, describeRestoreJob: describe },
      cache: new JobDetailsCache(),
      environments: new Map([['backup-production', H], ['alarms', 'production']]),
      deadline: 60_000,
      log: () => undefined,
    });
    expect(outcome.failedIds).toEqual([]);
    expect(posted.length).toBeGreaterThan(2);
    for (const body of posted) expect(unescaped(body)).toEqual([]);
  });
});
