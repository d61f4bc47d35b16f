/*
 * A small evaluator of SNS filter policies on message attributes, enough for the policies this
 * library emits: exact string values, `{ exists: true|false }`, `anything-but` (a string or a list),
 * and `$or` (at the top level or nested). Anything else throws, so an unsupported policy is never
 * silently mis-evaluated.
 */

export type Attributes = { [name: string]: string };

function matchesValue(condition: any, name: string, attrs: Attributes): boolean {
  const value = attrs[name];
  if (typeof condition === 'string') return value === condition;
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 1 && keys[0] === 'exists') return (value !== undefined) === (condition.exists === true);
    if (keys.length === 1 && keys[0] === 'anything-but') {
      const excluded = Array.isArray(condition['anything-but']) ? condition['anything-but'] : [condition['anything-but']];
      return value !== undefined && !excluded.includes(value);
    }
  }
  throw new Error(`filter-eval: unsupported condition on ${name}: ${JSON.stringify(condition)}`);
}

/** Does a message with these attributes pass the policy (FilterPolicyScope MessageAttributes)? */
export function matchesPolicy(policy: any, attrs: Attributes): boolean {
  if (policy === undefined) return true;
  for (const [key, conditions] of Object.entries<any>(policy)) {
    if (key === '$or') {
      if (!Array.isArray(conditions) || !conditions.some((branch) => matchesPolicy(branch, attrs))) return false;
      continue;
    }
    if (!Array.isArray(conditions)) throw new Error(`filter-eval: ${key} must be an array`);
    if (!conditions.some((c) => matchesValue(c, key, attrs))) return false;
  }
  return true;
}
