// Custom resource handler for VaultRecoveryPointCleaner: on Delete only, deletes every recovery point
// of the vault and waits until it is empty. The custom resource references the vault, so CloudFormation
// deletes it (running this) before it deletes the vault.
// The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests only).
import {
  BackupClient,
  DeleteRecoveryPointCommand,
  DisassociateRecoveryPointCommand,
  ListRecoveryPointsByBackupVaultCommand,
} from '@aws-sdk/client-backup';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { emptyVault, VaultApi } from './empty-vault-logic';
import { respond } from '../../private/custom-resource-response';

function backupApi(client: BackupClient): VaultApi {
  return {
    listRecoveryPoints: async (vaultName, nextToken, pageSize) => {
      const page = await client.send(new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: vaultName, NextToken: nextToken, MaxResults: pageSize,
      }));
      return { points: page.RecoveryPoints ?? [], nextToken: page.NextToken };
    },
    deleteRecoveryPoint: async (vaultName, recoveryPointArn) => {
      await client.send(new DeleteRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: recoveryPointArn }));
    },
    disassociateRecoveryPoint: async (vaultName, recoveryPointArn) => {
      await client.send(new DisassociateRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: recoveryPointArn }));
    },
  };
}

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const vaultName = String(event.ResourceProperties?.BackupVaultName ?? '');
  const physicalId = `empty-on-delete:${vaultName}`;
  await respond(event, context, physicalId, async () => {
    if (event.RequestType !== 'Delete') return { physicalResourceId: physicalId };
    if (!vaultName) throw new Error('BackupVaultName is missing from the resource properties');
    const pollIntervalMs = Number(event.ResourceProperties.PollIntervalSeconds ?? 10) * 1_000;
    // Stop 20 s before the Lambda timeout: respond() still has its own margin to send FAILED.
    const remaining = context.getRemainingTimeInMillis?.() ?? 60_000;
    const result = await emptyVault({
      client: backupApi(new BackupClient({})),
      vaultName,
      deadline: Date.now() + Math.max(remaining - 20_000, 1_000),
      pollIntervalMs,
    });
    console.log(JSON.stringify({ vaultName, ...result }));
    return { physicalResourceId: event.PhysicalResourceId };
  });
}
