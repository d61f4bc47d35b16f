/*
 * The webhook URL from its secret, cached across invocations (the SDK call is injected). The URL is
 * a credential: no error message or log line made here contains it, or any part of it.
 */
let cached: { key: string; url: string } | undefined;

/**
 * Hosts of Slack's incoming webhooks: Slack's, and GovSlack's (which "does not run on the slack.com
 * domain … it runs on the separate domain slack-gov.com": https://api.slack-gov.com/gov-slack/about).
 *
 * @see https://api.slack.com/messaging/webhooks
 */
export const SLACK_WEBHOOK_HOSTS: readonly string[] = ['hooks.slack.com', 'hooks.slack-gov.com'];

/** Why a webhook URL is refused: a configuration problem no retry fixes. */
export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlError';
  }
}

/** Forgets the cached URL (after Slack says the hook is revoked). */
export function forgetWebhookUrl(): void {
  cached = undefined;
}

/** The hosts allowed: Slack's, plus those the user allowed (WEBHOOK_ALLOWED_HOSTS, comma-separated). */
export function allowedHosts(extra: string | undefined): string[] {
  const more = (extra ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  return [...SLACK_WEBHOOK_HOSTS, ...more];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Accepts an https URL whose host is one of `hosts` (exactly: no subdomain, no other port), with no
 * user name or password. Plain http only for a loopback host that is explicitly allowed (tests).
 * Errors name what is wrong, never the URL.
 */
export function validateWebhookUrl(url: string, hosts: readonly string[] = SLACK_WEBHOOK_HOSTS): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookUrlError('the webhook secret does not hold a URL');
  }
  const host = parsed.hostname.toLowerCase();
  if (parsed.username !== '' || parsed.password !== '') {
    throw new WebhookUrlError('the webhook URL carries a user name or password: a Slack webhook URL has none');
  }
  if (!hosts.includes(host) && !hosts.includes(parsed.host.toLowerCase())) {
    throw new WebhookUrlError(`the webhook URL's host is not allowed: only ${hosts.join(', ')} (allow another host with SlackWebhook.fromSecret's allowedHosts)`);
  }
  const loopback = LOOPBACK.has(host);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new WebhookUrlError(`the webhook URL must use https (got ${parsed.protocol})`);
  }
  if (parsed.port !== '' && !loopback && !hosts.includes(parsed.host.toLowerCase())) {
    throw new WebhookUrlError('the webhook URL names a port: a Slack webhook URL uses the https default');
  }
  return url;
}

/** The URL in a secret string: the whole string, or one field of a JSON object. */
export function urlFromSecretString(secretString: string, jsonField: string | undefined, hosts: readonly string[] = SLACK_WEBHOOK_HOSTS): string {
  if (!jsonField) return validateWebhookUrl(secretString.trim(), hosts);
  let parsed: any;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new WebhookUrlError(`the webhook secret is not JSON, but a jsonField (${jsonField}) was configured`);
  }
  const value = parsed !== null && typeof parsed === 'object' && Object.prototype.hasOwnProperty.call(parsed, jsonField) ? parsed[jsonField] : undefined;
  if (typeof value !== 'string') throw new WebhookUrlError(`the webhook secret has no string field ${jsonField}`);
  return validateWebhookUrl(value.trim(), hosts);
}

/** Reads a secret's string (GetSecretValue). */
export type SecretReader = (secretArn: string) => Promise<string | undefined>;

/** The webhook URL, from the cache or Secrets Manager. */
export async function getWebhookUrl(
  secretArn: string, jsonField: string | undefined, readSecret: SecretReader, hosts: readonly string[] = SLACK_WEBHOOK_HOSTS,
): Promise<string> {
  const key = `${secretArn}|${jsonField ?? ''}|${hosts.join(',')}`;
  if (cached?.key === key) return cached.url;
  const secretString = await readSecret(secretArn);
  if (typeof secretString !== 'string') throw new WebhookUrlError('the webhook secret has no SecretString');
  const url = urlFromSecretString(secretString, jsonField, hosts);
  cached = { key, url };
  return url;
}
