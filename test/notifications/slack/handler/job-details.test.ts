import { describeJob, describeJobs, JobDetailsCache, JobLookup } from '../../../../src/notifications/slack/handler/job-details';
import { parseQueueRecord, parseRecord } from '../../../../src/notifications/slack/handler/notification-parser';
import { sample, snsRecord, sqsRecord } from '../../fixtures';

const calls: string[] = [];
const lookup: JobLookup = {
  async describeBackupJob(region, jobId) { calls.push(`backup ${region} ${jobId}`); return { statusMessage: 'Access denied to the KMS key' }; },
  async describeCopyJob(region, jobId) { calls.push(`copy ${region} ${jobId}`); return { statusMessage: 'Destination vault is locked' }; },
  async describeRestoreJob(region, jobId) { calls.push(`restore ${region} ${jobId}`); return { statusMessage: 'Subnet is full' }; },
};

beforeEach(() => { calls.length = 0; });

test('calls the Describe*Job matching the job kind, in the topic\'s region', async () => {
  const id = '1b2345c6-d7e8-9f01-2345-6789abcdef01';
  expect(await describeJob(parseRecord(snsRecord(sample('backup failed'))), 1000, lookup)).toEqual({ statusMessage: 'Access denied to the KMS key' });
  expect(await describeJob(parseRecord(snsRecord(sample('copy failed'))), 1000, lookup)).toEqual({ statusMessage: 'Destination vault is locked' });
  expect(await describeJob(parseRecord(snsRecord(sample('restore failed'))), 1000, lookup)).toEqual({ statusMessage: 'Subnet is full' });
  expect(calls).toEqual([`backup eu-west-1 ${id}`, `copy eu-west-1 ${id}`, `restore eu-west-1 ${id}`]);
});

test('no lookup for notifications that are not jobs', async () => {
  expect(await describeJob(parseRecord(snsRecord(sample('CloudWatch alarm'))), 1000, lookup)).toEqual({});
  expect(await describeJob(parseRecord(snsRecord(sample('EKS object failed'))), 1000, lookup)).toEqual({});
  expect(calls).toEqual([]);
});

test('an error or a hung lookup yields no details and is logged', async () => {
  const lines: string[] = [];
  const failing: JobLookup = {
    ...lookup,
    async describeBackupJob() { throw Object.assign(new Error('AccessDeniedException'), { name: 'AccessDeniedException' }); },
    describeCopyJob: (_r, _id, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
  };
  expect(await describeJob(parseRecord(snsRecord(sample('backup failed'))), 1000, failing, (l) => lines.push(l))).toEqual({});
  expect(await describeJob(parseRecord(snsRecord(sample('copy failed'))), 50, failing, (l) => lines.push(l))).toEqual({});
  expect(lines).toEqual([
    expect.stringMatching(/Could not describe BACKUP_JOB .*AccessDeniedException/),
    expect.stringMatching(/Could not describe COPY_JOB .*aborted/),
  ]);
});

describe('describeJobs: the lookup budget of a batch', () => {
  const notifications = (n: number) => Array.from({ length: n }, (_, i) =>
    parseQueueRecord(sqsRecord(sample('backup failed'), undefined, { jobId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })));

  test('at most maxLookups calls, at most `concurrency` at once, cached per job across batches', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: JobLookup = {
      ...lookup,
      async describeBackupJob(_region, jobId) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { statusMessage: `reason of ${jobId.slice(-2)}` };
      },
    };
    const cache = new JobDetailsCache();
    const budget = { maxLookups: 20, concurrency: 4, timeoutMs: 1000, deadline: Date.now() + 10_000, now: () => Date.now() };
    const first = await describeJobs(notifications(300), budget, slow, cache, () => undefined);
    expect(first.calls).toBe(20);
    expect(first.details.size).toBe(20);
    expect(peak).toBeLessThanOrEqual(4);
    const second = await describeJobs(notifications(30), budget, slow, cache, () => undefined);
    expect(second.calls).toBe(10); // 20 from the cache, 10 new
    expect(second.details.size).toBe(30);
  });

  test('every lookup failing (moto answers an HTML 404) yields no details and no error; none starts after the deadline', async () => {
    const failing: JobLookup = { ...lookup, async describeBackupJob() { throw new SyntaxError('Unexpected token < in JSON'); } };
    const cache = new JobDetailsCache();
    const budget = { maxLookups: 20, concurrency: 2, timeoutMs: 100, deadline: Date.now() + 1000, now: () => Date.now() };
    const ok = await describeJobs(notifications(5), budget, failing, cache, () => undefined);
    expect(ok.calls).toBe(5);
    expect([...ok.details.values()]).toEqual([{}, {}, {}, {}, {}]);
    const late = await describeJobs(notifications(5).map((n) => ({ ...n, jobId: `x${n.jobId}` })),
      { maxLookups: 20, concurrency: 2, timeoutMs: 100, deadline: Date.now() - 1, now: () => Date.now() }, failing, cache, () => undefined);
    expect(late.calls).toBe(0);
  });
});
