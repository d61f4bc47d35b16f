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

/** How much failure-reason lookup a batch may do. */
export interface LookupBudget {
  /** Most Describe*Job calls in a batch (the jobs listed in the messages first). */
  readonly maxLookups: number;
  /** Most calls in flight at once. */
  readonly concurrency: number;
  /** Longest single call, in milliseconds. */
  readonly timeoutMs: number;
  /** Epoch milliseconds after which no call starts. */
  readonly deadline: number;
  readonly now: () => number;
}

/** Looked-up details by job id, kept across invocations of a Lambda instance (bounded). */
export class JobDetailsCache {
  private readonly entries = new Map<string, JobDetails>();
  constructor(private readonly maxEntries: number = 2000) {}
  get(jobId: string): JobDetails | undefined {
    return this.entries.get(jobId);
  }
  set(jobId: string, details: JobDetails): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(jobId, details);
  }
  get size(): number {
    return this.entries.size;
  }
}

/** Job kinds that Describe*Job can tell about. */
const DESCRIBABLE = new Set(['BACKUP_JOB', 'COPY_JOB', 'RESTORE_JOB']);

/**
 * Looks up the details of the given notifications' jobs within a budget: cached jobs are not asked
 * again, at most `maxLookups` calls, `concurrency` at a time, none started after the deadline.
 * Failed lookups yield no details (and are cached as such, so a storm does not retry them).
 *
 * @returns details by job id, and how many calls were made
 */
export async function describeJobs(notifications: Notification[], budget: LookupBudget, lookup: JobLookup, cache: JobDetailsCache,
  log: (line: string) => void = console.log): Promise<{ details: Map<string, JobDetails>; calls: number }> {
  const details = new Map<string, JobDetails>();
  const pending: Notification[] = [];
  const seen = new Set<string>();
  for (const n of notifications) {
    // An organization event carries its reason, and its job is in another account: nothing to look up.
    if (!n.jobId || !DESCRIBABLE.has(n.kind) || n.origin === 'ORGANIZATION' || seen.has(n.jobId)) continue;
    seen.add(n.jobId);
    const cached = cache.get(n.jobId);
    if (cached) details.set(n.jobId, cached);
    else if (pending.length < budget.maxLookups) pending.push(n);
  }
  let calls = 0;
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const n = pending[next++];
      const remaining = budget.deadline - budget.now();
      if (remaining <= 0) return;
      calls++;
      const found = await describeJob(n, Math.min(budget.timeoutMs, remaining), lookup, log);
      cache.set(n.jobId!, found);
      details.set(n.jobId!, found);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(budget.concurrency, pending.length)) }, worker));
  return { details, calls };
}
