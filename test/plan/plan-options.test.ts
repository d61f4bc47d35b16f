import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { BackupResourceType, EnvironmentBackup, EnvironmentBackupProps, EnvironmentTier, ScanMode, TierPresets } from '../../src';
import { testStack } from '../support/stack';

// Property names checked against the AWS::Backup::BackupPlan and AWS::Backup::TieringConfiguration
// schemas bundled with cfn-lint 1.51 and botocore's backup model (2018-11-15).
const stack = () => testStack({ env: { account: '111122223333', region: 'ap-northeast-1' } });
const planRules = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
const env = (props: Partial<EnvironmentBackupProps>) => {
  const s = stack();
  new EnvironmentBackup(s, 'E', { environmentName: 'tokyo', ...props });
  return s;
};

describe('timeZone', () => {
  test('applies to every tier rule (daily, monthly) as ScheduleExpressionTimezone', () => {
    const rules = planRules(env({ timeZone: TimeZone.ASIA_TOKYO }));
    expect(rules.map((r: any) => [r.RuleName, r.ScheduleExpression, r.ScheduleExpressionTimezone])).toEqual([
      ['Daily', 'cron(0 5 * * ? *)', 'Asia/Tokyo'],
      ['Monthly', 'cron(0 5 1 * ? *)', 'Asia/Tokyo'],
    ]);
  });

  test('applies to the Continuous rule added to custom rules, not to the custom rules', () => {
    const rules = planRules(env({
      timeZone: TimeZone.ASIA_TOKYO,
      rules: [new backup.BackupPlanRule({ ruleName: 'Weekly', scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3', weekDay: 'SUN' }), deleteAfter: Duration.days(60) })],
    }));
    expect(rules.map((r: any) => [r.RuleName, r.ScheduleExpressionTimezone])).toEqual([['Weekly', undefined], ['Continuous', 'Asia/Tokyo']]);
  });

  test('without it the schedules stay UTC (no property)', () => {
    expect(planRules(env({})).every((r: any) => r.ScheduleExpressionTimezone === undefined)).toBe(true);
  });

  test('TierPresets takes it too', () => {
    expect(TierPresets.rules(EnvironmentTier.STAGING, { timeZone: TimeZone.EUROPE_PARIS })[0].props.scheduleExpressionTimezone?.timezoneName).toBe('Europe/Paris');
  });

  test('a name that is not an IANA time zone fails with the property named', () => {
    expect(() => env({ timeZone: TimeZone.of('Asia/Tokio') })).toThrow(/S\/E: timeZone \("Asia\/Tokio"\) must be an IANA time zone name/);
  });
});

describe('windowsVss', () => {
  test('renders AdvancedBackupSettings for EC2 with WindowsVSS enabled', () => {
    Template.fromStack(env({ windowsVss: true })).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { AdvancedBackupSettings: [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }] },
    });
  });
  test('off by default', () => {
    Template.fromStack(env({})).hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { AdvancedBackupSettings: Match.absent() } });
  });
});

// Issue 19 item 13: AdvancedBackupSetting.BackupOptions for S3 (botocore backup 2018-11-15): "For S3
// backups, set to "BackupACLs":"disabled" to exclude ACLs from the backup, or
// "BackupObjectTags":"disabled" to exclude object tags [...] By default, both [...] are included".
describe('s3BackupOptions', () => {
  const settings = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.AdvancedBackupSettings;
  test('leaves ACLs and/or object tags out of S3 backups', () => {
    expect(settings(env({ s3BackupOptions: { backupAcls: false, backupObjectTags: false } })))
      .toEqual([{ ResourceType: 'S3', BackupOptions: { BackupACLs: 'disabled', BackupObjectTags: 'disabled' } }]);
    expect(settings(env({ s3BackupOptions: { backupObjectTags: false } })))
      .toEqual([{ ResourceType: 'S3', BackupOptions: { BackupObjectTags: 'disabled' } }]);
  });
  test('next to Windows VSS', () => {
    expect(settings(env({ windowsVss: true, s3BackupOptions: { backupAcls: false } }))).toEqual([
      { ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } },
      { ResourceType: 'S3', BackupOptions: { BackupACLs: 'disabled' } },
    ]);
  });
  test('AWS\'s default (both included) renders nothing', () => {
    expect(settings(env({ s3BackupOptions: {} }))).toBeUndefined();
    expect(settings(env({ s3BackupOptions: { backupAcls: true, backupObjectTags: true } }))).toBeUndefined();
  });
});

describe('optInToArchive', () => {
  test('opts in the rules with a cold storage transition only', () => {
    const rules = planRules(env({ optInToArchive: true }));
    expect(rules[0].Lifecycle).toEqual({ DeleteAfterDays: 35 });
    expect(rules[1].Lifecycle).toEqual({ DeleteAfterDays: 365, MoveToColdStorageAfterDays: 30, OptInToArchiveForSupportedResources: true });
  });
  test('needs a rule with a cold storage transition', () => {
    expect(() => planRules(env({ optInToArchive: true, tier: EnvironmentTier.STAGING })))
      .toThrow(/optInToArchive \(true\) needs a rule with moveToColdStorageAfter: .*no rule has one \(rules: Daily\)/);
  });
});

describe('backupIndexes', () => {
  test('every rule gets one index action with the resource type', () => {
    const rules = planRules(env({ backupIndexes: [BackupResourceType.S3] }));
    for (const r of rules) expect(r.IndexActions).toEqual([{ ResourceTypes: ['S3'] }]);
  });
  // botocore backup 2018-11-15, BackupRuleInput.IndexActions: "Only 1 resource type will be
  // accepted for each BackupRule"; every rule of the plan gets the same index action.
  test('a rule indexes one resource type: two fail at synth naming the property, the values and the rule', () => {
    expect(() => env({ backupIndexes: [BackupResourceType.S3, BackupResourceType.EBS] })).toThrow(
      /^S\/E: backupIndexes \(S3, EBS\) names 2 resource types, but a backup rule indexes at most 1 \(AWS Backup API, BackupRuleInput\.IndexActions: "Only 1 resource type will be accepted for each BackupRule"\)/);
    expect(() => env({ backupIndexes: [BackupResourceType.EBS, BackupResourceType.of('EFS')] })).toThrow(/backupIndexes \(EBS, EFS\) names 2 resource types/);
  });
  // AWSBackupServiceRolePolicyForIndexing (ebs:ListSnapshotBlocks, ebs:GetSnapshotBlock,
  // ec2:DescribeSnapshots, kms:Decrypt via EC2): AWS managed policy reference.
  test('EBS indexes give the backup role AWS\'s indexing policy; S3 indexes and no indexes do not', () => {
    const roleOf = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] } },
    }));
    const ebs = roleOf(env({ backupIndexes: [BackupResourceType.EBS] }));
    expect(ebs).toHaveLength(1);
    expect(ebs[0].Properties.ManagedPolicyArns).toEqual(expect.arrayContaining([expect.objectContaining({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForIndexing']],
    })]));
    for (const props of [{ backupIndexes: [BackupResourceType.S3] }, {}]) {
      const [role] = roleOf(env(props));
      expect(JSON.stringify(role.Properties.ManagedPolicyArns)).not.toContain('AWSBackupServiceRolePolicyForIndexing');
    }
  });
  test('only EBS and S3 can be indexed', () => {
    expect(() => env({ backupIndexes: [BackupResourceType.EC2] })).toThrow(/backupIndexes contains "EC2", which is not one of EBS, S3: AWS Backup indexes only EBS snapshots and S3 backups/);
    expect(() => env({ backupIndexes: [BackupResourceType.S3, BackupResourceType.of('S3')] })).toThrow(/backupIndexes \(S3 twice\) must not repeat a value/);
    expect(() => env({ backupIndexes: [] })).toThrow(/backupIndexes \(empty\) must hold at least one of EBS, S3 \(or BackupResourceType\.of/);
  });
});

describe('s3WarmTiering', () => {
  test('creates a tiering configuration for S3 in the environment vault, 60 days by default', () => {
    Template.fromStack(env({ s3WarmTiering: {} })).hasResourceProperties('AWS::Backup::TieringConfiguration', {
      TieringConfigurationName: 'tokyo_s3_warm_tiering',
      BackupVaultName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vault'), 'BackupVaultName'] },
      ResourceSelection: [{ ResourceType: 'S3', Resources: ['*'], TieringDownSettingsInDays: 60 }],
    });
  });
  test('the transition is 60 to 36,500 whole days', () => {
    expect(() => env({ s3WarmTiering: { tierDownAfter: Duration.days(30) } }))
      .toThrow(/s3WarmTiering\.tierDownAfter \(30 days\) must be a whole number of days from 60 to 36500/);
    expect(() => env({ s3WarmTiering: { tierDownAfter: Duration.hours(1500) } })).toThrow(/s3WarmTiering\.tierDownAfter \(62\.5 days\)/);
  });
});

describe('malwareScanning', () => {
  test('every rule scans incrementally by default; the plan has scan settings with a scanner role', () => {
    const s = env({ malwareScanning: {} });
    const t = Template.fromStack(s);
    for (const r of planRules(s)) expect(r.ScanActions).toEqual([{ MalwareScanner: 'GUARDDUTY', ScanMode: 'INCREMENTAL_SCAN' }]);
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { ScanSettings: [{ MalwareScanner: 'GUARDDUTY', ResourceTypes: ['EBS', 'EC2', 'S3'], ScannerRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScannerRole'), 'Arn'] } }] },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'malware-protection.guardduty.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupGuardDutyRolePolicyForScans']] }],
    });
    // AWS Backup's role may start scans and pass the scanner role.
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForScans']] }]),
    });
  });
  test('full scans of chosen resource types', () => {
    const s = env({ malwareScanning: { scanMode: ScanMode.FULL_SCAN, resourceTypes: [BackupResourceType.S3] } });
    expect(planRules(s)[0].ScanActions).toEqual([{ MalwareScanner: 'GUARDDUTY', ScanMode: 'FULL_SCAN' }]);
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { ScanSettings: [Match.objectLike({ ResourceTypes: ['S3'] })] } });
  });
  test('off by default: no scan action, no scan settings, no scanner role', () => {
    const s = env({});
    expect(planRules(s).some((r: any) => r.ScanActions)).toBe(false);
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { ScanSettings: Match.absent() } });
  });
  test('resource types and scan mode are validated', () => {
    expect(() => env({ malwareScanning: { resourceTypes: ['S3'] as any } }))
      .toThrow(/malwareScanning\.resourceTypes \(S3\) must be a BackupResourceType: use BackupResourceType\.<NAME> \(EBS, EC2, S3\)/);
    expect(() => env({ malwareScanning: { scanMode: 'QUICK' as ScanMode } })).toThrow(/malwareScanning\.scanMode \("QUICK"\) must be one of FULL_SCAN, INCREMENTAL_SCAN/);
  });
  test('rules added later are scanned too', () => {
    const s = stack();
    const e = new EnvironmentBackup(s, 'E', { environmentName: 'tokyo', tier: EnvironmentTier.STAGING, malwareScanning: {} });
    e.addRule(new backup.BackupPlanRule({ ruleName: 'Extra', deleteAfter: Duration.days(7) }));
    const rules = planRules(s);
    expect(rules.map((r: any) => [r.RuleName, r.ScanActions?.[0].ScanMode])).toEqual([['Daily', 'INCREMENTAL_SCAN'], ['Extra', 'INCREMENTAL_SCAN']]);
  });
});
