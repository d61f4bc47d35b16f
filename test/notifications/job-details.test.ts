import { sample, snsRecord } from './fixtures';
import { describeJob, JobLookup } from '../../src/notifications/job-details';
import { parseRecord } from '../../src/notifications/notification-parser';

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
