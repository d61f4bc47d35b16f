import { IConstruct } from 'constructs';
import { TagCondition } from '../selection';

/**
 * What an environment's backup selection selects, registered with
 * `BackupCoverage.registerSelection()` so that the coverage check can evaluate it.
 *
 * A resource is selected when it matches ALL `conditions` (when there are any), or is listed in
 * `resources` / `resourceArns`; and it is not listed in `excludedResources` /
 * `excludedResourceArns` (exclusions win).
 */
export interface CoverageSelection {
  /** The environment's name, shown in warnings and in the report. */
  readonly environmentName: string;

  /**
   * Tag conditions, combined with AND.
   *
   * @default - no tag conditions: only the listed resources are selected.
   */
  readonly conditions?: TagCondition[];

  /**
   * Constructs selected explicitly: every protectable resource in each construct's subtree.
   *
   * @default - none.
   */
  readonly resources?: IConstruct[];

  /**
   * ARNs selected explicitly. A token ARN (e.g. `table.tableArn`) selects the resource it
   * references; a literal ARN selects nothing in the app (it names a resource outside it).
   *
   * @default - none.
   */
  readonly resourceArns?: string[];

  /**
   * Constructs never selected, whatever their tags (exclusions win).
   *
   * @default - none.
   */
  readonly excludedResources?: IConstruct[];

  /**
   * ARNs never selected (`NotResources`). Tokens are matched like `resourceArns`.
   *
   * @default - none.
   */
  readonly excludedResourceArns?: string[];

  /**
   * Names of the rules of the plan this selection belongs to, shown in the report.
   *
   * @default - none shown.
   */
  readonly ruleNames?: string[];

  /**
   * The call that protects a construct, shown in the fix of a warning, with `<construct>` replaced
   * by the construct's id, e.g. `production.protect(<construct>)`.
   *
   * @default - only the tags to add are shown.
   */
  readonly protectCall?: string;
}
