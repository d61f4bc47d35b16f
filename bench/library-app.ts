/* The app under test: N fully featured environments written with this library. */
import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DR_VAULT_ACCOUNT, DR_VAULT_ARN } from './dr-vault';
import type * as Sources from '../src';

export { DR_VAULT_ACCOUNT, DR_VAULT_ARN };

/** The library's exports (the types are the sources'; lib/ is compiled from them). */
export type Library = typeof Sources;

/**
 * The library as its users load it: the package npm publishes, compiled by jsii into lib/ (without source
 * maps, see .projenrc.ts), not its TypeScript sources through ts-node. `BENCH_LIBRARY=src` loads the sources
 * instead (the tests do: they run before the build compiles lib/). The benchmark tasks compile lib/ first
 * when it is older than src/ (.ci/stale-lib.js).
 */
export function library(): Library {
  const from = process.env.BENCH_LIBRARY ?? 'lib';
  if (from !== 'lib' && from !== 'src') throw new Error(`BENCH_LIBRARY must be 'lib' or 'src', not '${from}'`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(from === 'lib' ? '../lib' : '../src');
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
  const app = new App({ outdir });
  for (let first = 0, s = 0; first < envs; first += perStack, s++) {
    addLibraryEnvironments(new Stack(app, `Library${s}`), first, Math.min(perStack, envs - first), from);
  }
  return app;
}
