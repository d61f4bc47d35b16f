import { Duration } from 'aws-cdk-lib';
import { AuditControl } from '../../src/audit';
import { testStack } from '../support/stack';

function bind(control: AuditControl) {
  const stack = testStack();
  return control.bind(stack);
}

describe('AuditControl', () => {
  test('standard controls have their AWS names and accept a tag scope', () => {
    const names = [
      AuditControl.resourcesProtectedByBackupPlan(),
      AuditControl.planMinFrequencyAndMinRetention(),
      AuditControl.recoveryPointMinimumRetention(Duration.days(35)),
      AuditControl.recoveryPointEncrypted(),
      AuditControl.recoveryPointManualDeletionDisabled(),
    ].map((c) => bind(c));
    expect(names.map((c) => c.controlName)).toEqual([
      'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
      'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
      'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
      'BACKUP_RECOVERY_POINT_ENCRYPTED',
      'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
    ]);
    expect(names.every((c) => c.acceptsTagScope)).toBe(true);
  });

  test('plan frequency defaults to 1 day and retention to 35 days, as strings', () => {
    expect(bind(AuditControl.planMinFrequencyAndMinRetention()).parameters).toEqual({
      requiredFrequencyUnit: 'days', requiredFrequencyValue: '1', requiredRetentionDays: '35',
    });
  });

  test.each([
    [Duration.hours(12), 'hours', '12'],
    [Duration.hours(24), 'days', '1'],
    [Duration.hours(1), 'hours', '1'],
    [Duration.days(7), 'days', '7'],
    [Duration.days(31), 'days', '31'],
    [Duration.minutes(180), 'hours', '3'],
  ])('plan frequency %s renders as %s %s', (frequency, unit, value) => {
    const config = bind(AuditControl.planMinFrequencyAndMinRetention({ frequency, retention: Duration.days(14) }));
    expect(config.parameters).toEqual({ requiredFrequencyUnit: unit, requiredFrequencyValue: value, requiredRetentionDays: '14' });
  });

  test.each([
    [Duration.hours(30)],
    [Duration.days(32)],
    [Duration.minutes(90)],
    [Duration.minutes(30)],
  ])('plan frequency %s outside AWS ranges fails', (frequency) => {
    expect(() => bind(AuditControl.planMinFrequencyAndMinRetention({ frequency })))
      .toThrow(/frequency \(.*\) must be whole hours from 1 to 24 hours, or whole days from 1 to 31 days/);
  });

  test('retention must be whole days', () => {
    expect(() => bind(AuditControl.planMinFrequencyAndMinRetention({ retention: Duration.hours(36) })))
      .toThrow(/retention \(36 hours\) must be a whole number of days, at least 1 day/);
    expect(() => bind(AuditControl.recoveryPointMinimumRetention(Duration.hours(12))))
      .toThrow(/retention \(12 hours\) must be a whole number of days, at least 1 day/);
  });

  test('recovery point minimum retention renders requiredRetentionDays', () => {
    expect(bind(AuditControl.recoveryPointMinimumRetention(Duration.days(7))).parameters).toEqual({ requiredRetentionDays: '7' });
  });

  test('encrypted and protected-by-plan controls have no parameters', () => {
    expect(bind(AuditControl.recoveryPointEncrypted()).parameters).toBeUndefined();
    expect(bind(AuditControl.resourcesProtectedByBackupPlan()).parameters).toBeUndefined();
  });

  test('manual deletion control lists up to 5 principals, comma-separated', () => {
    const arns = ['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:role/b'];
    expect(bind(AuditControl.recoveryPointManualDeletionDisabled(arns)).parameters)
      .toEqual({ principalArnList: arns.join(',') });
    expect(bind(AuditControl.recoveryPointManualDeletionDisabled([])).parameters).toBeUndefined();
    const six = Array.from({ length: 6 }, (_, i) => `arn:aws:iam::111111111111:role/r${i}`);
    expect(() => bind(AuditControl.recoveryPointManualDeletionDisabled(six)))
      .toThrow(/principalArns \(6 ARNs\) must hold at most 5 ARNs/);
  });

  test.each([
    [Duration.hours(36), 'hours', '36'],
    [Duration.days(2), 'days', '2'],
    [Duration.days(31), 'days', '31'],
    [Duration.hours(743), 'hours', '743'],
    [Duration.hours(744), 'days', '31'],
  ])('last recovery point created %s renders %s %s', (age, unit, value) => {
    expect(bind(AuditControl.lastRecoveryPointCreated(age)).parameters)
      .toEqual({ recoveryPointAgeUnit: unit, recoveryPointAgeValue: value });
  });

  test('last recovery point created beyond 744 hours fails', () => {
    expect(() => bind(AuditControl.lastRecoveryPointCreated(Duration.hours(745))))
      .toThrow(/maxAge \(745 hours\) must be whole hours from 1 to 744 hours, or whole days from 1 to 31 days/);
  });

  test('vault lock control renders optional retention bounds and resource types', () => {
    const config = bind(AuditControl.resourcesProtectedByVaultLock({
      minRetention: Duration.days(7), maxRetention: Duration.days(365), resourceTypes: ['RDS'],
    }));
    expect(config.controlName).toBe('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK');
    expect(config.parameters).toEqual({ minRetentionDays: '7', maxRetentionDays: '365' });
    expect(config.resourceTypes).toEqual(['RDS']);
    expect(bind(AuditControl.resourcesProtectedByVaultLock()).parameters).toBeUndefined();
  });

  test('vault lock bounds are validated', () => {
    expect(() => bind(AuditControl.resourcesProtectedByVaultLock({ minRetention: Duration.days(30), maxRetention: Duration.days(30) })))
      .toThrow(/maxRetention \(30 days\) must be greater than minRetention \(30 days\)/);
    expect(() => bind(AuditControl.resourcesProtectedByVaultLock({ maxRetention: Duration.days(36501) })))
      .toThrow(/maxRetention \(36501 days\) must be at most 36500 days/);
  });

  test('cross-region control lists regions and validates them', () => {
    const config = bind(AuditControl.resourcesProtectedByCrossRegion(['eu-west-1', 'us-east-2']));
    expect(config.controlName).toBe('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION');
    expect(config.parameters).toEqual({ crossRegionList: 'eu-west-1,us-east-2' });
    expect(bind(AuditControl.resourcesProtectedByCrossRegion()).parameters).toBeUndefined();
    expect(() => bind(AuditControl.resourcesProtectedByCrossRegion(['Europe'])))
      .toThrow(/regions \(Europe\) must be region names such as eu-west-1/);
  });

  test('cross-account control lists up to 5 account IDs', () => {
    const config = bind(AuditControl.resourcesProtectedByCrossAccount(['123456789012']));
    expect(config.controlName).toBe('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT');
    expect(config.parameters).toEqual({ crossAccountList: '123456789012' });
    expect(() => bind(AuditControl.resourcesProtectedByCrossAccount(['1234'])))
      .toThrow(/accountIds \(1234\) must be 12-digit AWS account IDs/);
    const six = Array.from({ length: 6 }, (_, i) => `12345678901${i}`);
    expect(() => bind(AuditControl.resourcesProtectedByCrossAccount(six)))
      .toThrow(/accountIds \(6 accounts\) must hold at most 5 accounts/);
  });

  test('custom control passes name and parameters through; tag scope is opt-in', () => {
    const config = bind(AuditControl.custom('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', { maxRestoreTime: '720' }));
    expect(config).toEqual({
      controlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
      parameters: { maxRestoreTime: '720' },
      acceptsTagScope: false,
      resourceTypes: undefined,
    });
    expect(bind(AuditControl.custom('X_Y', undefined, { acceptsTagScope: true })).acceptsTagScope).toBe(true);
    expect(() => bind(AuditControl.custom('not a control')))
      .toThrow(/controlName \("not a control"\) must be an AWS Backup Audit Manager control name: an upper-case letter/);
  });

  test('an empty resource type list fails', () => {
    expect(() => bind(AuditControl.resourcesProtectedByBackupPlan({ resourceTypes: [] })))
      .toThrow(/resourceTypes of BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN must not be empty/);
  });
});
