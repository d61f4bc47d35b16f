import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { validationError } from '../../private/validation';
import { AirGappedCopyOptions } from '../../vault';

/** What the rule rewriting needs to know of an organization environment. */
export interface EnvironmentRulesInput {
  /** The environment's name (for messages). */
  readonly name: string;
  /** The tier's or the user's rules, before rewriting. */
  readonly rules: backup.BackupPlanRule[];
  /** The environment's regions: the first holds the air-gapped vault. */
  readonly regions: string[];
  /** Regions every rule also copies to (the same vault name there). */
  readonly copyRegions: string[];
  /** The member vault's name. */
  readonly vaultName: string;
  /** The partition written into the `$account` ARNs. */
  readonly partition: string;
  /** The air-gapped copy, if any, and its vault's name. */
  readonly airGapped?: AirGappedCopyOptions;
  readonly airGappedName?: string;
}

/**
 * The environment's rules as the backup policy carries them: a copy into the member accounts'
 * air-gapped vault (for the rules it names, within its lock's retention) and a copy to each of
 * `copyRegions`. Throws when a rule's retention falls outside the air-gapped vault's lock.
 */
export function environmentRules(scope: Construct, input: EnvironmentRulesInput): backup.BackupPlanRule[] {
  const { name, airGapped, partition } = input;
  const withAirGap = airGapped ? input.rules.map((rule, i) => {
    const ruleName = rule.props.ruleName ?? `Rule${i + 1}`;
    if (airGapped.ruleNames && !airGapped.ruleNames.includes(ruleName)) return rule;
    const keep = rule.props.deleteAfter;
    const days = keep && !keep.isUnresolved() ? keep.toDays({ integral: false }) : undefined;
    const min = airGapped.minRetention.toDays({ integral: false });
    const max = airGapped.maxRetention.toDays({ integral: false });
    if (days === undefined || days < min || days > max) {
      throw validationError(scope, `environment ${name}: rule ${ruleName} keeps recovery points ${days === undefined ? 'forever' : `${days} days`}, ` +
        `outside airGappedCopy's retention (${min} to ${max} days): an air-gapped vault accepts only copies within its lock`);
    }
    return new backup.BackupPlanRule({
      ...rule.props,
      copyActions: [...(rule.props.copyActions ?? []), {
        destinationBackupVault: backup.BackupVault.fromBackupVaultArn(scope, `AirGappedCopyRule${i}`,
          `arn:${partition}:backup:${input.regions[0]}:$account:backup-vault:${input.airGappedName}`),
        deleteAfter: keep,
      }],
    });
  }) : input.rules;
  if (input.copyRegions.length === 0) return withAirGap;
  return withAirGap.map((rule, i) => new backup.BackupPlanRule({
    ...rule.props,
    copyActions: [
      ...(rule.props.copyActions ?? []),
      ...input.copyRegions.map((region) => ({
        destinationBackupVault: backup.BackupVault.fromBackupVaultArn(scope, `CopyTo${region}Rule${i}`,
          `arn:${partition}:backup:${region}:$account:backup-vault:${input.vaultName}`),
        deleteAfter: rule.props.deleteAfter,
        moveToColdStorageAfter: rule.props.enableContinuousBackup ? undefined : rule.props.moveToColdStorageAfter,
      })),
    ],
  }));
}
