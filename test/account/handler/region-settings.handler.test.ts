import { decodePhysicalId, FAILED_CREATE_PHYSICAL_ID } from '../../../src/account/handler/region-settings-logic';
import { handler as sourceHandler } from '../../../src/account/handler/region-settings.lambda';
import { customResourceEvent, SimulatedStack } from '../../support/cfn-events';
import { lambdaContext, sourceAndBundle, withLocalApi } from '../../support/handler-fixtures';
import { FakeBackupRegionApi } from '../fake-backup-region-api';

type Handler = (event: any, context: any) => Promise<void>;

const api = new FakeBackupRegionApi();
const context = lambdaContext();
withLocalApi(api);
// The stack the Delete events come from, with no other resource: a removal, not a replacement.
api.stacks.push(new SimulatedStack('arn:aws:cloudformation:us-east-1:123456789012:stack/S/1', {}));

function event(requestType: string, props: any, extra: any = {}): any {
  // CloudFormation passes booleans as strings
  return customResourceEvent(requestType, {
    endpoint: api.endpoint, logicalResourceId: 'RegionSettings', resourceType: 'Custom::BackupRegionSettings', properties: props,
  }, extra);
}

function puts() {
  return api.requests.filter((r) => r.method === 'PUT').map((r) => r.body);
}

describe.each(sourceAndBundle<Handler>(sourceHandler, 'account/handler/region-settings.lambda'))('region settings handler (%s)', (_name, load) => {
  let handler: Handler;
  beforeAll(() => { handler = load(); });
  beforeEach(() => {
    api.reset();
    api.optIn = { Aurora: false, DynamoDB: true, EBS: true, RDS: false, S3: false, EFS: true };
    api.management = { DynamoDB: false, EFS: true };
  });

  test('create sets only the keys that differ, remembers the values before, update and delete restore them', async () => {
    // Create: RDS and S3 on, DynamoDB stays on (already on), DynamoDB full management on.
    const createProps = {
      RestoreOnDelete: 'true',
      ResourceTypeOptInPreference: { RDS: 'true', S3: 'true', DynamoDB: 'true' },
      ResourceTypeManagementPreference: { DynamoDB: 'true' },
    };
    await handler(event('Create', createProps), context);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /account-settings', 'PUT /account-settings']);
    expect(puts()).toEqual([{
      ResourceTypeOptInPreference: { RDS: true, S3: true },
      ResourceTypeManagementPreference: { DynamoDB: true },
    }]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, EBS: true, RDS: true, S3: true, EFS: true });
    expect(api.management).toEqual({ DynamoDB: true, EFS: true });
    const created = api.responses[0];
    expect(created).toMatchObject({ Status: 'SUCCESS', RequestId: 'req-Create', LogicalResourceId: 'RegionSettings' });
    const physicalId: string = created.PhysicalResourceId;
    expect(decodePhysicalId(physicalId)).toEqual({
      optIn: { Aurora: false, DynamoDB: true, EBS: true, RDS: false, S3: false, EFS: true },
      management: { DynamoDB: false, EFS: true },
    });

    // Update: stop managing S3 (restored to false), add Aurora (set true), keep RDS and DynamoDB.
    api.reset();
    const updateProps = {
      RestoreOnDelete: 'true',
      ResourceTypeOptInPreference: { RDS: 'true', DynamoDB: 'true', Aurora: 'true' },
      ResourceTypeManagementPreference: { DynamoDB: 'true' },
    };
    await handler(event('Update', updateProps, { PhysicalResourceId: physicalId, OldResourceProperties: createProps }), context);
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { S3: false, Aurora: true } }]);
    expect(api.optIn).toEqual({ Aurora: true, DynamoDB: true, EBS: true, RDS: true, S3: false, EFS: true });
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });

    // Someone else turns EBS off meanwhile: not ours, must stay off.
    api.optIn.EBS = false;

    // Delete: RDS, Aurora back to false, DynamoDB management back to false; DynamoDB opt-in was
    // already true before, so it is not touched; EBS and EFS are not ours.
    api.reset();
    await handler(event('Delete', updateProps, { PhysicalResourceId: physicalId }), context);
    expect(puts()).toEqual([{
      ResourceTypeOptInPreference: { RDS: false, Aurora: false },
      ResourceTypeManagementPreference: { DynamoDB: false },
    }]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, EBS: false, RDS: false, S3: false, EFS: true });
    expect(api.management).toEqual({ DynamoDB: false, EFS: true });
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
  });

  test('create is idempotent: nothing to change sends no update', async () => {
    await handler(event('Create', { ResourceTypeOptInPreference: { DynamoDB: 'true' } }), context);
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('delete leaves a key alone that someone changed after us', async () => {
    const props = { ResourceTypeOptInPreference: { RDS: 'true' }, RestoreOnDelete: 'true' };
    await handler(event('Create', props), context);
    const physicalId = api.responses[0].PhysicalResourceId;
    api.optIn.RDS = false; // changed out of band
    api.reset();
    await handler(event('Delete', props, { PhysicalResourceId: physicalId }), context);
    expect(puts()).toEqual([]);
    expect(api.optIn.RDS).toBe(false);
  });

  test('delete after a failed create changes nothing', async () => {
    await handler(event('Delete', { ResourceTypeOptInPreference: { RDS: 'true' } },
      { PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID }), context);
    expect(puts()).toEqual([]);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID });
  });

  test('a malformed property answers FAILED with the reason', async () => {
    await handler(event('Create', { ResourceTypeOptInPreference: { RDS: 'yes' } }), context);
    expect(api.responses[0]).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: FAILED_CREATE_PHYSICAL_ID,
      Reason: expect.stringMatching(/preference RDS must be true or false, got "yes".*test-stream/),
    });
    expect(puts()).toEqual([]);
  });
});
