import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { BackupResourceType, ScanMode } from '../../src';
import { OrganizationBackupPolicy, OrganizationBackupPolicyProps } from '../../src/organization';
import { testStack } from '../support/stack';

// The keys follow AWS's "Backup policy syntax and examples" page (AWS Organizations User Guide):
// advanced_backup_settings.ec2.windows_vss, lifecycle.opt_in_to_archive_for_supported_resources,
// index_actions.resource_types, scan_actions.GUARDDUTY.scan_mode, scan_settings.GUARDDUTY.
const at0500 = events.Schedule.cron({ minute: '0', hour: '5' });
const rules = () => [
  new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: at0500, deleteAfter: Duration.days(35) }),
  new backup.BackupPlanRule({
    ruleName: 'Monthly',
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
    moveToColdStorageAfter: Duration.days(30),
    deleteAfter: Duration.days(365),
  }),
];
const make = (overrides: Partial<OrganizationBackupPolicyProps>) => new OrganizationBackupPolicy(testStack(), 'Policy', {
  policyName: 'production-backup',
  rules: rules(),
  selectionTags: { backup: 'production' },
  backupVaultName: 'production',
  regions: ['eu-west-1'],
  ...overrides,
});
const plan = (p: OrganizationBackupPolicy) => p.document.plans['production-backup'];

describe('organization policy plan options', () => {
  test('windowsVss renders advanced_backup_settings for ec2', () => {
    expect(plan(make({ windowsVss: true })).advanced_backup_settings).toEqual({ ec2: { windows_vss: { '@@assign': 'enabled' } } });
    expect(plan(make({})).advanced_backup_settings).toBeUndefined();
  });

  test('optInToArchive opts in the rules with a cold storage transition, and needs one', () => {
    const p = plan(make({ optInToArchive: true }));
    expect(p.rules.Daily.lifecycle.opt_in_to_archive_for_supported_resources).toBeUndefined();
    expect(p.rules.Monthly.lifecycle.opt_in_to_archive_for_supported_resources).toEqual({ '@@assign': true });
    expect(() => make({ optInToArchive: true, rules: [rules()[0]] })).toThrow(/optInToArchive \(true\) needs a rule with moveToColdStorageAfter/);
  });

  test('backupIndexes renders index_actions in every rule; only EBS and S3, one of them', () => {
    const p = plan(make({ backupIndexes: [BackupResourceType.EBS] }));
    expect(p.rules.Daily.index_actions).toEqual({ resource_types: { '@@assign': ['EBS'] } });
    expect(p.rules.Monthly.index_actions).toEqual({ resource_types: { '@@assign': ['EBS'] } });
    // A backup plan rule accepts 1 index resource type (botocore BackupRuleInput.IndexActions).
    expect(() => make({ backupIndexes: [BackupResourceType.EBS, BackupResourceType.S3] }))
      .toThrow(/^S\/Policy: backupIndexes \(EBS, S3\) names 2 resource types, but a backup rule indexes at most 1/);
    expect(() => make({ backupIndexes: [BackupResourceType.EC2] })).toThrow(/backupIndexes contains "EC2", which is not one of EBS, S3/);
  });

  // Issue 19 item 10: the Organizations user guide ("Backup policy syntax and examples") shows no
  // scan_actions / scan_settings JSON; the blocks follow copy_actions by analogy. Until AWS documents
  // them, synth says so (a warning with an id the user can acknowledge).
  test('malwareScanning warns that the scan blocks follow no documented backup policy syntax; no scanning, no warning', () => {
    const scanning = make({ malwareScanning: { scannerRoleName: 'GuardDutyBackupScanner' } });
    Annotations.fromStack(Stack.of(scanning)).hasWarning('/S/Policy', Match.stringLikeRegexp(
      '^malwareScanning: the policy\'s scan_actions and scan_settings blocks follow no JSON AWS documents for backup policies .*' +
      'cdk-environment-backup:organization:undocumentedScanPolicy'));
    Annotations.fromStack(Stack.of(make({}))).hasNoWarning('*', Match.stringLikeRegexp('undocumentedScanPolicy'));
  });

  test('malwareScanning renders scan_actions in every rule and scan_settings with the member account role', () => {
    const p = plan(make({ malwareScanning: { scannerRoleName: 'GuardDutyBackupScanner', scanMode: ScanMode.FULL_SCAN } }));
    expect(p.rules.Daily.scan_actions).toEqual({ GUARDDUTY: { scan_mode: { '@@assign': 'FULL_SCAN' } } });
    expect(p.scan_settings).toEqual({
      GUARDDUTY: {
        resource_types: { '@@assign': ['EBS', 'EC2', 'S3'] },
        scanner_role_arn: { '@@assign': 'arn:aws:iam::$account:role/GuardDutyBackupScanner' },
      },
    });
    expect(plan(make({ malwareScanning: { scannerRoleName: 'r' } })).rules.Monthly.scan_actions.GUARDDUTY.scan_mode).toEqual({ '@@assign': 'INCREMENTAL_SCAN' });
  });

  test('malwareScanning is validated', () => {
    expect(() => make({ malwareScanning: {} as any })).toThrow(/malwareScanning\.scannerRoleName \(undefined\) is required/);
    expect(() => make({ malwareScanning: { scannerRoleName: 'r', resourceTypes: [BackupResourceType.of('R D S ')] } })).toThrow(/malwareScanning\.resourceTypes \("R D S "\) is not an AWS Backup resource type name/);
    expect(() => make({ malwareScanning: { scannerRoleName: 'bad role' } })).toThrow(/malwareScanning\.scannerRoleName \('bad role'\) must be an IAM role name with an optional path/);
  });
});
