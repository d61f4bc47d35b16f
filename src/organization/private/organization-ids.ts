import { IConstruct } from 'constructs';
import { ACCOUNT_ID_PATTERN, ORGANIZATION_ID_PATTERN, OU_ID_PATTERN, REGION_PATTERN, ROOT_ID_PATTERN } from '../../private/limits';
import { isUnresolved, validationError } from '../../private/validation';

/** Throws unless `value` is an organization id. */
export function validateOrganizationId(scope: IConstruct, property: string, value: string): void {
  if (isUnresolved(value)) return;
  if (!ORGANIZATION_ID_PATTERN.test(value)) {
    throw validationError(scope, `${property} ('${value}') must be an organization id matching ${ORGANIZATION_ID_PATTERN.source}, e.g. o-a1b2c3d4e5`);
  }
}

/**
 * Throws unless every value is an OU id or a root id (the targets of a service-managed StackSet and
 * of a backup policy in this library), not empty, without repeats.
 */
export function validateOrganizationalUnitIds(scope: IConstruct, property: string, values: string[]): void {
  if (values.length === 0) {
    throw validationError(scope, `${property} ([]) must name at least one OU (ou-…) or the root (r-…)`);
  }
  for (const value of values) {
    if (isUnresolved(value)) continue;
    if (!OU_ID_PATTERN.test(value) && !ROOT_ID_PATTERN.test(value)) {
      throw validationError(scope, `${property}: '${value}' must be an OU id matching ${OU_ID_PATTERN.source} or a root id matching ${ROOT_ID_PATTERN.source}`);
    }
  }
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) {
    throw validationError(scope, `${property}: '${repeated}' is named twice: name each OU once`);
  }
}

/** Throws unless every value is a region code, at least one, without repeats. */
export function validateRegions(scope: IConstruct, property: string, values: string[]): void {
  if (values.length === 0) {
    throw validationError(scope, `${property} ([]) must name at least one region, e.g. eu-west-1`);
  }
  for (const value of values) {
    if (isUnresolved(value)) {
      throw validationError(scope, `${property}: a region is a token: a StackSet and a backup policy need literal region codes such as eu-west-1`);
    }
    if (!REGION_PATTERN.test(value)) {
      throw validationError(scope, `${property}: '${value}' is not a region code such as eu-west-1 (${REGION_PATTERN.source})`);
    }
  }
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) {
    throw validationError(scope, `${property}: '${repeated}' is named twice: name each region once`);
  }
}

/** Throws unless every key is an account id. */
export function validateAccountIds(scope: IConstruct, property: string, values: string[]): void {
  for (const value of values) {
    if (isUnresolved(value)) continue;
    if (!ACCOUNT_ID_PATTERN.test(value)) {
      throw validationError(scope, `${property}: '${value}' must be an account id of 12 digits`);
    }
  }
}
