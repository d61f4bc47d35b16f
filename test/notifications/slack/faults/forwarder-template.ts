import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SlackForwarder, SlackWebhook } from '../../../../src/notifications';

/** The template of a forwarder as the library synthesizes it (operator e-mail contacts when the library has them). */
export function forwarderTemplate(): any {
  const stack = new Stack(new App(), 'Faults', { env: { account: '111122223333', region: 'eu-west-1' } });
  const secret = new secretsmanager.Secret(stack, 'Webhook');
  const props = { webhook: SlackWebhook.fromSecret(secret), operator: { emailAddresses: ['backup-operators@example.com'] } };
  new SlackForwarder(stack, 'Slack', props);
  return (stack.node.root as App).synth().getStackByName('Faults').template;
}
