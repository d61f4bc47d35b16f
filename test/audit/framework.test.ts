import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AuditControl, BackupAuditFramework } from '../../src/audit';

function stack() {
  return new Stack(new App(), 'S');
}

describe('BackupAuditFramework', () => {
  test('renders controls with string parameters and the tag scope on each control', () => {
    const s = stack();
    new BackupAuditFramework(s, 'F', {
      frameworkName: 'production_backup',
      scopeTags: { backup: 'production' },
      controls: [
        AuditControl.resourcesProtectedByBackupPlan(),
        AuditControl.planMinFrequencyAndMinRetention({ frequency: Duration.hours(12), retention: Duration.days(35) }),
        AuditControl.recoveryPointEncrypted(),
      ],
    });
    const tags = { Tags: [{ Key: 'backup', Value: 'production' }] };
    Template.fromStack(s).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkName: 'production_backup',
      FrameworkControls: [
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', ControlScope: tags },
        {
          ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          ControlInputParameters: [
            { ParameterName: 'requiredFrequencyUnit', ParameterValue: 'hours' },
            { ParameterName: 'requiredFrequencyValue', ParameterValue: '12' },
            { ParameterName: 'requiredRetentionDays', ParameterValue: '35' },
          ],
          ControlScope: tags,
        },
        { ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', ControlScope: tags },
      ],
    });
  });

  test('resource types replace the tag scope; custom controls get no tag scope unless they accept it', () => {
    const s = stack();
    new BackupAuditFramework(s, 'F', {
      scopeTags: { env: 'prod' },
      controls: [
        AuditControl.lastRecoveryPointCreated(Duration.days(1), { resourceTypes: ['RDS', 'EFS'] }),
        AuditControl.custom('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', { maxRestoreTime: '720' }),
      ],
    });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: [
        {
          ControlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
          ControlInputParameters: [
            { ParameterName: 'recoveryPointAgeUnit', ParameterValue: 'days' },
            { ParameterName: 'recoveryPointAgeValue', ParameterValue: '1' },
          ],
          ControlScope: { ComplianceResourceTypes: ['RDS', 'EFS'] },
        },
        {
          ControlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
          ControlInputParameters: [{ ParameterName: 'maxRestoreTime', ParameterValue: '720' }],
          ControlScope: Match.absent(),
        },
      ],
    });
  });

  test('without scope tags controls have no scope; the name is derived and valid', () => {
    const s = stack();
    const f = new BackupAuditFramework(s, 'My-Framework', { controls: [AuditControl.recoveryPointEncrypted()] });
    expect(f.frameworkName).toMatch(/^[a-zA-Z][a-zA-Z0-9_]*$/);
    Template.fromStack(s).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkName: f.frameworkName,
      FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', ControlScope: Match.absent() }],
    });
    expect(f.controlNames).toEqual(['BACKUP_RECOVERY_POINT_ENCRYPTED']);
  });

  test.each(['1framework', 'has-hyphen', 'a'.repeat(257), ''])('invalid framework name %s fails', (name) => {
    expect(() => new BackupAuditFramework(stack(), 'F', { frameworkName: name, controls: [AuditControl.recoveryPointEncrypted()] }))
      .toThrow(/frameworkName \(.*\) must start with a letter and hold only letters, digits and underscores, at most 256 characters/);
  });

  test('no control fails', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [] }))
      .toThrow(/controls \(0 controls\) must hold at least one control/);
  });

  test('more than 50 controls fails', () => {
    const controls = Array.from({ length: 51 }, (_, i) => AuditControl.custom(`C${i}`));
    expect(() => new BackupAuditFramework(stack(), 'F', { controls }))
      .toThrow(/controls \(51 controls\) must hold at most 50 controls/);
  });

  test('a control twice fails', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.recoveryPointEncrypted(), AuditControl.recoveryPointEncrypted()] }))
      .toThrow(/controls \(BACKUP_RECOVERY_POINT_ENCRYPTED twice\) must name each control once per framework/);
  });

  test('more than one scope tag fails', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { scopeTags: { a: '1', b: '2' }, controls: [AuditControl.recoveryPointEncrypted()] }))
      .toThrow(/scopeTags \(2 tags\) must hold at most one tag/);
  });

  test('a long description fails', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { description: 'x'.repeat(1025), controls: [AuditControl.recoveryPointEncrypted()] }))
      .toThrow(/description \(1025 characters\) must be at most 1024 characters/);
  });

  test('control parameter errors name the framework', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.recoveryPointMinimumRetention(Duration.hours(5))] }))
      .toThrow(/^S\/F: retention \(5 hours\) must be a whole number of days/);
  });
});
