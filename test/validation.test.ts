import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier, TagOperator, VaultLockMode } from '../src';

function make(props: Partial<EnvironmentBackupProps>, stack = new Stack(new App(), 'S')) {
  return new EnvironmentBackup(stack, 'E', { environmentName: 'env', tier: EnvironmentTier.STAGING, ...props });
}

function rule(props: backup.BackupPlanRuleProps): backup.BackupPlanRule {
  return new backup.BackupPlanRule({ scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), ...props });
}

/** Synthesizes and returns the error (validations registered with addValidation run at synth). */
function synthError(props: Partial<EnvironmentBackupProps>): string {
  const s = new Stack(new App(), 'S');
  make(props, s);
  try {
    Template.fromStack(s);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth succeeded');
}

describe('environmentName', () => {
  test.each([
    ['', /environmentName \(""\) must be 1 to 32 characters/],
    ['prod env', /environmentName \("prod env"\) must be 1 to 32 characters: letters, digits, '-' or '_'/],
    ['-prod', /environmentName \("-prod"\) .*starting with a letter or digit/],
    ['a'.repeat(33), /environmentName \("a{33}"\) must be 1 to 32 characters/],
  ])('%j is refused', (name, message) => {
    expect(() => make({ environmentName: name })).toThrow(message);
  });

  test('a token is refused: names are derived at synth', () => {
    expect(() => make({ environmentName: Lazy.string({ produce: () => 'x' }) })).toThrow(/environmentName must be a literal string, not a token/);
  });
});

describe('vault', () => {
  test('invalid vault name', () => {
    expect(() => make({ vault: { vaultName: 'my vault!' } })).toThrow(/vault\.vaultName \("my vault!"\) must be 2 to 50 characters: letters, digits, '-' or '_'/);
  });

  test('a token vault name is not validated', () => {
    expect(() => make({ vault: { vaultName: Lazy.string({ produce: () => 'x' }) } })).not.toThrow();
  });

  test.each([
    [{ minRetention: Duration.hours(12) }, /vault\.lock\.minRetention \(12 hours\) must be at least 1 day/],
    [{ minRetention: Duration.days(1), maxRetention: Duration.days(36501) }, /vault\.lock\.maxRetention \(36501 days\) must be at most 36500 days/],
    [{ minRetention: Duration.days(30), maxRetention: Duration.days(30) }, /vault\.lock\.maxRetention \(30 days\) must be greater than vault\.lock\.minRetention \(30 days\)/],
    [{ minRetention: Duration.days(1), changeableFor: Duration.days(5) }, /vault\.lock\.changeableFor \(5 days\) applies only to VaultLockMode\.COMPLIANCE, not GOVERNANCE/],
    [{ mode: VaultLockMode.COMPLIANCE, minRetention: Duration.days(1), changeableFor: Duration.hours(48) }, /vault\.lock\.changeableFor \(2 days\) must be at least 72 hours/],
  ])('lock %#', (lock, message) => {
    expect(() => make({ vault: { lock } })).toThrow(message);
  });

  test('deleteRecoveryPointsOnDestroy needs DESTROY and refuses blocking and locks', () => {
    expect(() => make({ vault: { deleteRecoveryPointsOnDestroy: true } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) requires vault\.removalPolicy RemovalPolicy\.DESTROY/);
    expect(() => make({ vault: { deleteRecoveryPointsOnDestroy: true, removalPolicy: RemovalPolicy.DESTROY, blockRecoveryPointDeletion: true } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) contradicts vault\.blockRecoveryPointDeletion \(true\)/);
    const lock = { minRetention: Duration.days(1) };
    expect(() => make({ vault: { deleteRecoveryPointsOnDestroy: true, removalPolicy: RemovalPolicy.DESTROY, lock } }))
      .toThrow(/vault\.deleteRecoveryPointsOnDestroy \(true\) cannot be combined with vault\.lock/);
  });

  test('break-glass principals without the deletion block', () => {
    expect(() => make({ vault: { breakGlassPrincipalArns: ['arn:aws:iam::111122223333:role/x'] } }))
      .toThrow(/vault\.breakGlassPrincipalArns is set but vault\.blockRecoveryPointDeletion is false/);
  });

  test('rules must fit the vault lock', () => {
    expect(synthError({ vault: { lock: { minRetention: Duration.days(30) } } }))
      .toMatch(/rule Daily: deleteAfter \(14 days\) is shorter than vault\.lock\.minRetention \(30 days\): backup jobs would fail/);
    expect(synthError({ vault: { lock: { minRetention: Duration.days(1), maxRetention: Duration.days(10) } } }))
      .toMatch(/rule Daily: deleteAfter \(14 days\) is longer than vault\.lock\.maxRetention \(10 days\)/);
    expect(synthError({
      rules: [rule({ ruleName: 'Forever' })],
      vault: { lock: { minRetention: Duration.days(1), maxRetention: Duration.days(10) } },
    })).toMatch(/rule Forever: deleteAfter is not set \(kept forever\) but vault\.lock\.maxRetention is 10 days/);
  });
});

describe('rules', () => {
  test('rule name pattern', () => {
    expect(() => make({ rules: [rule({ ruleName: 'daily backup', deleteAfter: Duration.days(7) })] }))
      .toThrow(/ruleName \("daily backup"\) must be 1 to 50 characters: letters, digits, '-', '_' or '\.'/);
  });

  test('start window at least 60 minutes', () => {
    expect(() => make({ rules: [rule({ ruleName: 'R', startWindow: Duration.minutes(30), deleteAfter: Duration.days(7) })] }))
      .toThrow(/rule R: startWindow \(30 minutes\) must be at least 60 minutes/);
  });

  test('completion window at least 60 minutes longer than the start window', () => {
    expect(() => make({ rules: [rule({ ruleName: 'R', startWindow: Duration.hours(2), completionWindow: Duration.minutes(150), deleteAfter: Duration.days(7) })] }))
      .toThrow(/rule R: completionWindow \(150 minutes\) must be at least 60 minutes longer than startWindow \(120 minutes\)/);
    expect(() => make({ rules: [rule({ ruleName: 'R', completionWindow: Duration.hours(8), deleteAfter: Duration.days(7) })] }))
      .toThrow(/completionWindow \(480 minutes\) must be at least 60 minutes longer than startWindow \(480 minutes, the default\)/);
  });

  test('cold storage 0 or at least 30 days', () => {
    expect(() => make({ rules: [rule({ ruleName: 'R', moveToColdStorageAfter: Duration.days(10), deleteAfter: Duration.days(200) })] }))
      .toThrow(/rule R: moveToColdStorageAfter \(10 days\) must be 0 or at least 30 days/);
  });

  test('deletion at least 90 days after the move to cold storage (copy actions too)', () => {
    const dr = (s: Stack) => backup.BackupVault.fromBackupVaultArn(s, 'Dr', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:dr');
    const s = new Stack(new App(), 'S');
    expect(() => make({
      rules: [rule({ ruleName: 'R', deleteAfter: Duration.days(400) })],
      copyTo: [{ vault: dr(s), account: '222222222222', moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(100) }],
    }, s)).toThrow(/rule R: copyTo\[0\]\.deleteAfter \(100 days\) must be at least 90 days after moveToColdStorageAfter \(30 days\)/);
  });

  test('continuous backup: 1 to 35 days', () => {
    // aws-cdk-lib's BackupPlanRule refuses more than 35 days itself; ours covers the options.
    expect(() => make({ continuousBackup: { enabled: true, retention: Duration.days(40) } }))
      .toThrow(/continuousBackup\.retention \(40 days\) must be between 1 and 35 days/);
    expect(() => make({ rules: [rule({ ruleName: 'R', deleteAfter: Duration.days(7) })], continuousBackup: { enabled: true, retention: Duration.hours(12) } }))
      .toThrow(/continuousBackup\.retention \(12 hours\) must be between 1 and 35 days/);
  });

  test('continuous backup with cold storage', () => {
    // aws-cdk-lib refuses this combination itself when the lifecycle is otherwise valid; ours names the rule.
    const r = rule({ ruleName: 'C', deleteAfter: Duration.days(30) });
    const continuousWithCold = new backup.BackupPlanRule({ ...r.props, enableContinuousBackup: true });
    (continuousWithCold.props as any).moveToColdStorageAfter = Duration.days(1);
    expect(() => make({ rules: [continuousWithCold] }))
      .toThrow(/rule C: moveToColdStorageAfter \(1 day\) is not allowed on a continuous backup rule/);
  });

  test('at most 5 copy actions a rule', () => {
    const s = new Stack(new App(), 'S');
    const vaults = [1, 2, 3, 4, 5, 6].map((i) => ({ vault: backup.BackupVault.fromBackupVaultArn(s, `V${i}`, `arn:aws:backup:eu-west-${i}:222222222222:backup-vault:dr`), account: '222222222222' }));
    expect(() => make({ copyTo: vaults }, s)).toThrow(/rule Daily: copyActions \(6\) must be at most 5 a rule/);
  });

  test('at most 10 rules, unique names, one continuous rule', () => {
    const many = Array.from({ length: 11 }, (_, i) => rule({ ruleName: `R${i}`, deleteAfter: Duration.days(7) }));
    expect(synthError({ rules: many })).toMatch(/rules \(11\) must be at most 10 a backup plan/);
    expect(synthError({ rules: [rule({ ruleName: 'Same', deleteAfter: Duration.days(7) }), rule({ ruleName: 'Same', deleteAfter: Duration.days(8) })] }))
      .toMatch(/ruleName "Same" is used by more than one rule/);
    expect(() => make({
      rules: [rule({ ruleName: 'C1', enableContinuousBackup: true, deleteAfter: Duration.days(7) }), rule({ ruleName: 'C2', enableContinuousBackup: true, deleteAfter: Duration.days(7) })],
    })).toThrow(/rule C2: enableContinuousBackup \(true\) but rule C1 is already the plan's continuous rule: a resource can have only 1 continuous backup/);
    expect(synthError({ rules: [] })).toMatch(/rules must contain at least 1 rule/);
  });

  test('continuousBackup.retention with custom rules needs enabled', () => {
    expect(() => make({ rules: [rule({ ruleName: 'R', deleteAfter: Duration.days(7) })], continuousBackup: { retention: Duration.days(7) } }))
      .toThrow(/continuousBackup\.retention \(7 days\) is set but continuous backup is off \(the STAGING tier's default\)/);
  });

  test('a rule added later with addRule() is validated too', () => {
    const env = make({});
    expect(() => env.addRule(rule({ ruleName: 'Late', startWindow: Duration.minutes(10) }))).toThrow(/rule Late: startWindow \(10 minutes\)/);
  });

  test('token durations are not validated', () => {
    const s = new Stack(new App(), 'S');
    const tokenDays = Duration.days(Lazy.number({ produce: () => 10 }));
    expect(() => make({ rules: [rule({ ruleName: 'R', deleteAfter: tokenDays, startWindow: Duration.minutes(Lazy.number({ produce: () => 5 })) })] }, s)).not.toThrow();
  });
});

describe('selection', () => {
  test('no tags and no resources', () => {
    expect(() => make({ selection: { selectByTags: false } })).toThrow(/selection has no tags, no conditions and no resources/);
  });

  test('more than 30 tags and conditions', () => {
    const tags = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect(() => make({ selection: { tags } })).toThrow(/selection has 31 tags and conditions: AWS Backup allows at most 30 a selection/);
  });

  test('tag key and value lengths', () => {
    expect(() => make({ selection: { tags: { ['k'.repeat(129)]: 'v' } } })).toThrow(/selection\.tags key \("k{129}"\) must be 1 to 128 characters \(AWS tag key\)/);
    expect(() => make({ selection: { conditions: [{ key: 'k', value: 'v'.repeat(257), operator: TagOperator.STRING_LIKE }] } }))
      .toThrow(/selection tag value of "k" \(257 characters\) must be at most 256 characters/);
  });

  test('tags with selectByTags false', () => {
    expect(() => make({ selection: { selectByTags: false, tags: { a: 'b' }, resources: ['arn:aws:s3:::b'] } }))
      .toThrow(/selection\.selectByTags is false but selection\.tags or selection\.conditions are set/);
  });
});
