import { Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { unscopedValidationError } from '../../private/validation';

/** Options of `SlackWebhook.fromSecret()`. */
export interface SlackWebhookSecretOptions {
  /**
   * The JSON field of the secret that holds the webhook URL, when the secret is a JSON object.
   *
   * @default - the whole secret string is the URL.
   */
  readonly jsonField?: string;

  /**
   * Hosts besides Slack's (`hooks.slack.com`, and GovSlack's `hooks.slack-gov.com`) that the URL in
   * the secret may name, e.g. a proxy of your own. The function refuses any other host, a URL with
   * a user name or password, and redirects, so a changed secret cannot send the notifications
   * elsewhere. A host may be a token, e.g. `Fn.select(2, Fn.split('/', functionUrl.url))`.
   *
   * @default - only Slack's webhook hosts.
   * @see https://api.slack.com/messaging/webhooks
   */
  readonly allowedHosts?: string[];
}

/**
 * Where the Slack incoming webhook URL is kept. The URL is a credential: it lives in Secrets
 * Manager and is read by the function at run time; only the secret's ARN and the field name
 * reach the template and the function's environment.
 *
 * @see https://api.slack.com/messaging/webhooks
 */
export class SlackWebhook {
  /**
   * The webhook URL is the value of a Secrets Manager secret (the whole string, or one field of a
   * JSON secret).
   */
  public static fromSecret(secret: secretsmanager.ISecret, options: SlackWebhookSecretOptions = {}): SlackWebhook {
    if (!secret || !secret.secretArn) {
      // A JavaScript caller may omit it: name it instead of a TypeError later.
      throw unscopedValidationError(`SlackWebhook.fromSecret: secret (${secret}) is required: the Secrets Manager secret that holds the incoming webhook URL`);
    }
    if (options.jsonField !== undefined && options.jsonField.trim() === '') {
      throw unscopedValidationError(`SlackWebhook.fromSecret: jsonField ('${options.jsonField}') must not be empty: omit it when the whole secret is the URL`);
    }
    for (const host of options.allowedHosts ?? []) {
      // A token (e.g. the host of a function URL made in the same app) is checked by the function at run time.
      if (typeof host === 'string' && Token.isUnresolved(host)) continue;
      if (typeof host !== 'string' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/i.test(host) || host.includes('..')) {
        throw new Error(`SlackWebhook.fromSecret: allowedHosts (${host}) must be a host name, optionally with :port (no scheme, path or credentials)`);
      }
    }
    return new SlackWebhook(secret, options.jsonField, options.allowedHosts?.map((h) => Token.isUnresolved(h) ? h : h.toLowerCase()));
  }

  /** The secret that holds the URL. */
  public readonly secret: secretsmanager.ISecret;

  /**
   * The JSON field that holds the URL.
   *
   * @default - the whole secret string.
   */
  public readonly jsonField?: string;

  /**
   * Hosts allowed besides Slack's webhook hosts.
   *
   * @default - none.
   */
  public readonly allowedHosts?: string[];

  private constructor(secret: secretsmanager.ISecret, jsonField?: string, allowedHosts?: string[]) {
    this.secret = secret;
    this.jsonField = jsonField;
    this.allowedHosts = allowedHosts;
  }
}
