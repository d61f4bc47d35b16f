import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BackupCoverage, CoverageStatus, EnvironmentBackup, EnvironmentTier } from '../src';
import { testStack } from './support/stack';

describe('EnvironmentBackup registers its selection with BackupCoverage', () => {
  test('protected, unprotected and selected-by-ARN resources, with the fix in the warning', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const prod = new EnvironmentBackup(stack, 'Production', { environmentName: 'production' });
    const orders = new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    new s3.Bucket(stack, 'Forgotten');
    const legacy = new dynamodb.Table(stack, 'Legacy', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    new EnvironmentBackup(stack, 'LegacyBackup', {
      environmentName: 'legacy',
      tier: EnvironmentTier.STAGING,
      selection: { selectByTags: false, resources: [legacy.tableArn] },
    });
    prod.protect(orders);
    prod.addRule(new backup.BackupPlanRule({ ruleName: 'Weekly', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '1', weekDay: 'SUN' }), deleteAfter: Duration.days(90) }));
    app.synth();

    const status = Object.fromEntries(coverage.report().resources.map((r) => [r.path, r.status]));
    expect(status).toEqual({
      'S/Orders': CoverageStatus.PROTECTED,
      'S/Forgotten': CoverageStatus.UNPROTECTED,
      'S/Legacy': CoverageStatus.PROTECTED,
    });
    const ordersReport = coverage.report().resources.find((r) => r.path === 'S/Orders')!;
    expect(ordersReport.protectedBy).toEqual([expect.objectContaining({ environmentName: 'production', ruleNames: ['Daily', 'Monthly', 'Weekly'] })]);
    Annotations.fromStack(stack).hasWarning('/S/Forgotten', Match.stringLikeRegexp('Production\\.protect\\(Forgotten\\)|backup:environment'));
  });

  test('strict mode fails synth and lists the unprotected data', () => {
    const app = new App();
    BackupCoverage.of(app, { strict: true });
    const stack = new Stack(app, 'S');
    new EnvironmentBackup(stack, 'Production', { environmentName: 'production' });
    new s3.Bucket(stack, 'Forgotten');
    expect(() => app.synth()).toThrow(/BackupCoverage \(strict\): 1 resource.*S\/Forgotten/s);
  });
});

describe('the coverage check is automatic for an app with an EnvironmentBackup', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-'));
  const table = (scope: Construct, id: string) => new dynamodb.Table(scope, id, { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
  let stderr: jest.SpyInstance;
  let stdout: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stdout = jest.spyOn(process.stdout, 'write');
  });
  afterEach(() => jest.restoreAllMocks());

  test('without BackupCoverage.of(): a warning with the fix, and a JSON and Markdown report in the cloud assembly', () => {
    const outdir = tmp();
    const app = new App({ outdir });
    const stack = new Stack(app, 'S');
    const prod = new EnvironmentBackup(stack, 'Production', { environmentName: 'production' });
    prod.protect(table(stack, 'Orders'));
    table(stack, 'Forgotten');
    app.synth();

    Annotations.fromStack(stack).hasWarning('/S/Forgotten', Match.stringLikeRegexp('S/Forgotten \\(DynamoDB, AWS::DynamoDB::Table\\) holds data that no backup selects. Fix: production: Production.protect\\(Forgotten\\)'));
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'backup-coverage.json'), 'utf8'));
    expect(json.unprotected).toEqual(['S/Forgotten']);
    expect(json.environments).toEqual([{ environmentName: 'production', ruleNames: ['Daily', 'Monthly'], protectedResources: ['S/Orders'] }]);
    const markdown = fs.readFileSync(path.join(outdir, 'backup-coverage.md'), 'utf8');
    expect(markdown).toContain('# Backup coverage\n\n2 protectable resources: 1 protected, 1 not protected, 0 exempt.');
    expect(markdown).toContain('| `S/Forgotten` | DynamoDB | production: Production.protect(Forgotten) or tag it backup:environment=production;');
    expect(markdown).toContain('## Environment production (rules: Daily, Monthly)\n\n| resource | type | selected by |\n| --- | --- | --- |\n| `S/Orders` | DynamoDB | tags |');
    // `cdk synth > template.yaml` stays a template: nothing on stdout
    expect(stdout).not.toHaveBeenCalled();
  });

  test('an app with a Stage: resources of the stage are checked, reported on stderr and in the report; strict fails on them', () => {
    const build = (strict: boolean) => {
      const outdir = tmp();
      const app = new App({ outdir });
      if (strict) BackupCoverage.of(app, { strict: true });
      const stage = new Stage(app, 'Prod');
      const stack = new Stack(stage, 'Data');
      const prod = new EnvironmentBackup(stack, 'Backup', { environmentName: 'production' });
      prod.protect(table(stack, 'Orders'));
      table(stack, 'Forgotten');
      new Stack(app, 'Pipeline'); // the app's own stack
      return { app, outdir };
    };
    const { app, outdir } = build(false);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'backup-coverage.json'), 'utf8'));
    expect(json.resources.map((r: any) => [r.path, r.status])).toEqual([
      ['Prod/Data/Orders', CoverageStatus.PROTECTED],
      ['Prod/Data/Forgotten', CoverageStatus.UNPROTECTED],
    ]);
    const written = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(written).toContain('[cdk-environment-backup] 1 resource of nested stages hold data that no backup selects');
    expect(written).toContain('  - Prod/Data/Forgotten: production: Backup.protect(Forgotten)');
    expect(stdout).not.toHaveBeenCalled();

    const strict = build(true);
    expect(() => strict.app.synth()).toThrow(/BackupCoverage \(strict\): 1 resource hold data that no backup selects:\n {2}- Prod\/Data\/Forgotten \(DynamoDB\)/);
  });

  test('BackupCoverage.of(app) after the environments returns the automatic check, made strict', () => {
    const app = new App({ outdir: tmp() });
    const stack = new Stack(app, 'S');
    new EnvironmentBackup(stack, 'Production', { environmentName: 'production' });
    table(stack, 'Forgotten');
    BackupCoverage.of(app, { strict: true });
    expect(() => app.synth()).toThrow(/BackupCoverage \(strict\): 1 resource/);
  });
});

describe('S3 buckets selected without versioning fail synth: AWS Backup requires versioning', () => {
  const build = (bucketProps: s3.BucketProps, select: (env: EnvironmentBackup, bucket: s3.Bucket, stack: Stack) => void, exempt = false) => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const env = new EnvironmentBackup(stack, 'Production', { environmentName: 'production' });
    const bucket = new s3.Bucket(stack, 'Uploads', bucketProps);
    select(env, bucket, stack);
    if (exempt) BackupCoverage.exempt(bucket, 'scratch files');
    return { app, stack };
  };
  const message = /S\/Uploads: the S3 bucket is selected by production but its versioning \(versioned \/ VersioningConfiguration\) is not enabled: AWS Backup requires versioning to back up S3, so every backup job of this bucket would fail. Set versioned: true, exclude it from the selection \(selection.excludedResources\), or BackupCoverage.exempt\(Uploads, '<reason>'\) to make this a warning/;

  test('selected by tags (protect())', () => {
    const { app } = build({ bucketName: 'uploads' }, (env, bucket) => env.protect(bucket));
    expect(() => app.synth()).toThrow(message);
  });

  test('selected by ARN, as a token or as a literal (wildcards too)', () => {
    for (const arn of [(b: s3.Bucket) => b.bucketArn, () => 'arn:aws:s3:::uploads', () => 'arn:aws:s3:::up*']) {
      const app = new App();
      const stack = new Stack(app, 'S');
      const bucket = new s3.Bucket(stack, 'Uploads', { bucketName: 'uploads' });
      new EnvironmentBackup(stack, 'Production', { environmentName: 'production', selection: { selectByTags: false, resources: [arn(bucket)] } });
      expect(() => app.synth()).toThrow(message);
    }
  });

  test('versioned, or not selected: no error', () => {
    expect(() => build({ versioned: true }, (env, bucket) => env.protect(bucket)).app.synth()).not.toThrow();
    const { app, stack } = build({}, () => undefined);
    expect(() => app.synth()).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/S/Uploads', Match.stringLikeRegexp('holds data that no backup selects'));
  });

  test('exempt but selected: a warning, since its jobs still fail', () => {
    const { app, stack } = build({}, (env, bucket) => env.protect(bucket), true);
    expect(() => app.synth()).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/S/Uploads', Match.stringLikeRegexp('It is exempt \\(scratch files\\), but still selected: exclude it from the selection'));
  });
});

describe('generations()', () => {
  test('PRODUCTION: 35 daily points (PITR 35 days), 12 monthly of which 11 cold', () => {
    const env = new EnvironmentBackup(testStack(), 'E', { environmentName: 'production' });
    const g = env.generations().generations;
    expect(g.map((r) => [r.ruleName, r.recoveryPoints, r.warmRecoveryPoints, r.coldRecoveryPoints])).toEqual([
      ['Daily', 35, 35, 0],
      ['Monthly', 12, 1, 11],
    ]);
    expect(g[0].pointInTimeRecoveryWindow?.toDays()).toBe(35);
  });
});
