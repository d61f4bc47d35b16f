import { BackupVaultEvent as ApiBackupVaultEvent } from '@aws-sdk/client-backup';
import { BackupVaultEvent, VaultNotificationEvents } from '../../src';
import { DEPRECATED_VAULT_EVENTS } from '../../src/notifications/private/event-checks';
import { VAULT_EVENT_PATTERN } from '../../src/private/limits';

describe('vault notification events', () => {
  const apiEvents: string[] = Object.values(ApiBackupVaultEvent);

  test('every event we know is one the AWS Backup API accepts (AWS SDK v3 model)', () => {
    expect(apiEvents.length).toBeGreaterThan(0);
    const known = BackupVaultEvent.known().map((e) => e.value);
    expect(known).toHaveLength(17);
    expect(known.filter((e) => !apiEvents.includes(e))).toEqual([]);
  });

  test('the defaults are every API event except the deprecated ones, which AWS Backup never sends', () => {
    const deprecated = [
      'BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_SUCCESSFUL',
      'RESTORE_JOB_FAILED', 'BACKUP_PLAN_CREATED', 'BACKUP_PLAN_MODIFIED',
    ];
    expect(VaultNotificationEvents.defaults().map((e) => e.value).sort()).toEqual(apiEvents.filter((e) => !deprecated.includes(e)).sort());
  });

  test('the events of() refuses as deprecated are the API events AWS Backup never sends', () => {
    expect(DEPRECATED_VAULT_EVENTS.filter((e) => !apiEvents.includes(e))).toEqual([]);
    expect([...DEPRECATED_VAULT_EVENTS, ...BackupVaultEvent.known().map((e) => e.value)].sort()).toEqual([...apiEvents].sort());
  });

  test('every API event has the shape BackupVaultEvent.of() accepts', () => {
    expect(apiEvents.filter((e) => !VAULT_EVENT_PATTERN.test(e))).toEqual([]);
  });
});
