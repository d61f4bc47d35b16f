import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';
import { CopyDestination } from './copy-destination';
import { validateLifecycle } from './rule-validation';

/** A copy destination, as the facade uses it internally. */
export interface CopyTarget extends CopyDestination {
  /** Copies never move to cold storage (logically air-gapped vaults have none). */
  readonly withoutColdStorage?: boolean;
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
    validateLifecycle(scope, `rule ${name ?? '(unnamed)'}: copyTo[${index}].`, deleteAfter, moveToColdStorageAfter);
    return { destinationBackupVault: d.vault, deleteAfter, moveToColdStorageAfter };
  });
  return new backup.BackupPlanRule({
    ...rule.props,
    copyActions: [...rule.props.copyActions ?? [], ...copyActions],
  });
}
