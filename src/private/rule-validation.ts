import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';
import {
  checkBackupName, checkBackupSchedule, checkContinuous, checkLifecycle, checkTags, checkTimeZone, checkWindows, RULE_LIMITS,
} from './limits';
import { assertValid, isUnresolved } from './validation';

/** How a rule is used: a backup plan's or an organization policy's. */
export interface RuleCheckOptions {
  /** The rule's name as rendered (organization policies name unnamed rules `RuleN`). */
  readonly ruleName?: string;
}

/**
 * The first problem AWS Backup would reject a rule for at deploy time, naming the property, the
 * value and the rule; undefined when the rule is valid. One source for backup plans and
 * organization backup policies (every limit comes from `private/limits`).
 */
export function ruleProblem(rule: backup.BackupPlanRule, options: RuleCheckOptions = {}): string | undefined {
  const p = rule.props;
  const name = options.ruleName ?? p.ruleName;
  const label = `rule ${name ?? '(unnamed)'}: `;
  if (name !== undefined) {
    const problem = checkBackupName('ruleName', name);
    if (problem) return problem;
  }
  if (p.scheduleExpression !== undefined) {
    const problem = scheduleProblem(`${label}scheduleExpression`, p.scheduleExpression.expressionString);
    if (problem) return problem;
  }
  if (p.scheduleExpressionTimezone !== undefined) {
    const problem = checkTimeZone(`${label}scheduleExpressionTimezone`, p.scheduleExpressionTimezone.timezoneName);
    if (problem) return problem;
  }
  const problem = checkWindows(label, p.startWindow, p.completionWindow)
    ?? (p.enableContinuousBackup ? checkContinuous(label, p.deleteAfter, p.moveToColdStorageAfter) : undefined)
    ?? checkLifecycle(label, p.deleteAfter, p.moveToColdStorageAfter)
    ?? (p.recoveryPointTags ? checkTags(`${label}recoveryPointTags`, p.recoveryPointTags) : undefined);
  if (problem) return problem;
  const copies = p.copyActions ?? [];
  if (copies.length > RULE_LIMITS.maxCopyActionsPerRule) {
    return `${label}copyActions (${copies.length}) must be at most ${RULE_LIMITS.maxCopyActionsPerRule} a rule`;
  }
  for (let i = 0; i < copies.length; i++) {
    const copyProblem = checkLifecycle(`${label}copyActions[${i}].`, copies[i].deleteAfter, copies[i].moveToColdStorageAfter);
    if (copyProblem) return copyProblem;
  }
  return undefined;
}

/**
 * `checkBackupSchedule`, remembered per property and expression: every rule of every environment is
 * checked, and most share their names and schedules (the check expands each cron field).
 */
function scheduleProblem(what: string, expression: string): string | undefined {
  const key = `${what}\n${expression}`;
  if (!SCHEDULE_PROBLEMS.has(key)) SCHEDULE_PROBLEMS.set(key, checkBackupSchedule(what, expression));
  return SCHEDULE_PROBLEMS.get(key);
}

const SCHEDULE_PROBLEMS = new Map<string, string | undefined>();

/** Checks one rule against what AWS Backup would reject at deploy time. */
export function validateRule(scope: IConstruct, rule: backup.BackupPlanRule) {
  assertValid(scope, ruleProblem(rule));
}

/** Checks one lifecycle (of a rule or of a copy action). */
export function validateLifecycle(scope: IConstruct, what: string, deleteAfter?: Duration, moveToColdStorageAfter?: Duration) {
  assertValid(scope, checkLifecycle(what, deleteAfter, moveToColdStorageAfter));
}

/** Checks what concerns the rules together: how many, names unique, one continuous rule. */
export function checkRuleSet(rules: backup.BackupPlanRule[]): string[] {
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
