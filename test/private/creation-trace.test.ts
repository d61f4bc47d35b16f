import * as fs from 'fs';
import * as path from 'path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { EnvironmentBackup, OrganizationBackup, ReportFormat, SlackWebhook } from '../../src';
import { creationTrace } from '../../src/private/creation-trace';
import { SRC, sources } from '../support/source-imports';

// aws-cdk-lib's names (cx-api DISABLE_CREATION_STACK_TRACES, cloud-assembly-schema CREATION_STACK).
const DISABLE = 'aws:cdk:disable-creation-stack-traces';
const CREATION_STACK = 'aws:cdk:creationStack';
const THIS_FILE = path.basename(__filename);

/** An app with one stack `S` and a full-featured environment `E` (context as given). */
function environmentApp(context?: Record<string, unknown>): { app: App; stack: Stack; env: EnvironmentBackup } {
  const app = new App({ context });
  const stack = new Stack(app, 'S');
  const secret = new secretsmanager.Secret(stack, 'Webhook');
  const env = new EnvironmentBackup(stack, 'E', {
    environmentName: 'prod',
    notifications: { slack: SlackWebhook.fromSecret(secret) },
    audit: { reportFormats: [ReportFormat.CSV] },
    monitoring: {},
  });
  return { app, stack, env };
}

/** The CloudFormation elements under a construct, with their creation traces. */
function traces(scope: IConstruct): Array<{ path: string; traces: string[][] }> {
  return scope.node.findAll().filter(CfnElement.isCfnElement)
    .map((e) => ({ path: e.node.path, traces: e.node.metadata.filter((m) => m.type === CREATION_STACK).map((m) => m.data as string[]) }));
}

/** Runs `f` with Error.captureStackTrace counted; returns the count. */
function countCaptures(f: () => void): number {
  const capture = Error.captureStackTrace;
  let count = 0;
  Error.captureStackTrace = (target: object, ctor?: Function) => { count++; capture(target, ctor); };
  try {
    f();
  } finally {
    Error.captureStackTrace = capture;
  }
  return count;
}

describe('creation traces: one for each of the library constructs, shared by its elements', () => {
  test('every element of an environment, after synthesis, has exactly one trace, and it names the app\'s line', () => {
    const { app, env } = environmentApp();
    const line = new Error().stack!.split('\n').find((l) => l.includes(THIS_FILE))!;
    expect(line).toBeDefined();
    app.synth();
    const elements = traces(env);
    expect(elements.length).toBeGreaterThan(10);
    expect(elements.filter((e) => e.traces.length !== 1)).toEqual([]);
    for (const { traces: [trace] } of elements) {
      expect(trace[0]).toBe('...cdk-environment-backup...');
      // environmentApp's `new EnvironmentBackup` in this file: the app's call, not the library's frames.
      expect(trace[1]).toMatch(new RegExp(`^environmentApp \\(.*${THIS_FILE.replace(/\./g, '\\.')}:\\d+:\\d+\\)$`));
    }
  });

  test('the trace reaches the cloud assembly, where aws-cdk-lib\'s own traces go', () => {
    const { app } = environmentApp();
    const assembly = app.synth();
    const entries = assembly.getStackByName('S').findMetadataByType(CREATION_STACK);
    const vault = entries.find((e) => e.path === '/S/E/Vault/Vault/Resource');
    expect((vault?.data as string[])[0]).toBe('...cdk-environment-backup...');
    expect(vault?.data).toEqual(expect.arrayContaining([expect.stringContaining(THIS_FILE)]));
    // The app's own resources keep aws-cdk-lib's trace.
    const secret = entries.find((e) => e.path === '/S/Webhook/Resource');
    expect((secret?.data as string[])[0]).toMatch(/aws-cdk-lib/);
  });

  test('elements added under the construct after its constructor get the trace too', () => {
    const { app, stack, env } = environmentApp();
    env.protect(new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }));
    const later = new sns.Topic(env, 'Later');
    app.synth();
    expect(traces(later).map((e) => e.traces.map((t) => t[0]))).toEqual([['...cdk-environment-backup...']]);
    expect(traces(env).filter((e) => e.traces.length !== 1)).toEqual([]);
  });

  test('the templates are those of aws-cdk-lib\'s per-element traces (context false)', () => {
    const shared = environmentApp();
    const perElement = environmentApp({ [DISABLE]: false });
    expect(Template.fromStack(shared.stack).toJSON()).toEqual(Template.fromStack(perElement.stack).toJSON());
  });

  test('context false gives aws-cdk-lib\'s trace for every element back; true gives none', () => {
    const perElement = environmentApp({ [DISABLE]: false });
    perElement.app.synth();
    const all = traces(perElement.env);
    expect(all.filter((e) => e.traces.length !== 1)).toEqual([]);
    expect(all.filter((e) => e.traces[0][0] === '...cdk-environment-backup...')).toEqual([]);

    const none = environmentApp({ [DISABLE]: true });
    none.app.synth();
    expect(traces(none.env).filter((e) => e.traces.length !== 0)).toEqual([]);
  });

  test('in CDK\'s debug mode, aws-cdk-lib\'s trace for every element, and no second one', () => {
    const before = process.env.CDK_DEBUG;
    process.env.CDK_DEBUG = 'true';
    try {
      const { app, env } = environmentApp();
      app.synth();
      const all = traces(env);
      expect(all.filter((e) => e.traces.length !== 1)).toEqual([]);
      expect(all.filter((e) => e.traces[0][0] === '...cdk-environment-backup...')).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.CDK_DEBUG;
      else process.env.CDK_DEBUG = before;
    }
  });

  test('an environment captures a few stack traces, not one for each element', () => {
    const shared = countCaptures(() => environmentApp());
    const perElement = countCaptures(() => environmentApp({ [DISABLE]: false }));
    // Measured: 10 against 47 (one for each of the library's public constructs the app creates, and for the
    // app's own elements, against one for each element).
    expect(shared).toBeLessThan(perElement / 3);
    expect(shared).toBeLessThan(20);
  });

  test('OrganizationBackup shares its trace too', () => {
    const app = new App();
    const stack = new Stack(app, 'Org');
    const org = new OrganizationBackup(stack, 'Backup', {
      organizationId: 'o-abcdef1234',
      environments: [{ environmentName: 'dev', organizationalUnitIds: ['ou-ab12-dev00001'], regions: ['us-east-1'] }],
    });
    app.synth();
    const all = traces(org);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((e) => e.traces.length !== 1 || e.traces[0][0] !== '...cdk-environment-backup...' ||
      !e.traces[0].some((l) => l.includes(THIS_FILE)))).toEqual([]);
  });

  test('a class that is not on the stack gives the whole stack, not an empty trace (as aws-cdk-lib does)', () => {
    class NotCalled {}
    const trace = creationTrace(NotCalled);
    expect(trace.length).toBeGreaterThan(1);
    expect(trace.some((l) => l.includes(THIS_FILE))).toBe(true);
  });

  test('every public construct of src/ shares its trace, first thing after super()', () => {
    const missing: string[] = [];
    // The exported ones (a private construct is created inside a public one, or once a stack).
    for (const file of sources().filter((f) => !/[/\\](handler|private)[/\\]/.test(f))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/export class (\w+) extends (Construct|Resource) [^{]*\{/g)) {
        const body = text.slice(m.index!);
        const ctor = /(?:public )?constructor\([^)]*\)\s*\{\s*super\([^;]*\);\s*(\S[^\n]*)/.exec(body);
        if (ctor?.[1] !== 'shareCreationTrace(this, new.target);') missing.push(`${path.relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
