import { importsOf, relative, sources } from '../support/source-imports';

/** An import of one module of src/ by another, as paths relative to src/. */
interface Edge {
  readonly from: string;
  readonly to: string;
}

/** The folder of src/ a module belongs to: its concern, `private`, or '' for the facade (src/*.ts). */
function concernOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 1 ? parts[0] : '';
}

/**
 * What the layout forbids (README "Develop", DESIGN.md "Layout"):
 * - a concern imports another concern only through its index (`'../vault'`): the index says what
 *   the concern offers, and its other modules can change without breaking another concern;
 * - internals shared by several concerns live in src/private/, which imports nothing else of src/
 *   (it is the bottom layer, so it cannot close a cycle);
 * - no concern (and nothing in src/private/) imports the facade: only the facade composes concerns.
 *
 * The facade (src/*.ts) is the composition root: it may use the building blocks of the concerns it
 * composes (their modules, not only their index).
 */
function violations(imports: Edge[]): string[] {
  const found: string[] = [];
  for (const { from, to } of imports) {
    const source = concernOf(from);
    const target = concernOf(to);
    if (source === '' || source === target) continue;
    if (target === '') {
      found.push(`${from} imports ${to}: only the facade composes concerns, no concern imports it`);
    } else if (source === 'private') {
      found.push(`${from} imports ${to}: src/private/ imports only src/private/`);
    } else if (target !== 'private' && to !== `${target}/index.ts`) {
      found.push(`${from} imports ${to}: import '${target}' through its index, or move what both concerns share to src/private/`);
    }
  }
  return found;
}

/** Handler code: a module under a `handler/` folder, except the Lambda construct projen generates there. */
function isHandler(file: string): boolean {
  return file.split('/').includes('handler') && !file.endsWith('-function.ts');
}

/**
 * Handler code runs in Lambda without aws-cdk-lib (the ESLint rule in .projenrc.ts forbids importing
 * it directly): it also imports only handler code, so no synth module brings aws-cdk-lib in indirectly.
 */
function handlerViolations(imports: Edge[]): string[] {
  return imports
    .filter(({ from, to }) => isHandler(from) && !isHandler(to))
    .map(({ from, to }) => `${from} imports ${to}: handler code imports only handler code (a handler/ folder)`);
}

function edges(): Edge[] {
  return sources().flatMap((f) =>
    importsOf(f).map((to) => ({ from: relative(f), to: relative(to) })));
}

test('no concern deep-imports another concern, src/private/ depends on no concern, nothing imports the facade', () => {
  expect(violations(edges())).toEqual([]);
});

test('the layout rule names each kind of import it forbids', () => {
  expect(violations([
    { from: 'organization/organization-backup.ts', to: 'vault/logically-air-gapped-vault.ts' },
    { from: 'private/alarm-publish.ts', to: 'notifications/index.ts' },
    { from: 'plan/tiers.ts', to: 'environment-backup.ts' },
    // allowed: through an index, into src/private/, within a concern, from the facade
    { from: 'organization/organization-backup.ts', to: 'vault/index.ts' },
    { from: 'organization/organization-backup.ts', to: 'private/rule-validation.ts' },
    { from: 'notifications/slack/slack-forwarder.ts', to: 'notifications/filter.ts' },
    { from: 'environment-backup.ts', to: 'plan/copy-actions.ts' },
  ])).toEqual([
    "organization/organization-backup.ts imports vault/logically-air-gapped-vault.ts: import 'vault' through its index, or move what both concerns share to src/private/",
    'private/alarm-publish.ts imports notifications/index.ts: src/private/ imports only src/private/',
    'plan/tiers.ts imports environment-backup.ts: only the facade composes concerns, no concern imports it',
  ]);
});

test('handler code imports only handler code', () => {
  expect(handlerViolations(edges())).toEqual([]);
});

test('the handler rule names the import it forbids', () => {
  expect(handlerViolations([
    { from: 'account/handler/region-settings.lambda.ts', to: 'private/validation.ts' },
    // allowed: handler code to shared handler code; synth code (and the generated construct) to anything
    { from: 'account/handler/region-settings.lambda.ts', to: 'private/handler/custom-resource-response.ts' },
    { from: 'account/handler/region-settings-function.ts', to: 'private/validation.ts' },
    { from: 'account/backup-region-settings.ts', to: 'account/handler/region-settings-logic.ts' },
  ])).toEqual([
    'account/handler/region-settings.lambda.ts imports private/validation.ts: handler code imports only handler code (a handler/ folder)',
  ]);
});
