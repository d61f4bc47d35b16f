import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AirGappedCopyOptions, LogicallyAirGappedVault, LogicallyAirGappedVaultOptions, LogicallyAirGappedVaultProps } from '../../src';
import { stack } from '../support/stack';

const props: LogicallyAirGappedVaultProps = { vaultName: 'lag', minRetention: Duration.days(7), maxRetention: Duration.days(90) };
const LAG_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Lag'), 'BackupVaultArn'] };

describe('LogicallyAirGappedVault is an aws-backup IBackupVault', () => {
  test('a copy action of aws-cdk-lib copies into it', () => {
    const s = stack();
    const lag: backup.IBackupVault = new LogicallyAirGappedVault(s, 'Lag', props);
    const plan = new backup.BackupPlan(s, 'Plan', { backupVault: backup.BackupVault.fromBackupVaultName(s, 'Main', 'main') });
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
      deleteAfter: Duration.days(30),
      copyActions: [{ destinationBackupVault: lag, deleteAfter: Duration.days(30) }],
    }));
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ CopyActions: [{ DestinationBackupVaultArn: LAG_ARN, Lifecycle: { DeleteAfterDays: 30 } }] })],
      },
    });
  });

  test('its name is the resource\'s Ref (primaryIdentifier BackupVaultName), its ARN the BackupVaultArn attribute', () => {
    // AWS::Backup::LogicallyAirGappedBackupVault schema (cfn-lint 1.51): primaryIdentifier /properties/BackupVaultName.
    const s = stack();
    const lag = new LogicallyAirGappedVault(s, 'Lag', props);
    expect(s.resolve(lag.backupVaultName)).toEqual({ Ref: s.getLogicalId(lag.node.defaultChild as backup.CfnLogicallyAirGappedBackupVault) });
    expect(s.resolve(lag.backupVaultArn)).toEqual({ 'Fn::GetAtt': [s.getLogicalId(lag.node.defaultChild as backup.CfnLogicallyAirGappedBackupVault), 'BackupVaultArn'] });
    expect(s.resolve(lag.backupVaultRef)).toEqual({ backupVaultName: s.resolve(lag.backupVaultName), backupVaultArn: s.resolve(lag.backupVaultArn) });
    expect(s.resolve(lag.vaultArn)).toEqual(s.resolve(lag.backupVaultArn));
    expect(lag.stack).toBe(s);
  });

  test('grant() gives the grantee the actions on the vault', () => {
    const s = stack();
    const lag = new LogicallyAirGappedVault(s, 'Lag', props);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    lag.grant(role, 'backup:ListRecoveryPointsByBackupVault');
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'backup:ListRecoveryPointsByBackupVault', Resource: s.resolve(lag.backupVaultArn) }] },
    });
  });

  test('applyRemovalPolicy: DESTROY renders on the vault; SNAPSHOT fails', () => {
    const s = stack();
    const lag = new LogicallyAirGappedVault(s, 'Lag', props);
    lag.applyRemovalPolicy(RemovalPolicy.DESTROY);
    Template.fromStack(s).hasResource('AWS::Backup::LogicallyAirGappedBackupVault', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(() => lag.applyRemovalPolicy(RemovalPolicy.SNAPSHOT)).toThrow('S/Lag: removalPolicy (RemovalPolicy.SNAPSHOT) is not supported by a backup vault');
  });
});

describe('the air-gapped options are one struct', () => {
  test('LogicallyAirGappedVaultOptions given as airGappedCopy and as the vault\'s props render the same vault', () => {
    const options: LogicallyAirGappedVaultOptions = { minRetention: Duration.days(14), maxRetention: Duration.days(60), shareWithAccounts: ['444455556666'] };
    const copy: AirGappedCopyOptions = { ...options, vaultName: 'lag', ruleNames: ['Daily'] };
    const s = stack();
    new LogicallyAirGappedVault(s, 'Lag', { ...copy, vaultName: 'lag' });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', { BackupVaultName: 'lag', MinRetentionDays: 14, MaxRetentionDays: 60 });
    Template.fromStack(s).hasResourceProperties('AWS::RAM::ResourceShare', { Principals: ['444455556666'], ResourceArns: [LAG_ARN] });
  });
});
