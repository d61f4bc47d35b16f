import { DIGEST_LISTED, formatDigest } from '../../../../src/notifications/slack/handler/digest';
import { parseQueueRecord } from '../../../../src/notifications/slack/handler/notification-parser';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from '../../../../src/notifications/slack/handler/slack-message';
import { sample, sectionTexts, sqsRecord } from '../../fixtures';

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const items = (n: number, reason?: (i: number) => string | undefined) => Array.from({ length: n }, (_, i) => ({
  notification: parseQueueRecord(sqsRecord(sample(i % 2 ? 'backup partial' : 'copy failed'), undefined, { jobId: id(i) })),
  job: reason?.(i) ? { statusMessage: reason(i) } : undefined,
}));

describe('formatDigest', () => {
  test('counts by kind and state, groups reasons, lists the first jobs with resource and reason, links the rest', () => {
    const d = formatDigest('production', items(250, (i) => (i < 20 ? (i % 4 ? 'Access denied to KMS key' : 'Role cannot be assumed') : undefined)));
    expect(d.text.split('\n')[0]).toBe(':rotating_light: [production] 250 backup notifications: 125 Backup job PARTIAL, 125 Copy job FAILED');
    const [counts, reasons, ...rest] = sectionTexts(d);
    expect(counts.split('\n')[0]).toBe(':rotating_light: *250 notifications* by kind and state:');
    expect(counts.split('\n').slice(1).sort()).toEqual(['• Backup job PARTIAL: *125*', '• Copy job FAILED: *125*']);
    expect(reasons).toBe('*Reasons* (of the jobs looked up):\n• 15 × Access denied to KMS key\n• 5 × Role cannot be assumed\n• 230 not looked up');
    const listing = rest.slice(0, -1).join('\n');
    expect(listing.split('\n')[0]).toBe(`*First ${DIGEST_LISTED} of 250:*`);
    for (let i = 0; i < DIGEST_LISTED; i++) expect(listing).toContain(`|${id(i)}> — arn:aws:rds:eu-west-1:111122223333:db:orders`);
    expect(listing).not.toContain(id(DIGEST_LISTED));
    expect(rest.at(-1)).toBe('*…and 240 more* (counted above, not listed). ' +
      '<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup|Open the jobs in the AWS Backup console>');
  });

  test('stays within Slack\'s limits and never cuts a listed line, however long the reasons', () => {
    const d = formatDigest('production', items(40, () => 'x'.repeat(5000)));
    expect(d.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const b of d.blocks) if (b.text?.text) expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    const listing = d.blocks.filter((b: any) => b.type === 'section' && /00000000-/.test(b.text.text)).map((b: any) => b.text.text).join('\n');
    for (let i = 0; i < DIGEST_LISTED; i++) expect(listing).toContain(`|${id(i)}>`);
  });
});
