/**
 * The checks of a plan that need all its rules, as pure functions: they take the rules and the
 * options and return the problems (naming the property, the value and the rule), empty when there
 * are none. The environment's plan runs them at synth, when every rule has been added.
 */
import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { isUnresolved } from '../../private/validation';

/** A vault lock's retention limits. */
export interface LockRetention {
  /** The shortest retention the lock allows. */
  readonly minRetention?: Duration;
  /** The longest retention the lock allows. */
  readonly maxRetention?: Duration;
}

/** The logically air-gapped vault that receives the recovery points of some rules. */
export interface AirGappedTarget {
  /** The vault: a rule with a copy action to it is copied there. */
  readonly vault: backup.IBackupVault;
  /** The shortest retention the vault accepts. */
  readonly minRetention: Duration;
  /** The longest retention the vault accepts. */
  readonly maxRetention: Duration;
  /** Set when rules back up directly into the vault (no copy): those of `ruleNames`, all when undefined. */
  readonly direct?: { readonly ruleNames?: string[] };
}

const nameOf = (rule: backup.BackupPlanRule) => rule.props.ruleName ?? '(unnamed)';
const ruleList = (rules: backup.BackupPlanRule[]) => [...new Set(rules.map((r) => r.props.ruleName))].join(', ');

/** Whether `rule` backs up directly into the air-gapped vault of `direct` (all rules when it names none). */
export function backsUpDirectly(rule: backup.BackupPlanRule, direct?: { readonly ruleNames?: string[] }): boolean {
  if (direct === undefined) return false;
  const name = rule.props.ruleName;
  return direct.ruleNames === undefined || (name !== undefined && direct.ruleNames.includes(name));
}

/** The names in `property` (e.g. `copyTo[0].ruleNames`) that no rule of the plan has. */
export function unknownRuleNames(property: string, names: string[] | undefined, rules: backup.BackupPlanRule[]): string[] {
  const known = new Set(rules.map((r) => r.props.ruleName));
  return (names ?? []).filter((n) => !known.has(n))
    .map((n) => `${property} names rule "${n}", which the plan does not have (rules: ${ruleList(rules)})`);
}

/** `optInToArchive` needs a rule with a cold storage transition: that is how recovery points reach the archive tier. */
export function archiveOptInProblems(optInToArchive: boolean | undefined, rules: backup.BackupPlanRule[]): string[] {
  if (!optInToArchive || rules.some((r) => r.props.moveToColdStorageAfter !== undefined)) return [];
  return [`optInToArchive (true) needs a rule with moveToColdStorageAfter: recovery points reach the archive tier through the cold storage transition, and no rule has one (rules: ${ruleList(rules)})`];
}

/**
 * Every rule that copies into (or backs up directly into) the air-gapped vault keeps its recovery
 * points within the vault's retention limits, or its copies (backups) fail.
 */
export function airGappedRetentionProblems(rules: backup.BackupPlanRule[], target: AirGappedTarget): string[] {
  const { minRetention: min, maxRetention: max } = target;
  const errors: string[] = [];
  for (const rule of rules) {
    const del = rule.props.deleteAfter;
    const copied = (rule.props.copyActions ?? []).some((c) => c.destinationBackupVault === target.vault) || backsUpDirectly(rule, target.direct);
    if (!copied || !del || isUnresolved(del) || isUnresolved(min) || isUnresolved(max)) continue;
    const days = del.toDays({ integral: false });
    if (days < min.toDays() || days > max.toDays()) {
      errors.push(`rule ${nameOf(rule)}: deleteAfter (${del.toHumanString()}) must be within airGappedCopy.minRetention (${min.toHumanString()}) ` +
        `and airGappedCopy.maxRetention (${max.toHumanString()}): its copies would fail`);
    }
  }
  return errors;
}

/**
 * Every rule that backs up into the environment's own vault (`ownVault`, or no vault of its own)
 * keeps its recovery points within the vault lock's retention, or its backup jobs fail.
 */
export function lockRetentionProblems(rules: backup.BackupPlanRule[], ownVault: backup.IBackupVault, lock: LockRetention): string[] {
  const { minRetention: min, maxRetention: max } = lock;
  const errors: string[] = [];
  for (const rule of rules) {
    const del = rule.props.deleteAfter;
    const targetsOwnVault = rule.props.backupVault === undefined || rule.props.backupVault === ownVault;
    if (!targetsOwnVault) continue;
    if (del === undefined) {
      if (max) errors.push(`rule ${nameOf(rule)}: deleteAfter is not set (kept forever) but vault.lock.maxRetention is ${max.toHumanString()}: backup jobs would fail`);
      continue;
    }
    if (isUnresolved(del)) continue;
    if (min && !isUnresolved(min) && del.toHours({ integral: false }) < min.toHours({ integral: false })) {
      errors.push(`rule ${nameOf(rule)}: deleteAfter (${del.toHumanString()}) is shorter than vault.lock.minRetention (${min.toHumanString()}): backup jobs would fail`);
    }
    if (max && !isUnresolved(max) && del.toHours({ integral: false }) > max.toHours({ integral: false })) {
      errors.push(`rule ${nameOf(rule)}: deleteAfter (${del.toHumanString()}) is longer than vault.lock.maxRetention (${max.toHumanString()}): backup jobs would fail`);
    }
  }
  return errors;
}
