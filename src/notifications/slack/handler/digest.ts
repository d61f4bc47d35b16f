/* One Slack message for many notifications of an environment (pure: no aws-cdk-lib, no AWS SDK). */
import { Notification } from './notification-parser';
import { own } from './own';
import {
  accountLabel, consoleHost, consoleLink, escapeSlack, JobDetails, KIND_LABEL, linkableRegion, MAX_HEADER_TEXT, MAX_SECTION_TEXT, SlackPayload,
  slackLink, truncate,
} from './slack-message';

/** Jobs listed one by one in a digest (with resource and reason); the others are counted. */
export const DIGEST_LISTED = 10;
/** Distinct failure reasons shown, most frequent first. */
export const DIGEST_REASONS = 5;

/** A notification and what its job lookup found. */
export interface DigestItem {
  readonly notification: Notification;
  readonly job?: JobDetails;
}

function label(n: Notification): string {
  const kind = own(KIND_LABEL, n.kind) ?? 'Notification';
  return n.kind === 'ALARM' ? `${kind} ${n.eventType ?? ''}`.trim() : kind;
}

function reasonOf(item: DigestItem): string | undefined {
  return item.job?.statusMessage ?? item.notification.details.reason;
}

/** Where the failed jobs of a digest are listed: the AWS Backup console's jobs page of the region. */
export function jobsListLink(items: DigestItem[]): string | undefined {
  const n = items.find((i) => linkableRegion(i.notification.region))?.notification;
  if (!n) return undefined;
  const kinds = new Set(items.map((i) => i.notification.kind === 'RESTORE_VALIDATION' ? 'RESTORE_JOB' : i.notification.kind));
  // Scan jobs only: the jobs page itself (the guide documents no address for its scan tab).
  if (kinds.size === 1 && kinds.has('SCAN_JOB')) return `${consoleHost(n.partition, n.region!)}/backup/home?region=${n.region}#/jobs`;
  const tab = kinds.size === 1 && kinds.has('COPY_JOB') ? 'copy' : kinds.size === 1 && kinds.has('RESTORE_JOB') ? 'restore' : 'backup';
  return `${consoleHost(n.partition, n.region!)}/backup/home?region=${n.region}#/jobs/${tab}`;
}

/**
 * A digest: how many notifications of each kind and state, the most frequent reasons, the first
 * jobs with their resource and reason, and a link to the console's job list for the rest. The
 * plain-text fallback starts with the total, so every notification is listed or counted.
 */
export function formatDigest(environmentName: string | undefined, items: DigestItem[]): SlackPayload {
  const where = environmentName ? `[${environmentName}] ` : '';
  const total = items.length;
  const counts = new Map<string, number>();
  for (const { notification: n } of items) {
    const key = `${label(n)} ${n.state ?? ''}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const title = `${where}${total} backup notifications: ${byCount.map(([k, c]) => `${c} ${k}`).slice(0, 3).join(', ')}${byCount.length > 3 ? ', …' : ''}`;

  const blocks: any[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(escapeSlack(title), MAX_HEADER_TEXT), emoji: true } }];
  const section = (text: string) => blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) } });
  section(`:rotating_light: *${total} notifications* by kind and state:\n${byCount.map(([k, c]) => `• ${escapeSlack(k)}: *${c}*`).join('\n')}`);

  const reasons = new Map<string, number>();
  let unknownReasons = 0;
  for (const item of items) {
    const reason = reasonOf(item);
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    else unknownReasons++;
  }
  if (reasons.size > 0) {
    const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, DIGEST_REASONS);
    section(`*Reasons* (of the jobs looked up):\n${top.map(([r, c]) => `• ${c} × ${truncate(escapeSlack(r), 300)}`).join('\n')}` +
      (unknownReasons > 0 ? `\n• ${unknownReasons} not looked up` : ''));
  }

  const listed = items.slice(0, DIGEST_LISTED);
  const lines = listed.map(({ notification: n, job }) => {
    const link = consoleLink(n);
    const id = n.jobId ?? n.recoveryPointArn ?? n.eventType ?? 'notification';
    const name = slackLink(link, id);
    const resource = n.resourceArn ?? job?.resourceArn ?? n.details.clusterName;
    const reason = job?.statusMessage ?? n.details.reason;
    // A member account's job (organization): which account and region, on its line.
    const account = accountLabel(n);
    const inAccount = n.origin === 'ORGANIZATION' && account ? ` in ${escapeSlack(account)}, ${escapeSlack(n.region ?? 'unknown region')}` : '';
    // A scan job's line names its recovery point (which one to keep from restores).
    const point = n.kind === 'SCAN_JOB' && n.recoveryPointArn ? ` — recovery point ${escapeSlack(n.recoveryPointArn)}` : '';
    return `• ${escapeSlack(label(n))} ${escapeSlack(n.state ?? '')}${inAccount} ${name}${resource ? ` — ${escapeSlack(resource)}` : ''}${point}${reason ? ` — _${truncate(escapeSlack(reason), 200)}_` : ''}`;
  });
  // Whole lines per section (a cut line could break a link): as many sections as the lines need.
  let text = `*First ${listed.length} of ${total}:*`;
  for (const line of lines.map((l) => truncate(l, MAX_SECTION_TEXT - 100))) {
    if (text.length + 1 + line.length > MAX_SECTION_TEXT) {
      section(text);
      text = line;
    } else {
      text += `\n${line}`;
    }
  }
  section(text);

  const rest = total - listed.length;
  const link = jobsListLink(items);
  if (rest > 0 || link) {
    section(`${rest > 0 ? `*…and ${rest} more* (counted above, not listed). ` : ''}${link ? slackLink(link, 'Open the jobs in the AWS Backup console') : ''}`);
  }
  const times = items.map((i) => i.notification.startTime).filter((t): t is string => !!t).sort();
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(escapeSlack(`A digest of ${total} notifications${times.length ? ` (${times[0]} to ${times[times.length - 1]})` : ''}.`), 2000) }],
  });
  const fallback = [`:rotating_light: ${title}`, ...byCount.map(([k, c]) => `${k}: ${c}`), ...(link ? [link] : [])].join('\n');
  return { text: truncate(escapeSlack(fallback), MAX_SECTION_TEXT), blocks };
}
