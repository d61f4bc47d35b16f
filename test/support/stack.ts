import { App, Environment, Stack } from 'aws-cdk-lib';

/** A fresh app with one stack `S` (environment-agnostic unless `env` is given). */
export function stack(env?: Environment): Stack {
  return new Stack(new App(), 'S', env ? { env } : {});
}
