import * as fs from 'fs';
import * as path from 'path';
import { MAX_INLINE_CODE_BYTES } from './limits';

/** Where projen's bundle tasks write the handlers (`assets/<entry>/index.js`): the same from src/private/ and lib/private/. */
const ASSETS = path.join(__dirname, '..', '..', 'assets');

/** Each bundle read once per process (a synth may build many member baselines). */
const read = new Map<string, string>();

/**
 * The bundled code of a handler, to carry inline (`Code.ZipFile`) where a template cannot reference
 * an asset (a StackSet's template): the very bundle the handler's own asset ships, so that the inline
 * copy and the asset are one implementation.
 *
 * @param entry the bundle's folder under assets/, e.g. `account/handler/region-settings.lambda`
 */
export function bundledHandlerCode(entry: string): string {
  const cached = read.get(entry);
  if (cached !== undefined) return cached;
  const file = path.join(ASSETS, entry, 'index.js');
  if (!fs.existsSync(file)) {
    throw new Error(`The bundled handler ${file} is missing: \`npx projen bundle\` writes it (the package ships it under assets/)`);
  }
  const code = fs.readFileSync(file, 'utf8');
  const bytes = Buffer.byteLength(code);
  if (bytes > MAX_INLINE_CODE_BYTES) {
    throw new Error(`The bundled handler ${file} (${bytes} bytes) is too large for inline Lambda code: CloudFormation allows at most ${MAX_INLINE_CODE_BYTES} bytes (Code.ZipFile)`);
  }
  read.set(entry, code);
  return code;
}
