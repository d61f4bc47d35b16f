/*
 * The "done when": the example app's alarms reach the Slack forwarder by a path an
 * attribute-less message takes. Follows each alarm action of the Production stack to the topic, its
 * subscriptions to the forwarder's buffer queue, and applies their filter policies with AWS's
 * rules (test/support/sns-filter-evaluator.ts) to a CloudWatch alarm notification (no attributes).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../example/app';
import { snsDelivers } from '../support/sns-filter-evaluator';

test('every alarm of the example\'s Production stack reaches the forwarder\'s queue, though it carries no attributes', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-alarms-'));
  try {
    const template = buildExampleApp(outdir).synth().getStackByName('Production').template;
    const resources = Object.entries(template.Resources as Record<string, any>);
    const [queueId] = resources.find(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping')!.slice(1)
      .map((esm: any) => esm.Properties.EventSourceArn['Fn::GetAtt'][0]);
    const subscriptions = resources.map(([, r]) => r).filter((r) => r.Type === 'AWS::SNS::Subscription'
      && r.Properties.Protocol === 'sqs' && r.Properties.Endpoint['Fn::GetAtt']?.[0] === queueId);
    const alarms = resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([, a]) => a.Properties.AlarmName).filter(Boolean).sort()).toEqual([
      'production-BackupJobsAborted', 'production-BackupJobsExpired', 'production-BackupJobsFailed',
      // Copy jobs are alarmed per destination vault (AWS reports them under its name).
      'production-CopyJobsFailed-production-air-gapped-vault', 'production-CopyJobsFailed-production-dr',
      // malwareScanning: scan results EventBridge could not deliver.
      'production-MalwareScanResultsUndelivered',
      'production-NoBackupJobCompleted', 'production-RestoreJobsFailed',
      // restoreTesting.validation: restore jobs the validation handler could not process.
      'production-RestoreValidationDeadLetter',
    ]);
    for (const [id, alarm] of alarms) {
      const actions: any[] = alarm.Properties.AlarmActions;
      const topics = actions.filter((a) => a.Ref).map((a) => a.Ref);
      const viaTopic = subscriptions.some((sub) => topics.includes(sub.Properties.TopicArn.Ref) && snsDelivers(sub.Properties.FilterPolicy, {}));
      // The dead-letter alarm goes straight to the function (not through the queue it watches).
      const direct = actions.some((a) => a['Fn::GetAtt']?.[1] === 'Arn' && template.Resources[a['Fn::GetAtt'][0]].Type === 'AWS::Lambda::Function');
      expect({ id, reaches: viaTopic || direct }).toEqual({ id, reaches: true });
      if (direct) expect(viaTopic).toBe(false);
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
