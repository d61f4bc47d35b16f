import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BackupResourceType, EnvironmentBackup, EnvironmentBackupProps } from '../../src';
import { testStack } from '../support/stack';

// Issue #13 item 5: the resource types of backupIndexes and malwareScanning are open values.
const stack = () => testStack({ env: { account: '111122223333', region: 'ap-northeast-1' } });
const env = (props: Partial<EnvironmentBackupProps>) => {
  const s = stack();
  new EnvironmentBackup(s, 'E', { environmentName: 'tokyo', ...props });
  return s;
};
const planRules = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;

describe('BackupResourceType', () => {
  test('a known name through of() is the static member; known() lists EBS, EC2, S3', () => {
    expect(BackupResourceType.of('S3')).toBe(BackupResourceType.S3);
    expect(BackupResourceType.of('EBS').custom).toBe(false);
    expect(BackupResourceType.known().map((t) => t.value)).toEqual(['EBS', 'EC2', 'S3']);
    const custom = BackupResourceType.of('Redshift Serverless');
    expect([custom.custom, `${custom}`]).toEqual([true, 'Redshift Serverless']);
  });

  test('a custom index type is emitted and noted in an info annotation naming it; known ones get none', () => {
    const s = env({ backupIndexes: [BackupResourceType.of('EFS')] });
    for (const r of planRules(s)) expect(r.IndexActions).toEqual([{ ResourceTypes: ['EFS'] }]);
    Annotations.fromStack(s).hasInfo('/S/E', Match.stringLikeRegexp(
      '^backupIndexes: EFS is not among the BackupResourceType values this library knows \\(EBS, S3\\): checked for shape only, AWS accepts or rejects it at deploy time'));
    Annotations.fromStack(env({ backupIndexes: [BackupResourceType.S3] })).hasNoInfo('*', Match.anyValue());
  });

  test('a custom scan type is emitted in the scan settings and noted in an info annotation', () => {
    const s = env({ malwareScanning: { resourceTypes: [BackupResourceType.EBS, BackupResourceType.of('EFS')] } });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { ScanSettings: [Match.objectLike({ ResourceTypes: ['EBS', 'EFS'] })] },
    });
    Annotations.fromStack(s).hasInfo('/S/E', Match.stringLikeRegexp('^malwareScanning\\.resourceTypes: EFS is not among the BackupResourceType values'));
  });

  test('the known values keep the feature checks: EC2 cannot be indexed', () => {
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html: "Valid values: EBS, S3".
    expect(() => env({ backupIndexes: [BackupResourceType.EC2] }))
      .toThrow(/S\/E: backupIndexes contains "EC2", which is not one of EBS, S3: AWS Backup indexes only EBS snapshots and S3 backups/);
  });

  test.each(['', ' EBS', 'EBS ', 'Amazon/S3', 'x'.repeat(51), 'S3*'])('a custom type of the wrong shape (%j) fails at synth naming the property and value', (name) => {
    expect(() => env({ backupIndexes: [BackupResourceType.of(name)] }))
      .toThrow(/S\/E: backupIndexes \(".*"\) is not an AWS Backup resource type name: 1 to 50 letters, digits, "-", "_", "\." or inner spaces/);
    expect(() => env({ malwareScanning: { resourceTypes: [BackupResourceType.of(name)] } }))
      .toThrow(/S\/E: malwareScanning\.resourceTypes \(".*"\) is not an AWS Backup resource type name/);
  });

  test.each(['EFS', 'SAP HANA on Amazon EC2', 'x'.repeat(50), 'Storage-Gateway_2.0'])('a custom type of the right shape (%j) passes', (name) => {
    expect(planRules(env({ backupIndexes: [BackupResourceType.of(name)] }))[0].IndexActions).toEqual([{ ResourceTypes: [name] }]);
  });

  test('a bare string (JavaScript written for the former string[]) is refused with the way to fix it', () => {
    expect(() => env({ backupIndexes: ['S3' as unknown as BackupResourceType] }))
      .toThrow(/backupIndexes \(S3\) must be a BackupResourceType: use BackupResourceType\.<NAME> \(EBS, S3\) or BackupResourceType\.of/);
  });
});
