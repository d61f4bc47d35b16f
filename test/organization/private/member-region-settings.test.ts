import { MEMBER_REGION_SETTINGS_CODE } from '../../../src/organization/private/member-region-settings-code';
import { FakeBackupRegionApi } from '../../account/fake-backup-region-api';
import { customResourceEvent, SimulatedStack } from '../../support/cfn-events';
import { withLocalApi } from '../../support/handler-fixtures';

// The inline handler exactly as the member baseline carries it (Code.ZipFile), loaded as Lambda
// would: CommonJS with `exports` and `require` (the Node.js runtime ships @aws-sdk/client-backup).
function loadInlineHandler(): (event: any) => Promise<void> {
  const module = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'exports', 'module', MEMBER_REGION_SETTINGS_CODE)(require, module.exports, module);
  return module.exports.handler;
}

const api = new FakeBackupRegionApi();
const handler = loadInlineHandler();
withLocalApi(api);
// The stack instance the Delete events come from, with no other resource: a removal, not a replacement.
api.stacks.push(new SimulatedStack('arn:aws:cloudformation:eu-west-1:222222222222:stack/StackSet-backup-baseline-production-1/1', {}));
beforeEach(() => {
  api.reset();
  api.optIn = { Aurora: false, DynamoDB: true, RDS: false, S3: false };
});

function event(requestType: string, optIn: any, extra: any = {}): any {
  // CloudFormation passes booleans as strings.
  return customResourceEvent(requestType, {
    endpoint: api.endpoint,
    stackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/StackSet-backup-baseline-production-1/1',
    serviceToken: null,
    logicalResourceId: 'RegionSettings',
    resourceType: 'Custom::BackupRegionSettings',
    properties: { ResourceTypeOptInPreference: optIn, RestoreOnDelete: 'true' },
  }, extra);
}
const puts = () => api.requests.filter((r) => r.method === 'PUT').map((r) => r.body);

describe('member baseline region settings (inline handler)', () => {
  test('fits CloudFormation\'s inline code limit (4,096 characters)', () => {
    expect(MEMBER_REGION_SETTINGS_CODE.length).toBeLessThanOrEqual(4096);
  });

  test('create turns on what differs and remembers it; delete puts back only what it changed', async () => {
    await handler(event('Create', { RDS: 'true', DynamoDB: 'true', S3: 'true' }));
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { RDS: true, S3: true } }]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: true, S3: true });
    const created = api.responses[0];
    expect(created).toMatchObject({ Status: 'SUCCESS', LogicalResourceId: 'RegionSettings', RequestId: 'req-Create' });
    expect(created.PhysicalResourceId).toMatch(/^member-region-settings:/);

    api.optIn.S3 = false; // someone turned S3 off meanwhile: it stays as they left it
    api.reset();
    await handler(event('Delete', { RDS: 'true', DynamoDB: 'true', S3: 'true' }, { PhysicalResourceId: created.PhysicalResourceId }));
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { RDS: false } }]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: false, S3: false });
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('update keeps the physical id and sets the new values', async () => {
    await handler(event('Create', { RDS: 'true' }));
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Update', { RDS: 'true', Aurora: 'true' }, { PhysicalResourceId: id }));
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { Aurora: true } }]);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
  });

  test('a bad value fails the request with the reason; the failed create\'s delete changes nothing', async () => {
    await handler(event('Create', { RDS: 'yes' }));
    expect(api.responses[0]).toMatchObject({ Status: 'FAILED', Reason: 'opt-in of RDS must be true or false, got "yes"' });
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Delete', { RDS: 'yes' }, { PhysicalResourceId: id }));
    expect(puts()).toEqual([]);
  });
});
