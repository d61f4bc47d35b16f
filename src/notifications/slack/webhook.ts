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
    return new SlackWebhook(secret, options.jsonField);
  }

  /** The secret that holds the URL. */
  public readonly secret: secretsmanager.ISecret;

  /**
   * The JSON field that holds the URL.
   *
   * @default - the whole secret string.
   */
  public readonly jsonField?: string;

  private constructor(secret: secretsmanager.ISecret, jsonField?: string) {
    this.secret = secret;
    this.jsonField = jsonField;
  }
}
