import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../example/app';
import { cfnLint } from './support/cfn-lint';
import { NagAcknowledgment, unacknowledgedNagFindings } from './support/nag';

/**
 * The findings the example app keeps, each with its reason. The README lists the same ones
 * ("cdk-nag findings we acknowledge").
 */
export const EXAMPLE_ACKNOWLEDGMENTS: NagAcknowledgment[] = [
  {
    path: /\/Invoices\/Resource$/,
    id: 'AwsSolutions-S1',
    reason: 'The example workload bucket stands for the user\'s data; access logging is the workload\'s choice, not the backup library\'s.',
  },
  {
    path: /\/BackupReportBucket\/Bucket\/Resource$/,
    id: 'AwsSolutions-S1',
    reason: 'Server access logs of the audit report bucket need a log bucket of the user\'s: pass audit.bucket: the bucket of a BackupReportBucket with serverAccessLogsBucket.',
  },
];

describe('the example app', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const app = buildExampleApp(outdir);
  const assembly = app.synth();

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('has one stack per environment, each with a vault, a plan and a selection', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Development', 'DisasterRecovery', 'Production', 'Staging']);
    for (const stack of assembly.stacks.filter((s) => s.stackName !== 'DisasterRecovery')) {
      const types = Object.values(stack.template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
      expect(types).toEqual(expect.arrayContaining(['AWS::Backup::BackupVault', 'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection']));
    }
  });

  test('production has Slack notifications, audit reports, monitoring, a DR copy and the region settings', () => {
    const resources = (name: string) => Object.values(assembly.getStackByName(name).template.Resources as Record<string, { Type: string }>);
    const types = (name: string) => resources(name).map((r) => r.Type);
    expect(types('Production')).toEqual(expect.arrayContaining([
      'AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::Lambda::Function', 'AWS::SQS::Queue',
      'AWS::Backup::Framework', 'AWS::Backup::ReportPlan', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard',
      'Custom::BackupRegionSettings',
    ]));
    const plan = Object.values(assembly.getStackByName('Production').template.Resources as Record<string, any>)
      .find((r) => r.Type === 'AWS::Backup::BackupPlan');
    const monthly = plan.Properties.BackupPlan.BackupPlanRule.find((r: any) => r.RuleName === 'Monthly');
    expect(monthly.CopyActions[0].DestinationBackupVaultArn['Fn::Join'][1]).toEqual(expect.arrayContaining([':backup:eu-central-1:', ':backup-vault:production-dr']));
    // Scanned backups, Tokyo-time schedules, an air-gapped copy shared with the recovery account.
    expect(plan.Properties.BackupPlan.ScanSettings[0].MalwareScanner).toBe('GUARDDUTY');
    expect(plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => r.ScheduleExpressionTimezone)).toEqual(['Asia/Tokyo', 'Asia/Tokyo']);
    expect(resources('Production').find((r: any) => r.Type === 'AWS::RAM::ResourceShare')).toMatchObject({ Properties: { Principals: ['444455556666'] } });
    expect(types('Staging')).toContain('AWS::Backup::RestoreTestingPlan');
    expect(types('Development')).toContain('Custom::BackupVaultRecoveryPointCleaner');
    expect(types('DisasterRecovery')).toContain('AWS::Backup::BackupVault');
  });

  test('emits no synth warning of this library (README "Synth warnings")', () => {
    const warnings = assembly.stacks.flatMap((s) => s.messages)
      .filter((m) => m.level === 'warning' && String(m.entry.data).includes('[ack: cdk-environment-backup:'));
    expect(warnings.map((m) => `${m.id}: ${m.entry.data}`)).toEqual([]);
  });

  test('templates pass cfn-lint', () => {
    const templates = assembly.stacks.map((s) => path.join(outdir, s.templateFile));
    expect(cfnLint(templates).map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
  });

  test('cdk-nag AwsSolutions finds nothing but the acknowledged findings', () => {
    expect(unacknowledgedNagFindings(app, EXAMPLE_ACKNOWLEDGMENTS)).toEqual([]);
  });

  test('an unacknowledged finding is reported (the check can fail)', () => {
    const fresh = buildExampleApp(fs.mkdtempSync(path.join(os.tmpdir(), 'example-nag-')));
    expect(unacknowledgedNagFindings(fresh)).toEqual([
      'AwsSolutions-S1 Development/Invoices/Resource',
      'AwsSolutions-S1 Production/BackupReportBucket/Bucket/Resource',
      'AwsSolutions-S1 Production/Invoices/Resource',
      'AwsSolutions-S1 Staging/Invoices/Resource',
    ]);
  });
});
