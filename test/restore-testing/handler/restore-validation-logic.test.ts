import { TransientCheckError } from '../../../src/restore-testing/handler/resource-checks';
import {
  MAX_VALIDATION_MESSAGE,
  RESTORE_VALIDATION_EVENT_TYPE,
  validateRestoreJob,
  ValidationPorts,
} from '../../../src/restore-testing/handler/restore-validation-logic';

// The logic alone, with recording ports; the handler test runs it against moto and the local stand-in.
const PLAN = 'arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:p-1';

function recordingPorts(check: () => Promise<any>) {
  const calls: string[] = [];
  const results: any[] = [];
  const published: any[] = [];
  const ports: ValidationPorts = {
    checkResource: async () => { calls.push('check'); return check(); },
    invokeFunction: async () => { calls.push('invoke'); return { payload: '{}' }; },
    putValidationResult: async (id, status, message) => { results.push({ id, status, message }); },
    publish: async (topicArn, subject, message, attributes) => { published.push({ topicArn, subject, message, attributes }); },
    sleep: async () => undefined,
  };
  return { ports, calls, results, published };
}

function event(detail: any = {}, detailType = 'Restore Job State Change'): any {
  return {
    'detail-type': detailType,
    'account': '123456789012',
    'region': 'eu-west-1',
    'detail': { restoreJobId: 'job-1', restoreTestingPlanArn: PLAN, resourceType: 'EBS', createdResourceArn: 'arn:aws:ec2:eu-west-1:123456789012:volume/vol-1', status: 'COMPLETED', ...detail },
  };
}

test('an event of another kind is ignored without a call', async () => {
  const r = recordingPorts(async () => ({ status: 'SUCCESSFUL', message: 'x' }));
  expect(await validateRestoreJob(event({}, 'Backup Job State Change'), { restoreTestingPlanArn: PLAN }, r.ports))
    .toMatchObject({ status: 'IGNORED', message: 'not a restore job state change (Backup Job State Change)' });
  expect(r.calls).toEqual([]);
});

test(`a long message is cut to ${MAX_VALIDATION_MESSAGE} characters`, async () => {
  const r = recordingPorts(async () => ({ status: 'FAILED', message: 'x'.repeat(5_000) }));
  await validateRestoreJob(event(), { restoreTestingPlanArn: PLAN }, r.ports);
  expect(r.results[0].message).toHaveLength(MAX_VALIDATION_MESSAGE);
  expect(r.results[0].message.endsWith('…')).toBe(true);
});

test('without a topic a failure is reported to AWS Backup only', async () => {
  const r = recordingPorts(async () => ({ status: 'FAILED', message: 'gone' }));
  expect(await validateRestoreJob(event(), { restoreTestingPlanArn: PLAN }, r.ports)).toMatchObject({ status: 'FAILED', notified: false });
  expect(r.results).toEqual([{ id: 'job-1', status: 'FAILED', message: 'gone' }]);
  expect(r.published).toEqual([]);
});

test('transient errors are retried twice, then FAILED; other errors propagate (the rule retries, then the dead-letter queue)', async () => {
  let n = 0;
  const r = recordingPorts(async () => { n++; throw new TransientCheckError('DescribeVolumes(vol-1) answered 503'); });
  const outcome = await validateRestoreJob(event(), { restoreTestingPlanArn: PLAN, topicArn: 'arn:aws:sns:eu-west-1:123456789012:t' }, r.ports);
  expect(n).toBe(3);
  expect(outcome).toMatchObject({ status: 'FAILED', notified: true });
  expect(r.published[0].attributes).toEqual({
    EventType: RESTORE_VALIDATION_EVENT_TYPE, State: 'FAILED', AccountId: '123456789012', Id: 'job-1', ResourceType: 'EBS',
  });

  const broken = recordingPorts(async () => { throw new TypeError('bug'); });
  await expect(validateRestoreJob(event(), { restoreTestingPlanArn: PLAN }, broken.ports)).rejects.toThrow('bug');
  expect(broken.results).toEqual([]);
});
