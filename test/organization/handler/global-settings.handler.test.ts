import { decodePhysicalId, FAILED_CREATE_PHYSICAL_ID } from '../../../src/organization/handler/global-settings-logic';
import { handler as sourceHandler } from '../../../src/organization/handler/global-settings.lambda';
import { customResourceEvent, SimulatedStack } from '../../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../../support/handler-fixtures';
import { FakeBackupGlobalApi } from '../fake-backup-global-api';

type Handler = (event: any, context: any) => Promise<void>;

const api = new FakeBackupGlobalApi();
const context = lambdaContext();
withLocalApi(api);
// The stack the Delete events come from, with no other resource: a removal, not a replacement.
api.stacks.push(new SimulatedStack('arn:aws:cloudformation:us-east-1:111111111111:stack/S/1', {}));

/** An event of a resource with RestoreOnDelete (the tests of its absence are in global-settings-lifecycle.test.ts). */
function event(requestType: string, settings: any, extra: any = {}): any {
  // CloudFormation passes booleans as strings.
  return customResourceEvent(requestType, {
    endpoint: api.endpoint,
    stackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/S/1',
    logicalResourceId: 'GlobalSettings',
    resourceType: 'Custom::BackupGlobalSettings',
    properties: { GlobalSettings: settings, RestoreOnDelete: 'true' },
  }, extra);
}

const puts = () => api.requests.filter((r) => r.method === 'PUT').map((r) => r.body);

describe.each(sourceAndBundle<Handler>(sourceHandler, 'organization/handler/global-settings.lambda'))('global settings handler (%s)', (_name, load) => {
  let handler: Handler;
  beforeAll(() => { handler = load(); });
  beforeEach(() => {
    api.reset();
    api.managementAccount = true;
    api.settings = { isCrossAccountBackupEnabled: 'false', isMpaEnabled: 'false', isDelegatedAdministratorEnabled: 'true' };
  });

  test('create changes only what differs and remembers the values before; delete restores only what it changed', async () => {
    await handler(event('Create', { isCrossAccountBackupEnabled: 'true', isDelegatedAdministratorEnabled: 'true' }), context);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /global-settings', 'PUT /global-settings']);
    expect(puts()).toEqual([{ GlobalSettings: { isCrossAccountBackupEnabled: 'true' } }]);
    const created = api.responses[0];
    expect(created.Status).toBe('SUCCESS');
    expect(decodePhysicalId(created.PhysicalResourceId)).toEqual({ isCrossAccountBackupEnabled: 'false', isMpaEnabled: 'false', isDelegatedAdministratorEnabled: 'true' });

    api.reset();
    await handler(event('Delete', { isCrossAccountBackupEnabled: 'true', isDelegatedAdministratorEnabled: 'true' }, { PhysicalResourceId: created.PhysicalResourceId }), context);
    // Cross-account backup goes back off; delegated administration was already on: untouched.
    expect(puts()).toEqual([{ GlobalSettings: { isCrossAccountBackupEnabled: 'false' } }]);
    expect(api.settings).toEqual({ isCrossAccountBackupEnabled: 'false', isMpaEnabled: 'false', isDelegatedAdministratorEnabled: 'true' });
  });

  test('delete leaves a flag someone changed since', async () => {
    await handler(event('Create', { isCrossAccountBackupEnabled: 'true' }), context);
    const id = api.responses[0].PhysicalResourceId;
    api.settings.isCrossAccountBackupEnabled = 'false'; // switched off by hand meanwhile
    api.reset();
    await handler(event('Delete', { isCrossAccountBackupEnabled: 'true' }, { PhysicalResourceId: id }), context);
    expect(puts()).toEqual([]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('update keeps the physical id, restores a flag no longer named and sets a new one', async () => {
    await handler(event('Create', { isCrossAccountBackupEnabled: 'true' }), context);
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Update', { isMpaEnabled: 'true' }, {
      PhysicalResourceId: id,
      OldResourceProperties: { ServiceToken: 'x', GlobalSettings: { isCrossAccountBackupEnabled: 'true' }, RestoreOnDelete: 'true' },
    }), context);
    expect(puts()).toEqual([{ GlobalSettings: { isCrossAccountBackupEnabled: 'false', isMpaEnabled: 'true' } }]);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
  });

  test('outside the management account AWS refuses: the stack gets FAILED with the reason', async () => {
    api.managementAccount = false;
    await handler(event('Create', { isCrossAccountBackupEnabled: 'true' }), context);
    expect(api.responses[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID });
    expect(api.responses[0].Reason).toMatch(/not the management account.*\(log stream: test-stream\)/);
    // Its Delete then does nothing.
    api.reset();
    await handler(event('Delete', { isCrossAccountBackupEnabled: 'true' }, { PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID }), context);
    expect(puts()).toEqual([]);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('a value that is not a boolean fails the request', async () => {
    await handler(event('Create', { isCrossAccountBackupEnabled: 'yes' }), context);
    expect(api.responses[0].Status).toBe('FAILED');
    expect(api.responses[0].Reason).toContain('global setting isCrossAccountBackupEnabled must be true or false, got "yes"');
    expect(puts()).toEqual([]);
  });
});
