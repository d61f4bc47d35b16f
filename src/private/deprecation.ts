import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './validation';

/**
 * Props kept for one minor version after a rename: they still work, a synth warning says which prop
 * replaces them, and setting the old and the new prop of the same choice fails.
 */

/**
 * Warns that `property` (as the user wrote it, e.g. `monitoring.createDashboard`) is deprecated.
 * The id (`cdk-environment-backup:deprecated:<field>`) is the same wherever the options are used,
 * so that one `Annotations.acknowledgeWarning` silences it.
 *
 * @param field the deprecated field as `Interface.field`, e.g. `MonitoringOptions.createDashboard`
 * @param use what to write instead, e.g. `monitoring.onDashboard: MonitoringDashboard.own()`
 */
export function warnDeprecated(scope: IConstruct, field: string, property: string, use: string): void {
  Annotations.of(scope).addWarningV2(`cdk-environment-backup:deprecated:${field}`,
    `${property} is deprecated and will be removed in the next minor version: use ${use}`);
}

/** Fails when the deprecated `oldProperty` and its replacement `newProperty` are both set: they make the same choice. */
export function assertNotBoth(scope: IConstruct, oldProperty: string, newProperty: string, oldSet: boolean, newSet: boolean): void {
  if (oldSet && newSet) {
    throw validationError(scope, `${oldProperty} (deprecated) and ${newProperty} are both set, and they make the same choice: ` +
      `remove ${oldProperty}`);
  }
}

/** `monitoring.` for a nested option, nothing for a construct's own props. */
export function propertyPath(prefix: string | undefined, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
