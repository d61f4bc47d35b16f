/* Looks up a job's failure reason in AWS Backup; never fails the delivery. */
import { BackupClient, DescribeBackupJobCommand, DescribeCopyJobCommand, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { Notification } from './notification-parser';
import { JobDetails } from './slack-message';

const clients = new Map<string, BackupClient>();

function clientFor(region: string | undefined): BackupClient {
  const key = region ?? '';
  let client = clients.get(key);
  if (!client) {
    client = new BackupClient({ region, maxAttempts: 2 });
    clients.set(key, client);
  }
  return client;
}

/**
 * DescribeBackupJob / DescribeCopyJob / DescribeRestoreJob for a job notification. Any error
 * (denied, throttled, unknown job, an endpoint that does not implement the call) is logged and
 * yields no details: the message is posted all the same.
 */
export async function describeJob(n: Notification, timeoutMs: number, log: (line: string) => void = console.log): Promise<JobDetails> {
  if (!n.jobId || timeoutMs <= 0) return {};
  const client = clientFor(n.region);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    switch (n.kind) {
      case 'BACKUP_JOB': {
        const r = await client.send(new DescribeBackupJobCommand({ BackupJobId: n.jobId }), { abortSignal: abort.signal });
        return { statusMessage: r.StatusMessage, resourceArn: r.ResourceArn, resourceType: r.ResourceType, backupVaultName: r.BackupVaultName };
      }
      case 'COPY_JOB': {
        const r = await client.send(new DescribeCopyJobCommand({ CopyJobId: n.jobId }), { abortSignal: abort.signal });
        const job = r.CopyJob ?? {};
        return { statusMessage: job.StatusMessage, resourceArn: job.ResourceArn, resourceType: job.ResourceType };
      }
      case 'RESTORE_JOB': {
        const r = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: n.jobId }), { abortSignal: abort.signal });
        return { statusMessage: r.StatusMessage, resourceType: r.ResourceType };
      }
      default:
        return {};
    }
  } catch (error) {
    const e = error as Error;
    log(`Could not describe ${n.kind} ${n.jobId}: ${e.name}: ${String(e.message).slice(0, 200)}`);
    return {};
  } finally {
    clearTimeout(timer);
  }
}
