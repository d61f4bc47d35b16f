import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FakeRestoreValidationApi } from './fake-restore-validation-api';
import { handler as sourceHandler } from '../../src/restore-testing/handler/restore-validation.lambda';
import { FAILURES_ONLY_POLICY } from '../notifications/fixtures';
import { captureConsole, serve, sourceAndBundle, withMotoAccount } from '../support/handler-fixtures';

// The ids of the resources created in moto, in a directory of this run's own (two jest runs at the same time
// must not share it: this file runs on the floor only, but a file run by hand may overlap a suite).
const IDS_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'restore-validation-')), 'moto-ids.json');

// The handler runs against moto_server (DynamoDB, S3, RDS, EFS, EC2, SNS, SQS) and a local stand-in
// for what moto lacks (AWS Backup PutRestoreValidationResult, Lambda Invoke), all on 127.0.0.1.
type Handler = (event: any, context?: any) => Promise<any>;

const PLAN_ARN = 'arn:aws:backup:us-east-1:123456789012:restore-testing-plan:prod_restore_testing-1a2b3c';
const ACCOUNT = '123456789012';
const api = new FakeRestoreValidationApi();
let sqs: SQSClient;
let queueUrl: string;
let topicArn: string;

/** Creates resources in moto with boto3 (a real AWS SDK), so the handler reads what an SDK wrote. */
function boto3(script: string): void {
  const result = spawnSync('python3', ['-c', `import boto3\nkw=dict(region_name='us-east-1')\n${script}`], {
    env: { ...process.env, ...moto.environment }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`boto3 fixture failed: ${result.stderr}`);
}

const output = captureConsole();
serve(api);
const moto = withMotoAccount(() => ({
  AWS_ENDPOINT_URL_BACKUP: api.endpoint,
  AWS_ENDPOINT_URL_LAMBDA: api.endpoint,
  AWS_MAX_ATTEMPTS: '1',
  RESTORE_TESTING_PLAN_ARN: PLAN_ARN,
}));
beforeAll(async () => {
  const sns = new SNSClient({});
  sqs = new SQSClient({});
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'prod-backup-notifications' }))).TopicArn!;
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'slack' }))).QueueUrl!;
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
  // The subscription filters like the library's failures-only filter does on `State` (its $or branch
  // for job states; moto 5.2 finds the whole $or policy too complex, AWS does not).
  // (The policy as a value, checked against the rendered one in filter.test.ts: this file loads no aws-cdk-lib,
  // so the newest-aws-cdk-lib run, which would run the same handler again, leaves it out.)
  const stateBranch = FAILURES_ONLY_POLICY.$or.find((b) => 'State' in b);
  await sns.send(new SubscribeCommand({
    TopicArn: topicArn,
    Protocol: 'sqs',
    Endpoint: queueArn,
    Attributes: { FilterPolicy: JSON.stringify(stateBranch), FilterPolicyScope: 'MessageAttributes' },
  }));
  process.env.TOPIC_ARN = topicArn;

  boto3(`
boto3.client('dynamodb', **kw).create_table(TableName='orders-restored', KeySchema=[{'AttributeName':'pk','KeyType':'HASH'}],
  AttributeDefinitions=[{'AttributeName':'pk','AttributeType':'S'}], BillingMode='PAY_PER_REQUEST')
boto3.client('s3', **kw).create_bucket(Bucket='awsbackup-restore-test-orders')
boto3.client('rds', **kw).create_db_instance(DBInstanceIdentifier='orders-db-restored', DBInstanceClass='db.t3.micro', Engine='postgres',
  MasterUsername='admin1', MasterUserPassword='x'*16, AllocatedStorage=20)
boto3.client('rds', **kw).create_db_cluster(DBClusterIdentifier='orders-aurora-restored', Engine='aurora-postgresql',
  MasterUsername='admin1', MasterUserPassword='x'*16)
fs = boto3.client('efs', **kw).create_file_system(CreationToken='restored')
vol = boto3.client('ec2', **kw).create_volume(AvailabilityZone='us-east-1a', Size=8)
ec2 = boto3.client('ec2', **kw)
ami = ec2.describe_images(Owners=['amazon'])['Images'][0]['ImageId']
inst = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType='t3.micro')['Instances'][0]
open('${IDS_FILE.replace(/\\/g, '/')}', 'w').write(__import__('json').dumps(
  {'fs': fs['FileSystemId'], 'vol': vol['VolumeId'], 'inst': inst['InstanceId']}))
`);
}, 120_000);

afterAll(() => {
  fs.rmSync(path.dirname(IDS_FILE), { recursive: true, force: true });
});

function ids(): { fs: string; vol: string; inst: string } {
  return JSON.parse(fs.readFileSync(IDS_FILE, 'utf8'));
}

let jobCounter = 0;
function completedRestore(resourceType: string, createdResourceArn: string | undefined, extra: any = {}): any {
  const restoreJobId = `job-${++jobCounter}`;
  api.restoreJobs.set(restoreJobId, {});
  return {
    'version': '0',
    'id': `event-${jobCounter}`,
    'detail-type': 'Restore Job State Change',
    'source': 'aws.backup',
    'account': ACCOUNT,
    'time': '2026-12-01T05:40:00Z',
    'region': 'us-east-1',
    'resources': [],
    'detail': { restoreJobId, restoreTestingPlanArn: PLAN_ARN, resourceType, createdResourceArn, status: 'COMPLETED', ...extra },
  };
}

async function notifications(): Promise<any[]> {
  const out: any[] = [];
  for (;;) {
    const batch = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!batch.Messages?.length) return out;
    out.push(...batch.Messages.map((m) => JSON.parse(m.Body!)));
    // Received messages come back after the visibility timeout (30 s): delete them, so a slow run
    // does not see an earlier test's notification again.
    for (const m of batch.Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
  }
}

describe.each(sourceAndBundle<Handler>(sourceHandler, 'restore-testing/handler/restore-validation.lambda'))('restore validation handler (%s)', (_name, load) => {
  let handler: Handler;
  beforeAll(() => { handler = load(); });
  beforeEach(async () => {
    api.reset();
    delete process.env.VALIDATOR_FUNCTION;
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    await notifications();
  });

  test.each([
    ['DynamoDB', () => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`, /^DescribeTable\(orders-restored\): ACTIVE$/],
    ['S3', () => 'arn:aws:s3:::awsbackup-restore-test-orders', /^HeadBucket\(awsbackup-restore-test-orders\): the bucket exists/],
    ['RDS', () => `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db-restored`, /^DescribeDBInstances\(orders-db-restored\): available$/],
    ['Aurora', () => `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders-aurora-restored`, /^DescribeDBClusters\(orders-aurora-restored\): available$/],
    ['EFS', () => `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/${ids().fs}`, /^DescribeFileSystems\(fs-[0-9a-f]+\): available$/],
    ['EBS', () => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/${ids().vol}`, /^DescribeVolumes\(vol-[0-9a-f]+\): available$/],
    ['EC2', () => `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${ids().inst}`, /^DescribeInstances\(i-[0-9a-f]+\): running$/],
  ])('a restored %s resource that is there and available: SUCCESSFUL reported, nothing published', async (type, arn, message) => {
    const event = completedRestore(type, arn());
    const outcome = await handler(event);
    expect(outcome).toMatchObject({ status: 'SUCCESSFUL', notified: false });
    expect(api.restoreJobs.get(event.detail.restoreJobId)).toEqual({ ValidationStatus: 'SUCCESSFUL', ValidationStatusMessage: expect.stringMatching(message) });
    expect(await notifications()).toEqual([]);
    // The outcome goes to the function's log, one JSON line.
    expect(output.lines('log').map((l) => JSON.parse(l))).toEqual([outcome]);
  });

  test.each([
    ['DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/gone`, /^DescribeTable\(gone\): not found \(400 ResourceNotFoundException/],
    ['S3', 'arn:aws:s3:::no-such-restored-bucket', /^HeadBucket\(no-such-restored-bucket\): not found \(404/],
    ['RDS', `arn:aws:rds:us-east-1:${ACCOUNT}:db:gone`, /^DescribeDBInstances\(gone\): not found \(404 DBInstanceNotFound/],
  ])('a restored %s resource that is missing: FAILED reported and published with the failure attributes', async (type, arn, message) => {
    const event = completedRestore(type, arn);
    const outcome = await handler(event);
    expect(outcome).toMatchObject({ status: 'FAILED', notified: true });
    const job = api.restoreJobs.get(event.detail.restoreJobId)!;
    expect(job.ValidationStatus).toBe('FAILED');
    expect(job.ValidationStatusMessage).toMatch(message);
    const [n, ...more] = await notifications();
    expect(more).toEqual([]);
    expect(n.Subject).toBe('AWS Backup restore validation failed');
    expect(n.Message).toContain(`Restore job ID : ${event.detail.restoreJobId}`);
    expect(n.Message).toContain(`Created resource ARN : ${arn}`);
    expect(n.MessageAttributes).toEqual({
      EventType: { Type: 'String', Value: 'RESTORE_VALIDATION' },
      State: { Type: 'String', Value: 'FAILED' },
      AccountId: { Type: 'String', Value: ACCOUNT },
      Id: { Type: 'String', Value: event.detail.restoreJobId },
      ResourceType: { Type: 'String', Value: type },
    });
  });

  test('a resource type without a default check (FSx): nothing reported, nothing published', async () => {
    const event = completedRestore('FSx', `arn:aws:fsx:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`);
    const outcome = await handler(event);
    expect(outcome).toMatchObject({ status: 'NOT_CHECKED', message: expect.stringContaining('no default check') });
    expect(api.requests).toEqual([]);
    expect(await notifications()).toEqual([]);
  });

  test('a completed restore job without a created resource fails validation', async () => {
    const event = completedRestore('EBS', undefined);
    expect(await handler(event)).toMatchObject({ status: 'FAILED', notified: true, message: expect.stringContaining('createdResourceArn is missing') });
    expect(await notifications()).toHaveLength(1);
  });

  test.each([
    ['another plan', { restoreTestingPlanArn: 'arn:aws:backup:us-east-1:123456789012:restore-testing-plan:other-1' }],
    ['a failed restore job', { status: 'FAILED' }],
  ])('events of %s are ignored: no call, no report', async (_what, extra) => {
    const event = completedRestore('DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`, extra);
    expect(await handler(event)).toMatchObject({ status: 'IGNORED' });
    expect(api.requests).toEqual([]);
    expect(api.restoreJobs.get(event.detail.restoreJobId)).toEqual({});
  });

  test('a throttled or unavailable service is retried, then reported as FAILED "could not check"', async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = api.endpoint; // the stand-in answers 503
    const event = completedRestore('DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`);
    const outcome = await handler(event);
    expect(api.requests.filter((r) => r.path === '/')).toHaveLength(3);
    expect(outcome).toMatchObject({ status: 'FAILED', notified: true });
    expect(api.restoreJobs.get(event.detail.restoreJobId)!.ValidationStatusMessage)
      .toMatch(/^could not check the restored resource after 3 attempts: .*503 ServiceUnavailableException/);
  }, 20_000);

  describe('with a validation function', () => {
    const FN = 'arn:aws:lambda:us-east-1:123456789012:function:check-orders';
    beforeEach(() => { process.env.VALIDATOR_FUNCTION = FN; });

    test('its SUCCESSFUL answer is reported with its message; it received the restore job', async () => {
      const event = completedRestore('DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`);
      expect(await handler(event)).toMatchObject({ status: 'SUCCESSFUL', message: 'row count matches' });
      expect(api.invocations).toEqual([{
        functionName: FN,
        payload: expect.objectContaining({
          restoreJobId: event.detail.restoreJobId,
          restoreTestingPlanArn: PLAN_ARN,
          resourceType: 'DynamoDB',
          createdResourceArn: event.detail.createdResourceArn,
          account: ACCOUNT,
          region: 'us-east-1',
          event,
        }),
      }]);
      expect(api.restoreJobs.get(event.detail.restoreJobId)).toEqual({ ValidationStatus: 'SUCCESSFUL', ValidationStatusMessage: 'row count matches' });
    });

    test('a function slower than 10 seconds is waited for, up to the handler\'s time left less 15 seconds', async () => {
      api.validator = { kind: 'slow', delayMs: 11_000, payload: { status: 'SUCCESSFUL', message: 'slow but fine' } };
      const event = completedRestore('DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`);
      expect(await handler(event, { getRemainingTimeInMillis: () => 60_000 })).toMatchObject({ status: 'SUCCESSFUL', message: 'slow but fine' });
    }, 30_000);

    test('a function that outlives the handler\'s time left is FAILED, and still reported and published', async () => {
      api.validator = { kind: 'slow', delayMs: 3_000, payload: { status: 'SUCCESSFUL' } };
      const event = completedRestore('DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`);
      const outcome = await handler(event, { getRemainingTimeInMillis: () => 16_000 }); // 1 s for the function
      expect(outcome).toMatchObject({ status: 'FAILED', notified: true, message: expect.stringMatching(/check-orders could not be invoked: .*(timeout|aborted)/i) });
      expect(api.restoreJobs.get(event.detail.restoreJobId)!.ValidationStatus).toBe('FAILED');
      expect(await notifications()).toHaveLength(1);
    }, 30_000);

    test.each([
      ['its FAILED answer', { kind: 'answer', payload: { status: 'FAILED', message: 'orders table is empty' } }, /^orders table is empty$/],
      ['its error', { kind: 'error', errorMessage: 'connection refused' }, /check-orders failed \(Unhandled\): connection refused$/],
      ['an answer of another shape', { kind: 'answer', payload: { ok: true } }, /answered \{"ok":true\}: expected \{"status"/],
      ['Lambda refusing the call', { kind: 'throttled' }, /could not be invoked: .*429 TooManyRequestsException/],
    ])('%s: FAILED reported and published', async (_what, behaviour: any, message) => {
      api.validator = behaviour;
      const event = completedRestore('RDS', `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db-restored`);
      expect(await handler(event)).toMatchObject({ status: 'FAILED', notified: true });
      expect(api.restoreJobs.get(event.detail.restoreJobId)!.ValidationStatusMessage).toMatch(message);
      expect(await notifications()).toHaveLength(1);
    });
  });

  test('when AWS Backup refuses the result, a person is told (the validation itself succeeded)', async () => {
    const event = completedRestore('DynamoDB', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`);
    api.restoreJobs.set(event.detail.restoreJobId, { ValidationStatus: 'SUCCESSFUL' }); // already set: cannot change
    const outcome = await handler(event);
    expect(outcome).toMatchObject({ status: 'FAILED', notified: true, message: expect.stringMatching(/^PutRestoreValidationResult failed: InvalidRequestException/) });
    const [n] = await notifications();
    expect(n.Message).toContain('could not be reported to AWS Backup');
    expect(n.MessageAttributes.State.Value).toBe('FAILED');
  });
});
