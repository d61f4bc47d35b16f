import { App, AspectPriority, Aspects, CfnResource, NestedStack, Stack, Stage, Tags } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import {
  BackupCoverage, TagOperator, CoverageSelection, CoverageStatus, SelectionMatch,
} from '../../src';
import { testStack } from '../support/stack';

/** What the facade does: register its selection, and protect() = Tags.of(construct).add(). */
class FakeEnvironment extends Construct {
  constructor(scope: Construct, id: string, selection: Partial<CoverageSelection> = {}) {
    super(scope, id);
    BackupCoverage.registerSelection(this, {
      environmentName: id.toLowerCase(),
      conditions: [{ key: 'backup', value: id.toLowerCase() }],
      ruleNames: ['Daily'],
      protectCall: `${id.toLowerCase()}.protect(<construct>)`,
      ...selection,
    });
  }
  protect(construct: IConstruct) {
    Tags.of(construct).add('backup', this.node.id.toLowerCase());
  }
}

const table = (scope: Construct, id: string) => new dynamodb.Table(scope, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
const vpc = (scope: Construct) => new ec2.Vpc(scope, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

function statusOf(coverage: BackupCoverage, path: string) {
  const r = coverage.report().resources.find(x => x.path === path);
  if (!r) throw new Error(`${path} not in report: ${coverage.report().resources.map(x => x.path).join(', ')}`);
  return r;
}

describe('tags', () => {
  test('protect() before and after the registration, Tags.of() on a parent, and unprotected resources of several types', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const orders = table(stack, 'Orders');
    const prod = new FakeEnvironment(stack, 'Production');
    prod.protect(orders); // after the environment
    const early = table(stack, 'Early');
    Tags.of(early).add('backup', 'production'); // a plain tag, same effect
    const data = new Construct(stack, 'Data');
    const bucket = new s3.Bucket(data, 'Bucket', { versioned: true });
    const fs = new efs.FileSystem(data, 'Fs', { vpc: vpc(stack) });
    Tags.of(data).add('backup', 'production'); // on a parent, after its children exist
    const loose = new s3.Bucket(stack, 'Loose');
    const db = new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc: vpc(new Construct(stack, 'Net')), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    new sqs.Queue(stack, 'Queue'); // not a type AWS Backup protects

    app.synth();
    const report = coverage.report();
    expect(report.resources.map(r => r.path).sort()).toEqual([
      'S/Data/Bucket', 'S/Data/Fs', 'S/Db', 'S/Early', 'S/Loose', 'S/Orders',
    ]);
    for (const p of ['S/Orders', 'S/Early', 'S/Data/Bucket', 'S/Data/Fs']) {
      expect(statusOf(coverage, p)).toMatchObject({
        status: CoverageStatus.PROTECTED,
        protectedBy: [{ environmentName: 'production', match: SelectionMatch.TAGS, ruleNames: ['Daily'] }],
      });
    }
    expect(statusOf(coverage, 'S/Data/Fs').backupResourceType).toBe('EFS');
    expect(statusOf(coverage, 'S/Db')).toMatchObject({ status: CoverageStatus.UNPROTECTED, backupResourceType: 'RDS', cloudFormationType: 'AWS::RDS::DBInstance' });
    expect(report.unprotected.sort()).toEqual(['S/Db', 'S/Loose']);
    expect(report.environments).toEqual([{ environmentName: 'production', ruleNames: ['Daily'], protectedResources: ['S/Orders', 'S/Early', 'S/Data/Bucket', 'S/Data/Fs'] }]);
    void bucket; void fs; void loose; void db;

    // The warning sits on the L2 and carries the fix.
    const warnings = AssertAnnotations.fromStack(stack);
    warnings.hasWarning('/S/Loose', Match.stringLikeRegexp(
      "S/Loose \\(S3, AWS::S3::Bucket\\) holds data that no backup selects\\. Fix: production: production\\.protect\\(Loose\\) or tag it backup=production; or BackupCoverage\\.exempt\\(Loose, '<reason>'\\) if it needs no backup"));
    warnings.hasWarning('/S/Db', Match.stringLikeRegexp('S/Db \\(RDS, AWS::RDS::DBInstance\\)'));
    warnings.hasNoWarning('/S/Orders', Match.anyValue());
  });

  test('conditions combine with AND: StringLike, StringNotEquals, StringNotLike', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Production', {
      conditions: [
        { key: 'backup', value: 'prod*', operator: TagOperator.STRING_LIKE },
        { key: 'stage', value: 'test', operator: TagOperator.STRING_NOT_EQUALS },
        { key: 'owner', value: '*temp*', operator: TagOperator.STRING_NOT_LIKE },
        { key: 'team', value: 'data' },
      ],
    });
    const cases: { [id: string]: { [k: string]: string } } = {
      All: { backup: 'production', team: 'data', owner: 'alice' },
      NoOwnerTag: { backup: 'prod', team: 'data' },
      WrongPrefix: { backup: 'xprod', team: 'data' },
      TestStage: { backup: 'production', team: 'data', stage: 'test' },
      TempOwner: { backup: 'production', team: 'data', owner: 'a-temp-user' },
      MissingTeam: { backup: 'production' },
      TeamCase: { backup: 'production', team: 'Data' },
    };
    for (const [id, tags] of Object.entries(cases)) {
      const t = table(stack, id);
      for (const [k, v] of Object.entries(tags)) Tags.of(t).add(k, v);
    }
    app.synth();
    const status = Object.fromEntries(coverage.report().resources.map(r => [r.path.slice(2), r.status]));
    expect(status).toEqual({
      All: 'PROTECTED',
      NoOwnerTag: 'PROTECTED',
      WrongPrefix: 'UNPROTECTED',
      TestStage: 'UNPROTECTED',
      TempOwner: 'UNPROTECTED',
      MissingTeam: 'UNPROTECTED',
      TeamCase: 'UNPROTECTED',
    });
    AssertAnnotations.fromStack(stack).hasWarning('/S/MissingTeam', Match.stringLikeRegexp(
      "tag it backup like 'prod\\*', stage not 'test', owner not like '\\*temp\\*', team=data"));
  });

  test('tags given as L1 properties and tags removed by Tags.of().remove() count', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Staging');
    new s3.CfnBucket(stack, 'L1', { tags: [{ key: 'backup', value: 'staging' }], versioningConfiguration: { status: 'Enabled' } });
    const removed = table(stack, 'Removed');
    Tags.of(stack).add('backup', 'staging');
    Tags.of(removed).remove('backup');
    app.synth();
    expect(statusOf(coverage, 'S/L1').status).toBe(CoverageStatus.PROTECTED);
    expect(statusOf(coverage, 'S/Removed').status).toBe(CoverageStatus.UNPROTECTED);
  });
});

describe('several stacks and nested stacks', () => {
  test('an environment in one stack protects resources of another and of nested stacks', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const backupStack = new Stack(app, 'Backup');
    const prod = new FakeEnvironment(backupStack, 'Production');
    const dataStack = new Stack(app, 'Data');
    const nested = new NestedStack(dataStack, 'Nested');
    const inner = table(nested, 'Inner');
    prod.protect(inner);
    const deeper = new NestedStack(nested, 'Deeper');
    const deep = new s3.Bucket(deeper, 'Deep', { versioned: true });
    void deep;
    Tags.of(dataStack).add('backup', 'production');
    const other = new Stack(app, 'Other');
    table(other, 'Lonely');

    app.synth();
    expect(statusOf(coverage, 'Data/Nested/Inner').status).toBe(CoverageStatus.PROTECTED);
    expect(statusOf(coverage, 'Data/Nested/Deeper/Deep').status).toBe(CoverageStatus.PROTECTED);
    expect(statusOf(coverage, 'Other/Lonely').status).toBe(CoverageStatus.UNPROTECTED);
    AssertAnnotations.fromStack(other).hasWarning('/Other/Lonely', Match.stringLikeRegexp('production.protect\\(Lonely\\)'));
  });

  test('two environments: each protects its own, a resource matching both lists both', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Production');
    new FakeEnvironment(stack, 'Staging', { conditions: [{ key: 'tier', value: 'gold' }], ruleNames: ['Daily', 'Weekly'] });
    const both = table(stack, 'Both');
    Tags.of(both).add('backup', 'production');
    Tags.of(both).add('tier', 'gold');
    app.synth();
    expect(statusOf(coverage, 'S/Both').protectedBy.map(p => p.environmentName)).toEqual(['production', 'staging']);
    expect(coverage.report().environments.map(e => [e.environmentName, e.ruleNames])).toEqual([['production', ['Daily']], ['staging', ['Daily', 'Weekly']]]);
  });

  test('BackupCoverage.of on a stack checks only that stack; of() twice returns the same check, strict if either call says so', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    new FakeEnvironment(b, 'Production');
    const coverage = BackupCoverage.of(a);
    table(a, 'InA');
    table(b, 'InB');
    app.synth();
    expect(coverage.report().resources.map(r => r.path)).toEqual(['A/InA']);
    expect(coverage.report().unprotected).toEqual(['A/InA']);
    expect(BackupCoverage.of(a, { strict: true })).toBe(coverage);
    expect(() => app.synth({ force: true })).toThrow(/BackupCoverage \(strict\): 1 resource hold data that no backup selects:\n {2}- A\/InA/);
  });

  test('a stack under the app with a check of its own is left to that check: each resource is in one report', () => {
    const app = new App();
    const appCoverage = BackupCoverage.of(app);
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    const aCoverage = BackupCoverage.of(a, { strict: true });
    new FakeEnvironment(b, 'Production');
    table(a, 'InA');
    table(b, 'InB');
    expect(() => app.synth()).toThrow(/BackupCoverage \(strict\): 1 resource hold data that no backup selects:\n {2}- A\/InA/);
    expect(aCoverage.report().resources.map(r => r.path)).toEqual(['A/InA']);
    expect(appCoverage.report().resources.map(r => r.path)).toEqual(['B/InB']);
    expect(appCoverage.report().unprotected).toEqual(['B/InB']);
  });

  test('a nested stage with a check of its own: annotated in its own assembly, left by the app\'s check', () => {
    const app = new App();
    const appCoverage = BackupCoverage.of(app);
    const stage = new Stage(app, 'Prod');
    const stageCoverage = BackupCoverage.of(stage);
    const stack = new Stack(stage, 'Data');
    new FakeEnvironment(stack, 'Production');
    table(stack, 'Forgotten');
    new Stack(app, 'Pipeline');
    app.synth();
    expect(stageCoverage.report().unprotected).toEqual(['Prod/Data/Forgotten']);
    expect(appCoverage.report().resources).toEqual([]);
    const messages = stage.synth().getStackArtifact(stack.artifactId).messages;
    expect(messages.filter(m => m.level === 'warning').map(m => [m.id, String(m.entry.data)])).toEqual([
      ['/Prod/Data/Forgotten', expect.stringMatching(/^Prod\/Data\/Forgotten \(DynamoDB, AWS::DynamoDB::Table\) holds data that no backup selects/)],
    ]);
  });

  test('runs once at validation, not as an aspect: it sees the tags every aspect leaves, and each synthesis starts afresh', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Production');
    const tagged = table(stack, 'TaggedLate');
    // An aspect with a priority after READONLY (which an aspect-based check would have run before) sets the tag.
    Aspects.of(stack).add({
      visit: (c: IConstruct) => {
        if (c === tagged.node.defaultChild) (c as dynamodb.CfnTable).tags.setTag('backup', 'production');
      },
    }, { priority: AspectPriority.READONLY + 1 });
    // An aspect on the root makes aws-cdk-lib look up the path of every construct in each aspect pass.
    expect(Aspects.of(app).all.map(a => a.constructor.name)).toEqual([]);
    app.synth();
    expect(statusOf(coverage, 'S/TaggedLate').status).toBe(CoverageStatus.PROTECTED);

    table(stack, 'AddedAfter');
    app.synth({ force: true });
    expect(coverage.report().resources.map(r => [r.path, r.status])).toEqual([
      ['S/TaggedLate', CoverageStatus.PROTECTED],
      ['S/AddedAfter', CoverageStatus.UNPROTECTED],
    ]);
    expect(coverage.report().environments).toEqual([{ environmentName: 'production', ruleNames: ['Daily'], protectedResources: ['S/TaggedLate'] }]);
    AssertAnnotations.fromStack(stack).hasWarning('/S/AddedAfter', Match.stringLikeRegexp('S/AddedAfter \\(DynamoDB, AWS::DynamoDB::Table\\) holds data'));
  });
});

describe('explicit resources and exclusions', () => {
  test('constructs and ARN tokens select; exclusions win over tags and lists', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const byConstruct = table(stack, 'ByConstruct');
    const group = new Construct(stack, 'Group');
    table(group, 'InGroup');
    const byArn = new s3.Bucket(stack, 'ByArn', { versioned: true });
    const volume = new ec2.Volume(stack, 'Volume', { availabilityZone: 'eu-west-1a', size: { toGibibytes: () => 10 } as any });
    const excludedTagged = table(stack, 'ExcludedTagged');
    const excludedByArn = table(stack, 'ExcludedByArn');
    const literal = table(stack, 'Literal');
    Tags.of(excludedTagged).add('backup', 'production');
    Tags.of(excludedByArn).add('backup', 'production');
    Tags.of(literal).add('backup', 'other');
    new FakeEnvironment(stack, 'Production', {
      resources: [byConstruct, group, excludedTagged],
      resourceArns: [byArn.bucketArn, stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: volume.volumeId }),
        'arn:aws:dynamodb:eu-west-1:111111111111:table/Literal'],
      excludedResources: [excludedTagged],
      excludedResourceArns: [excludedByArn.tableArn],
    });
    app.synth();
    const r = (p: string) => statusOf(coverage, p);
    expect(r('S/ByConstruct').protectedBy[0].match).toBe(SelectionMatch.RESOURCE);
    expect(r('S/Group/InGroup').status).toBe(CoverageStatus.PROTECTED);
    expect(r('S/ByArn').protectedBy[0].match).toBe(SelectionMatch.RESOURCE);
    expect(r('S/Volume')).toMatchObject({ status: CoverageStatus.PROTECTED, backupResourceType: 'EBS' });
    expect(r('S/ExcludedTagged')).toMatchObject({ status: CoverageStatus.UNPROTECTED, excludedBy: ['production'] });
    expect(r('S/ExcludedByArn')).toMatchObject({ status: CoverageStatus.UNPROTECTED, excludedBy: ['production'] });
    expect(r('S/Literal').status).toBe(CoverageStatus.UNPROTECTED);
    AssertAnnotations.fromStack(stack).hasWarning('/S/ExcludedTagged', Match.stringLikeRegexp('production excludes it: remove it from the exclusions'));
  });
});

describe('exempt', () => {
  test('exempt resources are listed with their reason, not warned; exempting a parent covers its children', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Production');
    const cache = table(stack, 'Cache');
    BackupCoverage.exempt(cache, 'rebuilt from the orders table');
    const scratch = new Construct(stack, 'Scratch');
    new s3.Bucket(scratch, 'Tmp');
    BackupCoverage.exempt(scratch, 'temporary files');
    app.synth();
    expect(statusOf(coverage, 'S/Cache')).toMatchObject({ status: CoverageStatus.EXEMPT, exemptReason: 'rebuilt from the orders table' });
    expect(statusOf(coverage, 'S/Scratch/Tmp')).toMatchObject({ status: CoverageStatus.EXEMPT, exemptReason: 'temporary files' });
    expect(coverage.report().exempt).toEqual(['S/Cache', 'S/Scratch/Tmp']);
    AssertAnnotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an exempt reason is required', () => {
    const stack = testStack();
    expect(() => BackupCoverage.exempt(table(stack, 'T'), ' '))
      .toThrow("S/T: reason ('') must say why the data needs no backup (BackupCoverage.exempt)");
  });
});

describe('strict mode', () => {
  test('fails synth listing every unprotected resource with its fix', () => {
    const app = new App();
    BackupCoverage.of(app, { strict: true });
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Production');
    table(stack, 'Orders');
    new s3.Bucket(stack, 'Uploads');
    const ok = table(stack, 'Fine');
    Tags.of(ok).add('backup', 'production');
    BackupCoverage.exempt(table(stack, 'Cache'), 'derived data');
    expect(() => app.synth()).toThrow(new RegExp([
      'BackupCoverage \\(strict\\): 2 resources hold data that no backup selects:',
      "  - S/Orders \\(DynamoDB\\): production: production.protect\\(Orders\\) or tag it backup=production; or BackupCoverage.exempt\\(Orders, '<reason>'\\) if it needs no backup",
      '  - S/Uploads \\(S3\\): .*',
    ].join('\n')));
  });

  test('passes when everything is protected or exempt, and errors are annotations on the constructs', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app, { strict: true });
    const stack = new Stack(app, 'S');
    new FakeEnvironment(stack, 'Production');
    Tags.of(table(stack, 'Orders')).add('backup', 'production');
    BackupCoverage.exempt(table(stack, 'Cache'), 'derived data');
    expect(() => app.synth()).not.toThrow();
    expect(coverage.report().unprotected).toEqual([]);
  });

  test('without any environment registered, the fix says so', () => {
    const app = new App();
    BackupCoverage.of(app, { strict: true });
    const stack = new Stack(app, 'S');
    table(stack, 'Orders');
    expect(() => app.synth()).toThrow(/S\/Orders \(DynamoDB\): no environment is registered in this app: create an EnvironmentBackup that selects it/);
  });
});

describe('resource types', () => {
  test('Aurora cluster members are covered by their cluster; untaggable L1s are checked by ARN only', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const prod = new FakeEnvironment(stack, 'Production');
    const cluster = new rds.DatabaseCluster(stack, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc: vpc(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    prod.protect(cluster);
    new CfnResource(stack, 'Raw', { type: 'AWS::Timestream::Table', properties: { DatabaseName: 'd' } });
    app.synth();
    expect(coverage.report().resources.map(r => [r.path, r.backupResourceType, r.status])).toEqual([
      ['S/Aurora', 'Aurora', 'PROTECTED'],
      ['S/Raw', 'Timestream', 'UNPROTECTED'],
    ]);
    AssertAnnotations.fromStack(stack).hasWarning('/S/Raw', Match.stringLikeRegexp('Fix: production: production.protect\\(Raw\\); or BackupCoverage'));
  });

  test('DynamoDB TableV2 (GlobalTable) reads the tags of its L2', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const prod = new FakeEnvironment(stack, 'Production');
    const t = new dynamodb.TableV2(stack, 'Global', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    prod.protect(t);
    app.synth();
    expect(statusOf(coverage, 'S/Global')).toMatchObject({ status: 'PROTECTED', cloudFormationType: 'AWS::DynamoDB::GlobalTable', tags: { backup: 'production' } });
  });
});

describe('report', () => {
  test('report() before synth says so', () => {
    const app = new App();
    expect(() => BackupCoverage.of(app).report()).toThrow(/BackupCoverage.report\(\) is available after synthesis: call app.synth\(\) first/);
  });

  test('an empty environment name is rejected', () => {
    const stack = testStack();
    expect(() => BackupCoverage.registerSelection(stack, { environmentName: '' }))
      .toThrow("S: environmentName ('') must not be empty (BackupCoverage.registerSelection)");
  });

  test('toText lists per environment what is protected, then what is not, then what is exempt', () => {
    const app = new App();
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const prod = new FakeEnvironment(stack, 'Production', { ruleNames: ['Daily', 'Monthly'] });
    prod.protect(table(stack, 'Orders'));
    new s3.Bucket(stack, 'Uploads');
    BackupCoverage.exempt(table(stack, 'Cache'), 'derived data');
    app.synth();
    expect(coverage.toText()).toBe([
      'Backup coverage: 3 protectable resources, 1 protected, 1 not protected, 1 exempt',
      '',
      'Environment production (rules: Daily, Monthly): 1 protected',
      '  + S/Orders (DynamoDB) by tags',
      '',
      'Not protected: 1',
      "  ! S/Uploads (S3): production: production.protect(Uploads) or tag it backup=production; or BackupCoverage.exempt(Uploads, '<reason>') if it needs no backup",
      '',
      'Exempt: 1',
      '  - S/Cache (DynamoDB): derived data',
    ].join('\n'));
  });
});

describe('runs after the tag aspects whatever the aspect feature flags', () => {
  test.each([
    [{ '@aws-cdk/core:aspectStabilization': false }],
    [{ '@aws-cdk/core:aspectStabilization': true }],
    [{ '@aws-cdk/core:aspectStabilization': true, '@aws-cdk/core:aspectPrioritiesMutating': true }],
  ])('%j', (context) => {
    const app = new App({ context });
    const coverage = BackupCoverage.of(app);
    const stack = new Stack(app, 'S');
    const t = table(stack, 'Late');
    new FakeEnvironment(stack, 'Production');
    Tags.of(app).add('backup', 'production'); // added after the coverage check, on the app
    app.synth();
    expect(statusOf(coverage, 'S/Late').status).toBe(CoverageStatus.PROTECTED);
    void t;
  });
});

test('tags applied before the environment exists, and an environment registered inside a nested stack', () => {
  const app = new App();
  const coverage = BackupCoverage.of(app);
  const stack = new Stack(app, 'S');
  const before = table(stack, 'Before');
  Tags.of(before).add('backup', 'development'); // tagged before any environment is registered
  const nested = new NestedStack(stack, 'Backup');
  new FakeEnvironment(nested, 'Development');
  app.synth();
  expect(statusOf(coverage, 'S/Before').protectedBy).toEqual([
    { environmentName: 'development', match: SelectionMatch.TAGS, ruleNames: ['Daily'] },
  ]);
});
