import { BackupVaultEvent as ApiBackupVaultEvent } from '@aws-sdk/client-backup';
import { BackupVaultEvent, VaultNotificationEvents } from '../../src';

describe('vault notification events', () => {
  const apiEvents: string[] = Object.values(ApiBackupVaultEvent);

  test('every event we know is one the AWS Backup API accepts (AWS SDK v3 model)', () => {
    expect(apiEvents.length).toBeGreaterThan(0);
    expect(Object.values(BackupVaultEvent).filter((e) => !apiEvents.includes(e))).toEqual([]);
  });

  test('the defaults are every API event except the deprecated ones, which AWS Backup never sends', () => {
    const deprecated = [
      'BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_SUCCESSFUL',
      'RESTORE_JOB_FAILED', 'BACKUP_PLAN_CREATED', 'BACKUP_PLAN_MODIFIED',
    ];
    expect([...VaultNotificationEvents.defaults()].sort()).toEqual(apiEvents.filter((e) => !deprecated.includes(e)).sort());
  });
});
