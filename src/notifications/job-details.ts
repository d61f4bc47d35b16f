/* Looks up a job's failure reason in AWS Backup; never fails the delivery (the SDK calls are injected). */
import { Notification } from './notification-parser';
import { JobDetails } from './slack-message';

/** DescribeBackupJob / DescribeCopyJob / DescribeRestoreJob, in a region. */
export interface JobLookup {
  describeBackupJob(region: string | undefined, jobId: string, signal: AbortSignal): Promise<JobDetails>;
  describeCopyJob(region: string | undefined, jobId: string, signal: AbortSignal): Promise<JobDetails>;
  describeRestoreJob(region: string | undefined, jobId: string, signal: AbortSignal): Promise<JobDetails>;
}

/**
 * The details of a job notification's job. Any error (denied, throttled, unknown job, an endpoint
 * that does not implement the call, a timeout) is logged and yields no details: the message is
 * posted all the same.
 */
export async function describeJob(n: Notification, timeoutMs: number, lookup: JobLookup,
  log: (line: string) => void = console.log): Promise<JobDetails> {
  if (!n.jobId || timeoutMs <= 0) return {};
  const call = n.kind === 'BACKUP_JOB' ? lookup.describeBackupJob
    : n.kind === 'COPY_JOB' ? lookup.describeCopyJob
      : n.kind === 'RESTORE_JOB' ? lookup.describeRestoreJob
        : undefined;
  if (!call) return {};
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await call.call(lookup, n.region, n.jobId, abort.signal);
  } catch (error) {
    const e = error as Error;
    log(`Could not describe ${n.kind} ${n.jobId}: ${e.name}: ${String(e.message).slice(0, 200)}`);
    return {};
  } finally {
    clearTimeout(timer);
  }
}
