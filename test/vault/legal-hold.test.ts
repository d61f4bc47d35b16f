/*
 * Issue 19 item 13: AWS::Backup::LegalHold exists in CloudFormation (Title, Description,
 * RecoveryPointSelection { VaultNames, ResourceIdentifiers, DateRange { FromDate, ToDate } }, Tags;
 * every property but Tags requires replacement; attributes Arn, LegalHoldId), while aws-cdk-lib 2.257
 * has no CfnLegalHold: LegalHold renders the type through CfnResource.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-legalhold.html
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { EnvironmentBackup, LegalHold } from '../../src';
import { TEST_ENV, testStack } from '../support/stack';

const stack = () => testStack({ env: TEST_ENV });

describe('LegalHold', () => {
  test('holds the recovery points of an environment\'s vault in a date range; retained by default', () => {
    const s = stack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'prod' });
    const hold = new LegalHold(s, 'Hold', {
      title: 'Case 2026-17',
      description: 'Litigation hold requested by legal',
      vaults: [env.vault],
      resourceIdentifiers: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'],
      dateRange: { fromDate: '2026-01-01T00:00:00Z', toDate: '2026-06-30T23:59:59Z' },
    });
    const t = Template.fromStack(s);
    t.hasResource('AWS::Backup::LegalHold', {
      Properties: {
        Title: 'Case 2026-17',
        Description: 'Litigation hold requested by legal',
        RecoveryPointSelection: {
          VaultNames: [s.resolve(env.vault.backupVaultName)],
          ResourceIdentifiers: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'],
          DateRange: { FromDate: '2026-01-01T00:00:00Z', ToDate: '2026-06-30T23:59:59Z' },
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(s.resolve(hold.legalHoldArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Hold[0-9A-F]{8}$/), 'Arn'] });
    expect(s.resolve(hold.legalHoldId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Hold[0-9A-F]{8}$/), 'LegalHoldId'] });
  });

  test('removalPolicy DESTROY is honoured; vault-only selection leaves the other criteria out', () => {
    const s = stack();
    new LegalHold(s, 'Hold', {
      title: 't',
      description: 'd',
      removalPolicy: RemovalPolicy.DESTROY,
      vaults: [backup.BackupVault.fromBackupVaultName(s, 'V', 'prod-backup-vault')],
    });
    Template.fromStack(s).hasResource('AWS::Backup::LegalHold', {
      Properties: { RecoveryPointSelection: { VaultNames: ['prod-backup-vault'] } },
      DeletionPolicy: 'Delete',
    });
  });

  test.each([
    [{ title: '', description: 'd', vaults: 'V' }, 'S/Hold: title ("") must not be empty'],
    [{ title: 't', description: 'd' }, 'S/Hold: vaults and resourceIdentifiers are both empty'],
    [{ title: 't', description: 'd', resourceIdentifiers: ['orders'] }, 'S/Hold: resourceIdentifiers[0] ("orders") must be a resource ARN'],
    [{ title: 't', description: 'd', vaults: 'V', dateRange: { fromDate: 'yesterday', toDate: '2026-01-01' } }, 'S/Hold: dateRange.fromDate ("yesterday") is not an ISO 8601 date'],
    [{ title: 't', description: 'd', vaults: 'V', dateRange: { fromDate: '2026-02-01', toDate: '2026-01-01' } }, 'S/Hold: dateRange (2026-02-01 to 2026-01-01): fromDate must be before toDate'],
  ])('%j fails at synth', (props: any, message) => {
    const s = stack();
    const vaults = props.vaults ? [backup.BackupVault.fromBackupVaultName(s, 'V', 'prod-backup-vault')] : undefined;
    expect(() => new LegalHold(s, 'Hold', { ...props, vaults })).toThrow(message);
  });
});
