import { decodePhysicalId, FAILED_CREATE_PHYSICAL_ID } from '../../../src/organization/handler/organization-access-logic';
import { handler as sourceHandler } from '../../../src/organization/handler/organization-access.lambda';
import { customResourceEvent, SimulatedStack } from '../../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../../support/handler-fixtures';
import { FakeOrganizationAccessApi } from '../fake-organization-access-api';

type Handler = (event: any, context: any) => Promise<void>;

const api = new FakeOrganizationAccessApi();
const context = lambdaContext();
const BACKUP = 'backup.amazonaws.com';
const STACKSETS = 'member.org.stacksets.cloudformation.amazonaws.com';

withLocalApi(api);

// CloudFormation passes booleans as strings.
const ALL = { BackupTrustedAccess: 'true', StackSetsTrustedAccess: 'true', BackupPolicyType: 'true', RestoreOnDelete: 'false' };

const STACK_ID = 'arn:aws:cloudformation:us-east-1:111111111111:stack/S/1';
// The stack the events come from: with RestoreOnDelete the handler reads its resources (ListStackResources).
api.stacks.push(new SimulatedStack(STACK_ID, {}));

function event(requestType: string, properties: any, extra: any = {}): any {
  return customResourceEvent(requestType, {
    endpoint: api.endpoint,
    stackId: STACK_ID,
    logicalResourceId: 'OrganizationAccess',
    resourceType: 'Custom::OrganizationAccess',
    properties,
  }, extra);
}

describe.each(sourceAndBundle<Handler>(sourceHandler, 'organization/handler/organization-access.lambda'))('organization access handler (%s)', (_name, load) => {
  let handler: Handler;
  beforeAll(() => { handler = load(); });
  beforeEach(() => {
    api.reset();
    api.managementAccount = true;
    api.staleReads = false;
    api.pendingReads = 0;
    api.servicePrincipals = new Set();
    api.stackSetsAccess = 'DISABLED';
    api.policyTypes = new Map([['SERVICE_CONTROL_POLICY', 'ENABLED']]);
    api.delegatedAdministrators = new Set();
  });

  test('enables what is off, in order, and remembers it in the physical id', async () => {
    await handler(event('Create', { ...ALL, DelegatedAdministratorAccountId: '222222222222' }), context);
    expect(api.writes()).toEqual([
      'organizations:EnableAWSServiceAccess',
      'cloudformation:ActivateOrganizationsAccess',
      'organizations:EnablePolicyType',
      'organizations:RegisterDelegatedAdministrator',
    ]);
    expect(api.calls.find((c) => c.operation === 'EnablePolicyType')!.input).toEqual({ RootId: 'r-ab12', PolicyType: 'BACKUP_POLICY' });
    expect(api.calls.find((c) => c.operation === 'RegisterDelegatedAdministrator')!.input).toEqual({ AccountId: '222222222222', ServicePrincipal: BACKUP });
    expect([...api.servicePrincipals].sort()).toEqual([BACKUP, STACKSETS]);
    expect(api.stackSetsAccess).toBe('ENABLED');
    expect(api.policyTypes.get('BACKUP_POLICY')).toBe('ENABLED');
    expect([...api.delegatedAdministrators]).toEqual(['222222222222']);
    const [response] = api.responses;
    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { RootId: 'r-ab12' } });
    expect(decodePhysicalId(response.PhysicalResourceId)).toEqual([
      { kind: 'backupTrustedAccess' }, { kind: 'stackSetsTrustedAccess' },
      { kind: 'backupPolicyType', rootId: 'r-ab12' }, { kind: 'delegatedAdministrator', accountId: '222222222222' },
    ]);
  });

  test('already enabled: reads only, changes nothing, remembers nothing', async () => {
    api.servicePrincipals = new Set([BACKUP, STACKSETS]);
    api.stackSetsAccess = 'ENABLED';
    api.policyTypes.set('BACKUP_POLICY', 'ENABLED');
    api.delegatedAdministrators.add('222222222222');
    await handler(event('Create', { ...ALL, DelegatedAdministratorAccountId: '222222222222' }), context);
    expect(api.writes()).toEqual([]);
    expect(api.responses[0].Status).toBe('SUCCESS');
    expect(decodePhysicalId(api.responses[0].PhysicalResourceId)).toEqual([]);
  });

  test('policy type already enabled and account already registered (another writer was faster): success', async () => {
    api.servicePrincipals = new Set([BACKUP]);
    api.policyTypes.set('BACKUP_POLICY', 'ENABLED');
    api.delegatedAdministrators.add('222222222222');
    api.staleReads = true; // the reads still say "off"
    await handler(event('Create', { ...ALL, StackSetsTrustedAccess: 'false', DelegatedAdministratorAccountId: '222222222222' }), context);
    expect(api.writes()).toEqual([
      'organizations:EnableAWSServiceAccess', 'organizations:EnablePolicyType', 'organizations:RegisterDelegatedAdministrator',
    ]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  // Issue 19 item 11: EnablePolicyType is asynchronous (Organizations API reference); a backup
  // policy attached while the type is PENDING_ENABLE fails, so the resource completes at ENABLED only.
  const rootReads = () => api.calls.filter((c) => c.operation === 'ListRoots' || c.operation === 'EnablePolicyType').map((c) => c.operation);
  test('EnablePolicyType is asynchronous: the handler answers only once ListRoots reports ENABLED', async () => {
    api.pendingReads = 1;
    await handler(event('Create', ALL), context);
    expect(api.responses[0].Status).toBe('SUCCESS');
    expect(rootReads()).toEqual(['ListRoots', 'EnablePolicyType', 'ListRoots', 'ListRoots']);
    expect(api.policyTypes.get('BACKUP_POLICY')).toBe('ENABLED');
  });

  test('PENDING_ENABLE already (another writer): no EnablePolicyType, waits for ENABLED', async () => {
    api.policyTypes.set('BACKUP_POLICY', 'PENDING_ENABLE');
    api.pendingReads = 2;
    await handler(event('Create', ALL), context);
    expect(api.responses[0].Status).toBe('SUCCESS');
    expect(api.writes()).not.toContain('organizations:EnablePolicyType');
    expect(rootReads()).toEqual(['ListRoots', 'ListRoots', 'ListRoots']);
    expect(api.policyTypes.get('BACKUP_POLICY')).toBe('ENABLED');
  });

  test('still PENDING_ENABLE when the time runs out: FAILED naming the policy type, the root, the status and the wait', async () => {
    api.pendingReads = 1_000;
    await handler(event('Create', ALL), lambdaContext(22_000));
    expect(api.responses[0].Status).toBe('FAILED');
    expect(api.responses[0].Reason).toMatch(
      /^policy type BACKUP_POLICY on root r-ab12: still PENDING_ENABLE after \d+ seconds \(\d+ ListRoots reads\): Organizations has not finished enabling it; backup policies cannot be attached until it is ENABLED\. Retry the deployment/);
  });

  test('registers the delegated administrator only after AWS Backup has trusted access', async () => {
    await handler(event('Create', {
      BackupTrustedAccess: 'true', StackSetsTrustedAccess: 'false', BackupPolicyType: 'false', DelegatedAdministratorAccountId: '333333333333',
    }), context);
    expect(api.writes()).toEqual(['organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator']);
    expect(api.responses[0].Status).toBe('SUCCESS');
    expect([...api.delegatedAdministrators]).toEqual(['333333333333']);
  });

  test('access denied (not the management account): FAILED with the step and AWS\'s reason; its Delete does nothing', async () => {
    api.managementAccount = false;
    await handler(event('Create', ALL), context);
    expect(api.responses[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID });
    expect(api.responses[0].Reason).toMatch(
      /^trusted access for AWS Backup \(backup\.amazonaws\.com\): AccessDeniedException: You don't have permissions to access this resource\. \(log stream: test-stream\)$/);
    api.reset();
    await handler(event('Delete', { ...ALL, RestoreOnDelete: 'true' }, { PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID }), context);
    expect(api.calls).toEqual([]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('a root id that is not the organization\'s fails with the roots found', async () => {
    await handler(event('Create', { ...ALL, RootId: 'r-zz99' }), context);
    expect(api.responses[0].Status).toBe('FAILED');
    expect(api.responses[0].Reason).toContain('root r-zz99 is not a root of this organization (ListRoots answered r-ab12)');
    expect(api.writes()).toEqual([]);
  });

  test('delete by default undoes nothing: trusted access, policy type and administrator stay on', async () => {
    await handler(event('Create', { ...ALL, DelegatedAdministratorAccountId: '222222222222' }), context);
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Delete', { ...ALL, DelegatedAdministratorAccountId: '222222222222' }, { PhysicalResourceId: id }), context);
    expect(api.calls).toEqual([]);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
    expect([...api.servicePrincipals].sort()).toEqual([BACKUP, STACKSETS]);
    expect(api.policyTypes.get('BACKUP_POLICY')).toBe('ENABLED');
    expect([...api.delegatedAdministrators]).toEqual(['222222222222']);
  });

  test('restoreOnDelete undoes, in reverse order, only what the Create switched on', async () => {
    api.servicePrincipals = new Set([BACKUP]); // on before: stays on
    const props = { ...ALL, RestoreOnDelete: 'true', DelegatedAdministratorAccountId: '222222222222' };
    await handler(event('Create', props), context);
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Delete', props, { PhysicalResourceId: id }), context);
    expect(api.writes()).toEqual([
      'organizations:DeregisterDelegatedAdministrator', 'organizations:DisablePolicyType', 'cloudformation:DeactivateOrganizationsAccess',
    ]);
    expect(api.responses[0].Status).toBe('SUCCESS');
    expect([...api.servicePrincipals]).toEqual([BACKUP]);
    expect(api.stackSetsAccess).toBe('DISABLED');
    expect(api.policyTypes.has('BACKUP_POLICY')).toBe(false);
    expect(api.delegatedAdministrators.size).toBe(0);
  });

  test('restoreOnDelete leaves what someone switched off since', async () => {
    const props = { ...ALL, RestoreOnDelete: 'true' };
    await handler(event('Create', props), context);
    const id = api.responses[0].PhysicalResourceId;
    api.policyTypes.delete('BACKUP_POLICY'); // disabled by hand meanwhile
    api.reset();
    await handler(event('Delete', props, { PhysicalResourceId: id }), context);
    expect(api.writes()).toEqual(['cloudformation:DeactivateOrganizationsAccess', 'organizations:DisableAWSServiceAccess']);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('update switches on what is newly asked and keeps the physical id', async () => {
    await handler(event('Create', ALL), context);
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Update', { ...ALL, DelegatedAdministratorAccountId: '222222222222' }, {
      PhysicalResourceId: id, OldResourceProperties: { ServiceToken: 'x', ...ALL },
    }), context);
    expect(api.writes()).toEqual(['organizations:RegisterDelegatedAdministrator']);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
  });

  test('a flag that is not a boolean fails the request before any call', async () => {
    await handler(event('Create', { ...ALL, BackupPolicyType: 'yes' }), context);
    expect(api.responses[0].Status).toBe('FAILED');
    expect(api.responses[0].Reason).toContain('BackupPolicyType must be true or false, got "yes"');
    expect(api.calls).toEqual([]);
  });
});
