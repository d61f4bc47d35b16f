/**
 * Property-based test of issue #11 ("cdk synth tells the truth"): random type-correct props of the
 * public constructs either synthesize a template that passes cfn-lint and the library's own
 * AWS-limit checks (`template-limits.ts`, built on `src/private/limits`), or throw the library's
 * validation error naming the construct path and a property. Never a TypeError, never aws-cdk-lib's
 * unnamed error, never a template AWS would reject.
 *
 * Fixed seed, a few hundred runs in CI. More runs: FC_RUNS=2000 npx jest test/property (bench or
 * nightly mode); another seed: FC_SEED=123.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import {
  accountId, adversarial, days, duration, hours, mostly, name, opt, policyRules, region, removalPolicy, retentionRange, rules,
  schedule, tagCondition, tags, text,
  timeZone, underscoreName, vaultName,
} from './arbitraries';
import { templateProblems } from './template-limits';
import {
  AuditControl, BackupAuditFramework, BackupReportPlans, CopyDestinationVault, EnvironmentBackup, EnvironmentTier,
  LogicallyAirGappedVault, OrganizationBackupPolicy, ReportFormat, ReportTemplate, RestoreTestingPlan, RestoreTestingResourceType,
} from '../../src';
import { cfnLint } from '../support/cfn-lint';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
const runs = (ci: number) => RUNS ?? ci;
/** Templates linted by cfn-lint (about 0.25 s each): all of them with FC_RUNS, else a sample across constructs. */
const MAX_LINTED = RUNS ? Infinity : 40;

/** Templates that synthesized, linted together at the end (one cfn-lint call). */
const synthesized: Array<{ construct: string; props: string; template: unknown }> = [];
const outcomes: { [construct: string]: { synthesized: number; rejected: number } } = {};
/** Why props were rejected (the rule of each message, without values), for FC_REPORT=1. */
const reasons = new Map<string, number>();

/** Our error: a ValidationError whose message starts with the construct path, or CDK's list of our addValidation errors. */
function isOurs(e: Error): boolean {
  if (e.name === 'ValidationError' && /^S(\/[^:]+)?: \S/.test(e.message)) return true;
  return /^Validation failed with the following errors:\s*\n\s*\[S(\/[^\]]+)?\] \S/.test(e.message);
}

function check(construct: string, props: unknown, build: (stack: Stack) => void): void {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
  const tally = (outcomes[construct] ??= { synthesized: 0, rejected: 0 });
  let template: any;
  try {
    build(stack);
    template = app.synth().getStackByName('S').template;
  } catch (e) {
    const error = e as Error;
    if (isOurs(error)) {
      tally.rejected++;
      const reason = `${construct}: ${error.message.replace(/^S[^:]*: /, '').replace(/\([^)]*\)|"[^"]*"|'[^']*'/g, '…').slice(0, 90)}`;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      return;
    }
    throw new Error(`${construct}: not the library's validation error naming a property: ${error.name}: ${error.message}\nprops: ${fc.stringify(props)}`);
  }
  const problems = templateProblems(template);
  if (problems.length > 0) {
    throw new Error(`${construct}: synthesized a template AWS would reject:\n  ${problems.join('\n  ')}\nprops: ${fc.stringify(props)}`);
  }
  tally.synthesized++;
  synthesized.push({ construct, props: fc.stringify(props), template });
}

function run<T>(construct: string, arb: fc.Arbitrary<T>, build: (stack: Stack, props: T) => void, numRuns: number) {
  fc.assert(fc.property(arb, (props) => check(construct, props, (stack) => build(stack, props))),
    { seed: SEED, numRuns, endOnFailure: !!process.env.FC_NO_SHRINK });
  // A property that rejects everything proves nothing: some combinations must synthesize.
  expect(outcomes[construct].synthesized).toBeGreaterThan(0);
}

const environmentProps = fc.record({
  environmentName: name,
  tier: opt(fc.constantFrom(EnvironmentTier.PRODUCTION, EnvironmentTier.STAGING, EnvironmentTier.DEVELOPMENT)),
  rules: opt(rules(0, 3)),
  continuousBackup: opt(fc.record({
    enabled: opt(fc.boolean()),
    retention: opt(mostly(fc.integer({ min: 1, max: 35 }).map((n) => Duration.days(n)), days)),
  })),
  selection: opt(fc.record({
    tags: opt(tags()),
    conditions: opt(fc.array(tagCondition, { maxLength: 2 })),
    selectByTags: opt(mostly(fc.constant(true), fc.constant(false))),
  })),
  vault: opt(fc.record({
    vaultName: opt(vaultName),
    removalPolicy: opt(removalPolicy),
    blockRecoveryPointDeletion: opt(fc.boolean()),
    lock: opt(retentionRange(1)),
  })),
  restoreTesting: opt(fc.record({
    schedule: opt(schedule), scheduleTimezone: opt(timeZone), startWindow: opt(hours), selectionWindow: opt(days),
  })),
  // requiredFrequency / requiredRetention left out are derived from the rules (a rule without a
  // schedule counts as AWS Backup's default, daily at 05:00 UTC); what cannot be derived fails naming
  // audit.requiredFrequency or audit.requiredRetention.
  audit: opt(fc.record({ keyPrefix: opt(text), frameworkName: opt(underscoreName), requiredRetention: opt(days), requiredFrequency: opt(hours) })),
  airGappedCopy: mostly(fc.constant(undefined), retentionRange(7)),
  monitoring: fc.constant({ alarms: false }),
});

describe('random type-correct props: a valid template or our validation error', () => {
  test('EnvironmentBackup', () => {
    run('EnvironmentBackup', environmentProps, (stack, props) => { new EnvironmentBackup(stack, 'E', props as any); }, runs(100));
  });

  test('CopyDestinationVault and LogicallyAirGappedVault', () => {
    run('CopyDestinationVault', fc.record({ vaultName, sourceAccountIds: opt(fc.array(accountId, { maxLength: 2 })), removalPolicy: opt(removalPolicy) }),
      (stack, props) => { new CopyDestinationVault(stack, 'V', props); }, runs(30));
    run('LogicallyAirGappedVault', fc.tuple(vaultName, retentionRange(7)).map(([n, range]) => ({ vaultName: n, ...range })),
      (stack, props) => { new LogicallyAirGappedVault(stack, 'V', props); }, runs(30));
  });

  test('RestoreTestingPlan', () => {
    const resource = fc.record({
      resourceType: fc.constantFrom(...RestoreTestingResourceType.known()),
      validationWindow: opt(hours),
      restoreMetadataOverrides: opt(fc.dictionary(fc.oneof(fc.constantFrom('', 'instanceType'), adversarial), text, { maxKeys: 2 })),
    });
    const props = fc.record({
      restoreTestingPlanName: opt(underscoreName),
      vaultArn: opt(fc.constantFrom('arn:aws:backup:eu-west-1:111122223333:backup-vault:prod', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr', 'arn:aws:s3:eu-west-1:111122223333:bucket:b')),
      selectionTags: tags(3, 1),
      schedule: opt(schedule),
      scheduleTimezone: opt(timeZone),
      startWindow: opt(hours),
      selectionWindow: opt(days),
      resourceTypes: opt(fc.array(resource, { maxLength: 3 })),
    });
    run('RestoreTestingPlan', props, (stack, { vaultArn, ...p }) => {
      const vault = vaultArn ? backup.BackupVault.fromBackupVaultArn(stack, 'Imported', vaultArn) : new backup.BackupVault(stack, 'Vault');
      new RestoreTestingPlan(stack, 'R', { ...p, backupVaults: [vault] });
    }, runs(50));
  });

  test('BackupAuditFramework and BackupReportPlans', () => {
    const control = fc.oneof(
      fc.constant(AuditControl.recoveryPointEncrypted()),
      fc.record({ frequency: opt(duration), retention: opt(days) }).map((o) => AuditControl.planMinFrequencyAndMinRetention(o)),
      days.map((d) => AuditControl.recoveryPointMinimumRetention(d)),
      duration.map((d) => AuditControl.lastRecoveryPointCreated(d)),
      fc.record({ minRetention: opt(days), maxRetention: opt(days) }).map((o) => AuditControl.resourcesProtectedByVaultLock(o)),
      fc.tuple(fc.oneof(fc.constantFrom('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', 'lower_case'), adversarial), opt(fc.dictionary(text, text, { maxKeys: 2 })))
        .map(([n, p]) => AuditControl.custom(n, p)),
    );
    run('BackupAuditFramework', fc.record({ controls: fc.array(control, { minLength: 1, maxLength: 3 }), frameworkName: opt(underscoreName), description: opt(text), scopeTags: opt(tags(1)) }),
      (stack, props) => { new BackupAuditFramework(stack, 'F', props); }, runs(40));
    run('BackupReportPlans', fc.record({
      keyPrefix: opt(text),
      formats: opt(fc.subarray([ReportFormat.CSV, ReportFormat.JSON], { minLength: 1 })),
      templates: opt(fc.subarray([...ReportTemplate.known(), ReportTemplate.of('NEW_JOB_REPORT'), ReportTemplate.of('lower_case')], { minLength: 1 })),
      reportPlanNamePrefix: opt(underscoreName),
    }), (stack, props) => {
      new BackupReportPlans(stack, 'R', { ...props, bucket: s3.Bucket.fromBucketName(stack, 'B', 'reports'), frameworkArns: ['arn:aws:backup:eu-west-1:111122223333:framework:f-1'] });
    }, runs(30));
  });

  test('OrganizationBackupPolicy', () => {
    run('OrganizationBackupPolicy', fc.record({
      policyName: name,
      description: opt(text),
      planName: opt(name),
      rules: policyRules,
      selectionTags: tags(3, 1),
      selectionConditions: opt(fc.array(tagCondition, { maxLength: 2 })),
      selectionName: opt(name),
      resourceTypes: opt(fc.array(fc.oneof({ arbitrary: fc.constantFrom('*', 'arn:aws:rds:*:*:cluster:*', 'arn:aws:dynamodb:*:*:table/*'), weight: 8 }, { arbitrary: fc.oneof(fc.constant('RDS'), adversarial), weight: 1 }), { maxLength: 2 })),
      backupVaultName: vaultName,
      regions: fc.uniqueArray(region, { minLength: 1, maxLength: 2 }),
      backupPlanTags: opt(tags(2)),
    }), (stack, props) => { new OrganizationBackupPolicy(stack, 'P', props as any); }, runs(50));
  });

  // Runs last (jest runs tests of a file in order): one cfn-lint call for the templates above.
  test('the synthesized templates pass cfn-lint', () => {
    // The run's numbers on demand only (FC_REPORT=1): a quiet test run prints nothing.
    if (process.env.FC_REPORT) {
      process.stderr.write(`property test outcomes (seed ${SEED}): ${JSON.stringify(outcomes)}\n`);
      process.stderr.write([...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${n}\t${r}`).join('\n') + '\n');
    }
    const dir = mkdtempSync(join(tmpdir(), 'synth-property-'));
    try {
      // Round-robin over the constructs, so that each is linted.
      const byConstruct = new Map<string, number[]>();
      synthesized.forEach((s, i) => byConstruct.set(s.construct, [...(byConstruct.get(s.construct) ?? []), i]));
      const chosen: number[] = [];
      for (let k = 0; chosen.length < Math.min(MAX_LINTED, synthesized.length); k++) {
        for (const list of byConstruct.values()) if (k < list.length && chosen.length < MAX_LINTED) chosen.push(list[k]);
      }
      const files = chosen.map((i) => {
        const s = synthesized[i];
        const file = join(dir, `${i}-${s.construct}.json`);
        writeFileSync(file, JSON.stringify(s.template));
        return file;
      });
      const started = Date.now();
      const errors = files.length === 0 ? [] : cfnLint(files).filter((f) => f.Level === 'Error');
      if (process.env.FC_REPORT) process.stderr.write(`cfn-lint: ${files.length} templates in ${Date.now() - started} ms\n`);
      const described = errors.map((f) => {
        const i = Number(f.Filename.split('/').pop()!.split('-')[0]);
        return `${f.Rule.Id} ${f.Message}\n    ${synthesized[i].construct} props (seed ${SEED}): ${synthesized[i].props}`;
      });
      expect(files.length).toBeGreaterThan(0);
      expect(described).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
