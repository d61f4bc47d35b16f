import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import {
  airGappedRetentionProblems, archiveOptInProblems, backsUpDirectly, lockRetentionProblems, unknownRuleNames,
} from '../../../src/plan/private/plan-validation';

// The plan checks that need every rule (src/plan/plan-validation.ts), as pure functions: rules and
// options in, problems out, no synthesis.

const rule = (ruleName: string | undefined, props: Partial<backup.BackupPlanRuleProps> = {}) => new backup.BackupPlanRule({ ruleName, ...props });
const scope = new Stack();
const ownVault = backup.BackupVault.fromBackupVaultName(scope, 'Own', 'own');
const otherVault = backup.BackupVault.fromBackupVaultName(scope, 'Other', 'other');
const airGappedVault = backup.BackupVault.fromBackupVaultName(scope, 'AirGapped', 'air-gapped');

describe('unknownRuleNames', () => {
  const rules = [rule('Daily'), rule('Monthly')];

  test('each name the plan lacks is a problem naming the property and the rules', () => {
    expect(unknownRuleNames('copyTo[1].ruleNames', ['Monthly', 'Weekly', 'Yearly'], rules)).toEqual([
      'copyTo[1].ruleNames names rule "Weekly", which the plan does not have (rules: Daily, Monthly)',
      'copyTo[1].ruleNames names rule "Yearly", which the plan does not have (rules: Daily, Monthly)',
    ]);
  });

  test('no names (every rule), or known names: no problem', () => {
    expect(unknownRuleNames('airGappedCopy.ruleNames', undefined, rules)).toEqual([]);
    expect(unknownRuleNames('airGappedCopy.ruleNames', ['Daily'], rules)).toEqual([]);
  });
});

describe('archiveOptInProblems', () => {
  // Recovery points reach the archive tier through the cold storage transition
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html).
  test('opting in needs a rule with moveToColdStorageAfter', () => {
    expect(archiveOptInProblems(true, [rule('Daily', { deleteAfter: Duration.days(35) })])).toEqual([
      'optInToArchive (true) needs a rule with moveToColdStorageAfter: recovery points reach the archive tier through the cold storage transition, and no rule has one (rules: Daily)',
    ]);
    expect(archiveOptInProblems(true, [rule('Cold', { moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(365) })])).toEqual([]);
  });

  test('not opted in: nothing to check', () => {
    expect(archiveOptInProblems(undefined, [rule('Daily')])).toEqual([]);
    expect(archiveOptInProblems(false, [rule('Daily')])).toEqual([]);
  });
});

describe('backsUpDirectly', () => {
  test('every rule when the direct target names none; the named rules otherwise; none without a direct target', () => {
    expect(backsUpDirectly(rule('Daily'), {})).toBe(true);
    expect(backsUpDirectly(rule(undefined), {})).toBe(true);
    expect(backsUpDirectly(rule('Daily'), { ruleNames: ['Daily'] })).toBe(true);
    expect(backsUpDirectly(rule('Monthly'), { ruleNames: ['Daily'] })).toBe(false);
    expect(backsUpDirectly(rule(undefined), { ruleNames: ['Daily'] })).toBe(false);
    expect(backsUpDirectly(rule('Daily'), undefined)).toBe(false);
  });
});

describe('airGappedRetentionProblems', () => {
  const target = { vault: airGappedVault, minRetention: Duration.days(30), maxRetention: Duration.days(400) };
  const copied = (ruleName: string, deleteAfter?: Duration) => rule(ruleName, {
    deleteAfter, copyActions: [{ destinationBackupVault: airGappedVault, deleteAfter }],
  });

  test('a copied rule keeps its points within the vault\'s retention, or its copies fail', () => {
    expect(airGappedRetentionProblems([copied('Short', Duration.days(7)), copied('Fits', Duration.days(35)), copied('Long', Duration.days(730))], target)).toEqual([
      'rule Short: deleteAfter (7 days) must be within airGappedCopy.minRetention (30 days) and airGappedCopy.maxRetention (400 days): its copies would fail',
      'rule Long: deleteAfter (730 days) must be within airGappedCopy.minRetention (30 days) and airGappedCopy.maxRetention (400 days): its copies would fail',
    ]);
  });

  test('a rule not copied there, without deleteAfter (refused when the copy is added) or with a token is not checked', () => {
    const elsewhere = rule('Elsewhere', { deleteAfter: Duration.days(7), copyActions: [{ destinationBackupVault: otherVault }] });
    const token = copied('Token', Duration.days(Lazy.number({ produce: () => 7 })));
    expect(airGappedRetentionProblems([rule('Alone', { deleteAfter: Duration.days(7) }), elsewhere, copied('Forever'), token], target)).toEqual([]);
  });

  test('rules backing up directly into the vault are checked too', () => {
    const daily = rule('Daily', { deleteAfter: Duration.days(7) });
    expect(airGappedRetentionProblems([daily], { ...target, direct: {} })).toEqual([
      'rule Daily: deleteAfter (7 days) must be within airGappedCopy.minRetention (30 days) and airGappedCopy.maxRetention (400 days): its copies would fail',
    ]);
    expect(airGappedRetentionProblems([daily], { ...target, direct: { ruleNames: ['Monthly'] } })).toEqual([]);
  });
});

describe('lockRetentionProblems', () => {
  // A vault lock rejects backups whose retention is outside its limits
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
  const lock = { minRetention: Duration.days(7), maxRetention: Duration.days(365) };

  test('rules into the own vault keep their points between the lock\'s minimum and maximum', () => {
    expect(lockRetentionProblems([
      rule('Short', { deleteAfter: Duration.days(1) }),
      rule('Fits', { deleteAfter: Duration.days(35), backupVault: ownVault }),
      rule('Long', { deleteAfter: Duration.days(730) }),
      rule('Forever'),
    ], ownVault, lock)).toEqual([
      'rule Short: deleteAfter (1 day) is shorter than vault.lock.minRetention (7 days): backup jobs would fail',
      'rule Long: deleteAfter (730 days) is longer than vault.lock.maxRetention (365 days): backup jobs would fail',
      'rule Forever: deleteAfter is not set (kept forever) but vault.lock.maxRetention is 365 days: backup jobs would fail',
    ]);
  });

  test('a lock without a maximum keeps points forever; rules into another vault and tokens are not checked', () => {
    expect(lockRetentionProblems([rule('Forever')], ownVault, { minRetention: Duration.days(7) })).toEqual([]);
    expect(lockRetentionProblems([rule('Other', { deleteAfter: Duration.days(1), backupVault: otherVault })], ownVault, lock)).toEqual([]);
    expect(lockRetentionProblems([rule('Token', { deleteAfter: Duration.days(Lazy.number({ produce: () => 1 })) })], ownVault, lock)).toEqual([]);
  });

  test('no lock: no problem', () => {
    expect(lockRetentionProblems([rule('Forever'), rule('Short', { deleteAfter: Duration.days(1) })], ownVault, {})).toEqual([]);
  });
});
