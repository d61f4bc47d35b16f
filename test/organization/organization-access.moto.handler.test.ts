import {
  CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand, ListRootsCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { FakeOrganizationAccessApi } from './fake-organization-access-api';
import { handler } from '../../src/organization/handler/organization-access.lambda';
import { customResourceEvent, SimulatedStack } from '../support/cfn-events';
import { captureConsole, lambdaContext, serve, withMotoAccount } from '../support/handler-fixtures';

// Second opinion: the Organizations calls against moto_server 5.2, which implements them (trusted
// access, roots and policy types, delegated administrators); CloudFormation's organizations access
// calls, which moto does not implement, against the local stand-in.
const cfn = new FakeOrganizationAccessApi();
// The stack the events come from (customResourceEvent's default): with RestoreOnDelete the handler reads its resources.
cfn.stacks.push(new SimulatedStack('arn:aws:cloudformation:us-east-1:123456789012:stack/S/1', {}));
const context = lambdaContext();
let org: OrganizationsClient;
let member: string;

const output = captureConsole();
serve(cfn);
// A fresh account of its own: the organization it creates is this file's alone.
withMotoAccount(() => ({ AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.endpoint, AWS_MAX_ATTEMPTS: '1' }));
beforeAll(async () => {
  org = new OrganizationsClient({});
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const created = await org.send(new CreateAccountCommand({ AccountName: 'backup-admin', Email: 'backup-admin@example.com' }));
  member = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! })))
    .CreateAccountStatus!.AccountId!;
}, 60_000);

function event(requestType: string, properties: any, extra: any = {}): any {
  return customResourceEvent(requestType, {
    endpoint: cfn.endpoint, logicalResourceId: 'OrganizationAccess', resourceType: 'Custom::OrganizationAccess', properties,
  }, extra);
}

test('moto: create switches on trusted access and the policy type; a second create finds them on; restore undoes them', async () => {
  const props = { BackupTrustedAccess: 'true', StackSetsTrustedAccess: 'true', BackupPolicyType: 'true', RestoreOnDelete: 'true' };
  await handler(event('Create', props), context);
  expect(cfn.responses[0].Reason).toBeUndefined();
  expect(cfn.responses[0]).toMatchObject({ Status: 'SUCCESS' });
  const principals = (await org.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map((p) => p.ServicePrincipal);
  expect(principals).toContain('backup.amazonaws.com');
  const [root] = (await org.send(new ListRootsCommand({}))).Roots!;
  expect(root.PolicyTypes).toEqual(expect.arrayContaining([{ Type: 'BACKUP_POLICY', Status: 'ENABLED' }]));
  const id = cfn.responses[0].PhysicalResourceId;

  cfn.reset();
  await handler(event('Create', props), context);
  expect(cfn.responses[0]).toMatchObject({ Status: 'SUCCESS' });
  expect(cfn.writes()).toEqual([]); // CloudFormation: already ENABLED in the stand-in

  cfn.reset();
  await handler(event('Delete', props, { PhysicalResourceId: id }), context);
  expect(cfn.responses[0]).toMatchObject({ Status: 'SUCCESS' });
  const [after] = (await org.send(new ListRootsCommand({}))).Roots!;
  expect((after.PolicyTypes ?? []).filter((t) => t.Type === 'BACKUP_POLICY')).toEqual([]);
  const left = (await org.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map((p) => p.ServicePrincipal);
  expect(left).not.toContain('backup.amazonaws.com');
}, 60_000);

// Deviation: moto 5.2's delegated administrators know a short list of services without AWS Backup,
// while AWS registers one for backup.amazonaws.com (AWS Backup developer guide, "Delegated
// administrator"; Organizations API RegisterDelegatedAdministrator). The registration itself is
// tested against the local stand-in (organization-access.handler.test.ts); here moto's refusal is
// pinned, so that this test notices when moto learns the service.
test('moto deviation: it refuses AWS Backup as a delegated administrator service, which AWS accepts', async () => {
  await handler(event('Create', { BackupTrustedAccess: 'true', StackSetsTrustedAccess: 'false', BackupPolicyType: 'false', DelegatedAdministratorAccountId: member }), context);
  expect(cfn.responses.at(-1)).toMatchObject({ Status: 'FAILED' });
  expect(cfn.responses.at(-1).Reason).toContain('You specified an unrecognized service principal.');
  // The failure is logged for the function's log group, as CloudFormation shows only the reason.
  expect(output.lines('error').map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({ level: 'error', requestType: 'Create', message: expect.stringContaining('unrecognized service principal') }),
  ]);
  await expect(org.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'backup.amazonaws.com' }))).rejects.toThrow('unrecognized service principal');
}, 60_000);
