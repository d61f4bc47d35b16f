import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';
import { formatAmount, isUnresolved, validationError } from '../private/validation';

/** AWS Backup's quotas and rules, as applied at deploy time (and here at synth). */
export const RULE_LIMITS = {
  maxRulesPerPlan: 10,
  maxCopyActionsPerRule: 5,
  minStartWindowMinutes: 60,
  minCompletionWindowGapMinutes: 60,
  minColdStorageDays: 30,
  minDaysInColdStorage: 90,
  maxContinuousRetentionDays: 35,
  namePattern: /^[a-zA-Z0-9\-_.]{1,50}$/,
};

function days(d: Duration | undefined): number | undefined {
  if (d === undefined || isUnresolved(d)) return undefined;
  return d.toDays({ integral: false });
}

function minutes(d: Duration | undefined): number | undefined {
  if (d === undefined || isUnresolved(d)) return undefined;
  return d.toMinutes({ integral: false });
}

/**
 * Checks a lifecycle (of a rule or of a copy action): cold storage 0 or at least 30 days, and
 * deletion at least 90 days after the move to cold storage.
 */
export function validateLifecycle(scope: IConstruct, what: string, deleteAfter?: Duration, moveToColdStorageAfter?: Duration) {
  const cold = days(moveToColdStorageAfter);
  const del = days(deleteAfter);
  if (del !== undefined && del < 1) {
    throw validationError(scope, `${what}deleteAfter (${formatAmount(del, 'day')}) must be at least 1 day`);
  }
  if (cold !== undefined && cold !== 0 && cold < RULE_LIMITS.minColdStorageDays) {
    throw validationError(scope,
      `${what}moveToColdStorageAfter (${formatAmount(cold, 'day')}) must be 0 or at least ${RULE_LIMITS.minColdStorageDays} days`);
  }
  if (cold !== undefined && cold > 0 && del !== undefined && del < cold + RULE_LIMITS.minDaysInColdStorage) {
    throw validationError(scope,
      `${what}deleteAfter (${formatAmount(del, 'day')}) must be at least ${RULE_LIMITS.minDaysInColdStorage} days after ` +
      `moveToColdStorageAfter (${formatAmount(cold, 'day')}): recovery points stay in cold storage at least ${RULE_LIMITS.minDaysInColdStorage} days`);
  }
}

/** Checks one rule against what AWS Backup would reject at deploy time. */
export function validateRule(scope: IConstruct, rule: backup.BackupPlanRule) {
  const p = rule.props;
  const name = p.ruleName;
  const label = `rule ${name ?? '(unnamed)'}: `;
  if (name !== undefined && !isUnresolved(name) && !RULE_LIMITS.namePattern.test(name)) {
    throw validationError(scope, `ruleName ("${name}") must be 1 to 50 characters: letters, digits, '-', '_' or '.'`);
  }
  const start = minutes(p.startWindow);
  if (start !== undefined && start < RULE_LIMITS.minStartWindowMinutes) {
    throw validationError(scope, `${label}startWindow (${formatAmount(start, 'minute')}) must be at least ${RULE_LIMITS.minStartWindowMinutes} minutes`);
  }
  const completion = minutes(p.completionWindow);
  if (completion !== undefined) {
    const effectiveStart = start ?? 8 * 60; // AWS Backup's default start window is 8 hours
    if (completion < effectiveStart + RULE_LIMITS.minCompletionWindowGapMinutes) {
      throw validationError(scope,
        `${label}completionWindow (${formatAmount(completion, 'minute')}) must be at least ${RULE_LIMITS.minCompletionWindowGapMinutes} minutes ` +
        `longer than startWindow (${formatAmount(effectiveStart, 'minute')}${start === undefined ? ', the default' : ''})`);
    }
  }
  if (p.enableContinuousBackup) {
    const del = days(p.deleteAfter);
    if (del !== undefined && (del < 1 || del > RULE_LIMITS.maxContinuousRetentionDays)) {
      throw validationError(scope,
        `${label}deleteAfter (${formatAmount(del, 'day')}) must be between 1 and ${RULE_LIMITS.maxContinuousRetentionDays} days on a continuous backup rule`);
    }
    if (p.moveToColdStorageAfter !== undefined) {
      throw validationError(scope,
        `${label}moveToColdStorageAfter (${p.moveToColdStorageAfter.toHumanString()}) is not allowed on a continuous backup rule: continuous backups cannot move to cold storage`);
    }
  }
  validateLifecycle(scope, label, p.deleteAfter, p.moveToColdStorageAfter);
  const copies = p.copyActions ?? [];
  if (copies.length > RULE_LIMITS.maxCopyActionsPerRule) {
    throw validationError(scope, `${label}copyActions (${copies.length}) must be at most ${RULE_LIMITS.maxCopyActionsPerRule} a rule`);
  }
  copies.forEach((copy, i) => validateLifecycle(scope, `${label}copyActions[${i}].`, copy.deleteAfter, copy.moveToColdStorageAfter));
}

/** Checks what concerns the rules together: how many, names unique, one continuous rule. */
export function validateRuleSet(rules: backup.BackupPlanRule[]): string[] {
  const errors: string[] = [];
  if (rules.length === 0) {
    errors.push('rules must contain at least 1 rule: a backup plan without rules backs up nothing');
  }
  if (rules.length > RULE_LIMITS.maxRulesPerPlan) {
    errors.push(`rules (${rules.length}) must be at most ${RULE_LIMITS.maxRulesPerPlan} a backup plan`);
  }
  const seen = new Set<string>();
  for (const rule of rules) {
    const name = rule.props.ruleName;
    if (name === undefined || isUnresolved(name)) continue;
    if (seen.has(name)) errors.push(`ruleName "${name}" is used by more than one rule: rule names must be unique in a plan`);
    seen.add(name);
  }
  const continuous = rules.filter((r) => r.props.enableContinuousBackup).map((r) => r.props.ruleName ?? '(unnamed)');
  if (continuous.length > 1) {
    errors.push(`rules ${continuous.join(', ')} all enable continuous backup: a resource can have only 1 continuous backup, so a plan may have only 1 continuous rule`);
  }
  return errors;
}
