import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier, TierPresets } from '../../../src';
import { EnvironmentPlan } from '../../../src/plan/private/environment-plan';
import { environmentBackup, testStack } from '../../support/stack';

// The plan of an environment (src/plan/environment-plan.ts): its rules, the continuous rule, copies,
// and the checks of the rules, through EnvironmentBackup as users meet them.

function stack(): Stack {
  return testStack();
}

function planRules(template: Template): any[] {
  const plans = template.findResources('AWS::Backup::BackupPlan');
  return Object.values(plans)[0].Properties.BackupPlan.BackupPlanRule;
}

function rule(props: backup.BackupPlanRuleProps): backup.BackupPlanRule {
  return new backup.BackupPlanRule({ scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), ...props });
}

/** Synthesizes and returns the error (validations registered with addValidation run at synth). */
function synthError(props: Partial<EnvironmentBackupProps>): string {
  const s = testStack();
  environmentBackup(props, s);
  try {
    Template.fromStack(s);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth succeeded');
}

describe('EnvironmentPlan', () => {
  test('creates the plan under the environment (Plan), so that the logical IDs of deployed environments stay', () => {
    const s = stack();
    const scope = new Construct(s, 'Env');
    const vault = backup.BackupVault.fromBackupVaultName(s, 'Vault', 'env-backup-vault');
    const plan = new EnvironmentPlan(scope, { environmentName: 'env', tier: EnvironmentTier.DEVELOPMENT, vault, recoveryPointTags: { team: 'a' } });
    expect(plan.plan.node.path).toBe('S/Env/Plan');
    expect(plan.ruleNames).toEqual(['Daily']);
    expect(plan.rules[0].props.recoveryPointTags).toEqual({ team: 'a' });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanName: 'env-backup-plan', BackupPlanRule: [{ RuleName: 'Daily', TargetBackupVault: 'env-backup-vault' }] },
    });
  });

  test('addRule() keeps the live lists: rules added later are in them', () => {
    const s = stack();
    const plan = new EnvironmentPlan(new Construct(s, 'Env'), {
      environmentName: 'env', tier: EnvironmentTier.STAGING, vault: backup.BackupVault.fromBackupVaultName(s, 'Vault', 'v'), recoveryPointTags: {},
    });
    const rulesBefore = plan.rules;
    plan.addRule(rule({ deleteAfter: Duration.days(3) }));
    expect(rulesBefore.map((r) => r.props.ruleName)).toEqual(['Daily', undefined]);
    expect(plan.ruleNames).toEqual(['Daily', 'rule-2']);
  });
});

describe('custom rules', () => {
  test('rules replace the tier; continuous backup adds its own rule', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', {
      environmentName: 'custom',
      rules: [new backup.BackupPlanRule({
        ruleName: 'Hourly',
        scheduleExpression: events.Schedule.cron({ minute: '0' }),
        deleteAfter: Duration.days(2),
      })],
      continuousBackup: { enabled: true, retention: Duration.days(10) },
    });
    expect(planRules(Template.fromStack(s))).toEqual([
      expect.objectContaining({ RuleName: 'Hourly', ScheduleExpression: 'cron(0 * * * ? *)', Lifecycle: { DeleteAfterDays: 2 } }),
      expect.objectContaining({ RuleName: 'Continuous', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 10 } }),
    ]);
  });

  test('PRODUCTION (the default tier) with custom rules keeps continuous backup on, as documented', () => {
    const s = stack();
    new EnvironmentBackup(s, 'P', { environmentName: 'p', rules: [backup.BackupPlanRule.daily()] });
    const rules = planRules(Template.fromStack(s));
    expect(rules.map((r) => r.RuleName)).toEqual(['Daily', 'Continuous']);
    // the same schedule and windows as the tier's daily rule, kept 35 days (the most AWS allows)
    expect(rules[1]).toEqual(expect.objectContaining({
      RuleName: 'Continuous',
      EnableContinuousBackup: true,
      ScheduleExpression: 'cron(0 5 * * ? *)',
      StartWindowMinutes: 60,
      CompletionWindowMinutes: 480,
      Lifecycle: { DeleteAfterDays: 35 },
    }));
    const tierDaily = TierPresets.rules(EnvironmentTier.PRODUCTION)[0].props;
    const added = TierPresets.continuousRule().props;
    expect(added.scheduleExpression?.expressionString).toBe(tierDaily.scheduleExpression?.expressionString);
    expect(added.completionWindow?.toMinutes()).toBe(tierDaily.completionWindow?.toMinutes());
  });

  test('custom rules: continuous backup is turned off with continuousBackup.enabled false; STAGING keeps it off', () => {
    const s = stack();
    new EnvironmentBackup(s, 'Off', { environmentName: 'off', rules: [backup.BackupPlanRule.daily()], continuousBackup: { enabled: false } });
    new EnvironmentBackup(s, 'Stg', { environmentName: 'stg', tier: EnvironmentTier.STAGING, rules: [backup.BackupPlanRule.daily()] });
    for (const plan of Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))) {
      expect(plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => r.RuleName)).toEqual(['Daily']);
    }
  });

  test('custom rules with a continuous rule of their own: no second one is added', () => {
    const s = stack();
    const own = new backup.BackupPlanRule({
      ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14),
    });
    new EnvironmentBackup(s, 'E', { environmentName: 'own', rules: [backup.BackupPlanRule.daily(), own] });
    expect(planRules(Template.fromStack(s)).map((r) => [r.RuleName, r.EnableContinuousBackup])).toEqual([['Daily', undefined], ['Pitr', true]]);
  });

  test.each([
    ['a retention with continuous backup off', { tier: EnvironmentTier.STAGING, continuousBackup: { retention: Duration.days(7) } },
      /^S\/E: continuousBackup.retention \(7 days\) is set but continuous backup is off \(the STAGING tier's default\): set continuousBackup.enabled to true, or remove the retention$/],
    ['a retention with enabled false', { continuousBackup: { enabled: false, retention: Duration.days(7) } },
      /continuousBackup.retention \(7 days\) is set but continuous backup is off \(continuousBackup.enabled is false\)/],
    ['enabled false with a continuous custom rule', {
      continuousBackup: { enabled: false },
      rules: [new backup.BackupPlanRule({ ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14) })],
    }, /^S\/E: continuousBackup.enabled is false but rule Pitr of rules enables continuous backup: remove one of them$/],
    ['a retention beside a continuous custom rule', {
      continuousBackup: { retention: Duration.days(7) },
      rules: [new backup.BackupPlanRule({ ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14) })],
    }, /continuousBackup.retention \(7 days\) is set but rule Pitr of rules is already a continuous rule/],
  ])('refused: %s', (_name, props, message) => {
    expect(() => new EnvironmentBackup(stack(), 'E', { environmentName: 'e', ...props as any })).toThrow(message);
  });

  test('addRule() of a second continuous rule says which rule is already continuous and how to turn it off', () => {
    const env = new EnvironmentBackup(stack(), 'E', { environmentName: 'p', rules: [backup.BackupPlanRule.daily()] });
    const pitr = new backup.BackupPlanRule({ ruleName: 'Pitr', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }), enableContinuousBackup: true, deleteAfter: Duration.days(14) });
    expect(() => env.addRule(pitr)).toThrow(/^S\/E: rule Pitr: enableContinuousBackup \(true\) but rule Continuous is already the plan's continuous rule \(continuous backup is on: the rule continuousBackup adds; set continuousBackup.enabled to false to use your own\)/);
    const tier = new EnvironmentBackup(stack(), 'E', { environmentName: 'p' });
    expect(() => tier.addRule(pitr)).toThrow(/rule Daily is already the plan's continuous rule \(continuous backup is on: the tier's daily rule;/);
  });

  test('addRule() adds a rule after construction', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    env.addRule(new backup.BackupPlanRule({
      ruleName: 'Weekly',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3', weekDay: 'SUN' }),
      deleteAfter: Duration.days(60),
    }));
    expect(env.rules.map((r) => r.props.ruleName)).toEqual(['Daily', 'Weekly']);
    expect(planRules(Template.fromStack(s)).map((r) => r.RuleName)).toEqual(['Daily', 'Weekly']);
  });
});

describe('rules', () => {
  test('rule name pattern', () => {
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'daily backup', deleteAfter: Duration.days(7) })] }))
      .toThrow(/ruleName \("daily backup"\) must be 1 to 50 characters: letters, digits, '-', '_' or '\.'/);
  });

  test('start window at least 60 minutes', () => {
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', startWindow: Duration.minutes(30), deleteAfter: Duration.days(7) })] }))
      .toThrow(/rule R: startWindow \(30 minutes\) must be at least 60 minutes/);
  });

  test('completion window at least 60 minutes longer than the start window', () => {
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', startWindow: Duration.hours(2), completionWindow: Duration.minutes(150), deleteAfter: Duration.days(7) })] }))
      .toThrow(/rule R: completionWindow \(150 minutes\) must be at least 60 minutes longer than startWindow \(120 minutes\)/);
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', completionWindow: Duration.hours(8), deleteAfter: Duration.days(7) })] }))
      .toThrow(/completionWindow \(480 minutes\) must be at least 60 minutes longer than startWindow \(480 minutes, the default\)/);
  });

  test('cold storage 0 or at least 30 days', () => {
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', moveToColdStorageAfter: Duration.days(10), deleteAfter: Duration.days(200) })] }))
      .toThrow(/rule R: moveToColdStorageAfter \(10 days\) must be 0 or at least 30 days/);
  });

  test('deletion at least 90 days after the move to cold storage (copy actions too)', () => {
    const dr = (s: Stack) => backup.BackupVault.fromBackupVaultArn(s, 'Dr', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:dr');
    const s = testStack();
    expect(() => environmentBackup({
      rules: [rule({ ruleName: 'R', deleteAfter: Duration.days(400) })],
      copyTo: [{ vault: dr(s), account: '222222222222', moveToColdStorageAfter: Duration.days(30), deleteAfter: Duration.days(100) }],
    }, s)).toThrow(/rule R: copyTo\[0\]\.deleteAfter \(100 days\) must be at least 90 days after moveToColdStorageAfter \(30 days\)/);
  });

  test('continuous backup: 1 to 35 days', () => {
    // aws-cdk-lib's BackupPlanRule refuses more than 35 days itself; ours covers the options.
    expect(() => environmentBackup({ continuousBackup: { enabled: true, retention: Duration.days(40) } }))
      .toThrow(/continuousBackup\.retention \(40 days\) must be between 1 and 35 days/);
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', deleteAfter: Duration.days(7) })], continuousBackup: { enabled: true, retention: Duration.hours(12) } }))
      .toThrow(/continuousBackup\.retention \(12 hours\) must be between 1 and 35 days/);
  });

  test('continuous backup with cold storage', () => {
    // aws-cdk-lib refuses this combination itself when the lifecycle is otherwise valid; ours names the rule.
    const r = rule({ ruleName: 'C', deleteAfter: Duration.days(30) });
    const continuousWithCold = new backup.BackupPlanRule({ ...r.props, enableContinuousBackup: true });
    (continuousWithCold.props as any).moveToColdStorageAfter = Duration.days(1);
    expect(() => environmentBackup({ rules: [continuousWithCold] }))
      .toThrow(/rule C: moveToColdStorageAfter \(1 day\) is not allowed on a continuous backup rule/);
  });

  test('at most 5 copy actions a rule', () => {
    const s = testStack();
    const vaults = [1, 2, 3, 4, 5, 6].map((i) => ({ vault: backup.BackupVault.fromBackupVaultArn(s, `V${i}`, `arn:aws:backup:eu-west-${i}:222222222222:backup-vault:dr`), account: '222222222222' }));
    expect(() => environmentBackup({ copyTo: vaults }, s)).toThrow(/rule Daily: copyActions \(6\) must be at most 5 a rule/);
  });

  test('at most 10 rules, unique names, one continuous rule', () => {
    const many = Array.from({ length: 11 }, (_, i) => rule({ ruleName: `R${i}`, deleteAfter: Duration.days(7) }));
    expect(synthError({ rules: many })).toMatch(/rules \(11\) must be at most 10 a backup plan/);
    expect(synthError({ rules: [rule({ ruleName: 'Same', deleteAfter: Duration.days(7) }), rule({ ruleName: 'Same', deleteAfter: Duration.days(8) })] }))
      .toMatch(/ruleName "Same" is used by more than one rule/);
    expect(() => environmentBackup({
      rules: [rule({ ruleName: 'C1', enableContinuousBackup: true, deleteAfter: Duration.days(7) }), rule({ ruleName: 'C2', enableContinuousBackup: true, deleteAfter: Duration.days(7) })],
    })).toThrow(/rule C2: enableContinuousBackup \(true\) but rule C1 is already the plan's continuous rule: a resource can have only 1 continuous backup/);
    expect(synthError({ rules: [] })).toMatch(/rules must contain at least 1 rule/);
  });

  test('continuousBackup.retention with custom rules needs enabled', () => {
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', deleteAfter: Duration.days(7) })], continuousBackup: { retention: Duration.days(7) } }))
      .toThrow(/continuousBackup\.retention \(7 days\) is set but continuous backup is off \(the STAGING tier's default\)/);
  });

  test('a rule added later with addRule() is validated too', () => {
    const env = environmentBackup({});
    expect(() => env.addRule(rule({ ruleName: 'Late', startWindow: Duration.minutes(10) }))).toThrow(/rule Late: startWindow \(10 minutes\)/);
  });

  test('token durations are not validated', () => {
    const s = testStack();
    const tokenDays = Duration.days(Lazy.number({ produce: () => 10 }));
    expect(() => environmentBackup({ rules: [rule({ ruleName: 'R', deleteAfter: tokenDays, startWindow: Duration.minutes(Lazy.number({ produce: () => 5 })) })] }, s)).not.toThrow();
  });
});

describe('vault lock', () => {
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

describe('airGappedCopy', () => {
  test('airGappedCopy of a rule without deleteAfter fails at synth: its copies would fail', () => {
    const forever = new backup.BackupPlanRule({ ruleName: 'Forever', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }) });
    expect(() => new EnvironmentBackup(testStack(), 'E', {
      environmentName: 'p',
      tier: EnvironmentTier.STAGING,
      rules: [forever],
      airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
    })).toThrow(/^S\/E: rule Forever: deleteAfter is not set \(recovery points kept forever\), but airGappedCopy copies the rule into a vault that keeps recovery points at most 400 days \(airGappedCopy.maxRetention\): every copy job would fail. Set the rule's deleteAfter, or limit airGappedCopy.ruleNames to rules that have one$/);
    // addRule() is checked too
    const env = new EnvironmentBackup(testStack(), 'E', {
      environmentName: 'p', tier: EnvironmentTier.STAGING, airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
    });
    expect(() => env.addRule(forever)).toThrow(/rule Forever: deleteAfter is not set/);
    // a rule left out of ruleNames is not copied, so it may keep its points forever
    new EnvironmentBackup(testStack(), 'E', {
      environmentName: 'p',
      tier: EnvironmentTier.STAGING,
      rules: [forever, backup.BackupPlanRule.daily()],
      airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400), ruleNames: ['Daily'] },
    });
  });

  test('ruleNames of the air-gapped copy that the plan does not have fail at synth, naming airGappedCopy.ruleNames', () => {
    // Named copyTo[<n>].ruleNames before the plan concern took over (the copy was the n-th copyTo).
    expect(synthError({ airGappedCopy: { minRetention: Duration.days(7), maxRetention: Duration.days(400), ruleNames: ['Weekly'] } }))
      .toMatch(/airGappedCopy\.ruleNames names rule "Weekly", which the plan does not have \(rules: Daily\)/);
  });
});
