import { IConstruct } from 'constructs';
import { isUnresolved, validationError } from './validation';
import { inform } from './warnings';

/** What the open-value classes (ReportTemplate, BackupVaultEvent…) have in common. */
export interface OpenValue {
  readonly value: string;
  readonly custom: boolean;
}

/** How one kind of open value is checked. */
export interface OpenValueKind<T extends OpenValue> {
  /** The class's name, for messages (e.g. `ReportTemplate`). */
  readonly className: string;
  /** Whether a value is an instance of the class. */
  readonly isInstance: (value: unknown) => value is T;
  /** The shape check of a custom value (a pure validator of `limits`). */
  readonly checkShape: (property: string, value: string) => string | undefined;
  /** The values this library knows, for messages. */
  readonly known: readonly T[];
}

/**
 * Checks a list of open values: at least one; each an instance of the class (a bare string, from
 * JavaScript code written for the former enum, is refused with the way to fix it); a custom value
 * (`.of()` with a name this library does not know) has the shape AWS's values have; none repeats.
 * Custom values are noted in an info annotation: AWS, not this library, decides at deploy time
 * whether they exist.
 */
export function validateOpenValues<T extends OpenValue>(scope: IConstruct, property: string, values: T[], kind: OpenValueKind<T>): T[] {
  // Only messages use the list of known values: built when one is needed (this runs for every environment).
  const knownNames = () => kind.known.map((k) => k.value).join(', ');
  if (values.length === 0) {
    throw validationError(scope, `${property} (empty) must hold at least one of ${knownNames()} (or ${kind.className}.of('…'))`);
  }
  for (const v of values as unknown[]) {
    if (!kind.isInstance(v)) {
      throw validationError(scope, `${property} (${String(v)}) must be a ${kind.className}: use ${kind.className}.<NAME> (${knownNames()}) ` +
        `or ${kind.className}.of('…') for a value this library does not know yet`);
    }
    const problem = v.custom ? kind.checkShape(property, v.value) : undefined;
    if (problem) throw validationError(scope, problem);
  }
  const names = values.map((v) => v.value);
  const repeated = names.find((n, i) => names.indexOf(n) !== i && !isUnresolved(n));
  if (repeated) throw validationError(scope, `${property} (${repeated} twice) must not repeat a value`);
  const custom = values.filter((v) => v.custom).map((v) => v.value);
  if (custom.length > 0) {
    inform(scope, `${property}: ${custom.join(', ')} ${custom.length === 1 ? 'is' : 'are'} not among the ${kind.className} values ` +
      `this library knows (${knownNames()}): checked for shape only, AWS accepts or rejects ${custom.length === 1 ? 'it' : 'them'} at deploy time`);
  }
  return values;
}
