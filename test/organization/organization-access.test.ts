import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationAccess, OrganizationBackup, StackSetCallAs } from '../../src';
import { cfnLint } from '../support/cfn-lint';
import { unacknowledgedNagFindings } from '../support/nag';

function stack() {
  const app = new App();
  return { app, stack: new Stack(app, 'Management', { env: { account: '111111111111', region: 'us-east-1' } }) };
}

const environment = { environmentName: 'dev', organizationalUnitIds: ['ou-ab12-dev00001'], regions: ['us-east-1'] };

function statements(t: Template): any[] {
  const policies = t.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('HandlerPolicy') } });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('OrganizationAccess', () => {
  test('by default: trusted access for AWS Backup and StackSets and the backup policy type, nothing undone on delete', () => {
    const { stack: s } = stack();
    new OrganizationAccess(s, 'Access');
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::OrganizationAccess', {
      BackupTrustedAccess: true,
      StackSetsTrustedAccess: true,
      BackupPolicyType: true,
      RestoreOnDelete: false,
      RootId: Match.absent(),
      DelegatedAdministratorAccountId: Match.absent(),
    });
    const actions = statements(t).flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([
      'organizations:EnableAWSServiceAccess', 'cloudformation:ActivateOrganizationsAccess', 'organizations:EnablePolicyType',
    ]));
    // No undo permission unless restoreOnDelete; no delegated administrator unless named.
    expect(actions.filter((a) => /Disable|Deactivate|Deregister|RegisterDelegated|ListStackResources/.test(a))).toEqual([]);
    expect(statements(t)).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: 'organizations:EnableAWSServiceAccess',
        Condition: { StringEquals: { 'organizations:ServicePrincipal': ['backup.amazonaws.com', 'member.org.stacksets.cloudformation.amazonaws.com'] } },
      }),
      expect.objectContaining({ Action: 'organizations:EnablePolicyType', Condition: { StringEquals: { 'organizations:PolicyType': 'BACKUP_POLICY' } } }),
    ]));
    const [resource] = Object.values(t.findResources('Custom::OrganizationAccess')) as any[];
    expect(resource.DependsOn.some((d: string) => d.startsWith('AccessHandlerPolicy'))).toBe(true);
  });

  test('delegated administrator and restoreOnDelete add exactly their permissions', () => {
    const { stack: s } = stack();
    new OrganizationAccess(s, 'Access', { backupDelegatedAdministratorAccountId: '222222222222', restoreOnDelete: true, rootId: 'r-ab12' });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::OrganizationAccess', { DelegatedAdministratorAccountId: '222222222222', RestoreOnDelete: true, RootId: 'r-ab12' });
    expect(statements(t)).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['organizations:RegisterDelegatedAdministrator', 'organizations:DeregisterDelegatedAdministrator'],
        Condition: { StringEquals: { 'organizations:ServicePrincipal': 'backup.amazonaws.com' } },
      }),
      expect.objectContaining({ Action: ['organizations:EnablePolicyType', 'organizations:DisablePolicyType'] }),
      expect.objectContaining({ Action: ['cloudformation:ActivateOrganizationsAccess', 'cloudformation:DeactivateOrganizationsAccess'] }),
      // Tells a replacement from a removal, on this stack only.
      expect.objectContaining({ Sid: 'TellReplacementFromRemoval', Action: 'cloudformation:ListStackResources', Resource: { Ref: 'AWS::StackId' } }),
    ]));
  });

  test.each<[string, any, string]>([
    ['a malformed root id', { rootId: 'root-1' }, "Management/Access: rootId ('root-1') must be 'r-' followed by 4 to 32 lowercase letters or digits (Organizations root id)"],
    ['the management account as delegated administrator', { backupDelegatedAdministratorAccountId: '111111111111' },
      "Management/Access: backupDelegatedAdministratorAccountId ('111111111111') is this stack's account, the management account: AWS allows only a member account as delegated administrator"],
    ['a delegated administrator without trusted access', { backupDelegatedAdministratorAccountId: '222222222222', backupTrustedAccess: false },
      "Management/Access: backupDelegatedAdministratorAccountId ('222222222222') needs backupTrustedAccess, which is false: Organizations registers a delegated administrator only for a service with trusted access"],
    ['nothing to do', { backupTrustedAccess: false, stackSetsTrustedAccess: false, backupPolicyType: false },
      'Management/Access: backupTrustedAccess, stackSetsTrustedAccess and backupPolicyType are false and backupDelegatedAdministratorAccountId is undefined: there is nothing to switch on'],
  ])('%s fails at synth', (_name, props, message) => {
    const { stack: s } = stack();
    expect(() => new OrganizationAccess(s, 'Access', props)).toThrow(message);
  });

  test('a malformed delegated administrator account id fails', () => {
    const { stack: s } = stack();
    expect(() => new OrganizationAccess(s, 'Access', { backupDelegatedAdministratorAccountId: '12345' })).toThrow(/Management\/Access: backupDelegatedAdministratorAccountId.*12345/);
  });

  test('two in one account fail', () => {
    const { stack: s } = stack();
    new OrganizationAccess(s, 'Access');
    expect(() => new OrganizationAccess(s, 'Again')).toThrow(
      'Management/Again: only one OrganizationAccess may exist per account, but Management/Access already manages it');
  });
});

describe('OrganizationBackup with OrganizationAccess', () => {
  test('by default (callAs SELF) it makes the prerequisites true first: policies and StackSets depend on it', () => {
    const { stack: s } = stack();
    const org = new OrganizationBackup(s, 'Org', { organizationId: 'o-abcdef1234', environments: [environment] });
    // Added after construction: depends on it too.
    org.addEnvironment({ environmentName: 'prod', organizationalUnitIds: ['ou-ab12-prod0001'], regions: ['eu-west-1'] });
    expect(org.organizationAccess).toBeInstanceOf(OrganizationAccess);
    const t = Template.fromStack(s);
    const accessId = s.getLogicalId(org.organizationAccess!.resource.node.defaultChild as any);
    const dependents = { ...t.findResources('AWS::Organizations::Policy'), ...t.findResources('AWS::CloudFormation::StackSet') };
    expect(Object.keys(dependents)).toHaveLength(4);
    for (const resource of Object.values(dependents) as any[]) expect(resource.DependsOn).toContain(accessId);
  });

  test('settings pass through; enabled false leaves the prerequisites alone', () => {
    const { stack: s } = stack();
    new OrganizationBackup(s, 'Org', {
      organizationId: 'o-abcdef1234',
      environments: [environment],
      organizationAccess: { settings: { backupDelegatedAdministratorAccountId: '222222222222' } },
    });
    Template.fromStack(s).hasResourceProperties('Custom::OrganizationAccess', { DelegatedAdministratorAccountId: '222222222222' });

    const { stack: off } = stack();
    const org = new OrganizationBackup(off, 'Org', { organizationId: 'o-abcdef1234', environments: [environment], organizationAccess: { enabled: false } });
    expect(org.organizationAccess).toBeUndefined();
    Template.fromStack(off).resourceCountIs('Custom::OrganizationAccess', 0);
  });

  test('callAs DELEGATED_ADMIN makes none by default, and refuses one asked for', () => {
    const { stack: s } = stack();
    const org = new OrganizationBackup(s, 'Org', { organizationId: 'o-abcdef1234', environments: [environment], callAs: StackSetCallAs.DELEGATED_ADMIN });
    expect(org.organizationAccess).toBeUndefined();
    Template.fromStack(s).resourceCountIs('Custom::OrganizationAccess', 0);

    const { stack: again } = stack();
    expect(() => new OrganizationBackup(again, 'Org', {
      organizationId: 'o-abcdef1234', environments: [environment], callAs: StackSetCallAs.DELEGATED_ADMIN, organizationAccess: { enabled: true },
    })).toThrow('Management/Org: organizationAccess.enabled is true with callAs DELEGATED_ADMIN: trusted access, policy types and delegated administrators can be changed only from the management account; set organizationAccess.enabled to false (and make them true once from the management account) or deploy with callAs SELF');
  });

  test('settings with enabled false fail (they would be ignored)', () => {
    const { stack: s } = stack();
    expect(() => new OrganizationBackup(s, 'Org', {
      organizationId: 'o-abcdef1234', environments: [environment], organizationAccess: { enabled: false, settings: { restoreOnDelete: true } },
    })).toThrow('Management/Org: organizationAccess.settings is given but organizationAccess.enabled is false: the settings would be ignored; remove them or enable organizationAccess');
  });

  test('cfn-lint and cdk-nag find nothing', () => {
    const { app, stack: s } = stack();
    new OrganizationBackup(s, 'Org', {
      organizationId: 'o-abcdef1234',
      environments: [environment],
      organizationAccess: { settings: { backupDelegatedAdministratorAccountId: '222222222222', restoreOnDelete: true } },
    });
    expect(unacknowledgedNagFindings(app)).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-access-'));
    const file = path.join(dir, 'management.json');
    fs.writeFileSync(file, JSON.stringify(Template.fromStack(s).toJSON()));
    expect(cfnLint([file]).map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
  });
});
