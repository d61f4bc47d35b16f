import { App, Lazy, Stack } from 'aws-cdk-lib';
import { EnvironmentBackup } from '../../../src';
import { environmentBackup, testStack } from '../../support/stack';

// The environment's name (src/vault/private/environment-name.ts): its shape, and one environment of a name
// per account and region (the vault and plan names derive from it).

function stack(): Stack {
  return testStack();
}

describe('environmentName', () => {
  test.each([
    ['', /environmentName \(""\) must be 1 to 32 characters/],
    ['prod env', /environmentName \("prod env"\) must be 1 to 32 characters: letters, digits or '-', starting with a letter or digit/],
    ['-prod', /environmentName \("-prod"\) .*starting with a letter or digit/],
    // One rule with OrganizationBackup (issue 21 item 7): '_' is refused for both, since an
    // organization's StackSet name takes letters, digits and '-' only.
    ['prod_1', /environmentName \("prod_1"\) must be 1 to 32 characters: letters, digits or '-', starting with a letter or digit, without '_' \(EnvironmentBackup and OrganizationBackup take the same names/],
    ['a'.repeat(33), /environmentName \("a{33}"\) must be 1 to 32 characters/],
  ])('%j is refused', (name, message) => {
    expect(() => environmentBackup({ environmentName: name })).toThrow(message);
  });

  test('a token is refused: names are derived at synth', () => {
    expect(() => environmentBackup({ environmentName: Lazy.string({ produce: () => 'x' }) })).toThrow(/environmentName must be a literal string, not a token/);
  });
});

describe('environmentName length', () => {
  test('33 characters is refused, naming the rule', () => {
    expect(() => new EnvironmentBackup(stack(), 'E', { environmentName: 'a'.repeat(33) }))
      .toThrow(/environmentName \("a{33}"\) must be 1 to 32 characters/);
  });
});

describe('one environment of a name per account and region', () => {
  test('the same environment name twice in one account and region is refused', () => {
    const app = new App();
    new EnvironmentBackup(new Stack(app, 'A'), 'E', { environmentName: 'production' });
    expect(() => new EnvironmentBackup(new Stack(app, 'B'), 'E', { environmentName: 'production' }))
      .toThrow(/B\/E: environmentName \("production"\) is already used by A\/E in the same account and region/);
  });

  test('the same environment name in two regions is fine', () => {
    const app = new App();
    new EnvironmentBackup(new Stack(app, 'A', { env: { region: 'eu-west-1' } }), 'E', { environmentName: 'production' });
    expect(() => new EnvironmentBackup(new Stack(app, 'B', { env: { region: 'us-east-1' } }), 'E', { environmentName: 'production' })).not.toThrow();
  });
});
