import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier, VaultLockMode } from '../../src';

// The environment's vault (src/vault/environment-vault.ts): the vault options checked, through
// EnvironmentBackup.

function make(props: Partial<EnvironmentBackupProps>, stack = new Stack(new App(), 'S')) {
  return new EnvironmentBackup(stack, 'E', { environmentName: 'env', tier: EnvironmentTier.STAGING, ...props });
}

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

});
