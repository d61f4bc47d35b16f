import {
  checkAccountId, checkAuditControlName, checkAuditName, checkBackupName, checkBackupVaultArn, checkRegion,
  checkRestoreMetadataKey, checkRestoreTestingPlanName, checkVaultName, isBackupVaultArn,
} from '../../../src/private/limits';

test('vault names: 2 to 50 letters, digits, - or _', () => {
  expect(checkVaultName('vaultName', 'prod-vault_1')).toBeUndefined();
  expect(checkVaultName('vaultName', 'a')).toBe('vaultName ("a") must be 2 to 50 characters: letters, digits, \'-\' or \'_\' (AWS Backup vault name)');
  expect(checkVaultName('vaultName', 'x'.repeat(51))).toContain('must be 2 to 50 characters');
  expect(checkVaultName('vaultName', 'my.vault')).toContain('must be 2 to 50 characters');
});

test('rule, plan and selection names: 1 to 50 letters, digits, - _ .', () => {
  expect(checkBackupName('selectionName', 'tagged.resources-1')).toBeUndefined();
  expect(checkBackupName('selectionName', 'tagged resources')).toBe('selectionName ("tagged resources") must be 1 to 50 characters: letters, digits, \'-\', \'_\' or \'.\' (AWS Backup name rule)');
  expect(checkBackupName('selectionName', 'x'.repeat(51))).toContain('must be 1 to 50 characters');
  expect(checkBackupName('selectionName', '')).toContain('must be 1 to 50 characters');
});

test('restore testing plan names: no hyphen', () => {
  expect(checkRestoreTestingPlanName('restoreTestingPlanName', 'prod_restore')).toBeUndefined();
  expect(checkRestoreTestingPlanName('restoreTestingPlanName', 'prod-restore')).toContain('must be 1 to 50 letters, digits or underscores');
});

test('restore metadata keys', () => {
  expect(checkRestoreMetadataKey('overrides', 'file-system-id')).toBeUndefined();
  expect(checkRestoreMetadataKey('overrides', '')).toBe('overrides key ("") must be a restore metadata key such as "instanceType": 1 to 128 characters without spaces');
  expect(checkRestoreMetadataKey('overrides', 'k'.repeat(129))).toContain('1 to 128 characters without spaces');
});

test('audit names and control names', () => {
  expect(checkAuditName('frameworkName', 'Prod_framework')).toBeUndefined();
  expect(checkAuditName('frameworkName', '1prod')).toContain('must start with a letter');
  expect(checkAuditControlName('controlName', 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET')).toBeUndefined();
  expect(checkAuditControlName('controlName', 'backup_recovery_point_encrypted')).toContain('must be an AWS Backup Audit Manager control name');
  expect(checkAuditControlName('controlName', '')).toContain('must be an AWS Backup Audit Manager control name');
});

test('accounts, regions and vault ARNs', () => {
  expect(checkAccountId('accountIds', '111122223333')).toBeUndefined();
  expect(checkAccountId('accountIds', '12345')).toBe('accountIds ("12345") must be a 12-digit AWS account ID');
  expect(checkRegion('regions', 'us-gov-west-1')).toBeUndefined();
  expect(checkRegion('regions', 'Europe')).toBe('regions ("Europe") must be a region code such as eu-west-1');
  expect(checkBackupVaultArn('backupVaults[0]', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:prod')).toBeUndefined();
  expect(checkBackupVaultArn('copy', 'arn:aws:backup:eu-west-1:$account:backup-vault:dr')).toBeUndefined();
  expect(checkBackupVaultArn('backupVaults[0]', 'arn:aws:s3:::bucket'))
    .toBe('backupVaults[0] ("arn:aws:s3:::bucket") must be a backup vault ARN: arn:<partition>:backup:<region>:<account>:backup-vault:<name>');
});

// arn:<partition>:backup:<region>:<account>:backup-vault:<name>
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies);
// organization backup policies may write the account as $account
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html).
test('backup vault ARNs: a 12-digit account, or $account where an organization policy allows it', () => {
  expect(isBackupVaultArn('arn:aws:backup:eu-west-1:111122223333:backup-vault:prod')).toBe(true);
  expect(isBackupVaultArn('arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:prod_1')).toBe(true);
  expect(isBackupVaultArn('arn:aws:backup:eu-west-1:$account:backup-vault:dr')).toBe(false);
  expect(isBackupVaultArn('arn:aws:backup:eu-west-1:$account:backup-vault:dr', { allowAccountVariable: true })).toBe(true);
  expect(isBackupVaultArn('arn:aws:backup:eu-west-1:12345:backup-vault:dr')).toBe(false);
  expect(isBackupVaultArn('arn:aws:backup:eu-west-1:111122223333:backup-plan:dr')).toBe(false);
  expect(isBackupVaultArn('arn:aws:backup:eu-west-1:111122223333:backup-vault:d r')).toBe(false);
  expect(isBackupVaultArn(`arn:aws:backup:eu-west-1:111122223333:backup-vault:${'v'.repeat(51)}`)).toBe(false);
});
