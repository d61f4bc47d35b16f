import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  RestoreTestingPlan,
  RestoreTestingResourceType,
  RestoreValidation,
  RestoreValidator,
} from '../../src/restore-testing';
import { cfnLint } from '../support/cfn-lint';
import { unacknowledgedNagFindings } from '../support/nag';
import { testStack } from '../support/stack';

function planWithValidation(validation: any, resourceTypes?: RestoreTestingResourceType[]) {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'prod-vault' });
  const topic = new sns.Topic(stack, 'Topic');
  const plan = new RestoreTestingPlan(stack, 'RestoreTesting', {
    backupVaults: [vault],
    selectionTags: { 'backup:environment': 'production' },
    resourceTypes: resourceTypes?.map((resourceType) => ({ resourceType })),
    validation: typeof validation === 'function' ? validation(stack, topic) : validation,
  });
  return { app, stack, plan, topic };
}

/** The actions of the validation handler's role policy. */
function handlerActions(t: Template): string[] {
  const policies = t.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('ValidationRole') } });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action))).sort();
}

describe('RestoreValidation', () => {
  test('without validation, a restore testing plan has no rule and no function', () => {
    const { stack } = planWithValidation(undefined);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', 0);
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('validation: {} — a rule on completed restore jobs of this plan invokes the handler, with retries and a dead-letter queue', () => {
    const { stack, plan } = planWithValidation({});
    expect(plan.validation).toBeInstanceOf(RestoreValidation);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        'detail': {
          restoreTestingPlanArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreTesting'), 'RestoreTestingPlanArn'] }],
          status: ['COMPLETED'],
        },
      },
      State: 'ENABLED',
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationHandler'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationDeadLetterQueue'), 'Arn'] } },
      })],
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Timeout: 120,
      Environment: {
        Variables: Match.objectEquals({
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
          RESTORE_TESTING_PLAN_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreTesting'), 'RestoreTestingPlanArn'] },
        }),
      },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('least privilege: PutRestoreValidationResult, and describe calls for the plan\'s resource types only, scoped to the account and region', () => {
    const { stack } = planWithValidation({}, [RestoreTestingResourceType.RDS, RestoreTestingResourceType.DYNAMODB]);
    const t = Template.fromStack(stack);
    expect(handlerActions(t)).toEqual(['backup:PutRestoreValidationResult', 'dynamodb:DescribeTable', 'logs:CreateLogStream', 'logs:PutLogEvents', 'rds:DescribeDBInstances']);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'ReportValidationResults', Effect: 'Allow', Action: 'backup:PutRestoreValidationResult', Resource: '*' },
          { Effect: 'Allow', Action: 'rds:DescribeDBInstances', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-1:123456789012:db:*']] } },
          { Effect: 'Allow', Action: 'dynamodb:DescribeTable', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:123456789012:table/*']] } },
        ]),
      },
    });
  });

  test('the default resource types get one describe action each', () => {
    const { stack } = planWithValidation({});
    expect(handlerActions(Template.fromStack(stack))).toEqual([
      'backup:PutRestoreValidationResult', 'dynamodb:DescribeTable', 'ec2:DescribeVolumes', 'elasticfilesystem:DescribeFileSystems',
      'logs:CreateLogStream', 'logs:PutLogEvents', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 's3:ListBucket',
    ]);
  });

  test('a topic: the handler may publish to it, gets its ARN, and the dead-letter alarm notifies it', () => {
    const { stack } = planWithValidation((_s: Stack, topic: sns.ITopic) => ({ topic }));
    const t = Template.fromStack(stack);
    expect(handlerActions(t)).toContain('sns:Publish');
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TOPIC_ARN: { Ref: Match.stringLikeRegexp('^Topic') } }) },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }] });
  });

  test('an encrypted topic: the handler may use its key to publish', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'TopicKey');
    const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
    new RestoreValidation(stack, 'V', { restoreTestingPlanArn: 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1', topic });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TopicKey'), 'Arn'] },
        })]),
      },
    });
  });

  test('a validation function: invoked by the handler, which then needs no describe permissions', () => {
    const { stack } = planWithValidation((s: Stack) => ({
      validator: RestoreValidator.fromFunction(lambda.Function.fromFunctionArn(s, 'Check', 'arn:aws:lambda:eu-west-1:123456789012:function:check-orders')),
      timeout: Duration.minutes(10),
    }));
    const t = Template.fromStack(stack);
    expect(handlerActions(t)).toEqual(['backup:PutRestoreValidationResult', 'lambda:InvokeFunction', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 600,
      Environment: { Variables: Match.objectLike({ VALIDATOR_FUNCTION: 'arn:aws:lambda:eu-west-1:123456789012:function:check-orders' }) },
    });
  });

  test('a custom resource type with the default validator fails at synth (its restores would go unvalidated)', () => {
    expect(() => planWithValidation({}, [RestoreTestingResourceType.RDS, RestoreTestingResourceType.of('Redshift')]))
      .toThrow('S/RestoreTesting/Validation: resourceTypes (Redshift) is a type this library does not know: RestoreValidator.resourceReachable() has no check for it, ' +
        'so its restores would go unvalidated; give validator: RestoreValidator.fromFunction(…) with your own check');
  });

  test('a custom resource type with a validator function is validated by it', () => {
    const { stack } = planWithValidation((s: Stack) => ({
      validator: RestoreValidator.fromFunction(lambda.Function.fromFunctionArn(s, 'Check', 'arn:aws:lambda:eu-west-1:123456789012:function:check-redshift')),
    }), [RestoreTestingResourceType.of('Redshift')]);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'Redshift', RestoreTestingSelectionName: 'Redshift_by_tags' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ VALIDATOR_FUNCTION: 'arn:aws:lambda:eu-west-1:123456789012:function:check-redshift' }) },
    });
  });

  test('standalone, a custom resource type of the wrong shape fails naming it', () => {
    const stack = testStack();
    expect(() => new RestoreValidation(stack, 'V', {
      restoreTestingPlanArn: 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1', resourceTypes: [RestoreTestingResourceType.of('')],
    })).toThrow('S/V: resourceTypes[0] ("") is not an AWS Backup resource type name');
  });

  test('standalone, for a plan ARN', () => {
    const stack = testStack();
    new RestoreValidation(stack, 'V', { restoreTestingPlanArn: 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1', resourceTypes: [RestoreTestingResourceType.S3] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { restoreTestingPlanArn: ['arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1'], status: ['COMPLETED'] } }),
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::*']] } }]) },
    });
  });

  test.each([
    [Duration.seconds(4), 'timeout (4 seconds) must be between 5 seconds and 15 minutes (Lambda\'s limits)'],
    [Duration.minutes(16), 'timeout (16 minutes) must be between 5 seconds and 15 minutes (Lambda\'s limits)'],
  ])('timeout %s is refused', (timeout, message) => {
    expect(() => planWithValidation({ timeout })).toThrow(`S/RestoreTesting/Validation: ${message}`);
  });

  test('a validation window of 0 hours is refused with validation (nothing would be left to check)', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const vault = new backup.BackupVault(stack, 'Vault');
    expect(() => new RestoreTestingPlan(stack, 'RestoreTesting', {
      backupVaults: [vault],
      selectionTags: { env: 'prod' },
      resourceTypes: [{ resourceType: RestoreTestingResourceType.DYNAMODB, validationWindow: Duration.hours(0) }],
      validation: {},
    })).toThrow('S/RestoreTesting: validationWindow of DynamoDB (0 hours) leaves no time for validation: AWS Backup deletes the restored resource at once; give at least 1 hour');
  });

  // Issue 19 item 9: AWS documents no default for ValidationWindowHours (0–168). The restored
  // resource must outlast the validation: the rule retries delivery up to its maximum event age, and
  // the handler then runs up to its timeout (15 minutes at most).
  test('without validationWindow, each selection keeps the restored resource longer than the validation can take', () => {
    const t = Template.fromStack(planWithValidation({}).stack);
    const retry = Object.values(t.findResources('AWS::Events::Rule'))[0].Properties.Targets[0].RetryPolicy.MaximumEventAgeInSeconds;
    const selections = Object.values(t.findResources('AWS::Backup::RestoreTestingSelection'));
    expect(selections.length).toBeGreaterThan(0);
    for (const s of selections) {
      expect(s.Properties.ValidationWindowHours * 3600).toBeGreaterThanOrEqual(retry + 15 * 60);
      expect(s.Properties.ValidationWindowHours).toBe(7);
    }
  });

  test('a validation function whose timeout leaves the handler no time to report is refused', () => {
    expect(() => planWithValidation((s: Stack) => ({
      validator: RestoreValidator.fromFunction(new lambda.Function(s, 'Check', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'), timeout: Duration.minutes(2),
      })),
    }))).toThrow('S/RestoreTesting/Validation: timeout (2 minutes) must exceed the validation function\'s timeout (2 minutes) by 15 seconds ' +
      '(the handler reports and publishes after the function answers)');
  });

  test('an empty resourceTypes list is refused', () => {
    const stack = testStack();
    expect(() => new RestoreValidation(stack, 'V', { restoreTestingPlanArn: 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1', resourceTypes: [] }))
      .toThrow('S/V: resourceTypes is empty: name the resource types the plan restores');
  });

  test('cfn-lint and cdk-nag: clean, every accepted finding acknowledged in code', () => {
    const { app, stack } = planWithValidation((s: Stack, topic: sns.ITopic) => ({
      topic,
      validator: RestoreValidator.fromFunction(lambda.Function.fromFunctionArn(s, 'Check', 'arn:aws:lambda:eu-west-1:123456789012:function:check-orders')),
    }));
    const { stack: stack2 } = planWithValidation((_s: Stack, topic: sns.ITopic) => ({ topic }));
    // An environment-agnostic stack (region and account are tokens), every resource type.
    const stack3 = testStack({ id: 'Agnostic' });
    new RestoreValidation(stack3, 'RestoreTesting', { restoreTestingPlanArn: 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-validation-'));
    const files = [stack, stack2, stack3].map((s, i) => {
      const file = path.join(dir, `template${i}.json`);
      fs.writeFileSync(file, JSON.stringify(Template.fromStack(s).toJSON()));
      return file;
    });
    expect(cfnLint(files)).toEqual([]);
    // The test stack's own topic and vault are not the library's: only findings under the plan count.
    const findings = [app, stack2.node.root, stack3.node.root].flatMap((root) => unacknowledgedNagFindings(root))
      .filter((f) => f.includes('/RestoreTesting/'));
    expect(findings).toEqual([]);
  });
});
