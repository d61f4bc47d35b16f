/*
 * The forwarder pipeline's settings as the library's template holds them, recorded in
 * pipeline-settings.json, so that the fault scenarios (which run the shipped handler bundle on these
 * settings, and load no aws-cdk-lib) need no synthesis. pipeline-settings.test.ts synthesizes the
 * template on both aws-cdk-lib versions the suite runs (the floor and the newest) and fails when the
 * record differs: the scenarios' outcome depends only on the handler and these settings, so they run
 * once, on the floor run. Rewrite the record after a deliberate change:
 *   npx ts-node -T -P tsconfig.dev.json test/notifications/slack/faults/record-settings.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PipelineSettings } from './simulation';

export const RECORDED_SETTINGS_FILE = path.join(__dirname, 'pipeline-settings.json');

export function recordedSettings(): PipelineSettings {
  return JSON.parse(fs.readFileSync(RECORDED_SETTINGS_FILE, 'utf8'));
}
