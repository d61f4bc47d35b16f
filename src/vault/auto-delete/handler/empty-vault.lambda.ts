// Custom resource handler for VaultRecoveryPointCleaner: on Delete only, and only when the vault
// still carries the marker tag naming this resource (MARKER_TAG_KEY), deletes every recovery point of
// the vault and waits until it is empty. The custom resource references the vault, so CloudFormation
// deletes it (running this) before it deletes the vault; a vault that stays (option switched off,
// vault retained, another cleaner took over) has lost the tag in the update phase before this runs.
// The AWS SDK reads its endpoint from AWS_ENDPOINT_URL (tests only).
import {
  BackupClient,
  DeleteRecoveryPointCommand,
  DisassociateRecoveryPointCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { emptyVault, MARKER_TAG_KEY, markedForThisCleaner, VaultApi } from './empty-vault-logic';
import { respond } from '../../../private/handler/custom-resource-response';

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

/** The vault's tags, or undefined when the vault no longer exists. */
async function vaultTags(client: BackupClient, vaultArn: string): Promise<Record<string, string> | undefined> {
  const tags: Record<string, string> = {};
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(new ListTagsCommand({ ResourceArn: vaultArn, NextToken: nextToken }));
      Object.assign(tags, page.Tags ?? {});
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
  return tags;
}

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const vaultName = String(event.ResourceProperties?.BackupVaultName ?? '');
  const physicalId = `empty-on-delete:${vaultName}`;
  await respond(event, context, physicalId, async () => {
    if (event.RequestType !== 'Delete') return { physicalResourceId: physicalId };
    if (!vaultName) throw new Error('BackupVaultName is missing from the resource properties');
    const vaultArn = String(event.ResourceProperties.BackupVaultArn ?? '');
    if (!vaultArn) {
      // A resource deployed by a version without the marker: nothing says the vault is being deleted.
      console.log(JSON.stringify({ vaultName, emptied: false, reason: 'no BackupVaultArn: deployed before the marker tag' }));
      return { physicalResourceId: event.PhysicalResourceId };
    }
    const client = new BackupClient({});
    const tags = await vaultTags(client, vaultArn);
    if (!markedForThisCleaner(tags, event.LogicalResourceId)) {
      const reason = tags === undefined ? 'the vault no longer exists'
        : tags[MARKER_TAG_KEY] === undefined ? `the vault has no ${MARKER_TAG_KEY} tag: it stays`
          : `the ${MARKER_TAG_KEY} tag names ${tags[MARKER_TAG_KEY]}, not ${event.LogicalResourceId}: another cleaner owns the vault`;
      console.log(JSON.stringify({ vaultName, emptied: false, reason }));
      return { physicalResourceId: event.PhysicalResourceId };
    }
    const pollIntervalMs = Number(event.ResourceProperties.PollIntervalSeconds ?? 10) * 1_000;
    // Stop 20 s before the Lambda timeout: respond() still has its own margin to send FAILED.
    const remaining = context.getRemainingTimeInMillis?.() ?? 60_000;
    const result = await emptyVault({
      client: backupApi(client),
      vaultName,
      deadline: Date.now() + Math.max(remaining - 20_000, 1_000),
      pollIntervalMs,
    });
    console.log(JSON.stringify({ vaultName, ...result }));
    return { physicalResourceId: event.PhysicalResourceId };
  });
}
