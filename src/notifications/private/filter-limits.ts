/**
 * SNS's limits on a subscription filter policy, counted conservatively.
 *
 * - At most 5 attribute keys. The SNS guide ("Amazon SNS message filtering" → "Filter policy
 *   constraints") says 5 keys a policy and does not say whether keys inside `$or` branches count
 *   per branch: we count the distinct attribute names of the whole policy.
 * - At most 150 value combinations: a branch's combinations are the product of its keys' value
 *   counts, and the combinations of `$or` branches are added up (SNS "AND/OR logic" page).
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/and-or-logic.html
 */
export const MAX_KEYS = 5;
export const MAX_COMBINATIONS = 150;

type Branch = { [key: string]: unknown[] };

/**
 * Flattens a filter policy into its `$or` branches, as SNS counts them: each branch is one set of
 * keys that must all match. Throws a message (string) on a malformed policy.
 */
function branches(policy: { [key: string]: any }, path: string): Branch[] {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) {
    throw `${path} must be an object of attribute names to arrays of values`;
  }
  let result: Branch[] = [{}];
  const keys = Object.keys(policy);
  if (keys.length === 0) throw `${path} must have at least one key`;
  for (const key of keys) {
    const value = policy[key];
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw `${path}.$or must be an array of at least 2 alternatives`;
      }
      const alternatives = value.flatMap((alt: any, i: number) => branches(alt, `${path}.$or[${i}]`));
      result = result.flatMap((b) => alternatives.map((alt) => mergeBranches(b, alt)));
    } else {
      if (!Array.isArray(value) || value.length === 0) {
        throw `${path}.${key} must be a non-empty array of values (got ${JSON.stringify(value)})`;
      }
      for (const v of value) {
        // The policy JSON may hold strings, numbers and the keyword null (SNS "Filter policy
        // constraints"); an object must be one SNS operator.
        if (v === '' || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'object')) {
          throw `${path}.${key} has an invalid value ${JSON.stringify(v)}: use strings, numbers or SNS operators`;
        }
        if (v !== null && typeof v === 'object') {
          const problem = operatorProblem(v);
          if (problem) throw `${path}.${key} has an invalid value ${JSON.stringify(v)}: ${problem}`;
        }
      }
      result = result.map((b) => mergeBranches(b, { [key]: value }));
    }
  }
  return result;
}

/**
 * The operators a MessageAttributes filter policy accepts, each with the value it takes: string
 * matching (prefix, suffix, equals-ignore-case, wildcard), anything-but, numeric, exists, cidr
 * (SNS developer guide, "Amazon SNS subscription filter policies" and its operator pages).
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
 */
export const FILTER_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'];

const nonEmptyString = (v: unknown) => typeof v === 'string' && v !== '';

/** What is wrong with an operator object, or undefined. */
function operatorProblem(v: object): string | undefined {
  if (Array.isArray(v)) return 'a value is a string, a number or an operator object, not an array (nested arrays are not filter values)';
  const keys = Object.keys(v);
  if (keys.length !== 1 || !FILTER_OPERATORS.includes(keys[0])) {
    return `an operator object has exactly one of ${FILTER_OPERATORS.join(', ')} (got ${keys.length === 0 ? 'no key' : keys.join(', ')})`;
  }
  const [op] = keys;
  const arg = (v as { [k: string]: unknown })[op];
  switch (op) {
    case 'exists':
      return typeof arg === 'boolean' ? undefined : 'exists takes true or false';
    case 'numeric':
      return Array.isArray(arg) && arg.length > 0 ? undefined : 'numeric takes a non-empty array such as [">=", 0, "<", 100]';
    case 'anything-but':
      if (nonEmptyString(arg) || typeof arg === 'number') return undefined;
      if (Array.isArray(arg) && arg.length > 0 && arg.every((a) => nonEmptyString(a) || typeof a === 'number')) return undefined;
      if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
        const inner = Object.keys(arg);
        if (inner.length === 1 && ['prefix', 'suffix', 'wildcard'].includes(inner[0]) && nonEmptyString((arg as any)[inner[0]])) return undefined;
      }
      return 'anything-but takes a string, a number, a non-empty array of them, or { prefix | suffix | wildcard: "…" }';
    default:
      return nonEmptyString(arg) ? undefined : `${op} takes a non-empty string`;
  }
}

function mergeBranches(a: Branch, b: Branch): Branch {
  const merged: Branch = { ...a };
  for (const [k, v] of Object.entries(b)) merged[k] = k in merged ? [...merged[k], ...v] : v;
  return merged;
}

/**
 * Checks a filter policy against SNS's limits: at most 5 distinct attribute names in the whole
 * policy (all `$or` branches together) and at most 150 value combinations, where a branch's
 * combinations are the product of its keys' value counts and `$or` branches are added up.
 *
 * @returns undefined when valid, else what is wrong
 */
export function checkFilterPolicy(policy: { [key: string]: any }): string | undefined {
  let all: Branch[];
  try {
    all = branches(policy, 'policy');
  } catch (problem) {
    if (typeof problem === 'string') return problem;
    throw problem;
  }
  const keys = [...new Set(all.flatMap((b) => Object.keys(b)))];
  if (keys.length > MAX_KEYS) {
    return `uses ${keys.length} distinct attribute names (${keys.join(', ')}): SNS allows at most ${MAX_KEYS} keys ` +
      '(counted across all $or branches, the conservative reading of the SNS limit)';
  }
  const combinations = countCombinations(all);
  if (combinations > MAX_COMBINATIONS) {
    return `has ${combinations} value combinations: SNS allows at most ${MAX_COMBINATIONS} (each branch multiplies its keys' value counts, $or branches add up)`;
  }
  return undefined;
}

/** Total value combinations of a set of branches (sum of products). */
export function countCombinations(all: Branch[]): number {
  return all.reduce((sum, b) => sum + Object.values(b).reduce((p, v) => p * v.length, 1), 0);
}
