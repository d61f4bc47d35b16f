/**
 * The library's own AWS-limit checks applied to a synthesized template: every value a construct
 * rendered (derived names, built descriptions, converted durations) is checked with the validators
 * of `src/private/limits`, the one place of each limit. Returns the problems found.
 */
import {
  checkAuditName, checkBackupName, checkBackupSchedule, checkDescription, checkTag, checkTagCondition, checkTimeZone,
  checkRestoreMetadataKey, checkRestoreTestingPlanName, checkVaultName, MAX_AUDIT_DESCRIPTION_LENGTH, MAX_BACKUP_POLICY_CHARACTERS,
  MAX_ORGANIZATION_POLICY_DESCRIPTION_LENGTH, RULE_LIMITS, TAG_LIMITS,
} from '../../src/private/limits';

type Json = any;

const literal = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number';

function lifecycle(where: string, l: Json | undefined, out: string[]) {
  if (!l) return;
  const cold = l.MoveToColdStorageAfterDays;
  const del = l.DeleteAfterDays;
  for (const [name, v] of [['MoveToColdStorageAfterDays', cold], ['DeleteAfterDays', del]] as const) {
    if (num(v) && (!Number.isInteger(v) || v < 0 || v > RULE_LIMITS.maxRetentionDays)) out.push(`${where}: ${name} ${v} is not a whole number of days up to 36,500`);
  }
  if (num(del) && del < 1) out.push(`${where}: DeleteAfterDays ${del} < 1`);
  if (num(cold) && cold !== 0 && cold < RULE_LIMITS.minColdStorageDays) out.push(`${where}: MoveToColdStorageAfterDays ${cold} is neither 0 nor >= 30`);
  if (num(cold) && num(del) && del < cold + RULE_LIMITS.minDaysInColdStorage) out.push(`${where}: DeleteAfterDays ${del} < cold + 90`);
}

function tags(where: string, t: Json, out: string[]) {
  const entries: Array<[unknown, unknown]> = Array.isArray(t) ? t.map((x: Json) => [x.Key, x.Value]) : Object.entries(t ?? {});
  for (const [k, v] of entries) {
    if (literal(k) && literal(v)) {
      const p = checkTag(where, k, v);
      if (p) out.push(p);
    }
  }
}

export function templateProblems(template: Json): string[] {
  const out: string[] = [];
  for (const [id, r] of Object.entries<Json>(template.Resources ?? {})) {
    const p = r.Properties ?? {};
    const where = `${id} (${r.Type})`;
    const add = (problem: string | undefined) => { if (problem) out.push(`${where}: ${problem}`); };
    if ((r.Type === 'AWS::Backup::BackupVault' || r.Type === 'AWS::KMS::Key') && (r.DeletionPolicy === 'Snapshot' || r.UpdateReplacePolicy === 'Snapshot')) {
      out.push(`${where}: Snapshot deletion policy`);
    }
    switch (r.Type) {
      case 'AWS::Backup::BackupVault':
        if (literal(p.BackupVaultName)) add(checkVaultName('BackupVaultName', p.BackupVaultName));
        tags(`${where} BackupVaultTags`, p.BackupVaultTags, out);
        if (p.LockConfiguration) {
          const l = p.LockConfiguration;
          if (!Number.isInteger(l.MinRetentionDays) || l.MinRetentionDays < 1) out.push(`${where}: MinRetentionDays ${l.MinRetentionDays}`);
          if (l.MaxRetentionDays !== undefined && (!Number.isInteger(l.MaxRetentionDays) || l.MaxRetentionDays > 36_500 || l.MaxRetentionDays <= l.MinRetentionDays)) out.push(`${where}: MaxRetentionDays ${l.MaxRetentionDays}`);
          if (l.ChangeableForDays !== undefined && (!Number.isInteger(l.ChangeableForDays) || l.ChangeableForDays < 3)) out.push(`${where}: ChangeableForDays ${l.ChangeableForDays}`);
        }
        break;
      case 'AWS::Backup::LogicallyAirGappedBackupVault':
        if (literal(p.BackupVaultName)) add(checkVaultName('BackupVaultName', p.BackupVaultName));
        if (!Number.isInteger(p.MinRetentionDays) || p.MinRetentionDays < 7 || !Number.isInteger(p.MaxRetentionDays)
          || p.MaxRetentionDays > 36_500 || p.MaxRetentionDays < p.MinRetentionDays) {
          out.push(`${where}: retention ${p.MinRetentionDays}..${p.MaxRetentionDays}`);
        }
        break;
      case 'AWS::Backup::BackupPlan': {
        const plan = p.BackupPlan ?? {};
        if (literal(plan.BackupPlanName)) add(checkBackupName('BackupPlanName', plan.BackupPlanName));
        tags(`${where} BackupPlanTags`, p.BackupPlanTags, out);
        const rules: Json[] = plan.BackupPlanRule ?? [];
        if (rules.length < 1 || rules.length > RULE_LIMITS.maxRulesPerPlan) out.push(`${where}: ${rules.length} rules`);
        const names = new Set<string>();
        for (const rule of rules) {
          const rw = `${where} rule ${rule.RuleName}`;
          if (literal(rule.RuleName)) {
            add(checkBackupName('RuleName', rule.RuleName));
            if (names.has(rule.RuleName)) out.push(`${rw}: duplicate name`);
            names.add(rule.RuleName);
          }
          if (literal(rule.ScheduleExpression)) add(checkBackupSchedule('ScheduleExpression', rule.ScheduleExpression));
          if (literal(rule.ScheduleExpressionTimezone)) add(checkTimeZone('ScheduleExpressionTimezone', rule.ScheduleExpressionTimezone));
          const start = rule.StartWindowMinutes;
          const completion = rule.CompletionWindowMinutes;
          if (num(start) && (!Number.isInteger(start) || start < RULE_LIMITS.minStartWindowMinutes)) out.push(`${rw}: StartWindowMinutes ${start}`);
          if (num(completion) && (!Number.isInteger(completion) || completion < (num(start) ? start : RULE_LIMITS.defaultStartWindowMinutes) + 60)) out.push(`${rw}: CompletionWindowMinutes ${completion} (start ${start})`);
          lifecycle(rw, rule.Lifecycle, out);
          const continuousLifecycle = rule.Lifecycle?.MoveToColdStorageAfterDays !== undefined
            || (num(rule.Lifecycle?.DeleteAfterDays) && rule.Lifecycle.DeleteAfterDays > 35);
          if (rule.EnableContinuousBackup && continuousLifecycle) {
            out.push(`${rw}: continuous lifecycle ${JSON.stringify(rule.Lifecycle)}`);
          }
          tags(`${rw} RecoveryPointTags`, rule.RecoveryPointTags, out);
          const copies: Json[] = rule.CopyActions ?? [];
          if (copies.length > RULE_LIMITS.maxCopyActionsPerRule) out.push(`${rw}: ${copies.length} copy actions`);
          copies.forEach((c, i) => lifecycle(`${rw} copy ${i}`, c.Lifecycle, out));
        }
        break;
      }
      case 'AWS::Backup::BackupSelection': {
        const s = p.BackupSelection ?? {};
        if (literal(s.SelectionName)) add(checkBackupName('SelectionName', s.SelectionName));
        let count = 0;
        for (const list of Object.values<Json[]>(s.Conditions ?? {})) {
          for (const c of list) {
            count++;
            if (literal(c.ConditionKey) && literal(c.ConditionValue)) {
              if (!c.ConditionKey.startsWith('aws:ResourceTag/')) out.push(`${where}: condition key ${c.ConditionKey}`);
              add(checkTagCondition('Conditions', c.ConditionKey.replace(/^aws:ResourceTag\//, ''), c.ConditionValue));
            }
          }
        }
        if (count > TAG_LIMITS.maxConditionsPerSelection) out.push(`${where}: ${count} conditions`);
        break;
      }
      case 'AWS::Backup::RestoreTestingPlan':
        if (literal(p.RestoreTestingPlanName)) add(checkRestoreTestingPlanName('RestoreTestingPlanName', p.RestoreTestingPlanName));
        if (literal(p.ScheduleExpression)) add(checkBackupSchedule('ScheduleExpression', p.ScheduleExpression));
        if (literal(p.ScheduleExpressionTimezone)) add(checkTimeZone('ScheduleExpressionTimezone', p.ScheduleExpressionTimezone));
        if (p.StartWindowHours !== undefined && (!Number.isInteger(p.StartWindowHours) || p.StartWindowHours < 1 || p.StartWindowHours > 168)) out.push(`${where}: StartWindowHours ${p.StartWindowHours}`);
        {
          const days = p.RecoveryPointSelection?.SelectionWindowDays;
          if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 365)) out.push(`${where}: SelectionWindowDays ${days}`);
        }
        break;
      case 'AWS::Backup::RestoreTestingSelection':
        for (const c of p.ProtectedResourceConditions?.StringEquals ?? []) {
          if (literal(c.Key) && literal(c.Value)) add(checkTagCondition('ProtectedResourceConditions', c.Key.replace(/^aws:ResourceTag\//, ''), c.Value));
        }
        for (const key of Object.keys(p.RestoreMetadataOverrides ?? {})) add(checkRestoreMetadataKey('RestoreMetadataOverrides', key));
        if (p.ValidationWindowHours !== undefined && (!Number.isInteger(p.ValidationWindowHours) || p.ValidationWindowHours < 0 || p.ValidationWindowHours > 168)) out.push(`${where}: ValidationWindowHours ${p.ValidationWindowHours}`);
        break;
      case 'AWS::Backup::Framework':
        if (literal(p.FrameworkName)) add(checkAuditName('FrameworkName', p.FrameworkName));
        if (literal(p.FrameworkDescription)) add(checkDescription('FrameworkDescription', p.FrameworkDescription, MAX_AUDIT_DESCRIPTION_LENGTH));
        for (const c of p.FrameworkControls ?? []) {
          if (literal(c.ControlName) && !/^[A-Z][A-Z0-9_]{0,255}$/.test(c.ControlName)) out.push(`${where}: control ${c.ControlName}`);
          tags(`${where} ControlScope`, c.ControlScope?.Tags, out);
        }
        break;
      case 'AWS::Backup::ReportPlan':
        if (literal(p.ReportPlanName)) add(checkAuditName('ReportPlanName', p.ReportPlanName));
        if (literal(p.ReportPlanDescription)) add(checkDescription('ReportPlanDescription', p.ReportPlanDescription, MAX_AUDIT_DESCRIPTION_LENGTH));
        break;
      case 'AWS::Organizations::Policy': {
        if (literal(p.Name) && (p.Name.length < 1 || p.Name.length > 128)) out.push(`${where}: Name length ${p.Name.length}`);
        if (literal(p.Description) && p.Description.length > MAX_ORGANIZATION_POLICY_DESCRIPTION_LENGTH) out.push(`${where}: Description length ${p.Description.length}`);
        const content = typeof p.Content === 'string' ? p.Content : JSON.stringify(p.Content);
        if (content.length > MAX_BACKUP_POLICY_CHARACTERS) out.push(`${where}: Content ${content.length} characters`);
        const doc = typeof p.Content === 'string' ? JSON.parse(p.Content) : p.Content;
        for (const [planName, plan] of Object.entries<Json>(doc?.plans ?? {})) {
          add(checkBackupName('plan name', planName));
          for (const [ruleName, rule] of Object.entries<Json>(plan.rules ?? {})) {
            add(checkBackupName('rule name', ruleName));
            add(checkBackupSchedule('schedule_expression', rule.schedule_expression?.['@@assign']));
            const lc = rule.lifecycle;
            if (lc) {
              lifecycle(`${where} ${ruleName}`, {
                MoveToColdStorageAfterDays: lc.move_to_cold_storage_after_days ? Number(lc.move_to_cold_storage_after_days['@@assign']) : undefined,
                DeleteAfterDays: lc.delete_after_days ? Number(lc.delete_after_days['@@assign']) : undefined,
              }, out);
            }
            const start = rule.start_backup_window_minutes ? Number(rule.start_backup_window_minutes['@@assign']) : undefined;
            const completion = rule.complete_backup_window_minutes ? Number(rule.complete_backup_window_minutes['@@assign']) : undefined;
            if (start !== undefined && (!Number.isInteger(start) || start < 60)) out.push(`${where} ${ruleName}: start ${start}`);
            if (completion !== undefined && completion < (start ?? RULE_LIMITS.defaultStartWindowMinutes) + 60) out.push(`${where} ${ruleName}: completion ${completion}`);
            for (const t of Object.values<Json>(rule.recovery_point_tags ?? {})) add(checkTag('recovery_point_tags', t.tag_key['@@assign'], t.tag_value['@@assign']));
          }
          for (const t of Object.values<Json>(plan.backup_plan_tags ?? {})) add(checkTag('backup_plan_tags', t.tag_key['@@assign'], t.tag_value['@@assign']));
          for (const [selName, sel] of Object.entries<Json>(plan.selections?.resources ?? {})) {
            add(checkBackupName('selection name', selName));
            for (const type of [...(sel.resource_types?.['@@assign'] ?? []), ...(sel.not_resource_types?.['@@assign'] ?? [])]) {
              if (type !== '*' && !String(type).startsWith('arn:')) out.push(`${where}: resource type ${type}`);
            }
          }
        }
        break;
      }
    }
  }
  return out;
}
