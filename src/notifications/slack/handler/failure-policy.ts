/*
 * What a failure to deliver means (no aws-cdk-lib, no AWS SDK): retry soon, hold and tell the
 * operator, or wait because Slack may already have shown it. Nothing here contains the webhook URL.
 */
import { own } from './own';
import { SlackDeliveryError } from './slack-delivery';
import { WebhookUrlError } from './webhook-url';

/**
 * - `transient`: retry with a growing backoff (Slack 5xx, 429, refused connections, throttled or
 *   failing Secrets Manager);
 * - `permanent`: no retry helps until someone fixes the configuration: tell the operator, hold the
 *   notifications (long backoff), deliver them once fixed;
 * - `unknown`: the post went out and no answer came: Slack may have shown it, so no quick retry;
 * - `malformed`: the record is not a notification.
 */
export type FailureOutcome = 'transient' | 'permanent' | 'unknown' | 'malformed';

export interface FailureClass {
  readonly outcome: FailureOutcome;
  /** A short code: Slack's error word, `secret_access_denied`, `http_500`, `timeout`… */
  readonly kind: string;
}

/** Secrets Manager and KMS errors that a retry fixes (throttling, a service fault). */
const TRANSIENT_AWS_ERRORS = new Set([
  'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'InternalServiceError', 'InternalFailure',
  'ServiceUnavailable', 'ServiceUnavailableException', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError',
]);

/** Secrets Manager errors no retry fixes (GetSecretValue's errors in the Secrets Manager API reference). */
const PERMANENT_AWS_ERRORS: { [name: string]: string } = {
  AccessDeniedException: 'secret_access_denied',
  ResourceNotFoundException: 'secret_not_found',
  DecryptionFailure: 'secret_decryption_failure',
  InvalidRequestException: 'secret_not_usable',
};

/** Classifies what `forwardBatch` caught while delivering a group. */
export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof SlackDeliveryError) return { outcome: error.outcome, kind: error.kind };
  if (error instanceof WebhookUrlError) return { outcome: 'permanent', kind: 'webhook_url_not_allowed' };
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  const permanent = own(PERMANENT_AWS_ERRORS, name);
  if (permanent) return { outcome: 'permanent', kind: permanent };
  if (TRANSIENT_AWS_ERRORS.has(name)) return { outcome: 'transient', kind: `secrets_manager_${name}` };
  const status = e?.$metadata?.httpStatusCode;
  if (status === 403) return { outcome: 'permanent', kind: 'secret_access_denied' };
  return { outcome: 'transient', kind: name ? `error_${name}` : 'error' };
}

/** What the operator is told to do for each permanent error kind (the key of `operatorAdvice`). */
const ADVICE: { [kind: string]: string } = {
  no_service: 'Slack says the webhook no longer exists (no_service): the incoming webhook was removed or its app uninstalled. Create a new incoming webhook and put its URL in the secret.',
  invalid_token: 'Slack says the webhook\'s token is invalid (invalid_token): it was revoked. Create a new incoming webhook and put its URL in the secret.',
  channel_is_archived: 'Slack says the webhook\'s channel is archived (channel_is_archived): unarchive it, or create a webhook for another channel and put its URL in the secret.',
  channel_not_found: 'Slack says the webhook\'s channel is gone (channel_not_found): create a webhook for an existing channel and put its URL in the secret.',
  action_prohibited: 'Slack refuses posts through this webhook (action_prohibited): a workspace admin restricted the app or the channel. Ask them, or create a webhook for another channel.',
  no_team: 'Slack says the workspace of the webhook is gone (no_team): create a webhook in a live workspace and put its URL in the secret.',
  team_disabled: 'Slack says the workspace of the webhook is disabled (team_disabled): create a webhook in a live workspace and put its URL in the secret.',
  invalid_payload: 'Slack refuses the message format (invalid_payload): a defect of the forwarder; its log shows the rejected records. Report it.',
  redirect: 'The URL in the secret answers with a redirect: it is not a Slack incoming webhook. ' +
    'Put the webhook URL (https://hooks.slack.com/services/…) in the secret.',
  webhook_url_not_allowed: 'The secret does not hold an allowed webhook URL (https, a Slack webhook host or one allowed with allowedHosts, ' +
    'no user name or password). Put the webhook URL in the secret.',
  secret_access_denied: 'The forwarder may not read the webhook secret (AccessDenied): check the secret\'s resource policy and, if the secret uses a customer-managed KMS key, that the key policy lets the forwarder\'s role kms:Decrypt.',
  secret_not_found: 'The webhook secret does not exist (ResourceNotFound): create it, or restore it if it is scheduled for deletion.',
  secret_decryption_failure: 'Secrets Manager cannot decrypt the webhook secret (DecryptionFailure): the KMS key is disabled, pending deletion, or its policy denies the forwarder\'s role kms:Decrypt.',
  secret_not_usable: 'The webhook secret cannot be read (InvalidRequest): it may be scheduled for deletion. Restore it.',
};

/** What to fix for a permanent error kind. */
export function operatorAdvice(kind: string): string {
  return own(ADVICE, kind) ?? `Slack or Secrets Manager refuses delivery (${kind}) and retrying does not help: see the forwarder's log.`;
}

/** The operator alert for a permanent error: subject and text (never the webhook URL). */
export interface AlertContext {
  /** Notifications of this batch held by the error. */
  readonly held: number;
  readonly secretArn: string;
  readonly logGroup?: string;
  readonly queueArn?: string;
}

export function operatorAlert(kind: string, context: AlertContext): { subject: string; message: string } {
  return {
    // SNS subjects: at most 100 characters, ASCII, no line breaks.
    subject: `Backup notifications are not reaching Slack (${kind})`.slice(0, 100),
    message: [
      `Backup notifications could not be posted to Slack: ${kind}.`,
      '',
      operatorAdvice(kind),
      '',
      `Notifications held: ${context.held} in this batch; none are dropped. They are retried with a long backoff and reach Slack once this is fixed.`,
      `Webhook secret: ${context.secretArn}`,
      ...context.queueArn ? [`Buffer queue: ${context.queueArn}`] : [],
      ...context.logGroup ? [`Forwarder log group: ${context.logGroup}`] : [],
      '',
      'You hear of this kind of error at most once an hour while it lasts.',
    ].join('\n'),
  };
}
