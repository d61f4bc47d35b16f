import { CfnParameter, Duration, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EnvironmentBackup, EnvironmentTier } from '../../src';
import {
  RestoreTestingAlgorithm,
  RestoreTestingOptions,
  RestoreTestingPlan,
  RestoreTestingPlanProps,
  RestoreTestingRecoveryPointType,
  RestoreTestingResourceType,
} from '../../src/restore-testing';
import { testStack } from '../support/stack';

function setup(props: Partial<RestoreTestingPlanProps> = {}) {
  const stack = testStack();
  const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'prod-vault' });
  const build = () => new RestoreTestingPlan(stack, 'RestoreTesting', {
    backupVaults: [vault],
    selectionTags: { 'backup:environment': 'production' },
    ...props,
  });
  return { stack, vault, build };
}

const VAULT_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultArn'] };

describe('RestoreTestingPlan', () => {
  test('defaults: weekly, 24 h start window, latest within 7 days from the given vault', () => {
    const { stack, build } = setup();
    build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: Match.stringLikeRegexp('^[a-zA-Z0-9_]{1,50}$'),
      ScheduleExpression: 'cron(0 5 ? * SUN *)',
      ScheduleExpressionTimezone: Match.absent(),
      StartWindowHours: 24,
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [VAULT_ARN],
        RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
        SelectionWindowDays: 7,
      },
    });
  });

  test('one selection a default resource type, chosen by the selection tags, with the restore role', () => {
    const { stack, build } = setup();
    build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Backup::RestoreTestingSelection', 6);
    for (const type of ['RDS', 'Aurora', 'DynamoDB', 'EBS', 'EFS', 'S3']) {
      t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        RestoreTestingPlanName: { Ref: Match.stringLikeRegexp('^RestoreTesting') },
        RestoreTestingSelectionName: `${type}_by_tags`,
        ProtectedResourceType: type,
        ProtectedResourceArns: ['*'],
        ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/backup:environment', Value: 'production' }] },
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreTestingRestoreRole'), 'Arn'] },
        // Explicit: AWS documents no default for ValidationWindowHours (0–168,
        // API_RestoreTestingSelectionForCreate); 7 hours outlast the validation's retries (6 hours).
        ValidationWindowHours: 7,
      });
    }
  });

  test('the restore role: assumed by AWS Backup, restore managed policies only', () => {
    const { stack, build } = setup();
    build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } }],
      },
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] },
      ],
    });
  });

  test('without S3 the role has no S3 restore policy', () => {
    const { stack, build } = setup({ resourceTypes: [{ resourceType: RestoreTestingResourceType.RDS }] });
    build();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
      ],
    });
  });

  test('every option is rendered', () => {
    const { stack, build } = setup({
      restoreTestingPlanName: 'production_restore_tests',
      schedule: events.Schedule.cron({ minute: '30', hour: '2', day: '1' }),
      scheduleTimezone: TimeZone.EUROPE_PARIS,
      startWindow: Duration.hours(8),
      selectionWindow: Duration.days(30),
      algorithm: RestoreTestingAlgorithm.RANDOM_WITHIN_WINDOW,
      recoveryPointTypes: [RestoreTestingRecoveryPointType.SNAPSHOT],
      selectionTags: { env: 'prod', team: 'sre' },
      resourceTypes: [
        { resourceType: RestoreTestingResourceType.RDS, validationWindow: Duration.hours(4), restoreMetadataOverrides: { dbInstanceClass: 'db.t3.micro' } },
        { resourceType: RestoreTestingResourceType.DYNAMODB, validationWindow: Duration.hours(0) },
      ],
    });
    build();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'production_restore_tests',
      ScheduleExpression: 'cron(30 2 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      StartWindowHours: 8,
      RecoveryPointSelection: {
        Algorithm: 'RANDOM_WITHIN_WINDOW',
        IncludeVaults: [VAULT_ARN],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 30,
      },
    });
    t.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'RDS',
      ValidationWindowHours: 4,
      RestoreMetadataOverrides: { dbInstanceClass: 'db.t3.micro' },
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }, { Key: 'aws:ResourceTag/team', Value: 'sre' }] },
    });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'DynamoDB', ValidationWindowHours: 0 });
  });

  test('a given role is used and no role is created', () => {
    const stack = testStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/restores');
    new RestoreTestingPlan(stack, 'RT', { backupVaults: [vault], selectionTags: { env: 'dev' }, role });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Role', 0);
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { IamRoleArn: 'arn:aws:iam::111111111111:role/restores' });
  });

  test('unresolved tag values are not validated and are passed on', () => {
    const stack = testStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    const env = new CfnParameter(stack, 'Env');
    new RestoreTestingPlan(stack, 'RT', { backupVaults: [vault], selectionTags: { env: env.valueAsString } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: { Ref: 'Env' } }] },
    });
  });

  test('the facade can pass its RestoreTestingOptions through', () => {
    const stack = testStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    const options: RestoreTestingOptions = { startWindow: Duration.hours(2) };
    new RestoreTestingPlan(stack, 'RT', { ...options, backupVaults: [vault], selectionTags: { env: 'dev' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::RestoreTestingPlan', { StartWindowHours: 2 });
  });

  test.each<[string, Partial<RestoreTestingPlanProps>, RegExp]>([
    ['plan name', { restoreTestingPlanName: 'prod-restore' },
      /S\/RestoreTesting: restoreTestingPlanName \("prod-restore"\) must be 1 to 50 letters, digits or underscores/],
    ['plan name length', { restoreTestingPlanName: 'a'.repeat(51) }, /restoreTestingPlanName \("a{51}"\) must be 1 to 50/],
    ['vaults', { backupVaults: [] }, /backupVaults is empty: name at least one vault/],
    ['selection tags', { selectionTags: {} }, /selectionTags is empty: name at least one tag, otherwise every resource/],
    ['aws: tag key', { selectionTags: { 'aws:cloudformation:stack-name': 'x' } },
      /selectionTags key \("aws:cloudformation:stack-name"\) must not start with "aws:": the prefix is reserved for AWS's own tags/],
    ['long tag value', { selectionTags: { env: 'x'.repeat(257) } }, /selectionTags value of "env" \(257 characters\) must be at most 256/],
    ['rate schedule', { schedule: events.Schedule.rate(Duration.days(7)) },
      /schedule \(rate\(7 days\)\) must be a cron expression: AWS Backup schedules accept cron\(\.\.\.\) only/],
    ['start window too long', { startWindow: Duration.hours(169) },
      /startWindow \(169 hours\) must be a whole number of hours from 1 hour to 168 hours/],
    ['start window fraction', { startWindow: Duration.minutes(90) }, /startWindow \(90 minutes\) must be a whole number of hours/],
    ['selection window', { selectionWindow: Duration.days(366) },
      /selectionWindow \(366 days\) must be a whole number of days from 1 day to 365 days/],
    ['selection window zero', { selectionWindow: Duration.days(0) }, /selectionWindow \(0 days\) must be a whole number of days from 1 day/],
    ['validation window', { resourceTypes: [{ resourceType: RestoreTestingResourceType.EBS, validationWindow: Duration.hours(200) }] },
      /validationWindow of EBS \(200 hours\) must be a whole number of hours from 0 hours to 168 hours/],
    ['no resource types', { resourceTypes: [] }, /resourceTypes is empty: name at least one resource type/],
    ['duplicate resource types', { resourceTypes: [{ resourceType: RestoreTestingResourceType.EFS }, { resourceType: RestoreTestingResourceType.EFS }] },
      /resourceTypes names EFS twice \(a restore testing plan has one selection a resource type\)/],
    ['no recovery point types', { recoveryPointTypes: [] }, /recoveryPointTypes is empty: name SNAPSHOT, CONTINUOUS or both/],
    ['duplicate recovery point types', { recoveryPointTypes: [RestoreTestingRecoveryPointType.SNAPSHOT, RestoreTestingRecoveryPointType.SNAPSHOT] },
      /recoveryPointTypes \(SNAPSHOT, SNAPSHOT\) names a type twice/],
  ])('validation: %s', (_name, props, message) => {
    const { build } = setup(props);
    expect(build).toThrow(message);
  });
});

describe('values AWS rejects', () => {
  test.each<[string, Partial<RestoreTestingPlanProps>, string]>([
    ['item 10: minute 60', { schedule: events.Schedule.expression('cron(60 5 ? * SUN *)') }, "S/RestoreTesting: schedule (cron(60 5 ? * SUN *)) is not a valid cron expression: minutes value '60' is not from 0 to 59"],
    ['item 10: 5 fields', { schedule: events.Schedule.expression('cron(0 5 ? * SUN)') }, 'S/RestoreTesting: schedule (cron(0 5 ? * SUN)) must have 6 fields'],
    ['item 10: both days', { schedule: events.Schedule.expression('cron(0 5 1 * SUN *)') }, "must set exactly one of day-of-month ('1') and day-of-week ('SUN') to '?'"],
    ['item 10: every 10 minutes', { schedule: events.Schedule.expression('cron(*/10 * ? * * *)') }, 'runs 6 jobs an hour'],
    ['item 10: rate 30 minutes', { schedule: events.Schedule.rate(Duration.minutes(30)) }, 'S/RestoreTesting: schedule (rate(30 minutes)) must be a cron expression: AWS Backup schedules accept cron(...) only, and its jobs (every 30 minutes) must be at least 60 minutes apart'],
    ['item 10: unknown time zone', { scheduleTimezone: TimeZone.of('Mars/Olympus') }, 'S/RestoreTesting: scheduleTimezone ("Mars/Olympus") must be an IANA time zone name such as Europe/Paris or UTC'],
    ['item 10: empty time zone', { scheduleTimezone: TimeZone.of('') }, 'S/RestoreTesting: scheduleTimezone ("") must be an IANA time zone name'],
    ['item 11: tag characters', { selectionTags: { 'team,name': 'x' } }, 'S/RestoreTesting: selectionTags key ("team,name") may hold only letters, digits, spaces and _ . : / = + - @'],
    ['item 15: empty restoreMetadataOverrides key', { resourceTypes: [{ resourceType: RestoreTestingResourceType.EBS, restoreMetadataOverrides: { '': 'gp3' } }] }, 'S/RestoreTesting: resourceTypes[0].restoreMetadataOverrides key ("") must be a restore metadata key such as "instanceType": 1 to 128 characters without spaces'],
    ['restoreMetadataOverrides key with a space', { resourceTypes: [{ resourceType: RestoreTestingResourceType.EC2, restoreMetadataOverrides: { 'instance type': 't3.micro' } }] }, 'resourceTypes[0].restoreMetadataOverrides key ("instance type") must be a restore metadata key'],
    ['restoreMetadataOverrides key over 128 (found by the property test: cfn-lint cannot even parse it)', { resourceTypes: [{ resourceType: RestoreTestingResourceType.EC2, restoreMetadataOverrides: { ['k'.repeat(129)]: 'x' } }] }, 'must be a restore metadata key such as "instanceType": 1 to 128 characters without spaces'],
    ['item 15: a bare string (JavaScript written for the former enum)', { resourceTypes: [{ resourceType: 'Redshift' as any }] },
      'S/RestoreTesting: resourceTypes[0].resourceType (Redshift) must be a RestoreTestingResourceType: use RestoreTestingResourceType.<NAME> (Aurora, DocumentDB, DynamoDB, EBS, EC2, EFS, FSx, Neptune, RDS, S3) or RestoreTestingResourceType.of'],
    ['issue #13 item 5: a custom type of the wrong shape', { resourceTypes: [{ resourceType: RestoreTestingResourceType.of('Red/shift') }] },
      'S/RestoreTesting: resourceTypes[0].resourceType ("Red/shift") is not an AWS Backup resource type name: 1 to 50 letters, digits'],
    ['item 16: resource type missing', { resourceTypes: [{} as any] }, 'S/RestoreTesting: resourceTypes[0].resourceType (undefined) is required'],
  ])('%s', (_name, props, message) => {
    const { build } = setup(props);
    expect(build).toThrow(message);
  });

  test('a non-vault ARN in backupVaults', () => {
    const { stack, build } = setup();
    const notAVault = backup.BackupVault.fromBackupVaultArn(stack, 'Bucket', 'arn:aws:s3:eu-west-1:111122223333:bucket:my-bucket');
    expect(() => new RestoreTestingPlan(stack, 'Other', { backupVaults: [notAVault], selectionTags: { a: 'b' } }))
      .toThrow('S/Other: backupVaults[0] ("arn:aws:s3:eu-west-1:111122223333:bucket:my-bucket") must be a backup vault ARN: arn:<partition>:backup:<region>:<account>:backup-vault:<name>');
    expect(build).not.toThrow();
  });

  test('a JavaScript caller without backupVaults gets our error', () => {
    const stack = testStack();
    expect(() => new RestoreTestingPlan(stack, 'RT', { selectionTags: { a: 'b' } } as any)).toThrow('S/RT: backupVaults (undefined) is required');
  });

  test('a known time zone and a valid cron pass', () => {
    const { stack, build } = setup({ scheduleTimezone: TimeZone.EUROPE_PARIS, schedule: events.Schedule.expression('cron(30 3 ? * MON-FRI *)') });
    build();
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(30 3 ? * MON-FRI *)', ScheduleExpressionTimezone: 'Europe/Paris',
    });
  });
});

describe('RestoreTestingResourceType is open', () => {
  test('a known name through of() is the static member; known() lists every static member', () => {
    expect(RestoreTestingResourceType.of('DynamoDB')).toBe(RestoreTestingResourceType.DYNAMODB);
    expect(RestoreTestingResourceType.known().map((t) => t.value)).toEqual(['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'FSx', 'Neptune', 'RDS', 'S3']);
  });

  test('a custom type gets its selection (its name made of letters, digits and underscores) and an info annotation', () => {
    const { stack, build } = setup({ resourceTypes: [{ resourceType: RestoreTestingResourceType.of('Redshift Serverless') }, { resourceType: RestoreTestingResourceType.RDS }] });
    build();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
    // RestoreTestingSelectionName: "only alphanumeric characters and underscores. Maximum length is 50"
    // (botocore backup model, RestoreTestingSelectionForCreate).
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      RestoreTestingSelectionName: 'Redshift_Serverless_by_tags',
      ProtectedResourceType: 'Redshift Serverless',
    });
    Annotations.fromStack(stack).hasInfo('/S/RestoreTesting', Match.stringLikeRegexp(
      '^resourceTypes\\[0\\]\\.resourceType: Redshift Serverless is not among the RestoreTestingResourceType values this library knows'));
  });

  test('a 50-character custom type keeps a selection name of 50 characters', () => {
    const { stack, build } = setup({ resourceTypes: [{ resourceType: RestoreTestingResourceType.of('x'.repeat(50)) }] });
    build();
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      RestoreTestingSelectionName: `${'x'.repeat(42)}_by_tags`,
      ProtectedResourceType: 'x'.repeat(50),
    });
  });

  test('known types get no annotation', () => {
    const { stack, build } = setup();
    build();
    Annotations.fromStack(stack).hasNoInfo('*', Match.anyValue());
  });
});

describe('EnvironmentBackup restoreTesting: setting it turns restore testing on', () => {
  test('restoreTesting: {} creates the plan with its defaults', () => {
    const s = testStack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', tier: EnvironmentTier.STAGING, restoreTesting: {} });
    expect(env.restoreTesting!.restoreTestingPlanArn).toEqual(expect.any(String));
    Template.fromStack(s).hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'staging_restore_testing',
      ScheduleExpression: 'cron(0 5 ? * SUN *)',
    });
  });

  test('left out: no plan', () => {
    const s = testStack();
    const env = new EnvironmentBackup(s, 'E', { environmentName: 'staging', tier: EnvironmentTier.STAGING });
    expect(env.restoreTesting).toBeUndefined();
    Template.fromStack(s).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
  });
});
