import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';
import { validateLifecycle } from '../../private/rule-validation';
import { validationError } from '../../private/validation';
import { CopyDestination } from '../copy-destination';

/** A copy destination, as the facade uses it internally. */
export interface CopyTarget extends CopyDestination {
  /** Copies never move to cold storage (logically air-gapped vaults have none). */
  readonly withoutColdStorage?: boolean;
  /**
   * The destination keeps recovery points at most this long (a logically air-gapped vault's
   * maxRetention): a copy without retention would fail, so a rule without `deleteAfter` is refused.
   */
  readonly maxRetention?: Duration;
  /** The property that names the destination in errors, e.g. `airGappedCopy`; default `copyTo[i]`. */
  readonly property?: string;
}

/**
 * Returns a copy of `rule` with the copy actions of the destinations that apply to it added. Each
 * copy's lifecycle is validated first, so that the error names the rule and the destination.
 */
export function withCopyActions(scope: IConstruct, rule: backup.BackupPlanRule, destinations: CopyTarget[]): backup.BackupPlanRule {
  const name = rule.props.ruleName;
  const applicable = destinations
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => d.ruleNames === undefined || (name !== undefined && d.ruleNames.includes(name)));
  if (applicable.length === 0) return rule;
  const copyActions = applicable.map(({ d, index }) => {
    const deleteAfter = d.deleteAfter ?? rule.props.deleteAfter;
    const moveToColdStorageAfter = d.withoutColdStorage ? undefined
      : d.moveToColdStorageAfter ?? (d.deleteAfter ? undefined : rule.props.moveToColdStorageAfter);
    const property = d.property ?? `copyTo[${index}]`;
    if (deleteAfter === undefined && d.maxRetention !== undefined) {
      throw validationError(scope,
        `rule ${name ?? '(unnamed)'}: deleteAfter is not set (recovery points kept forever), but ${property} copies the rule into a vault ` +
        `that keeps recovery points at most ${d.maxRetention.toHumanString()} (${property}.maxRetention): every copy job would fail. ` +
        `Set the rule's deleteAfter, or limit ${property}.ruleNames to rules that have one`);
    }
    validateLifecycle(scope, `rule ${name ?? '(unnamed)'}: ${property}.`, deleteAfter, moveToColdStorageAfter);
    return { destinationBackupVault: d.vault, deleteAfter, moveToColdStorageAfter };
  });
  return new backup.BackupPlanRule({
    ...rule.props,
    copyActions: [...rule.props.copyActions ?? [], ...copyActions],
  });
}
