/**
 * Regression tests of issue #11, items 13 and 16 (vaults): a Snapshot deletion policy, and
 * durations that are not whole days, fail synth naming the property.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup, EnvironmentTier } from '../../src';
import { CopyDestinationVault, EnvironmentVault, LogicallyAirGappedVault } from '../../src/vault';
import { testStack } from '../support/stack';

const stack = () => testStack();

describe('RemovalPolicy.SNAPSHOT (backup vaults and KMS keys have no snapshot)', () => {
  test('the environment vault', () => {
    expect(() => new EnvironmentBackup(stack(), 'E', { environmentName: 'env', tier: EnvironmentTier.STAGING, vault: { removalPolicy: RemovalPolicy.SNAPSHOT } }))
      .toThrow('S/E/Vault: vault.removalPolicy (RemovalPolicy.SNAPSHOT) is not supported by a backup vault or its KMS key (neither has a snapshot): use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY');
  });

  test('a copy destination vault', () => {
    expect(() => new CopyDestinationVault(stack(), 'Dr', { vaultName: 'dr', removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow('S/Dr: removalPolicy (RemovalPolicy.SNAPSHOT) is not supported by a backup vault or its KMS key');
  });

  test('RETAIN and DESTROY render as deletion policies', () => {
    const s = stack();
    new CopyDestinationVault(s, 'Dr', { vaultName: 'dr', removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(s).hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
  });
});

describe('durations converted to days', () => {
  test('air-gapped vault retention', () => {
    expect(() => new LogicallyAirGappedVault(stack(), 'L', { vaultName: 'lag', minRetention: Duration.days(7), maxRetention: Duration.hours(900) }))
      .toThrow('S/L: airGappedCopy.maxRetention (37.5 days) must be a whole number of days, at most 36500');
  });

  test('vault lock changeableFor', () => {
    expect(() => new EnvironmentVault(stack(), 'V', {
      environmentName: 'env',
      lock: { mode: 'COMPLIANCE' as any, minRetention: Duration.days(7), changeableFor: Duration.hours(80) },
    })).toThrow('S/V: vault.lock.changeableFor (80 hours) must be a whole number of days');
  });

  test('vault lock maxRetention', () => {
    expect(() => new EnvironmentVault(stack(), 'V', { environmentName: 'env', lock: { minRetention: Duration.days(7), maxRetention: Duration.hours(1000) } }))
      .toThrow('S/V: vault.lock.maxRetention (1000 hours) must be a whole number of days');
  });

  test('whole days render as days', () => {
    const s = stack();
    new EnvironmentVault(s, 'V', { environmentName: 'env', lock: { minRetention: Duration.hours(48) } });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 2 } });
  });
});
