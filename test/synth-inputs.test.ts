/*
 * Issue 19 item 12: inputs that reached deploy now fail at synth, naming the construct path, the
 * property, the value and the rule.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { BackupMonitoring, EnvironmentBackup, EnvironmentBackupProps, NotificationFilter } from '../src';
import { TEST_ENV, testStack } from './support/stack';

const stack = () => testStack({ env: TEST_ENV });
const env = (props: Partial<EnvironmentBackupProps>) => {
  const s = stack();
  new EnvironmentBackup(s, 'E', { environmentName: 'prod', ...props });
  return s;
};

describe('selection.resources / excludedResources: ARNs, "*" wildcards allowed (API_BackupSelection)', () => {
  test.each([
    ['resources', 'my-table'],
    ['resources', 'arn:aws:dynamodb'],
    ['excludedResources', 'table/orders'],
    ['excludedResources', ''],
  ])('selection.%s with %j fails', (property, value) => {
    expect(() => env({ selection: { [property]: [value] } }))
      .toThrow(`S/E: selection.${property}[0] (${JSON.stringify(value)}) is not a resource ARN: AWS Backup selects resources by ARN`);
  });
  test('ARNs with wildcards, "*" and tokens pass and reach the template', () => {
    const s = env({
      selection: {
        resources: ['arn:aws:dynamodb:*:*:table/orders-*', 'arn:aws:s3:::my-bucket', 'arn:aws:ec2:eu-west-1:111122223333:volume/*'],
        excludedResources: ['arn:aws:rds:eu-west-1:111122223333:db:scratch', stack().formatArn({ service: 's3', region: '', account: '', resource: 'b' })],
      },
    });
    Template.fromStack(s).resourceCountIs('AWS::Backup::BackupSelection', 2);
  });
});

describe('NotificationFilter.fromPolicy: values SNS rejects (SNS "subscription filter policies")', () => {
  // render() is what the Slack subscription calls with the notifications construct.
  const notify = (policy: any) => () => NotificationFilter.fromPolicy(policy).render(new Construct(stack(), 'N'));
  test.each([
    [{ State: [{ pre: 'FAIL' }] }, /policy\.State has an invalid value \{"pre":"FAIL"\}: an operator object has exactly one of prefix, suffix/],
    [{ State: [{ prefix: 'F', suffix: 'D' }] }, /an operator object has exactly one of .* \(got prefix, suffix\)/],
    [{ State: [['FAILED']] }, /policy\.State has an invalid value \["FAILED"\]: a value is a string, a number or an operator object, not an array/],
    [{ State: [{ exists: 'yes' }] }, /exists takes true or false/],
    [{ State: [{ prefix: '' }] }, /prefix takes a non-empty string/],
    [{ State: [{ numeric: [] }] }, /numeric takes a non-empty array/],
    [{ State: [{ 'anything-but': [] }] }, /anything-but takes a string, a number, a non-empty array of them/],
    [{ State: [] }, /policy\.State must be a non-empty array of values/],
  ])('%j fails at synth', (policy, message) => {
    expect(notify(policy)).toThrow(/^S\/N: filter \(policy\) /);
    expect(notify(policy)).toThrow(message);
  });
  test('operators SNS documents pass', () => {
    expect(notify({
      State: ['FAILED', { 'anything-but': { prefix: 'COMP' } }],
      EventType: [{ prefix: 'BACKUP' }, { 'equals-ignore-case': 'copy_job' }],
      AccountId: [{ exists: true }],
    })).not.toThrow();
  });
});

describe('SNS e-mail subscriptions: malformed addresses fail at synth', () => {
  test.each(['ops@example', 'ops@@example.com', 'ops@example..com', '.ops@example.com', 'ops.@example.com', 'ops@-example.com', 'o ps@example.com', 'ops@example.c', `${'a'.repeat(65)}@example.com`])(
    '%s', (address) => {
      expect(() => env({ notifications: { emailAddresses: ['oncall@example.com', address] } }))
        .toThrow(/^S\/E\/Notifications: emailAddresses\[1\] \(".*"\) is not an e-mail address SNS can subscribe/);
    });
  test('well-formed addresses subscribe', () => {
    const s = env({ notifications: { emailAddresses: ['oncall+backup@example.co.uk', 'first.last@sub-domain.example.com'] } });
    Template.fromStack(s).resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 2);
  });
});

describe('audit.keyPrefix: the report folder must fit an S3 key (1,024 bytes)', () => {
  test('a prefix that leaves no room in the key fails naming the property, its size and the limit', () => {
    expect(() => env({ audit: { keyPrefix: 'a'.repeat(1000) } }))
      .toThrow(/^S\/E\/Audit\/Reports: keyPrefix \("a{40}…", 1000 bytes\) is too long: reports land under <prefix>\/Backup\/<region>.* an S3 key holds at most 1024 bytes, which leaves at most \d+ bytes for the prefix/);
  });
  test('a usual prefix passes', () => {
    expect(() => env({ audit: { keyPrefix: 'reports/prod' } })).not.toThrow();
  });
});

// Found by reading the derived names: a standalone BackupMonitoring's environmentName names its
// alarms (<environmentName>-NoBackupJobCompleted…), and CloudWatch's AlarmName holds 1 to 255
// characters (PutMetricAlarm): an over-long name failed at deploy, naming no property.
describe('BackupMonitoring.environmentName: the alarm names it derives fit CloudWatch\'s 255 characters', () => {
  test('too long fails naming the property, its length, the longest derived name and the limit', () => {
    expect(() => new BackupMonitoring(stack(), 'M', { vaultName: 'v', environmentName: 'x'.repeat(240) }))
      .toThrow(/^S\/M: environmentName \("x{20}…", 240 characters\) is too long for the alarm names it derives: <environmentName>-NoBackupJobCompleted would be 261 characters, CloudWatch allows at most 255 \(AlarmName\)$/);
  });
  test('the longest that fits synthesizes', () => {
    const s = stack();
    new BackupMonitoring(s, 'M', { vaultName: 'v', environmentName: 'x'.repeat(234) });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `${'x'.repeat(234)}-BackupJobsFailed` });
  });
});
