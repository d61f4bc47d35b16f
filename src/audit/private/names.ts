import { IConstruct } from 'constructs';
import { auditNameFrom, checkAuditName } from '../../private/limits';
import { assertValid } from '../../private/validation';

/** Turns any text (an environment name, a construct path) into a valid audit resource name. */
export function auditResourceName(text: string): string {
  return auditNameFrom(text);
}

/** Throws unless `name` is a valid framework / report plan name. */
export function validateAuditResourceName(scope: IConstruct, property: string, name: string): void {
  assertValid(scope, checkAuditName(property, name));
}
