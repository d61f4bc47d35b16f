/**
 * Issue #11 item 16: a JavaScript caller (no type checker) who leaves out a required prop gets the
 * library's ValidationError naming the prop, never "Cannot read properties of undefined".
 * (Constructs of src/notifications and src/monitoring have their own tests.)
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as src from '../src';
import { testStack } from './support/stack';
import { EnvironmentSelection } from '../src/selection/private/environment-selection';

type Build = (stack: Stack) => unknown;

function errorOf(build: Build): Error {
  const stack = testStack();
  try {
    build(stack);
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error');
}

const daily = () => new backup.BackupPlanRule({ ruleName: 'D', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), deleteAfter: Duration.days(7) });
const vault = (s: Stack) => new backup.BackupVault(s, 'V');
const env = (extra: object): Build => (s) => new src.EnvironmentBackup(s, 'E', { environmentName: 'env', tier: src.EnvironmentTier.STAGING, ...extra } as any);

test.each<[string, Build, string]>([
  ['EnvironmentBackup without props', (s) => new src.EnvironmentBackup(s, 'E', undefined as any), 'S/E: props (undefined) is required: an object with environmentName'],
  ['EnvironmentBackup without environmentName', (s) => new src.EnvironmentBackup(s, 'E', {} as any), 'S/E: environmentName (undefined) is required'],
  ['EnvironmentBackup rules with a hole', env({ rules: [daily(), undefined] }), 'S/E: rules[1] (undefined) is required'],
  ['EnvironmentBackup copyTo without vault', env({ copyTo: [{}] }), 'S/E: copyTo[0].vault (undefined) is required'],
  ['EnvironmentBackup condition without key', env({ selection: { conditions: [{ value: 'x' }] } }), 'S/E: selection.conditions[0].key (undefined) is required'],
  ['EnvironmentBackup vault.lock without minRetention', env({ vault: { lock: {} } }), 'S/E: vault.lock.minRetention (undefined) is required'],
  ['EnvironmentBackup airGappedCopy without retention', env({ airGappedCopy: { minRetention: Duration.days(7) } }), 'S/E: airGappedCopy.maxRetention (undefined) is required'],
  ['EnvironmentBackup restoreTesting resource without type', env({ restoreTesting: { resourceTypes: [{}] } }), 'S/E/RestoreTesting: resourceTypes[0].resourceType (undefined) is required'],
  ['EnvironmentVault', (s) => new src.EnvironmentVault(s, 'V', {} as any), 'S/V: environmentName (undefined) is required'],
  ['CopyDestinationVault', (s) => new src.CopyDestinationVault(s, 'V', {} as any), 'S/V: vaultName (undefined) is required'],
  ['LogicallyAirGappedVault', (s) => new src.LogicallyAirGappedVault(s, 'V', { vaultName: 'lag' } as any), 'S/V: airGappedCopy.minRetention (undefined) is required'],
  ['RestoreTestingPlan', (s) => new src.RestoreTestingPlan(s, 'R', { backupVaults: [vault(s)] } as any), 'S/R: selectionTags (undefined) is required'],
  ['OrganizationBackupPolicy', (s) => new src.OrganizationBackupPolicy(s, 'P', { policyName: 'p' } as any), 'S/P: rules (undefined) is required'],
  ['OrganizationBackupPolicy rules with a hole', (s) => new src.OrganizationBackupPolicy(s, 'P', { policyName: 'p', rules: [null], selectionTags: {}, backupVaultName: 'v', regions: ['eu-west-1'] } as any), 'S/P: rules[0] (null) is required'],
  ['BackupAuditFramework', (s) => new src.BackupAuditFramework(s, 'F', {} as any), 'S/F: controls (undefined) is required'],
  ['BackupReportPlans', (s) => new src.BackupReportPlans(s, 'R', {} as any), 'S/R: bucket (undefined) is required'],
  ['BackupAudit', (s) => new src.BackupAudit(s, 'A', {} as any), 'S/A: environmentName (undefined) is required'],
  ['BackupConfigRecorder', (s) => new src.BackupConfigRecorder(s, 'C', {} as any), 'S/C: bucket (undefined) is required'],
  ['EnvironmentSelection', (s) => new EnvironmentSelection(s, 'Sel', { selectionName: 'x', conditions: [] } as any), 'S/Sel: plan (undefined) is required'],
])('%s', (_name, build, message) => {
  const error = errorOf(build);
  expect(error.name).toBe('ValidationError');
  expect(error.message).toBe(message);
});

test('AuditControl factories given undefined durations by a JavaScript caller', () => {
  const error = errorOf((s) => new src.BackupAuditFramework(s, 'F', { controls: [src.AuditControl.recoveryPointMinimumRetention(undefined as any)] }));
  expect(error.name).toBe('ValidationError');
  expect(error.message).toBe('S/F: retention (undefined) is required: a Duration of whole days');
});
