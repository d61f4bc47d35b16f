import { Duration, Errors, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentBackup } from '../../src';
import { SlackWebhook } from '../../src/notifications';
import { requireElements, requireProps, unscopedValidationError, wholeDuration } from '../../src/private/validation';

const scope = () => new Construct(new Stack(undefined, 'S'), 'C');

describe('requireProps: a JavaScript caller that leaves out a required prop', () => {
  test('names the missing prop and its path', () => {
    expect(() => requireProps(scope(), {}, ['vaultName'])).toThrow('S/C: vaultName (undefined) is required');
    expect(() => requireProps(scope(), { minRetention: null }, ['minRetention'], 'vault.lock')).toThrow('S/C: vault.lock.minRetention (null) is required');
    expect(() => requireProps(scope(), undefined, ['a', 'b'])).toThrow('S/C: props (undefined) is required: an object with a, b');
    expect(() => requireProps(scope(), { a: 0, b: '' }, ['a', 'b'])).not.toThrow();
  });
  test('arrays with holes', () => {
    expect(() => requireElements(scope(), 'rules', [1, undefined])).toThrow('S/C: rules[1] (undefined) is required');
    expect(() => requireElements(scope(), 'rules', 'x' as any)).toThrow('S/C: rules (string) must be an array');
  });
  test('aws-cdk-lib recognises our errors as validation errors (Errors.isValidationError), scoped or not', () => {
    const caught = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('no error thrown');
    };
    const scoped = caught(() => new EnvironmentBackup(new Stack(undefined, 'S'), 'E', { environmentName: 'no spaces' }));
    expect(Errors.isValidationError(scoped)).toBe(true);
    expect(Errors.isConstructError(scoped)).toBe(true);
    expect((scoped as Error).message).toMatch(/^S\/E: environmentName/);
    expect((scoped as { constructPath?: string }).constructPath).toBe('S/E');
    const unscoped = caught(() => SlackWebhook.fromSecret(undefined as any));
    expect(Errors.isValidationError(unscoped)).toBe(true);
    expect((unscoped as { constructPath?: string }).constructPath).toBeUndefined();
    expect(Errors.isValidationError(unscopedValidationError('x'))).toBe(true);
    // The check can fail: a plain error with the same name is not one.
    const plain = new Error('x');
    plain.name = 'ValidationError';
    expect(Errors.isValidationError(plain)).toBe(false);
  });

  test('the error is our ValidationError', () => {
    try {
      requireProps(scope(), {}, ['x']);
    } catch (e) {
      expect((e as Error).name).toBe('ValidationError');
    }
    expect.assertions(1);
  });
});

describe('wholeDuration: our error naming the prop, not aws-cdk-lib\'s', () => {
  test('whole amounts convert', () => {
    expect(wholeDuration(scope(), 'p', Duration.hours(48), 'day')).toBe(2);
    expect(wholeDuration(scope(), 'p', Duration.days(1), 'minute')).toBe(1440);
  });
  test('fractions fail naming the prop', () => {
    expect(() => wholeDuration(scope(), 'vault.lock.minRetention', Duration.hours(36), 'day'))
      .toThrow('S/C: vault.lock.minRetention (36 hours) must be a whole number of days');
    expect(() => Duration.hours(36).toDays()).toThrow(/cannot be converted into a whole number of days/);
  });
});

test('unscopedValidationError is a ValidationError without a path', () => {
  const e = unscopedValidationError('minimumRetention: no rule has deleteAfter');
  expect(e.name).toBe('ValidationError');
  expect(e.message).toBe('minimumRetention: no rule has deleteAfter');
});
