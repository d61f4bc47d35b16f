import { IConstruct } from 'constructs';
import { claim, placeOf } from '../../private/singleton';
import { validateEnvironmentName, validationError } from '../../private/validation';

/**
 * Checks the environment name of `env` and makes `env` its owner in the account and region of its
 * stack: the vault and plan names derive from it, so a second environment of that name fails.
 */
export function claimEnvironmentName(env: IConstruct, name: string): void {
  validateEnvironmentName(env, 'environmentName', name);
  const other = claim(env, 'environmentName', `${placeOf(env)}/${name}`);
  if (other) {
    throw validationError(env,
      `environmentName ("${name}") is already used by ${other.node.path} in the same account and region: ` +
      'vault and plan names would collide; give each environment its own name');
  }
}
