import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { amountOf, describeDuration, DurationUnit } from './limits/lifecycle';
import { checkEnvironmentName } from './limits/names';

export { formatAmount } from './limits/format';

/**
 * The markers aws-cdk-lib's `Errors.isConstructError()` and `Errors.isValidationError()` look for
 * (core/lib/errors.ts: properties keyed by these global symbols). aws-cdk-lib's own `ValidationError`
 * class is `@internal` and its constructor changed between 2.x versions; the symbols did not.
 */
const CONSTRUCT_ERROR_SYMBOL = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR_SYMBOL = Symbol.for('@aws-cdk/core.ValidationError');

/** An error named `ValidationError` that aws-cdk-lib's tooling recognises as one. */
function markedValidationError(message: string, constructPath?: string): Error {
  const error = new Error(message);
  error.name = 'ValidationError';
  Object.defineProperty(error, CONSTRUCT_ERROR_SYMBOL, { value: true });
  Object.defineProperty(error, VALIDATION_ERROR_SYMBOL, { value: true });
  // What a ConstructError of aws-cdk-lib exposes besides the message.
  Object.defineProperty(error, 'type', { value: 'validation' });
  Object.defineProperty(error, 'level', { value: 'error' });
  if (constructPath !== undefined) Object.defineProperty(error, 'constructPath', { value: constructPath });
  return error;
}

/**
 * The error every validation of this library throws: it names the construct, the property, the
 * value and the rule, so that `cdk synth` says what to change. `Errors.isValidationError()` of
 * aws-cdk-lib is true for it.
 */
export function validationError(scope: IConstruct, message: string): Error {
  return markedValidationError(`${scope.node.path}: ${message}`, scope.node.path);
}

/**
 * The same error where there is no construct (static helpers such as `RetentionCalculator`): the
 * message names the method, the property, the value and the rule.
 */
export function unscopedValidationError(message: string): Error {
  return markedValidationError(message);
}

/** Throws `validationError(scope, problem)` when a pure validator of `limits` found a problem. */
export function assertValid(scope: IConstruct, problem: string | undefined): void {
  if (problem !== undefined) throw validationError(scope, problem);
}

/** True when a value is (or contains) an unresolved token: such values are not validated. */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (value instanceof Duration) return value.isUnresolved();
  return Token.isUnresolved(value);
}

/**
 * Required props that a JavaScript caller (no type checker) left out: a clear error naming the
 * property instead of "Cannot read properties of undefined".
 *
 * @param scope the construct that reports the error
 * @param props the props object (undefined or null when the caller passed none)
 * @param names the required property names
 * @param path the path of `props` in the caller's props (e.g. `vault.lock`), for nested objects
 */
export function requireProps(scope: IConstruct, props: unknown, names: string[], path?: string): void {
  const prefix = path ? `${path}.` : '';
  if (props === undefined || props === null || typeof props !== 'object') {
    throw validationError(scope, `${path ?? 'props'} (${props === null ? 'null' : typeof props}) is required: an object with ${names.map((n) => prefix + n).join(', ')}`);
  }
  for (const name of names) {
    const value = (props as { [key: string]: unknown })[name];
    if (value === undefined || value === null) {
      throw validationError(scope, `${prefix}${name} (${value === null ? 'null' : 'undefined'}) is required`);
    }
  }
}

/** Every element of a required array is present (a JavaScript caller may pass holes or nulls). */
export function requireElements(scope: IConstruct, property: string, values: unknown[]): void {
  if (!Array.isArray(values)) throw validationError(scope, `${property} (${typeof values}) must be an array`);
  values.forEach((v, i) => {
    if (v === undefined || v === null) throw validationError(scope, `${property}[${i}] (${v === null ? 'null' : 'undefined'}) is required`);
  });
}

/**
 * A Duration converted to a whole number of `unit`s, as CloudFormation needs it; a duration that
 * is not whole gets our error naming the property ("deleteAfter (36 hours) must be a whole number
 * of days") instead of aws-cdk-lib's. A token converts as aws-cdk-lib does.
 */
export function wholeDuration(scope: IConstruct, property: string, d: Duration, unit: DurationUnit): number {
  const amount = amountOf(d, unit);
  if (amount === undefined) {
    switch (unit) {
      case 'day': return d.toDays();
      case 'hour': return d.toHours();
      case 'minute': return d.toMinutes();
      default: return d.toSeconds();
    }
  }
  if (!Number.isInteger(amount)) {
    throw validationError(scope, `${property} (${describeDuration(d)}) must be a whole number of ${unit}s`);
  }
  return amount;
}


/**
 * Throws unless `name` is a literal environment name (`checkEnvironmentName`): the one validator of
 * `EnvironmentBackup` and `OrganizationBackup`, with one error text. A token is refused: the vault,
 * plan, role and StackSet names derive from it at synth.
 */
export function validateEnvironmentName(scope: IConstruct, property: string, name: string): void {
  if (isUnresolved(name)) {
    throw validationError(scope, `${property} must be a literal string, not a token: it names the vault, the plan, the roles and the selection tag at synth`);
  }
  assertValid(scope, checkEnvironmentName(property, name));
}
