/*
 * An SNS subscription filter policy evaluator (FilterPolicyScope MessageAttributes) that follows
 * the rules AWS documents, one rule a function, each with the page it comes from. It implements
 * what this library's policies and the README's examples use: exact string and numeric values,
 * `exists`, `anything-but` (values or a prefix), `prefix`, AND across keys, OR within a key's
 * values, and `$or`. Any other operator throws, so a policy is never silently mis-evaluated.
 *
 * Where moto_server (5.2) differs from these rules (see filter-policy.moto.test.ts):
 * - moto matches a message WITHOUT attributes against a policy whose keys are all
 *   `{"exists": false}`; AWS never matches an empty attribute set (rule `emptyAttributesNeverMatch`).
 * - moto rejects some valid `$or` policies as "too complex": it multiplies the branches' value
 *   combinations where AWS adds them (and-or-logic page).
 */

/** Message attributes as SNS sees them: name → String value. */
export type MessageAttributes = { readonly [name: string]: string };

/**
 * "A message with no message attributes never matches a filter policy … even a policy that only
 * uses `"exists": false`": SNS applies the policy only to messages that have attributes.
 * @see https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html
 */
function emptyAttributesNeverMatch(attrs: MessageAttributes): boolean {
  return Object.keys(attrs).length === 0;
}

/**
 * Key matching: `{"exists": true}` matches when the key is present, `{"exists": false}` when it is
 * absent (from a message that has other attributes).
 * @see https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html
 */
function existsMatches(exists: unknown, value: string | undefined): boolean {
  if (typeof exists !== 'boolean') throw new Error(`sns-filter-evaluator: exists must be true or false (got ${JSON.stringify(exists)})`);
  return (value !== undefined) === exists;
}

/**
 * Exact string matching is case-sensitive and whole-value; numeric exact matching compares the
 * numbers (a Number attribute "1.0" matches 1). A missing key never matches a value condition.
 * @see https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/numeric-value-matching.html
 */
function exactMatches(expected: string | number, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (typeof expected === 'number') return value.trim() !== '' && Number(value) === expected;
  return value === expected;
}

/**
 * Prefix matching: `{"prefix": "prod-"}` matches values that begin with it.
 * @see https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html
 */
function prefixMatches(prefix: unknown, value: string | undefined): boolean {
  if (typeof prefix !== 'string') throw new Error('sns-filter-evaluator: prefix must be a string');
  return value !== undefined && value.startsWith(prefix);
}

/**
 * Anything-but matching: matches a present attribute whose value is none of the listed values (a
 * value or a list), or does not begin with `{"prefix": …}`. The key must be present.
 * @see https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html
 */
function anythingButMatches(operand: unknown, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (operand && typeof operand === 'object' && !Array.isArray(operand)) {
    const o = operand as { [k: string]: unknown };
    if (Object.keys(o).length === 1 && typeof o.prefix === 'string') return !value.startsWith(o.prefix);
    throw new Error(`sns-filter-evaluator: unsupported anything-but operand ${JSON.stringify(operand)}`);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  return !excluded.some((e) => exactMatches(e as string | number, value));
}

function conditionMatches(condition: unknown, key: string, attrs: MessageAttributes): boolean {
  const value = attrs[key];
  if (typeof condition === 'string' || typeof condition === 'number') return exactMatches(condition, value);
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    const entries = Object.entries(condition as { [k: string]: unknown });
    if (entries.length === 1) {
      const [op, operand] = entries[0];
      if (op === 'exists') return existsMatches(operand, value);
      if (op === 'prefix') return prefixMatches(operand, value);
      if (op === 'anything-but') return anythingButMatches(operand, value);
    }
  }
  throw new Error(`sns-filter-evaluator: unsupported condition on ${key}: ${JSON.stringify(condition)}`);
}

/**
 * AND/OR logic: every key of the policy must match (AND); a key matches when any of its values
 * matches (OR); `"$or": [a, b, …]` matches when any alternative matches, together with the keys
 * beside it.
 * @see https://docs.aws.amazon.com/sns/latest/dg/and-or-logic.html
 */
function policyMatches(policy: { [key: string]: unknown }, attrs: MessageAttributes): boolean {
  if (!policy || typeof policy !== 'object' || Array.isArray(policy)) throw new Error('sns-filter-evaluator: a policy is an object');
  for (const [key, conditions] of Object.entries(policy)) {
    if (key === '$or') {
      if (!Array.isArray(conditions) || conditions.length < 2) throw new Error('sns-filter-evaluator: $or needs at least 2 alternatives');
      if (!conditions.some((alternative) => policyMatches(alternative, attrs))) return false;
      continue;
    }
    if (!Array.isArray(conditions)) throw new Error(`sns-filter-evaluator: ${key} must be an array`);
    if (!conditions.some((c) => conditionMatches(c, key, attrs))) return false;
  }
  return true;
}

/**
 * Does SNS deliver a message with these attributes to a subscription with this policy
 * (FilterPolicyScope MessageAttributes)? No policy: every message is delivered.
 */
export function snsDelivers(policy: { [key: string]: unknown } | undefined, attrs: MessageAttributes): boolean {
  if (policy === undefined) return true;
  if (emptyAttributesNeverMatch(attrs)) return false;
  return policyMatches(policy, attrs);
}
