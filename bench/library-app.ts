/* The app under test: N fully featured environments written with this library. */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DISABLE_CREATION_STACK_TRACES } from 'aws-cdk-lib/cx-api';
import { DR_VAULT_ACCOUNT, DR_VAULT_ARN } from './dr-vault';
import type * as Sources from '../src';

export { DR_VAULT_ACCOUNT, DR_VAULT_ARN };

/** The library's exports (the types are the sources'; lib/ is compiled from them). */
export type Library = typeof Sources;

/**
 * The library as its users load it: the package npm publishes, compiled by jsii into lib/ (without source maps,
 * see .projenrc.ts), installed under a `node_modules` folder, not its TypeScript sources through ts-node. Where it
 * lies matters: aws-cdk-lib folds the frames of a file under `node_modules` in the creation stack trace it records
 * for each CloudFormation element, as for any library (its "just my code" rendering). So lib/, assets/ and
 * package.json are copied to `.bench/node_modules/cdk-environment-backup` (ignored by git) whenever lib/ is newer
 * than the copy. The benchmark tasks compile lib/ first when it is older than src/ (.ci/stale-lib.js).
 * `BENCH_LIBRARY=src` loads the sources instead (the tests do: they run before the build compiles lib/).
 */
export function library(): Library {
  const from = process.env.BENCH_LIBRARY ?? 'package';
  if (from === 'src') return sourcesLibrary();
  if (from !== 'package') throw new Error(`BENCH_LIBRARY must be 'package' or 'src', not '${from}'`);
  return require(installedPackage()); // eslint-disable-line @typescript-eslint/no-require-imports
}

/** The library loaded from its TypeScript sources through ts-node (as the benchmark did before; for comparisons). */
export function sourcesLibrary(): Library {
  return require('../src'); // eslint-disable-line @typescript-eslint/no-require-imports
}

/** The library app built with the library loaded from its sources. */
export const sourcesLibraryApp = (outdir: string, envs: number, perStack: number): App =>
  libraryApp(outdir, envs, perStack, sourcesLibrary());

let installed: string | undefined;
/** The folder of the installed copy of the package, made again when lib/ changed (once per process). */
function installedPackage(): string {
  if (installed) return installed;
  const root = path.resolve(__dirname, '..');
  const index = path.join(root, 'lib', 'index.js');
  if (!fs.existsSync(index)) throw new Error('lib/ is missing: run `npx projen bench:lib` (it compiles the library) first');
  const target = path.join(root, '.bench', 'node_modules', 'cdk-environment-backup');
  const copied = path.join(target, 'lib', 'index.js');
  if (!fs.existsSync(copied) || fs.statSync(copied).mtimeMs < fs.statSync(index).mtimeMs) {
    fs.rmSync(target, { recursive: true, force: true });
    for (const part of ['lib', 'assets', 'package.json']) {
      fs.cpSync(path.join(root, part), path.join(target, part), { recursive: true, preserveTimestamps: true });
    }
  }
  return installed = target;
}

/** Adds `count` environments to a stack sharing one webhook secret and one dashboard. */
export function addLibraryEnvironments(stack: Stack, first: number, count: number, from: Library = library()): void {
  const { BackupDashboard, EnvironmentBackup, EnvironmentTier, MonitoringDashboard, ReportFormat, SlackWebhook } = from;
  const secret = new secretsmanager.Secret(stack, 'SlackWebhook');
  const dashboard = new BackupDashboard(stack, 'Dashboard');
  for (let i = first; i < first + count; i++) {
    const env = new EnvironmentBackup(stack, `Env${i}`, {
      environmentName: `env${i}`,
      tier: EnvironmentTier.PRODUCTION,
      notifications: { slack: SlackWebhook.fromSecret(secret) },
      audit: { reportFormats: [ReportFormat.CSV, ReportFormat.JSON] },
      monitoring: { onDashboard: MonitoringDashboard.shared(dashboard) },
      copyTo: [{ vault: backup.BackupVault.fromBackupVaultArn(stack, `DrVault${i}`, DR_VAULT_ARN), account: DR_VAULT_ACCOUNT }],
    });
    env.protect(new dynamodb.TableV2(stack, `Table${i}`, { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }));
  }
}

/** An app of `envs` environments, `perStack` a stack (the library from `library()` unless given). */
export function libraryApp(outdir: string, envs: number, perStack: number, from: Library = library()): App {
  return environmentsApp(new App({ outdir }), envs, perStack, from);
}

/**
 * The library app with aws-cdk-lib's creation stack trace for every CloudFormation element, as the baseline records
 * them: the context `aws:cdk:disable-creation-stack-traces` false, which the library leaves alone (by default it records
 * one trace for each of its constructs, shared by the elements inside: src/private/creation-trace.ts). The like-for-like
 * comparison with the hand-written apps.
 */
export function libraryPerElementTracesApp(outdir: string, envs: number, perStack: number, from: Library = library()): App {
  return environmentsApp(new App({ outdir, context: { [DISABLE_CREATION_STACK_TRACES]: false } }), envs, perStack, from);
}

function environmentsApp(app: App, envs: number, perStack: number, from: Library): App {
  for (let first = 0, s = 0; first < envs; first += perStack, s++) {
    addLibraryEnvironments(new Stack(app, `Library${s}`), first, Math.min(perStack, envs - first), from);
  }
  return app;
}
