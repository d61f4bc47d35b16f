// issue #19 item 2: the global settings custom resource over a stack's life, in CloudFormation's order
// (update surviving resources first, then Delete the removed one with its old properties; Create the
// replacement, then Delete the old), against the handler (source and the bundle that ships) on a fake
// AWS Backup that holds the organization's global settings.
import { FakeBackupGlobalApi } from './fake-backup-global-api';
import { BackupGlobalSettings, BackupGlobalSettingsProps } from '../../src';
import { handler as sourceHandler } from '../../src/organization/handler/global-settings.lambda';
import { customResourceEvent, customResourceProvider, SimulatedStack, SimulatedTemplate } from '../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../support/handler-fixtures';
import { customResourcesOf } from '../support/simulated-template';
import { testStack } from '../support/stack';

type Handler = (event: any, context: any) => Promise<unknown>;
const TYPE = 'Custom::BackupGlobalSettings';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:111111111111:stack/Management/1';

const api = new FakeBackupGlobalApi();
withLocalApi(api);

/** The custom resource of a synthesized BackupGlobalSettings. */
function template(props: BackupGlobalSettingsProps, id = 'Global'): SimulatedTemplate {
  const stack = testStack({ id: 'Management', env: { account: '111111111111', region: 'us-east-1' } });
  new BackupGlobalSettings(stack, id, props);
  return customResourcesOf(stack, TYPE);
}

describe.each(sourceAndBundle<Handler>(sourceHandler, 'organization/handler/global-settings.lambda'))('global settings over a stack\'s life (%s)', (_name, load) => {
  let handler: Handler;
  let stack: SimulatedStack;
  beforeAll(() => { handler = load(); });
  beforeEach(() => {
    api.reset();
    api.settings = { isCrossAccountBackupEnabled: 'false', isMpaEnabled: 'false', isDelegatedAdministratorEnabled: 'false' };
    stack = new SimulatedStack(STACK_ID, { [TYPE]: customResourceProvider(api, () => STACK_ID, TYPE, handler, () => lambdaContext()) });
    api.stacks.length = 0;
    api.stacks.push(stack);
  });

  test.each([false, true])('a construct id change keeps cross-account backup on for the organization (restoreOnDelete %s)', async (restoreOnDelete) => {
    await stack.deploy(template({ crossAccountBackup: true, restoreOnDelete }, 'Global'));
    await stack.deploy(template({ crossAccountBackup: true, restoreOnDelete }, 'GlobalSettings'));
    expect(stack.log).toEqual([
      expect.stringMatching(/^Create Global[0-9A-F]{8}$/), expect.stringMatching(/^Create GlobalSettings/), expect.stringMatching(/^Delete Global[0-9A-F]{8} \(cleanup\)$/),
    ]);
    expect(api.settings.isCrossAccountBackupEnabled).toBe('true');
  });

  test('with restoreOnDelete, the replacement takes over the values found before: deleting the stack after a rename puts them back', async () => {
    await stack.deploy(template({ crossAccountBackup: true, restoreOnDelete: true }, 'Global'));
    await stack.deploy(template({ crossAccountBackup: true, restoreOnDelete: true }, 'GlobalSettings'));
    expect(api.settings.isCrossAccountBackupEnabled).toBe('true');
    await stack.destroy();
    expect(api.settings.isCrossAccountBackupEnabled).toBe('false');
  });

  test('removing the construct, or deleting the stack, keeps the flags (restoreOnDelete off by default)', async () => {
    await stack.deploy(template({ crossAccountBackup: true, delegatedAdministrator: true }));
    await stack.deploy(template({ crossAccountBackup: true }));
    expect(api.settings).toMatchObject({ isCrossAccountBackupEnabled: 'true', isDelegatedAdministratorEnabled: 'true' });
    await stack.deploy({});
    expect(api.settings).toMatchObject({ isCrossAccountBackupEnabled: 'true', isDelegatedAdministratorEnabled: 'true' });
  });

  test('with restoreOnDelete, a stack deletion puts back the flags it changed', async () => {
    await stack.deploy(template({ crossAccountBackup: true, restoreOnDelete: true }));
    await stack.destroy();
    expect(api.settings.isCrossAccountBackupEnabled).toBe('false');
  });

  test('a flag AWS Backup does not define fails the request, naming it and the flags AWS defines', async () => {
    await handler(customResourceEvent('Create', {
      endpoint: api.endpoint, logicalResourceId: 'Global', resourceType: TYPE, properties: { GlobalSettings: { isCrossAccountBackupEnable: 'true' } }, stackId: STACK_ID,
    }), lambdaContext());
    expect(api.responses[0].Status).toBe('FAILED');
    expect(api.responses[0].Reason).toContain('global setting "isCrossAccountBackupEnable" is not one AWS Backup defines: expected one of isCrossAccountBackupEnabled, isMpaEnabled, isDelegatedAdministratorEnabled');
    expect(api.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });
});
