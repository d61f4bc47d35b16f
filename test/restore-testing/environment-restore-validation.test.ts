import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BackupReportAnalytics, EnvironmentBackup, RestoreValidation } from '../../src';

// The facade passes `restoreTesting.validation` and `audit.analytics` through to the constructs.
test('EnvironmentBackup: restoreTesting.validation validates the restore jobs of its plan', () => {
  const stack = new Stack(new App(), 'S');
  const env = new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', restoreTesting: { enabled: true, validation: {} } });
  expect(env.restoreTesting?.validation).toBeInstanceOf(RestoreValidation);
  Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
    EventPattern: Match.objectLike({
      'detail-type': ['Restore Job State Change'],
      'detail': { restoreTestingPlanArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ProdRestoreTesting'), 'RestoreTestingPlanArn'] }], status: ['COMPLETED'] },
    }),
  });
});

test('EnvironmentBackup: failed restore validations are published to the environment\'s topic', () => {
  const stack = new Stack(new App(), 'S');
  const env = new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', restoreTesting: { enabled: true, validation: {} } });
  const topicRef = stack.resolve(env.topic.topicArn);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ TOPIC_ARN: topicRef }) },
  });
});

test('EnvironmentBackup: audit.analytics makes tables of the environment\'s reports', () => {
  const stack = new Stack(new App(), 'S');
  const env = new EnvironmentBackup(stack, 'Prod', { environmentName: 'production', audit: { analytics: {} } });
  expect(env.audit?.analytics).toBeInstanceOf(BackupReportAnalytics);
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::Glue::Table', 2); // the default templates: control compliance, backup jobs
  t.hasResourceProperties('AWS::Glue::Table', {
    TableInput: Match.objectLike({ Name: 'backup_job_report', Parameters: Match.objectLike({ 'projection.environment.values': 'production' }) }),
  });
  t.resourceCountIs('AWS::Athena::WorkGroup', 1);
});
