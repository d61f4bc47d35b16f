import { TagOperator, TagCondition } from '../../selection';

/** `*` matches any characters (AWS Backup's StringLike), everything else literally. */
export function like(value: string, pattern: string): boolean {
  let re = LIKE_PATTERNS.get(pattern);
  if (re === undefined) {
    const escaped = pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${escaped}$`, 's');
    LIKE_PATTERNS.set(pattern, re);
  }
  return re.test(value);
}

/** Compiled `like` patterns: the coverage check asks every resource about every selection's conditions. */
const LIKE_PATTERNS = new Map<string, RegExp>();

/** Whether tags satisfy one condition. Absent tags satisfy the NOT operators (IAM semantics). */
export function satisfies(tags: { [key: string]: string }, condition: TagCondition): boolean {
  const value = Object.prototype.hasOwnProperty.call(tags, condition.key) ? tags[condition.key] : undefined;
  switch (condition.operator ?? TagOperator.STRING_EQUALS) {
    case TagOperator.STRING_EQUALS: return value === condition.value;
    case TagOperator.STRING_LIKE: return value !== undefined && like(value, condition.value);
    case TagOperator.STRING_NOT_EQUALS: return value !== condition.value;
    case TagOperator.STRING_NOT_LIKE: return value === undefined || !like(value, condition.value);
    default: return false;
  }
}

/** All conditions hold (AND); false for an empty list (tags then select nothing). */
export function satisfiesAll(tags: { [key: string]: string }, conditions: TagCondition[]): boolean {
  return conditions.length > 0 && conditions.every(c => satisfies(tags, c));
}

/** The conditions in words, for the fix of a warning: `backup=production, tier like gold*`. */
export function describeConditions(conditions: TagCondition[]): string {
  return conditions.map(c => {
    switch (c.operator ?? TagOperator.STRING_EQUALS) {
      case TagOperator.STRING_EQUALS: return `${c.key}=${c.value}`;
      case TagOperator.STRING_LIKE: return `${c.key} like '${c.value}'`;
      case TagOperator.STRING_NOT_EQUALS: return `${c.key} not '${c.value}'`;
      default: return `${c.key} not like '${c.value}'`;
    }
  }).join(', ');
}
