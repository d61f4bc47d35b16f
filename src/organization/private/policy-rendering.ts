/*
 * The backup policy's JSON (AWS Organizations "Backup policy syntax and examples"): pure functions
 * from aws-cdk-lib's rule props to the policy's `@@assign` blocks, with no construct.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { amountOf } from '../../private/limits';

/** One rule of the policy's plan: schedule, windows, lifecycle, tags and copy actions. */
export function renderRule(rule: backup.BackupPlanRule, vaultName: string): any {
  const p = rule.props;
  const out: any = {
    schedule_expression: assign(p.scheduleExpression!.expressionString),
    target_backup_vault_name: assign(vaultName),
  };
  if (p.startWindow) out.start_backup_window_minutes = assign(`${amountOf(p.startWindow, 'minute')}`);
  if (p.completionWindow) out.complete_backup_window_minutes = assign(`${amountOf(p.completionWindow, 'minute')}`);
  if (p.enableContinuousBackup) out.enable_continuous_backup = assign(true);
  const lifecycle = renderLifecycle(p.moveToColdStorageAfter, p.deleteAfter);
  if (lifecycle) out.lifecycle = lifecycle;
  if (p.recoveryPointTags && Object.keys(p.recoveryPointTags).length > 0) {
    out.recovery_point_tags = tagBlock(p.recoveryPointTags);
  }
  if (p.copyActions && p.copyActions.length > 0) {
    out.copy_actions = {};
    for (const copy of p.copyActions) {
      const arn = copy.destinationBackupVault.backupVaultRef.backupVaultArn;
      const action: any = { target_backup_vault_arn: assign(arn) };
      const copyLifecycle = renderLifecycle(copy.moveToColdStorageAfter, copy.deleteAfter);
      if (copyLifecycle) action.lifecycle = copyLifecycle;
      out.copy_actions[arn] = action;
    }
  }
  return out;
}

/** A lifecycle block, or undefined when the rule has none. */
export function renderLifecycle(coldAfter?: Duration, deleteAfter?: Duration): any {
  if (!coldAfter && !deleteAfter) return undefined;
  const lifecycle: any = {};
  if (coldAfter) lifecycle.move_to_cold_storage_after_days = assign(`${days(coldAfter)}`);
  if (deleteAfter) lifecycle.delete_after_days = assign(`${days(deleteAfter)}`);
  return lifecycle;
}

/** Tags as the policy writes them: `{ key: { tag_key, tag_value } }`. */
export function tagBlock(tags: { [key: string]: string }): any {
  const out: any = {};
  for (const [key, value] of Object.entries(tags)) {
    out[key] = { tag_key: assign(key), tag_value: assign(value) };
  }
  return out;
}

/** A policy value: `{"@@assign": value}` (the inheritance operator that sets it). */
/** A policy value: `{"@@assign": value}` (the inheritance operator that sets it). */
export function assign(value: any): any {
  return { '@@assign': value };
}

/** The rule's name, or `Rule<n>` (1-based) when it has none. */
export function ruleNameOf(rule: backup.BackupPlanRule, index: number): string {
  return rule.props.ruleName ?? `Rule${index + 1}`;
}

function days(d: Duration): number | undefined {
  return amountOf(d, 'day');
}
