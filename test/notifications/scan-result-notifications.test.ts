/*
 * Malware scan results that need a person: the EventBridge rule of an environment with
 * `malwareScanning`, its targets (the Slack forwarder's queue, the environment's topic), their
 * retry and dead-letter policy, and the permissions scoped to the rule.
 *
 * Event shape: AWS Backup developer guide, "Monitoring AWS Backup events using Amazon EventBridge",
 * section "Malware scan Job events" (source aws.backup, detail-type "Scan Job State Change", detail
 * `state` and `scanResult.scanResultStatus`):
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#aws-backup-events-malware-scan-job
 * Vault notifications have no scan event: botocore's backup model, enum BackupVaultEvent.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EnvironmentBackup, EnvironmentBackupProps, NotificationFilter, SlackWebhook } from '../../src';
import { SCAN_JOB_EVENT_KIND } from '../../src/notifications/slack/handler/scan-job-events';
import { unacknowledgedNagFindings } from '../support/nag';
import { testStack } from '../support/stack';

const ACCOUNT = '111122223333';
const stack = () => testStack({ env: { account: ACCOUNT, region: 'eu-west-1' } });
const webhook = (s: Stack) => SlackWebhook.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'Webhook', 'backup/slack-webhook'));
function env(props: Partial<EnvironmentBackupProps>, s: Stack = stack()): Template {
  new EnvironmentBackup(s, 'Prod', { environmentName: 'production', ...props });
  return Template.fromStack(s);
}
const withSlack = (extra: Partial<EnvironmentBackupProps> = {}) => {
  const s = stack();
  return env({ malwareScanning: {}, notifications: { slack: webhook(s) }, ...extra }, s);
};
const ruleArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:events:eu-west-1:${ACCOUNT}:rule/production-malware-scan-results`]] };
const scanRule = (t: Template) => Object.values(t.findResources('AWS::Events::Rule', {
  Properties: { EventPattern: { 'detail-type': ['Scan Job State Change'] } },
}));

describe('the malware scan results rule of an environment', () => {
  test('matches the vault\'s scan jobs that found threats, failed, were canceled or completed with issues', () => {
    const t = withSlack();
    expect(scanRule(t)).toHaveLength(1);
    t.hasResourceProperties('AWS::Events::Rule', {
      Name: 'production-malware-scan-results',
      State: 'ENABLED',
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Scan Job State Change'],
        'detail': {
          backupVaultName: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ProdVault'), 'BackupVaultName'] }],
          // COMPLETED with NO_THREATS_FOUND, CREATED and RUNNING do not need a person.
          $or: [
            { state: ['FAILED', 'CANCELED', 'COMPLETED_WITH_ISSUES'] },
            { scanResult: { scanResultStatus: ['THREATS_FOUND'] } },
          ],
        },
      },
    });
  });

  test('targets the Slack queue and the topic, each with 8 retries over 24 hours then a dead-letter queue', () => {
    const t = withSlack();
    const targets = scanRule(t)[0].Properties.Targets;
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: Duration.hours(24).toSeconds() });
      expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^ProdNotificationsScanResultsDeadLetterQueue/);
    }
    const queueTarget = targets.find((x: any) => x.Arn['Fn::GetAtt']?.[0]?.startsWith('SlackForwarder'));
    const topicTarget = targets.find((x: any) => x.Arn.Ref?.startsWith('ProdNotificationsTopic'));
    expect(queueTarget).toBeDefined();
    expect(topicTarget).toBeDefined();
    // The envelope the forwarder recognises, with the whole event.
    for (const target of [queueTarget, topicTarget]) {
      const template: string = target.InputTransformer.InputTemplate;
      expect(template.startsWith(`{"kind":"${SCAN_JOB_EVENT_KIND}","environmentName":"production","summary":"A malware scan`)).toBe(true);
      expect(template.endsWith(',"event":<aws.events.event.json>}')).toBe(true);
    }
  });

  test('EventBridge may send to the queue, the topic and their keys for this rule only', () => {
    const t = withSlack();
    const forRule = { ArnEquals: { 'aws:SourceArn': ruleArn } };
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: forRule,
        })]),
      },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Condition: forRule,
        })]),
      },
    });
    const keysForRule = Object.values(t.findResources('AWS::KMS::Key')).filter((k: any) => k.Properties.KeyPolicy.Statement.some((st: any) =>
      st.Principal?.Service === 'events.amazonaws.com' && JSON.stringify(st.Condition) === JSON.stringify(forRule)));
    // The forwarder's key (queue) and the topic's key.
    expect(keysForRule).toHaveLength(2);
    // The dead-letter queue admits this rule (aws:SourceArn, added by aws-cdk-lib).
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^ProdNotificationsScanResultsDeadLetterQueue') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' })]) },
    });
  });

  test('the dead-letter alarm notifies the topic and the Slack forwarder\'s alarm topic, which it may publish to', () => {
    const t = withSlack();
    const alarm = Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'production-MalwareScanResultsUndelivered' } }))[0] as any;
    expect(alarm.Properties.Threshold).toBe(0);
    expect(alarm.Properties.AlarmActions).toHaveLength(2);
    const refs = alarm.Properties.AlarmActions.map((a: any) => a.Ref);
    expect(refs.some((r: string) => r.startsWith('ProdNotificationsTopic'))).toBe(true);
    expect(refs.some((r: string) => r.startsWith('SlackForwarder'))).toBe(true);
    expect(alarm.Properties.OKActions.map((a: any) => a.Ref)).toEqual([expect.stringMatching(/^SlackForwarder.*AlarmTopic/)]);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('alarm:production-MalwareScanResultsUndelivered$')])] }) } }),
        })]),
      },
    });
  });

  test('with NotificationFilter.all() Slack gets the topic\'s copy: no queue target (one message, not two)', () => {
    const s = stack();
    const t = env({ malwareScanning: {}, notifications: { slack: webhook(s), filter: NotificationFilter.all() } }, s);
    const targets = scanRule(t)[0].Properties.Targets;
    expect(targets).toHaveLength(1);
    expect(targets[0].Arn.Ref).toMatch(/^ProdNotificationsTopic/);
  });

  test('without Slack: the topic alone (its e-mail subscribers), the alarm to the topic alone', () => {
    const t = env({ malwareScanning: {}, notifications: { emailAddresses: ['sre@example.com'] } });
    const targets = scanRule(t)[0].Properties.Targets;
    expect(targets.map((x: any) => x.Arn.Ref)).toEqual([expect.stringMatching(/^ProdNotificationsTopic/)]);
    const alarm = Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'production-MalwareScanResultsUndelivered' } }))[0] as any;
    expect(alarm.Properties.AlarmActions.map((a: any) => a.Ref)).toEqual([expect.stringMatching(/^ProdNotificationsTopic/)]);
  });

  test('an air-gapped vault the rules back up into is matched too', () => {
    const t = env({
      malwareScanning: {},
      airGappedCopy: { backupDirectly: true, minRetention: Duration.days(7), maxRetention: Duration.days(400) },
    });
    expect(scanRule(t)[0].Properties.EventPattern.detail.backupVaultName).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^ProdVault/), 'BackupVaultName'] },
      // The name out of the air-gapped vault's ARN (arn:…:backup-vault:<name>).
      { 'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::GetAtt': [expect.stringMatching(/^ProdAirGappedVault/), 'BackupVaultArn'] }] }] },
    ]);
  });

  test('no scanning, no rule', () => {
    expect(scanRule(env({}))).toHaveLength(0);
  });

  test('a topic this app does not manage: a warning with the statement EventBridge needs', () => {
    const s = stack();
    const topic = sns.Topic.fromTopicArn(s, 'Existing', `arn:aws:sns:eu-west-1:${ACCOUNT}:backup-events`);
    env({ malwareScanning: {}, notifications: { topic } }, s);
    const warnings = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('EventBridge cannot publish to it'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/"Action":"sns:Publish","Condition":\{"ArnEquals":\{"aws:SourceArn":.*rule\/production-malware-scan-results.*"Principal":\{"Service":"events.amazonaws.com"\}/);
  });

  test('cdk-nag (AwsSolutions) finds nothing unacknowledged in the scan results constructs', () => {
    const s = stack();
    env({ malwareScanning: {}, notifications: { slack: webhook(s) } }, s);
    expect(unacknowledgedNagFindings(s).filter((f) => f.includes('ScanResults'))).toEqual([]);
  });
});
