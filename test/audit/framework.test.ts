import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AuditControl, BackupAuditFramework } from '../../src/audit';
import { stack } from '../support/stack';

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

describe('descriptions and control names AWS rejects', () => {
  test.each(['', '   '])('a blank description (%j) fails: AWS requires a non-blank character', (description) => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.recoveryPointEncrypted()], description }))
      .toThrow(`S/F: description ("${description}") must contain a non-blank character (omit it for no description)`);
  });

  test.each([
    ['lower case', 'backup_recovery_point_encrypted'],
    ['spaces', 'BACKUP RECOVERY'],
    ['empty', ''],
  ])('AuditControl.custom with a name that is not a control name (%s) fails', (_name, controlName) => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.custom(controlName)] }))
      .toThrow(`S/F: controlName ("${controlName}") must be an AWS Backup Audit Manager control name: an upper-case letter, then upper-case letters, digits and underscores, at most 256 characters`);
  });

  test('a control AWS may add later passes (the list stays open)', () => {
    const s = stack();
    new BackupAuditFramework(s, 'F', { controls: [AuditControl.custom('BACKUP_SOME_FUTURE_CONTROL', { threshold: '3' })] });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: [{ ControlName: 'BACKUP_SOME_FUTURE_CONTROL', ControlInputParameters: [{ ParameterName: 'threshold', ParameterValue: '3' }] }],
    });
  });

  test('custom control parameters: names not empty, values strings', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.custom('X_CONTROL', { '': 'a' })] }))
      .toThrow('S/F: parameters of X_CONTROL: a parameter name ("") must not be empty');
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.custom('X_CONTROL', { n: 3 as any })] }))
      .toThrow('S/F: parameters of X_CONTROL: n (3) must be a string (CloudFormation takes control parameters as strings)');
  });

  test('scope tags follow the tag rules', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [AuditControl.recoveryPointEncrypted()], scopeTags: { 'aws:x': 'y' } }))
      .toThrow('S/F: scopeTags key ("aws:x") must not start with "aws:"');
  });

  test('a JavaScript caller without controls, or with a hole in them', () => {
    expect(() => new BackupAuditFramework(stack(), 'F', {} as any)).toThrow('S/F: controls (undefined) is required');
    expect(() => new BackupAuditFramework(stack(), 'F', { controls: [undefined as any] })).toThrow('S/F: controls[0] (undefined) is required');
  });
});
