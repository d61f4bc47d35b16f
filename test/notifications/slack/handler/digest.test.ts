import { DIGEST_LISTED, formatDigest } from '../../../../src/notifications/slack/handler/digest';
import { parseQueueRecord } from '../../../../src/notifications/slack/handler/notification-parser';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from '../../../../src/notifications/slack/handler/slack-message';
import { sample, sqsRecord } from '../../fixtures';

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const items = (n: number, reason?: (i: number) => string | undefined) => Array.from({ length: n }, (_, i) => ({
  notification: parseQueueRecord(sqsRecord(sample(i % 2 ? 'backup partial' : 'copy failed'), undefined, { jobId: id(i) })),
  job: reason?.(i) ? { statusMessage: reason(i) } : undefined,
}));

describe('formatDigest', () => {
  test('counts by kind and state, groups reasons, lists the first jobs with resource and reason, links the rest', () => {
    const d = formatDigest('production', items(250, (i) => (i < 20 ? (i % 4 ? 'Access denied to KMS key' : 'Role cannot be assumed') : undefined)));
    expect(d.text.split('\n')[0]).toBe(':rotating_light: [production] 250 backup notifications: 125 Backup job PARTIAL, 125 Copy job FAILED');
    const json = JSON.stringify(d.blocks);
    expect(json).toContain('Backup job PARTIAL: *125*');
    expect(json).toContain('15 × Access denied to KMS key');
    expect(json).toContain('5 × Role cannot be assumed');
    expect(json).toContain('230 not looked up');
    for (let i = 0; i < DIGEST_LISTED; i++) expect(json).toContain(id(i));
    expect(json).not.toContain(id(DIGEST_LISTED));
    expect(json).toContain('*…and 240 more* (counted above, not listed)');
    expect(json).toContain('<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup|Open the jobs in the AWS Backup console>');
    expect(json).toContain('arn:aws:rds:eu-west-1:111122223333:db:orders');
  });

  test('stays within Slack\'s limits and never cuts a listed line, however long the reasons', () => {
    const d = formatDigest('production', items(40, () => 'x'.repeat(5000)));
    expect(d.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const b of d.blocks) if (b.text?.text) expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    const listing = d.blocks.filter((b: any) => b.type === 'section' && /00000000-/.test(b.text.text)).map((b: any) => b.text.text).join('\n');
    for (let i = 0; i < DIGEST_LISTED; i++) expect(listing).toContain(`|${id(i)}>`);
  });
});
