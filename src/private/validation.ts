import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The error every validation of this library throws: it names the construct, the property, the
 * value and the rule, so that `cdk synth` says what to change.
 */
export function validationError(scope: IConstruct, message: string): Error {
  const error = new Error(`${scope.node.path}: ${message}`);
  error.name = 'ValidationError';
  return error;
}

/** True when a value is (or contains) an unresolved token: such values are not validated. */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (value instanceof Duration) return value.isUnresolved();
  return Token.isUnresolved(value);
}

/** "30 days", "1 day", "90 minutes": for error messages. */
export function formatAmount(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** An AWS account ID: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
