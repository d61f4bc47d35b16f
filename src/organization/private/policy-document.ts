import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { ScanMode } from '../../plan';
import { amountOf, PLAN_OPTION_LIMITS } from '../../private/limits';
import { TagCondition, TagOperator } from '../../selection';
import { OrganizationBackupPolicyProps } from '../organization-backup-policy-props';

const OPERATOR_KEYS: { [op: string]: string } = {
  [TagOperator.STRING_EQUALS]: 'string_equals',
  [TagOperator.STRING_LIKE]: 'string_like',
  [TagOperator.STRING_NOT_EQUALS]: 'string_not_equals',
  [TagOperator.STRING_NOT_LIKE]: 'string_not_like',
};

/**
 * The backup policy document (AWS Organizations' backup policy syntax, every value an `@@assign`)
 * of the props: one plan, its rules, one tag selection. Pure: the props are validated before.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export function renderBackupPolicy(props: OrganizationBackupPolicyProps): any {
  const roleArn = `arn:${props.partition ?? 'aws'}:iam::$account:role/${props.iamRoleName ?? 'service-role/AWSBackupDefaultServiceRole'}`;
  const rules: any = {};
  props.rules.forEach((rule, i) => {
    const out = rules[ruleNameOf(rule, i)] = renderRule(rule, props.backupVaultName);
    if (props.optInToArchive && rule.props.moveToColdStorageAfter) out.lifecycle.opt_in_to_archive_for_supported_resources = assign(true);
    if (props.backupIndexes) out.index_actions = { resource_types: assign(props.backupIndexes.map((t) => t.value)) };
    if (props.malwareScanning) {
      out.scan_actions = { GUARDDUTY: { scan_mode: assign(props.malwareScanning.scanMode ?? ScanMode.INCREMENTAL_SCAN) } };
    }
  });
  const conditions: TagCondition[] = [
    ...Object.entries(props.selectionTags).map(([key, value]) => ({ key, value })),
    ...(props.selectionConditions ?? []),
  ];
  const rendered: any = {};
  const used = new Set<string>();
  for (const c of conditions) {
    const op = OPERATOR_KEYS[c.operator ?? TagOperator.STRING_EQUALS];
    let condName = c.key.replace(/[^a-zA-Z0-9_]/g, '_');
    for (let n = 2; used.has(`${op}/${condName}`); n++) condName = `${c.key.replace(/[^a-zA-Z0-9_]/g, '_')}_${n}`;
    used.add(`${op}/${condName}`);
    rendered[op] = rendered[op] ?? {};
    rendered[op][condName] = {
      condition_key: assign(`aws:ResourceTag/${c.key}`),
      condition_value: assign(c.value),
    };
  }
  const selection: any = {
    iam_role_arn: assign(roleArn),
    resource_types: assign(props.resourceTypes ?? ['*']),
  };
  if (props.excludedResourceTypes && props.excludedResourceTypes.length > 0) {
    selection.not_resource_types = assign(props.excludedResourceTypes);
  }
  selection.conditions = rendered;
  const plan: any = {
    regions: assign(props.regions),
    rules,
    selections: { resources: { [props.selectionName ?? 'tagged-resources']: selection } },
  };
  if (props.backupPlanTags && Object.keys(props.backupPlanTags).length > 0) {
    plan.backup_plan_tags = tagBlock(props.backupPlanTags);
  }
  if (props.windowsVss) plan.advanced_backup_settings = { ec2: { windows_vss: assign('enabled') } };
  if (props.malwareScanning) {
    const scanning = props.malwareScanning;
    plan.scan_settings = {
      GUARDDUTY: {
        resource_types: assign(scanning.resourceTypes?.map((t) => t.value) ?? [...PLAN_OPTION_LIMITS.scanResourceTypes]),
        scanner_role_arn: assign(`arn:${props.partition ?? 'aws'}:iam::$account:role/${scanning.scannerRoleName}`),
      },
    };
  }
  return { plans: { [props.planName ?? props.policyName]: plan } };
}

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

export function renderLifecycle(coldAfter?: Duration, deleteAfter?: Duration): any {
  if (!coldAfter && !deleteAfter) return undefined;
  const lifecycle: any = {};
  if (coldAfter) lifecycle.move_to_cold_storage_after_days = assign(`${days(coldAfter)}`);
  if (deleteAfter) lifecycle.delete_after_days = assign(`${days(deleteAfter)}`);
  return lifecycle;
}

export function tagBlock(tags: { [key: string]: string }): any {
  const out: any = {};
  for (const [key, value] of Object.entries(tags)) {
    out[key] = { tag_key: assign(key), tag_value: assign(value) };
  }
  return out;
}

export function assign(value: any): any {
  return { '@@assign': value };
}

/** The rule's name in the policy: its own or `Rule<n>`. */
export function ruleNameOf(rule: backup.BackupPlanRule, index: number): string {
  return rule.props.ruleName ?? `Rule${index + 1}`;
}

function days(d: Duration): number | undefined {
  return amountOf(d, 'day');
}
