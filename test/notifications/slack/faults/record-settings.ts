// Writes pipeline-settings.json from the forwarder's synthesized template (see recorded-settings.ts).
import * as fs from 'fs';
import { forwarderTemplate } from './forwarder-template';
import { RECORDED_SETTINGS_FILE } from './recorded-settings';
import { pipelineSettings } from './simulation';

fs.writeFileSync(RECORDED_SETTINGS_FILE, `${JSON.stringify(pipelineSettings(forwarderTemplate()), null, 2)}\n`);
process.stdout.write(`wrote ${RECORDED_SETTINGS_FILE}\n`);
