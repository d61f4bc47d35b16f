import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { formatAmount, isUnresolved, validationError } from '../private/validation';

/** Framework and report plan names: start with a letter; letters, digits, underscores; 1–256. */
const AUDIT_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,255}$/;

/** Turns any text (an environment name, a construct path) into a valid audit resource name. */
export function auditResourceName(text: string): string {
  let name = text.replace(/[^a-zA-Z0-9_]/g, '_');
  if (!/^[a-zA-Z]/.test(name)) name = `B${name}`;
  return name.slice(0, 256);
}

/** Throws unless `name` is a valid framework / report plan name. */
export function validateAuditResourceName(scope: IConstruct, property: string, name: string): void {
  if (isUnresolved(name)) return;
  if (!AUDIT_NAME.test(name)) {
    throw validationError(scope, `${property} (${name}) must start with a letter and hold only letters, digits and underscores, at most 256 characters (AWS Backup rule)`);
  }
}

/** "36 hours", "2 days", "90 minutes": a duration in its largest whole unit, for error messages. */
export function describeDuration(duration: Duration): string {
  const minutes = duration.toMinutes({ integral: false });
  if (Number.isInteger(minutes / 1440)) return formatAmount(minutes / 1440, 'day');
  if (Number.isInteger(minutes / 60)) return formatAmount(minutes / 60, 'hour');
  if (Number.isInteger(minutes)) return formatAmount(minutes, 'minute');
  return duration.toHumanString();
}
