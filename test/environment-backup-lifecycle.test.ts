import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup, EnvironmentTier } from '../src';
import { testStack } from './support/stack';

describe('vault.deleteRecoveryPointsOnDestroy', () => {
  const s = testStack();
  new EnvironmentBackup(s, 'Dev', {
    environmentName: 'development',
    tier: EnvironmentTier.DEVELOPMENT,
    vault: { removalPolicy: RemovalPolicy.DESTROY, deleteRecoveryPointsOnDestroy: true },
  });
  const t = Template.fromStack(s);

  test('a cleaner empties the vault before it is deleted, after the plan is gone', () => {
    const cleaners = t.findResources('Custom::BackupVaultRecoveryPointCleaner');
    expect(Object.keys(cleaners)).toHaveLength(1);
    const [cleanerId] = Object.keys(cleaners);
    expect(cleaners[cleanerId].Properties.BackupVaultName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DevVault/), 'BackupVaultName'] });
    t.hasResource('AWS::Backup::BackupPlan', { DependsOn: Match.arrayWith([cleanerId]) });
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
  });

  test('is off by default', () => {
    const d = testStack({ id: 'D' });
    new EnvironmentBackup(d, 'Dev', { environmentName: 'development', tier: EnvironmentTier.DEVELOPMENT });
    Template.fromStack(d).resourceCountIs('Custom::BackupVaultRecoveryPointCleaner', 0);
  });
});

describe('restoreTesting', () => {
  test('a plan selecting the environment by its tags, from its vault', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Stg', { environmentName: 'staging', tier: EnvironmentTier.STAGING, restoreTesting: {} });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { RestoreTestingPlanName: 'staging_restore_testing' });
    const selections = t.findResources('AWS::Backup::RestoreTestingSelection', {
      Properties: { ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/backup:environment', Value: 'staging' }] } },
    });
    expect(Object.keys(selections).length).toBeGreaterThan(0);
    expect(Object.keys(selections)).toEqual(Object.keys(t.findResources('AWS::Backup::RestoreTestingSelection')));
  });

  test('off by default; refused without selection tags', () => {
    const s = testStack();
    new EnvironmentBackup(s, 'Stg', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    Template.fromStack(s).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    expect(() => new EnvironmentBackup(s, 'Arns', {
      environmentName: 'arns',
      selection: { selectByTags: false, resources: ['arn:aws:s3:::b'] },
      restoreTesting: {},
    })).toThrow(/Arns: restoreTesting is set but the environment has no selection tags: restore tests select resources by tags/);
  });
});
