import { adoptChanges, encodePhysicalId, FAILED_CREATE_PHYSICAL_ID } from '../../../src/organization/handler/organization-access-logic';

describe('adoptChanges (a replacement takes over what the resource it replaces switched on)', () => {
  test('its own changes first, then the predecessor\'s, each once', () => {
    const old = encodePhysicalId([{ kind: 'backupTrustedAccess' }, { kind: 'backupPolicyType', rootId: 'r-ab12' }]);
    expect(adoptChanges([{ kind: 'delegatedAdministrator', accountId: '222222222222' }, { kind: 'backupTrustedAccess' }], [old])).toEqual([
      { kind: 'delegatedAdministrator', accountId: '222222222222' }, { kind: 'backupTrustedAccess' }, { kind: 'backupPolicyType', rootId: 'r-ab12' },
    ]);
  });

  test('physical ids that record nothing (a failed Create, another resource\'s id, none) add nothing', () => {
    expect(adoptChanges([], [FAILED_CREATE_PHYSICAL_ID, 'some-other-id', undefined, encodePhysicalId([])])).toEqual([]);
  });
});
