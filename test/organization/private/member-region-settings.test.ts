import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EnvironmentTier, OrganizationBackup, SlackWebhook } from '../../../src';
import { MAX_INLINE_CODE_BYTES, MAX_STACKSET_TEMPLATE_BODY_BYTES } from '../../../src/private/limits';
import { FakeBackupRegionApi } from '../../account/fake-backup-region-api';
import { customResourceEvent, SimulatedStack } from '../../support/cfn-events';
import { lambdaContext, withLocalApi } from '../../support/handler-fixtures';

// The member baseline's region settings handler: inline Lambda code (Code.ZipFile, since a StackSet
// template carries no asset) that is the bundle BackupRegionSettings' asset ships
// (assets/account/handler/region-settings.lambda/index.js, from src/account/handler/region-settings.lambda.ts).

const BUNDLE = path.join(__dirname, '..', '..', '..', 'assets', 'account', 'handler', 'region-settings.lambda', 'index.js');

/** The member baseline's template of an organization environment that sets the service opt-in. */
function baselineWithOptIn(): { template: Template; body: string } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'member-region-settings-')) });
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  const org = new OrganizationBackup(stack, 'Org', {
    organizationId: 'o-abcdef1234',
    environments: [{
      environmentName: 'production',
      tier: EnvironmentTier.PRODUCTION,
      organizationalUnitIds: ['ou-ab12-prod0001'],
      regions: ['eu-west-1'],
      resourceTypeOptIn: { RDS: true, S3: true },
      restoreResourceTypeOptInOnDelete: true,
    }],
    slack: SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'backup/slack-webhook')),
  });
  Template.fromStack(stack); // synthesizes the app, and with it the baseline
  const body = org.environmentResources[0].baseline.templateBody;
  return { template: Template.fromJSON(JSON.parse(body)), body };
}

/** The inline code of the baseline's region settings function. */
function inlineCode(template: Template): string {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as any[];
  expect(functions).toHaveLength(1);
  return functions[0].Properties.Code.ZipFile;
}

/** Inline code loaded as Lambda loads Code.ZipFile: CommonJS, with the AWS SDK v3 the Node.js runtime ships. */
function load(code: string): (event: any, context: any) => Promise<void> {
  const module = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'exports', 'module', code)(require, module.exports, module);
  return module.exports.handler;
}

const { template, body } = baselineWithOptIn();
const code = inlineCode(template);

describe('the member baseline\'s inline region settings code', () => {
  test('is the bundle of BackupRegionSettings\' handler, byte for byte', () => {
    expect(code).toEqual(fs.readFileSync(BUNDLE, 'utf8'));
    expect(code).toMatch(/UpdateRegionSettingsCommand/);
  });

  test('fits CloudFormation\'s inline code limit, and the baseline the StackSet TemplateBody limit', () => {
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_INLINE_CODE_BYTES);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_STACKSET_TEMPLATE_BODY_BYTES);
  });
});

describe('the inline code, run as Lambda runs it against AWS Backup\'s region settings API', () => {
  const api = new FakeBackupRegionApi();
  const handler = load(code);
  withLocalApi(api);
  // The stack instance the Delete events come from, with no other resource: a removal, not a replacement.
  const STACK_ID = 'arn:aws:cloudformation:eu-west-1:222222222222:stack/StackSet-backup-baseline-production-1/1';
  api.stacks.push(new SimulatedStack(STACK_ID, {}));
  beforeEach(() => {
    api.reset();
    api.optIn = { Aurora: false, DynamoDB: true, RDS: false, S3: false };
  });

  function event(requestType: string, optIn: any, extra: any = {}): any {
    // CloudFormation passes booleans as strings.
    return customResourceEvent(requestType, {
      endpoint: api.endpoint,
      stackId: STACK_ID,
      serviceToken: null,
      logicalResourceId: 'RegionSettings',
      resourceType: 'Custom::BackupRegionSettings',
      properties: { ResourceTypeOptInPreference: optIn, RestoreOnDelete: 'true' },
    }, extra);
  }
  const puts = () => api.requests.filter((r) => r.method === 'PUT').map((r) => r.body);

  test('create turns on what differs and remembers it; delete puts back only what it changed', async () => {
    await handler(event('Create', { RDS: 'true', DynamoDB: 'true', S3: 'true' }), lambdaContext());
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { RDS: true, S3: true } }]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: true, S3: true });
    const created = api.responses[0];
    expect(created).toMatchObject({ Status: 'SUCCESS', LogicalResourceId: 'RegionSettings', RequestId: 'req-Create' });
    expect(created.PhysicalResourceId).toMatch(/^backup-region-settings:/);

    api.optIn.S3 = false; // someone turned S3 off meanwhile: it stays as they left it
    api.reset();
    await handler(event('Delete', { RDS: 'true', DynamoDB: 'true', S3: 'true' }, { PhysicalResourceId: created.PhysicalResourceId }), lambdaContext());
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { RDS: false } }]);
    expect(api.optIn).toEqual({ Aurora: false, DynamoDB: true, RDS: false, S3: false });
    expect(api.responses[0].Status).toBe('SUCCESS');
  });

  test('update keeps the physical id and sets the new values', async () => {
    await handler(event('Create', { RDS: 'true' }), lambdaContext());
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Update', { RDS: 'true', Aurora: 'true' }, { PhysicalResourceId: id }), lambdaContext());
    expect(puts()).toEqual([{ ResourceTypeOptInPreference: { Aurora: true } }]);
    expect(api.responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
  });

  test('a bad value fails the request with the reason; the failed create\'s delete changes nothing', async () => {
    await handler(event('Create', { RDS: 'yes' }), lambdaContext());
    expect(api.responses[0]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^preference RDS must be true or false, got "yes"/) });
    const id = api.responses[0].PhysicalResourceId;
    api.reset();
    await handler(event('Delete', { RDS: 'yes' }, { PhysicalResourceId: id }), lambdaContext());
    expect(puts()).toEqual([]);
  });
});
