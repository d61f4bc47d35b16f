import { IConstruct } from 'constructs';
import { claim, placeOf } from '../../private/singleton';
import { isUnresolved, validationError } from '../../private/validation';

/**
 * An environment name: 1 to 32 letters, digits, '-' or '_', starting with a letter or digit (so that
 * `<name>-backup-vault` and the selection names fit AWS Backup's 50 characters).
 */
const ENVIRONMENT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,31}$/;

/**
 * Checks the environment name of `env` and makes `env` its owner in the account and region of its
 * stack: the vault and plan names derive from it, so a second environment of that name fails.
 */
export function claimEnvironmentName(env: IConstruct, name: string): void {
  if (!isUnresolved(name) && !ENVIRONMENT_NAME.test(name)) {
    throw validationError(env, `environmentName ("${name}") must be 1 to 32 characters: letters, digits, '-' or '_', starting with a letter or digit`);
  }
  if (isUnresolved(name)) {
    throw validationError(env, 'environmentName must be a literal string, not a token: it names the vault, the plan and the selection tag at synth');
  }
  const other = claim(env, 'environmentName', `${placeOf(env)}/${name}`);
  if (other) {
    throw validationError(env,
      `environmentName ("${name}") is already used by ${other.node.path} in the same account and region: ` +
      'vault and plan names would collide; give each environment its own name');
  }
}
