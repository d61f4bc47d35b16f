import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupGlobalSettings, OrganizationBackup } from '../../src';
import { unacknowledgedNagFindings } from '../support/nag';

function stack() {
  const app = new App();
  return { app, stack: new Stack(app, 'Management', { env: { account: '111111111111', region: 'us-east-1' } }) };
}

describe('BackupGlobalSettings', () => {
  test('a custom resource with only the flags named, a handler allowed the two global settings calls', () => {
    const { stack: s } = stack();
    new BackupGlobalSettings(s, 'Global', { crossAccountBackup: true, multiPartyApproval: false });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::BackupGlobalSettings', {
      GlobalSettings: { isCrossAccountBackupEnabled: true, isMpaEnabled: false },
      RestoreOnDelete: false,
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['backup:DescribeGlobalSettings', 'backup:UpdateGlobalSettings'], Effect: 'Allow', Resource: '*' }] },
    });
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler' });
    const [resource] = Object.values(t.findResources('Custom::BackupGlobalSettings')) as any[];
    expect(resource.DependsOn.some((d: string) => d.startsWith('GlobalHandlerPolicy'))).toBe(true);
  });

  test('restoreOnDelete passes RestoreOnDelete and allows ListStackResources on this stack only', () => {
    const { stack: s } = stack();
    new BackupGlobalSettings(s, 'Global', { crossAccountBackup: true, restoreOnDelete: true });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::BackupGlobalSettings', { RestoreOnDelete: true });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['backup:DescribeGlobalSettings', 'backup:UpdateGlobalSettings'], Effect: 'Allow', Resource: '*' },
          { Sid: 'TellReplacementFromRemoval', Effect: 'Allow', Action: 'cloudformation:ListStackResources', Resource: { Ref: 'AWS::StackId' } },
        ],
      },
    });
  });

  test('nothing to set fails', () => {
    const { stack: s } = stack();
    expect(() => new BackupGlobalSettings(s, 'Global', {})).toThrow(
      'Management/Global: crossAccountBackup, multiPartyApproval and delegatedAdministrator are all undefined: set at least one (there is nothing to change)');
  });

  test('two in one account fail', () => {
    const { stack: s } = stack();
    new BackupGlobalSettings(s, 'Global', { crossAccountBackup: true });
    expect(() => new BackupGlobalSettings(s, 'Again', { crossAccountBackup: false })).toThrow(
      'Management/Again: only one BackupGlobalSettings may exist per account, but Management/Global already manages them');
  });

  test('OrganizationBackup applies globalSettings; cdk-nag finds nothing unacknowledged', () => {
    const { app, stack: s } = stack();
    const org = new OrganizationBackup(s, 'Org', {
      organizationId: 'o-abcdef1234',
      globalSettings: { crossAccountBackup: true },
      environments: [{ environmentName: 'dev', organizationalUnitIds: ['ou-ab12-dev00001'], regions: ['us-east-1'] }],
    });
    expect(org.globalSettings).toBeInstanceOf(BackupGlobalSettings);
    Template.fromStack(s).hasResourceProperties('Custom::BackupGlobalSettings', { GlobalSettings: { isCrossAccountBackupEnabled: true } });
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });
});
