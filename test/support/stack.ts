import { App, Environment, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier } from '../../src';

/** The account and region of the tests' stacks that need a concrete environment. */
export const TEST_ENV: Required<Pick<Environment, 'account' | 'region'>> = { account: '111122223333', region: 'eu-west-1' };

export interface TestStackOptions {
  /** The stack's id (and so the first segment of the construct paths in error messages). @default 'S' */
  readonly id?: string;
  /** The stack's account and region; `TEST_ENV` for the tests' usual one. @default environment-agnostic */
  readonly env?: Environment;
  /** The app to add the stack to. @default a fresh App */
  readonly app?: App;
}

/** A stack in a fresh app: `S`, environment-agnostic, unless the options say otherwise. */
export function testStack(options: TestStackOptions = {}): Stack {
  return new Stack(options.app ?? new App(), options.id ?? 'S', options.env ? { env: options.env } : {});
}

/** A fresh app with one stack `S` (environment-agnostic unless `env` is given). */
export function stack(env?: Environment): Stack {
  return testStack({ env });
}

/** The props the tests' environments start from: a STAGING environment named `env`. */
export function environmentProps(props: Partial<EnvironmentBackupProps> = {}): EnvironmentBackupProps {
  return { environmentName: 'env', tier: EnvironmentTier.STAGING, ...props };
}

/** An EnvironmentBackup `E` (STAGING, named `env` unless `props` say otherwise) in `scope`. */
export function environmentBackup(props: Partial<EnvironmentBackupProps> = {}, scope: Construct = testStack()): EnvironmentBackup {
  return new EnvironmentBackup(scope, 'E', environmentProps(props));
}

export interface EnvironmentStack {
  readonly app: App;
  readonly stack: Stack;
  readonly env: EnvironmentBackup;
  /** Synthesizes the stack (running the validations registered with addValidation). */
  template(): Template;
}

/** A stack (see `testStack`) holding one EnvironmentBackup `E` (see `environmentBackup`). */
export function environmentStack(props: Partial<EnvironmentBackupProps> = {}, options: TestStackOptions = {}): EnvironmentStack {
  const s = testStack(options);
  const env = environmentBackup(props, s);
  return { app: s.node.root as App, stack: s, env, template: () => Template.fromStack(s) };
}
