/* The webhook URL from its secret, cached across invocations (the SDK call is injected). */
let cached: { key: string; url: string } | undefined;

/** Forgets the cached URL (after Slack says the hook is revoked). */
export function forgetWebhookUrl(): void {
  cached = undefined;
}

/** Accepts https URLs, and http only on loopback (for tests). */
export function checkWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the webhook secret does not hold a URL');
  }
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new Error(`the webhook URL must use https (got ${parsed.protocol})`);
  }
  return url;
}

/** The URL in a secret string: the whole string, or one field of a JSON object. */
export function urlFromSecretString(secretString: string, jsonField: string | undefined): string {
  if (!jsonField) return checkWebhookUrl(secretString.trim());
  let parsed: any;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new Error(`the webhook secret is not JSON, but a jsonField (${jsonField}) was configured`);
  }
  const value = parsed?.[jsonField];
  if (typeof value !== 'string') throw new Error(`the webhook secret has no string field ${jsonField}`);
  return checkWebhookUrl(value.trim());
}

/** Reads a secret's string (GetSecretValue). */
export type SecretReader = (secretArn: string) => Promise<string | undefined>;

/** The webhook URL, from the cache or Secrets Manager. */
export async function getWebhookUrl(secretArn: string, jsonField: string | undefined, readSecret: SecretReader): Promise<string> {
  const key = `${secretArn}|${jsonField ?? ''}`;
  if (cached?.key === key) return cached.url;
  const secretString = await readSecret(secretArn);
  if (typeof secretString !== 'string') throw new Error('the webhook secret has no SecretString');
  const url = urlFromSecretString(secretString, jsonField);
  cached = { key, url };
  return url;
}
