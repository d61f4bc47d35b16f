import { IConstruct } from 'constructs';
import { RestoreTestingOptions, RestoreTestingPlanOptions } from './restore-testing-options';
import { warnDeprecated } from '../private/deprecation';

/**
 * The restore testing plan an environment asks for: setting the option turns it on, and the
 * deprecated `enabled` still decides, with a warning that says what to write instead. Undefined
 * when restore testing is off.
 *
 * @param prefix the option's property in the caller's props, e.g. `restoreTesting`
 */
export function resolveRestoreTestingOptions(
  scope: IConstruct, options: RestoreTestingOptions | undefined, prefix: string,
): RestoreTestingPlanOptions | undefined {
  if (options === undefined || options === null) return undefined;
  const { enabled, ...plan } = options;
  if (enabled === undefined) return plan;
  if (enabled) {
    warnDeprecated(scope, 'RestoreTestingOptions.enabled', `${prefix}.enabled`, `${prefix} alone: setting it turns restore testing on; remove ${prefix}.enabled`);
    return plan;
  }
  const ignored = Object.keys(plan).filter((k) => (plan as { [key: string]: unknown })[k] !== undefined);
  warnDeprecated(scope, 'RestoreTestingOptions.enabled', `${prefix}.enabled`, `no ${prefix}: leave ${prefix} out to turn restore testing off` +
    (ignored.length > 0 ? ` (restore testing is off, so ${ignored.map((k) => `${prefix}.${k}`).join(', ')} ${ignored.length > 1 ? 'are' : 'is'} ignored)` : ''));
  return undefined;
}
