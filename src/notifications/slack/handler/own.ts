/*
 * Own-property lookups (no aws-cdk-lib, no AWS SDK). Names from AWS or a member account (a vault or
 * an IAM role named `constructor`, `__proto__`, `toString`) must never reach an inherited property
 * of a plain object: the lookup would return a function, or `__proto__` would write the prototype.
 */

/** The value of `key` when it is an own property of `map`, else undefined. */
export function own<T>(map: { readonly [key: string]: T } | undefined, key: string | undefined): T | undefined {
  if (!map || key === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** An empty dictionary with no prototype: `__proto__` is an ordinary key in it. */
export function dictionary<T>(): { [key: string]: T } {
  return Object.create(null);
}
