// OrganizationAccess over a stack's life, in CloudFormation's order (update surviving resources
// first, then Delete the removed one with its old properties; Create the replacement, then Delete
// the old), against the handler (source and the bundle that ships) on a local Organizations and
// CloudFormation stand-in that holds the organization's state.
import { FakeOrganizationAccessApi } from './fake-organization-access-api';
import { OrganizationAccess, OrganizationAccessProps } from '../../src';
import { handler as sourceHandler } from '../../src/organization/handler/organization-access.lambda';
import { customResourceProvider, SimulatedStack, SimulatedTemplate } from '../support/cfn-events';
import { captureConsole, lambdaContext, sourceAndBundle, withLocalApi } from '../support/handler-fixtures';
import { customResourcesOf } from '../support/simulated-template';
import { testStack } from '../support/stack';

type Handler = (event: any, context: any) => Promise<unknown>;
const TYPE = 'Custom::OrganizationAccess';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:111111111111:stack/Management/1';
const BACKUP = 'backup.amazonaws.com';

const api = new FakeOrganizationAccessApi();
withLocalApi(api);
const output = captureConsole();

/** The custom resource of a synthesized OrganizationAccess. */
function template(props: OrganizationAccessProps, id = 'Access'): SimulatedTemplate {
  const stack = testStack({ id: 'Management', env: { account: '111111111111', region: 'us-east-1' } });
  new OrganizationAccess(stack, id, props);
  return customResourcesOf(stack, TYPE);
}

describe.each(sourceAndBundle<Handler>(sourceHandler, 'organization/handler/organization-access.lambda'))('organization access over a stack\'s life (%s)', (_name, load) => {
  let handler: Handler;
  let stack: SimulatedStack;
  beforeAll(() => { handler = load(); });
  beforeEach(() => {
    api.reset();
    api.servicePrincipals = new Set();
    api.stackSetsAccess = 'DISABLED';
    api.policyTypes = new Map([['SERVICE_CONTROL_POLICY', 'ENABLED']]);
    api.delegatedAdministrators = new Set();
    stack = new SimulatedStack(STACK_ID, { [TYPE]: customResourceProvider(api, () => STACK_ID, TYPE, handler, () => lambdaContext()) });
    api.stacks.length = 0;
    api.stacks.push(stack);
  });

  const allOn = () => {
    expect([...api.servicePrincipals]).toContain(BACKUP);
    expect(api.stackSetsAccess).toBe('ENABLED');
    expect(api.policyTypes.get('BACKUP_POLICY')).toBe('ENABLED');
    expect([...api.delegatedAdministrators]).toEqual(['222222222222']);
  };
  const props = (restoreOnDelete: boolean): OrganizationAccessProps => ({ backupDelegatedAdministratorAccountId: '222222222222', restoreOnDelete });

  test.each([false, true])('a construct id change keeps everything on (restoreOnDelete %s)', async (restoreOnDelete) => {
    await stack.deploy(template(props(restoreOnDelete), 'Access'));
    api.reset();
    await stack.deploy(template(props(restoreOnDelete), 'OrganizationAccess'));
    expect(stack.log).toEqual([
      expect.stringMatching(/^Create Access[0-9A-F]{8}$/), expect.stringMatching(/^Create OrganizationAccess/), expect.stringMatching(/^Delete Access[0-9A-F]{8} \(cleanup\)$/),
    ]);
    expect(api.writes()).toEqual([]);
    allOn();
  });

  test('with restoreOnDelete, the replacement takes over what the old one switched on: deleting the stack later undoes it all', async () => {
    await stack.deploy(template(props(true), 'Access'));
    await stack.deploy(template(props(true), 'OrganizationAccess'));
    allOn();
    api.reset();
    await stack.destroy();
    expect(api.writes()).toEqual([
      'organizations:DeregisterDelegatedAdministrator', 'organizations:DisablePolicyType',
      'cloudformation:DeactivateOrganizationsAccess', 'organizations:DisableAWSServiceAccess',
    ]);
    expect(api.servicePrincipals.size).toBe(0);
    expect(api.policyTypes.has('BACKUP_POLICY')).toBe(false);
    expect(output.lines('log').map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ requestType: 'Delete', reason: expect.stringMatching(/^replaced by OrganizationAccess/) }));
  });

  test('with restoreOnDelete, removing the construct undoes what it switched on (a removal, not a replacement)', async () => {
    api.servicePrincipals.add(BACKUP); // on before: stays on
    await stack.deploy(template(props(true)));
    await stack.deploy({});
    expect(stack.log.at(-1)).toMatch(/^Delete Access[0-9A-F]{8} \(cleanup\)$/);
    expect([...api.servicePrincipals]).toEqual([BACKUP]);
    expect(api.stackSetsAccess).toBe('DISABLED');
    expect(api.policyTypes.has('BACKUP_POLICY')).toBe(false);
    expect(api.delegatedAdministrators.size).toBe(0);
  });

  test('without restoreOnDelete, removing the construct or deleting the stack switches nothing off', async () => {
    await stack.deploy(template(props(false)));
    await stack.deploy({});
    allOn();
    await stack.deploy(template(props(false)));
    await stack.destroy();
    allOn();
  });

  test('a prop change is an update: the physical id stays, so no Delete comes and nothing is undone', async () => {
    await stack.deploy(template({ restoreOnDelete: true }));
    await stack.deploy(template(props(true)));
    expect(stack.log).toEqual([expect.stringMatching(/^Create Access/), expect.stringMatching(/^Update Access/)]);
    allOn();
  });
});
