import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupCoverage, CoverageStatus, EnvironmentBackup, EnvironmentTier } from '../src';

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

describe('generations()', () => {
  test('PRODUCTION: 35 daily points (PITR 35 days), 12 monthly of which 11 cold', () => {
    const env = new EnvironmentBackup(new Stack(new App(), 'S'), 'E', { environmentName: 'production' });
    const g = env.generations().generations;
    expect(g.map((r) => [r.ruleName, r.recoveryPoints, r.warmRecoveryPoints, r.coldRecoveryPoints])).toEqual([
      ['Daily', 35, 35, 0],
      ['Monthly', 12, 1, 11],
    ]);
    expect(g[0].pointInTimeRecoveryWindow?.toDays()).toBe(35);
  });
});
