import {
  decodePhysicalId,
  encodePhysicalId,
  planDelete,
  planUpdate,
  PHYSICAL_ID_PREFIX,
} from '../../../src/account/handler/region-settings-logic';

describe('region settings logic', () => {
  test('the physical id keeps every key found at create time when it fits', () => {
    const before = { optIn: { RDS: false, S3: true }, management: { EFS: true } };
    const id = encodePhysicalId(before, { optIn: { RDS: true }, management: {} });
    expect(id.startsWith(PHYSICAL_ID_PREFIX)).toBe(true);
    expect(decodePhysicalId(id)).toEqual(before);
  });

  test('the physical id keeps only the managed keys when all of them would exceed 1,000 characters', () => {
    const optIn: Record<string, boolean> = {};
    for (let i = 0; i < 100; i++) optIn[`ResourceType${i}`] = false;
    const id = encodePhysicalId({ optIn, management: { EFS: false } }, { optIn: { ResourceType7: true }, management: {} });
    expect(id.length).toBeLessThanOrEqual(1_000);
    expect(decodePhysicalId(id)).toEqual({ optIn: { ResourceType7: false }, management: {} });
  });

  test('an update with a physical id that records nothing behaves like a create', () => {
    const plan = planUpdate({ optIn: { RDS: false }, management: {} }, { optIn: { RDS: true }, management: {} },
      { optIn: {}, management: {} }, 'something-else');
    expect(plan.update).toEqual({ ResourceTypeOptInPreference: { RDS: true } });
    expect(decodePhysicalId(plan.physicalResourceId)).toEqual({ optIn: { RDS: false }, management: {} });
  });

  test('delete does not touch a key whose value before is unknown (added to AWS after the create)', () => {
    const id = encodePhysicalId({ optIn: { RDS: false }, management: {} }, { optIn: { RDS: true }, management: {} });
    const plan = planDelete({ optIn: { RDS: true, Timestream: true }, management: {} },
      { optIn: { RDS: true, Timestream: true }, management: {} }, id);
    expect(plan.update).toEqual({ ResourceTypeOptInPreference: { RDS: false } });
  });
});
