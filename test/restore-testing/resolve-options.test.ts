import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup, EnvironmentTier } from '../../src';
import { resolveRestoreTestingOptions } from '../../src/restore-testing/resolve-options';
import { stack } from '../support/stack';

describe('restoreTesting: setting it turns restore testing on', () => {
  test('restoreTesting: {} creates the plan with its defaults, without a warning', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', tier: EnvironmentTier.STAGING, restoreTesting: {} });
    expect(env.restoreTesting!.restoreTestingPlanArn).toEqual(expect.any(String));
    Template.fromStack(s).hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'staging_restore_testing',
      ScheduleExpression: 'cron(0 5 ? * SUN *)',
    });
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('deprecated'));
  });

  test('left out: no plan', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    expect(env.restoreTesting).toBeUndefined();
    Template.fromStack(s).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
  });
});

// restoreTesting.enabled: deprecated for one minor version.
describe('the deprecated restoreTesting.enabled still decides, with a warning', () => {
  test('enabled: true: the plan, and a warning to remove enabled', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: 'staging', restoreTesting: { enabled: true, startWindow: Duration.hours(2) } });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::RestoreTestingPlan', { StartWindowHours: 2 });
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp(
      'restoreTesting\\.enabled is deprecated and will be removed in the next minor version: use restoreTesting alone: setting it turns restore testing on; ' +
      'remove restoreTesting\\.enabled.*cdk-environment-backup:deprecated:RestoreTestingOptions\\.enabled'));
  });

  test('enabled: false: no plan, and a warning to leave restoreTesting out', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', restoreTesting: { enabled: false } });
    expect(env.restoreTesting).toBeUndefined();
    Template.fromStack(s).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp(
      'restoreTesting\\.enabled is deprecated .*use no restoreTesting: leave restoreTesting out to turn restore testing off \\[ack'));
  });

  test('enabled: false with settings: the warning names the settings it ignores', () => {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: 'staging', restoreTesting: { enabled: false, startWindow: Duration.hours(2), selectionWindow: Duration.days(3) } });
    Template.fromStack(s).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    Annotations.fromStack(s).hasWarning('/S/E', Match.stringLikeRegexp(
      'restore testing is off, so restoreTesting\\.startWindow, restoreTesting\\.selectionWindow are ignored'));
  });
});

test('resolveRestoreTestingOptions: the plan options without enabled', () => {
  const s = stack();
  expect(resolveRestoreTestingOptions(s, undefined, 'restoreTesting')).toBeUndefined();
  expect(resolveRestoreTestingOptions(s, {}, 'restoreTesting')).toEqual({});
  expect(resolveRestoreTestingOptions(s, { enabled: true, startWindow: Duration.hours(3) }, 'restoreTesting')).toEqual({ startWindow: Duration.hours(3) });
  expect(resolveRestoreTestingOptions(s, { enabled: false, startWindow: Duration.hours(3) }, 'restoreTesting')).toBeUndefined();
});
