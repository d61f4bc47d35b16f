import { MalformedRecordError, parseRecord } from '../../../../src/notifications/slack/handler/notification-parser';
import { formatMessage, MAX_BLOCKS, MAX_HEADER_TEXT, MAX_SECTION_TEXT } from '../../../../src/notifications/slack/handler/slack-message';
import { SAMPLES, sample, sectionTexts, snsRecord } from '../../fixtures';

const allTexts = (payload: any): string[] => JSON.stringify(payload.blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];

describe('parseRecord', () => {
  test('a failed backup job: kind, state, resource, job id, account, region, start time', () => {
    const n = parseRecord(snsRecord(sample('backup failed')));
    expect(n).toMatchObject({
      kind: 'BACKUP_JOB',
      state: 'FAILED',
      jobId: '1b2345c6-d7e8-9f01-2345-6789abcdef01',
      resourceArn: 'arn:aws:rds:eu-west-1:111122223333:db:orders',
      accountId: '111122223333',
      region: 'eu-west-1',
      startTime: '2026-11-24T03:00:00.000Z',
    });
  });

  test('the body\'s inconsistent separators and final dots are handled', () => {
    const n = parseRecord(snsRecord(sample('backup completed')));
    expect(n.recoveryPointArn).toBe('arn:aws:rds:eu-west-1:111122223333:snapshot:awsbackup:job-1');
    expect(n.resourceArn).toBe('arn:aws:rds:eu-west-1:111122223333:db:orders');
    expect(parseRecord(snsRecord(sample('S3 object failed'))).resourceArn).toBe('arn:aws:s3:::orders.bucket');
  });

  test('copy and restore jobs', () => {
    expect(parseRecord(snsRecord(sample('copy failed')))).toMatchObject({ kind: 'COPY_JOB', state: 'FAILED' });
    expect(parseRecord(snsRecord(sample('restore failed')))).toMatchObject({ kind: 'RESTORE_JOB', state: 'FAILED' });
  });

  test('indexing and EKS variants', () => {
    expect(parseRecord(snsRecord(sample('indexing failed')))).toMatchObject({
      kind: 'INDEXING', state: 'FAILED', recoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:abc',
    });
    expect(parseRecord(snsRecord(sample('EKS object failed')))).toMatchObject({
      kind: 'EKS_OBJECT',
      state: 'FAILED',
      jobId: '1b2345c6-d7e8-9f01-2345-6789abcdef01',
      details: { clusterName: 'platform', reason: 'Secret kube-system/token: access denied' },
    });
  });

  test('a CloudWatch alarm', () => {
    expect(parseRecord(snsRecord(sample('CloudWatch alarm')))).toMatchObject({
      kind: 'ALARM', state: 'ALARM', eventType: 'production-backup-jobs-failed', region: 'eu-west-1', accountId: '111122223333',
    });
  });

  test('an unknown message is kept plainly', () => {
    const n = parseRecord(snsRecord({ name: 'x', subject: 'Hello', message: 'just text', attributes: {}, failure: false }));
    expect(n).toMatchObject({ kind: 'UNKNOWN', message: 'just text', subject: 'Hello' });
  });

  test('malformed records throw MalformedRecordError', () => {
    expect(() => parseRecord(null)).toThrow(MalformedRecordError);
    expect(() => parseRecord({ Records: [] })).toThrow(/record has no Sns object/);
    expect(() => parseRecord({ Sns: { Message: 42 } })).toThrow(/record has no Sns.Message string/);
  });
});

describe('formatMessage', () => {
  test('a failed backup job: emoji, environment, fields, reason and console link', () => {
    const n = parseRecord(snsRecord(sample('backup failed')));
    const payload = formatMessage(n, 'production', { statusMessage: 'Insufficient privileges to perform this action.' });
    expect(payload.text).toContain(':red_circle: [production] Backup job FAILED');
    expect(payload.text).toContain('Reason: Insufficient privileges');
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[production] Backup job FAILED', emoji: true } });
    const fields = payload.blocks[1].fields.map((f: any) => f.text);
    expect(fields).toEqual(expect.arrayContaining([
      '*State*\nFAILED',
      '*Kind*\nBackup job (BACKUP_JOB)',
      '*Environment*\nproduction',
      '*Resource*\narn:aws:rds:eu-west-1:111122223333:db:orders',
      '*Job ID*\n1b2345c6-d7e8-9f01-2345-6789abcdef01',
      '*Account*\n111122223333',
      '*Region*\neu-west-1',
      '*Start time*\n2026-11-24T03:00:00.000Z',
    ]));
    expect(payload.blocks[2].text.text).toBe('*Reason*\nInsufficient privileges to perform this action.');
    expect(payload.blocks[3].text.text).toBe(
      '<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup/details/1b2345c6-d7e8-9f01-2345-6789abcdef01|Open in the AWS Backup console>');
  });

  test('copy and restore jobs link to their own console pages', () => {
    for (const kind of ['copy', 'restore']) {
      expect(sectionTexts(formatMessage(parseRecord(snsRecord(sample(`${kind} failed`))), undefined))).toContain(
        `<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/${kind}/details/1b2345c6-d7e8-9f01-2345-6789abcdef01|Open in the AWS Backup console>`);
    }
  });

  test('every sample fits Slack: ≤ 50 blocks, header ≤ 150, texts ≤ 3000', () => {
    for (const s of SAMPLES) {
      const payload = formatMessage(parseRecord(snsRecord(s)), 'staging');
      expect(payload.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
      expect(payload.blocks[0].text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
      expect(payload.text.length).toBeGreaterThan(0);
    }
  });

  test('truncates a huge reason and message to Slack\'s limits', () => {
    const huge = 'x'.repeat(10_000);
    const n = parseRecord(snsRecord({ ...sample('backup failed'), message: `An AWS Backup job failed. ${huge}` }));
    const payload = formatMessage(n, 'e'.repeat(500), { statusMessage: huge });
    expect(payload.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(payload.blocks[0].text.text.length).toBe(MAX_HEADER_TEXT);
    for (const t of allTexts(payload)) expect(JSON.parse(`{${t}}`).text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(payload.blocks[2].text.text.endsWith('…')).toBe(true);
  });

  test('escapes Slack mrkdwn control characters', () => {
    const n = parseRecord(snsRecord({ name: 'x', subject: 's', message: 'a <b> & c', attributes: {}, failure: false }));
    expect(formatMessage(n, undefined).blocks[1].text.text).toBe('a &lt;b&gt; &amp; c');
  });

  test('an alarm links to CloudWatch and shows its reason', () => {
    const payload = formatMessage(parseRecord(snsRecord(sample('CloudWatch alarm'))), 'production');
    expect(payload.text).toContain(':rotating_light: [production] CloudWatch alarm production-backup-jobs-failed is ALARM');
    expect(sectionTexts(payload)).toEqual(expect.arrayContaining([
      '*Reason*\nThreshold Crossed: 1 datapoint [2.0] was greater than the threshold (0.0).',
      '<https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/production-backup-jobs-failed|Open in the CloudWatch console>',
    ]));
  });
});

describe('environmentNames', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { environmentNames } = require('../../../../src/notifications/slack/handler/slack-forwarder.lambda');

  test('reads [topicName, environmentName] pairs and ignores malformed entries', () => {
    const map = environmentNames(JSON.stringify([['backup-production', 'production'], ['x'], 42, ['backup-staging', 'staging']]));
    expect([...map.entries()]).toEqual([['backup-production', 'production'], ['backup-staging', 'staging']]);
  });

  test('survives a missing or malformed variable, saying so in the log', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(environmentNames(undefined).size).toBe(0);
      expect(log).not.toHaveBeenCalled();
      expect(environmentNames('not json').size).toBe(0);
      expect(log.mock.calls).toEqual([['TOPIC_ENVIRONMENTS is not JSON: environment names are not shown']]);
    } finally {
      log.mockRestore();
    }
  });
});
