import { IConstruct } from 'constructs';
import { BACKUP_NAME_PATTERN, checkSelectionResource, checkTags } from '../../private/limits';
import { assertValid, validationError } from '../../private/validation';
import { SelectionOptions, TagCondition, TagOperator } from '../selection-options';

/** The tag key of the default selection. */
export const DEFAULT_TAG_KEY = 'backup:environment';

/** An environment's `selection` option resolved: its selection tags and tag conditions. */
export interface ResolvedSelection {
  /**
   * The tags that select a resource (all of them, StringEquals): `selection.tags`, or
   * `backup:environment=<environmentName>`. Empty when the selection is by resource ARNs only.
   */
  readonly tags: { [key: string]: string };
  /** The tag conditions (AND): the tags, then `selection.conditions`. Empty without tags. */
  readonly conditions: TagCondition[];
}

/**
 * Resolves `selection` for the environment `environmentName`; `scope` names the environment in the
 * errors (tags or conditions while `selectByTags` is false, tags AWS rejects).
 */
export function resolveSelection(scope: IConstruct, environmentName: string, selection: SelectionOptions): ResolvedSelection {
  const selectByTags = selection.selectByTags ?? true;
  if (!selectByTags && (selection.tags || selection.conditions)) {
    throw validationError(scope, 'selection.selectByTags is false but selection.tags or selection.conditions are set: remove them or select by tags');
  }
  for (const property of ['resources', 'excludedResources'] as const) {
    (selection[property] ?? []).forEach((arn, i) => assertValid(scope, checkSelectionResource(`selection.${property}[${i}]`, arn)));
  }
  const tags = selectByTags ? { ...(selection.tags ?? { [DEFAULT_TAG_KEY]: environmentName }) } : {};
  // The selection tags are written on the vault, the plan, the recovery points and protected resources.
  assertValid(scope, checkTags('selection.tags', tags));
  const conditions: TagCondition[] = [
    ...Object.entries(tags).map(([key, value]) => ({ key, value, operator: TagOperator.STRING_EQUALS })),
    ...(selectByTags ? selection.conditions ?? [] : []),
  ];
  return { tags, conditions };
}

/**
 * The prefix of the selection names (`<prefix>-tags`, `<prefix>-resources`; AWS allows 50 characters):
 * `<environmentName>-selection` as always for names of up to 30 characters, whose selections exist
 * already; `<environmentName>-sel` for the longer names (31 and 32 characters), which never fitted.
 */
export function selectionNamePrefix(environmentName: string): string {
  return BACKUP_NAME_PATTERN.test(`${environmentName}-selection-resources`) ? `${environmentName}-selection` : `${environmentName}-sel`;
}
