import { snsDelivers } from './sns-filter-evaluator';

/* Each rule of the evaluator, on the examples of the SNS developer guide's filter pages. */
describe('SNS filter policy evaluator (AWS documented rules)', () => {
  test('no policy: everything is delivered, an empty attribute set included', () => {
    expect(snsDelivers(undefined, {})).toBe(true);
  });

  test('exact string matching is whole-value and case-sensitive', () => {
    expect(snsDelivers({ State: ['FAILED'] }, { State: 'FAILED' })).toBe(true);
    expect(snsDelivers({ State: ['FAILED'] }, { State: 'failed' })).toBe(false);
    expect(snsDelivers({ State: ['FAIL'] }, { State: 'FAILED' })).toBe(false);
  });

  test('numeric exact matching compares numbers', () => {
    expect(snsDelivers({ price: [100] }, { price: '100.0' })).toBe(true);
    expect(snsDelivers({ price: [100] }, { price: '101' })).toBe(false);
  });

  test('a missing key never matches a value condition', () => {
    expect(snsDelivers({ State: ['FAILED'] }, { EventType: 'BACKUP_JOB' })).toBe(false);
  });

  test('exists: true when present; false when absent from a message that has attributes', () => {
    expect(snsDelivers({ State: [{ exists: true }] }, { State: 'X' })).toBe(true);
    expect(snsDelivers({ State: [{ exists: false }] }, { EventType: 'X' })).toBe(true);
    expect(snsDelivers({ State: [{ exists: false }] }, { State: 'X' })).toBe(false);
  });

  test('an empty attribute set never matches a policy, exists:false included', () => {
    expect(snsDelivers({ State: [{ exists: false }] }, {})).toBe(false);
    expect(snsDelivers({ $or: [{ State: ['FAILED'] }, { EventType: [{ exists: false }] }] }, {})).toBe(false);
  });

  test('anything-but: a value, a list or a prefix; the key must be present', () => {
    expect(snsDelivers({ State: [{ 'anything-but': 'COMPLETED' }] }, { State: 'FAILED' })).toBe(true);
    expect(snsDelivers({ State: [{ 'anything-but': ['COMPLETED', 'CREATED'] }] }, { State: 'CREATED' })).toBe(false);
    expect(snsDelivers({ State: [{ 'anything-but': { prefix: 'COMP' } }] }, { State: 'COMPLETED' })).toBe(false);
    expect(snsDelivers({ State: [{ 'anything-but': 'COMPLETED' }] }, { EventType: 'X' })).toBe(false);
  });

  test('prefix matching', () => {
    expect(snsDelivers({ EventType: [{ prefix: 'S3_' }] }, { EventType: 'S3_BACKUP_OBJECT_FAILED' })).toBe(true);
    expect(snsDelivers({ EventType: [{ prefix: 'S3_' }] }, { EventType: 'EKS_BACKUP_OBJECT_FAILED' })).toBe(false);
  });

  test('AND across keys, OR within a key, $or across alternatives with the keys beside it', () => {
    expect(snsDelivers({ EventType: ['COPY_JOB'], State: ['FAILED', 'PARTIAL'] }, { EventType: 'COPY_JOB', State: 'PARTIAL' })).toBe(true);
    expect(snsDelivers({ EventType: ['COPY_JOB'], State: ['FAILED'] }, { EventType: 'BACKUP_JOB', State: 'FAILED' })).toBe(false);
    const policy = { AccountId: ['1'], $or: [{ State: ['FAILED'] }, { IndexStatus: ['FAILED'] }] };
    expect(snsDelivers(policy, { AccountId: '1', IndexStatus: 'FAILED' })).toBe(true);
    expect(snsDelivers(policy, { AccountId: '2', IndexStatus: 'FAILED' })).toBe(false);
  });

  test('an operator it does not implement throws instead of guessing', () => {
    expect(() => snsDelivers({ n: [{ numeric: ['>', 1] }] }, { n: '2' })).toThrow(/unsupported condition/);
    expect(() => snsDelivers({ n: [{ suffix: 'x' }] }, { n: 'x' })).toThrow(/unsupported condition/);
  });
});
