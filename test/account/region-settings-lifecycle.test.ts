// issue #19 item 2: the region settings custom resources over a stack's life. The same CloudFormation
// sequences (update surviving resources first, then Delete the removed one with its old properties;
// Create the replacement, then Delete the old) run against the region settings handler (source and
// the bundle that ships, which the member baseline also carries inline), on a fake
// AWS Backup that holds the region's settings. What the tests look at: the settings afterwards.
import { FakeBackupRegionApi } from './fake-backup-region-api';
import { BackupRegionSettings, BackupRegionSettingsProps } from '../../src/account';
import { handler as sourceHandler } from '../../src/account/handler/region-settings.lambda';
import { customResourceProvider, SimulatedStack, SimulatedTemplate } from '../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../support/handler-fixtures';
import { customResourcesOf } from '../support/simulated-template';
import { testStack } from '../support/stack';

type Handler = (event: any, context: any) => Promise<unknown>;
const TYPE = 'Custom::BackupRegionSettings';
const STACK_A = 'arn:aws:cloudformation:us-east-1:123456789012:stack/A/1';
const STACK_B = 'arn:aws:cloudformation:us-east-1:123456789012:stack/B/2';

const api = new FakeBackupRegionApi();
withLocalApi(api);

/** The custom resource of a synthesized BackupRegionSettings (the member baseline's carries the same two properties). */
function template(props: BackupRegionSettingsProps, id = 'RegionSettings'): SimulatedTemplate {
  const stack = testStack();
  new BackupRegionSettings(stack, id, props);
  return customResourcesOf(stack, TYPE);
}

const handlers: Array<[string, () => Handler]> = [
  ...sourceAndBundle<Handler>(sourceHandler, 'account/handler/region-settings.lambda'),
];

describe.each(handlers)('region settings over a stack\'s life (%s)', (_name, load) => {
  let handler: Handler;
  const stackOf = (id: string) => {
    const stack: SimulatedStack = new SimulatedStack(id, { [TYPE]: customResourceProvider(api, () => id, TYPE, handler, () => lambdaContext()) });
    api.stacks.push(stack);
    return stack;
  };
  beforeAll(() => { handler = load(); });
  beforeEach(() => {
    api.reset();
    api.stacks.length = 0;
    api.optIn = { Aurora: false, DynamoDB: true, RDS: false, S3: false };
  });

  test.each([false, true])('a construct id change (new resource created, old one deleted) keeps the opt-ins on (restoreOnDelete %s)', async (restoreOnDelete) => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, S3: true }, restoreOnDelete }, 'RegionSettings'));
    expect(api.optIn).toMatchObject({ RDS: true, S3: true });
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, S3: true }, restoreOnDelete }, 'Settings'));
    expect(stack.log).toEqual([
      expect.stringMatching(/^Create RegionSettings/), expect.stringMatching(/^Create Settings/), expect.stringMatching(/^Delete RegionSettings.* \(cleanup\)$/),
    ]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: true, S3: true });
  });

  test('with restoreOnDelete, the replacement takes over the values found before: deleting the stack after a rename puts them back', async () => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, S3: true }, restoreOnDelete: true }, 'RegionSettings'));
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, S3: true }, restoreOnDelete: true }, 'Settings'));
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: true, S3: true });
    await stack.destroy();
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: false, S3: false });
  });

  test('removing the construct keeps the opt-ins on (restoreOnDelete off by default)', async () => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true } }));
    await stack.deploy({});
    expect(api.optIn.RDS).toBe(true);
  });

  test('a stack deletion keeps the opt-ins on (restoreOnDelete off by default)', async () => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true } }));
    await stack.destroy();
    expect(api.optIn.RDS).toBe(true);
    expect(stack.log.filter((l) => l.includes('failed'))).toEqual([]);
  });

  test('an update that stops naming a type leaves it as it is (restoreOnDelete off by default)', async () => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, S3: true } }));
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true } }));
    expect(api.optIn).toMatchObject({ RDS: true, S3: true });
  });

  test('a move to another stack (created there, then removed here) keeps the opt-ins on', async () => {
    const a = stackOf(STACK_A);
    await a.deploy(template({ resourceTypeOptIn: { RDS: true } }));
    const b = stackOf(STACK_B);
    await b.deploy(template({ resourceTypeOptIn: { RDS: true } }));
    await a.deploy({});
    expect(api.optIn.RDS).toBe(true);
  });

  test('with restoreOnDelete, a stack deletion puts back what this resource changed, and only that', async () => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, DynamoDB: true }, restoreOnDelete: true }));
    await stack.destroy();
    // DynamoDB was on before: untouched.
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: false, S3: false });
  });

  test('with restoreOnDelete, removing the construct and dropping a type put them back', async () => {
    const stack = stackOf(STACK_A);
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true, S3: true }, restoreOnDelete: true }));
    await stack.deploy(template({ resourceTypeOptIn: { RDS: true }, restoreOnDelete: true }));
    expect(api.optIn).toMatchObject({ RDS: true, S3: false });
    await stack.deploy({});
    expect(api.optIn).toMatchObject({ RDS: false, S3: false });
  });
});
