import { IConstruct } from 'constructs';
import { checkAuditName } from '../../private/limits';
import { assertValid } from '../../private/validation';

/** Turns any text (an environment name, a construct path) into a valid audit resource name. */
export function auditResourceName(text: string): string {
  let name = text.replace(/[^a-zA-Z0-9_]/g, '_');
  if (!/^[a-zA-Z]/.test(name)) name = `B${name}`;
  return name.slice(0, 256);
}

/** Throws unless `name` is a valid framework / report plan name. */
export function validateAuditResourceName(scope: IConstruct, property: string, name: string): void {
  assertValid(scope, checkAuditName(property, name));
}
