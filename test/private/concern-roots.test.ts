import * as fs from 'fs';
import * as path from 'path';
import { importsOf, relative, sources, SRC } from '../support/source-imports';

/**
 * A concern's folder shows what it offers: its root (and a sub-folder of it such as
 * `notifications/slack/`) holds only modules its `index.ts` exports, the public API. What the concern
 * keeps to itself lives in its `private/` folder, the code that runs in Lambda in a `handler/` folder
 * (CONTRIBUTING.md, "Layout").
 */

/** Folders whose modules are internal: a concern's `private/` and `handler/`, and src/private/. */
function isInternal(file: string): boolean {
  return file.split('/').slice(0, -1).some((part) => part === 'private' || part === 'handler');
}

/**
 * The index a public module must be exported by: the `index.ts` of its own folder or, for a folder
 * without one (`notifications/slack/`), of the nearest folder above it that has one.
 */
function indexFor(file: string, indexes: Set<string>): string | undefined {
  const parts = file.split('/').slice(0, -1);
  for (let n = parts.length; n >= 0; n--) {
    const index = [...parts.slice(0, n), 'index.ts'].join('/');
    if (indexes.has(index)) return index;
  }
  return undefined;
}

/**
 * The modules (paths relative to src/) found in a concern's public part that no index exports.
 *
 * @param files every module of src/
 * @param exportsOf the modules an index re-exports (`export * from`), as paths relative to src/
 */
function rootViolations(files: string[], exportsOf: (index: string) => string[]): string[] {
  const indexes = new Set(files.filter((f) => path.posix.basename(f) === 'index.ts'));
  const found: string[] = [];
  for (const file of files) {
    if (indexes.has(file) || isInternal(file)) continue;
    const index = indexFor(file, indexes);
    if (index === undefined || !exportsOf(index).includes(file)) {
      found.push(`${file}: ${index ?? 'no index.ts'} does not export it; move it into its concern's private/ (synth internals) or handler/ (Lambda code)`);
    }
  }
  return found;
}

/** What an index of src/ re-exports, relative to src/. */
function indexExports(index: string): string[] {
  const file = path.join(SRC, index);
  const text = fs.readFileSync(file, 'utf8');
  if (/^\s*import\b/m.test(text)) throw new Error(`${index} imports: an index only re-exports`);
  return importsOf(file).map(relative);
}

test('a concern\'s folder root holds only what its index.ts exports', () => {
  expect(rootViolations(sources().map(relative), indexExports)).toEqual([]);
});

test('the root rule names the module no index exports, and passes private/ and handler/ modules', () => {
  const files = [
    'index.ts', 'environment-backup.ts',
    'plan/index.ts', 'plan/tiers.ts', 'plan/environment-plan.ts', 'plan/private/copy-actions.ts',
    'notifications/index.ts', 'notifications/slack/webhook.ts', 'notifications/slack/forwarder-limits.ts',
    'notifications/slack/handler/slack-forwarder.lambda.ts',
    'private/validation.ts', 'private/handler/aws-request.ts',
  ];
  const exported: Record<string, string[]> = {
    'index.ts': ['environment-backup.ts', 'plan/index.ts', 'notifications/index.ts'],
    'plan/index.ts': ['plan/tiers.ts'],
    'notifications/index.ts': ['notifications/slack/webhook.ts'],
  };
  expect(rootViolations(files, (index) => exported[index] ?? [])).toEqual([
    "plan/environment-plan.ts: plan/index.ts does not export it; move it into its concern's private/ (synth internals) or handler/ (Lambda code)",
    "notifications/slack/forwarder-limits.ts: notifications/index.ts does not export it; move it into its concern's private/ (synth internals) or handler/ (Lambda code)",
  ]);
});
