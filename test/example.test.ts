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
    path: /\/Backup\/Selection\/Role$/,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    reason: 'AWS Backup\'s own managed policy for backup jobs: it follows the services AWS Backup supports as they change.',
  },
  {
    path: /\/Backup\/Selection\/Role$/,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup]',
    reason: 'AWS Backup\'s own managed policy for S3 backups, required to back up buckets.',
  },
  {
    path: /\/Invoices\/Resource$/,
    id: 'AwsSolutions-S1',
    reason: 'The example workload bucket stands for the user\'s data; access logging is the workload\'s choice, not the backup library\'s.',
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

  test('templates pass cfn-lint', () => {
    const templates = assembly.stacks.map((s) => path.join(outdir, s.templateFile));
    expect(cfnLint(templates).map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
  });

  test('cdk-nag AwsSolutions finds nothing but the acknowledged findings', () => {
    expect(unacknowledgedNagFindings(app, EXAMPLE_ACKNOWLEDGMENTS)).toEqual([]);
  });

  test('an unacknowledged finding is reported (the check can fail)', () => {
    const fresh = buildExampleApp(fs.mkdtempSync(path.join(os.tmpdir(), 'example-nag-')));
    expect(unacknowledgedNagFindings(fresh)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^AwsSolutions-IAM4\[Policy::.*AWSBackupServiceRolePolicyForBackup\] Production\/Backup\/Selection\/Role/),
    ]));
  });
});
