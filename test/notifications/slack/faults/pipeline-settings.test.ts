/*
 * The settings the fault scenarios run on (pipeline-settings.json) are the template's, on the
 * aws-cdk-lib this run loads (the floor and the newest both run this file): the scenarios themselves
 * (slack-forwarder.faults.test.ts) load no aws-cdk-lib and run once.
 */
import { forwarderTemplate } from './forwarder-template';
import { recordedSettings } from './recorded-settings';
import { pipelineSettings, PipelineSettings } from './simulation';

let settings: PipelineSettings;
beforeAll(() => {
  settings = pipelineSettings(forwarderTemplate());
}, 60_000);

test('the recorded settings are the template\'s (else: npx ts-node -T -P tsconfig.dev.json test/notifications/slack/faults/record-settings.ts, and review the diff)', () => {
  expect(settings).toEqual(recordedSettings());
});

test('the template is read: queue, mapping and function settings', () => {
  expect(settings.mapping.reportBatchItemFailures).toBe(true);
  expect(settings.mapping.maxConcurrency).toBeGreaterThanOrEqual(2);
  expect(settings.buffer.visibilityTimeoutS).toBeGreaterThanOrEqual(settings.fn.timeoutS);
  expect(settings.buffer.maxReceiveCount).toBeGreaterThanOrEqual(1);
  expect(settings.fn.environment.WEBHOOK_SECRET_ARN).toMatch(/^arn:aws:secretsmanager:/);
  expect(typeof settings.fn.environment.OPERATOR_TOPIC_ARN).toBe('string');
  expect(settings.probeEveryMs).toBe(60 * 60_000);
});
