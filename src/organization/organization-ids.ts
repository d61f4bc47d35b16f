import { IConstruct } from 'constructs';
import { isUnresolved, validationError } from '../private/validation';

// Identifier formats of AWS Organizations and AWS regions, as the Organizations API model declares them
// (botocore organizations/2016-11-28/service-2.json: OrganizationId, OrganizationalUnitId, RootId).

/** An organization id: `o-` and 10 to 32 lower-case letters or digits. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An OU id: `ou-`, the root's 4 to 32 characters, `-`, 8 to 32 characters. */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** A root id: `r-` and 4 to 32 lower-case letters or digits. */
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;
/** An account id: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** A region code such as eu-west-1 or us-gov-west-1. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
