import {
  auditNameFrom, checkAccountId, checkArn, checkAthenaDatabaseName, checkAthenaWorkGroupName, checkAuditControlName, checkAuditName, checkBackupName,
  checkBackupVaultArn, checkEnvironmentName, checkPolicyResourceArn, checkRegion, checkRestoreMetadataKey, checkRestoreTestingPlanName,
  checkRoleName, checkRoleNameWithPath, checkVaultName, isBackupVaultArn, isPolicyTargetId, memberRoleNameOfArn, parseBackupVaultArn,
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

// IAM role names: botocore iam roleNameType [\w+=,.@-]+, 1 to 64
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html); a role ARN holds the
// path before the name (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
describe('IAM role names: without path (CreateRole) and with an optional path (a role ARN)', () => {
  test.each(['backup-role', 'a', 'x'.repeat(64), 'r+=,.@_-1'])('%s is a role name', (name) => {
    expect(checkRoleName('backupRoleName', name)).toBeUndefined();
    expect(checkRoleNameWithPath('iamRoleName', name)).toBeUndefined();
  });

  test.each(['service-role/AWSBackupDefaultServiceRole', 'a/b/c', `p/${'x'.repeat(64)}`])('%s is a name with a path, not a name', (name) => {
    expect(checkRoleName('backupRoleName', name)).toBe(`backupRoleName ('${name}') must be 1 to 64 letters, digits or +=,.@_- (an IAM role name without path)`);
    expect(checkRoleNameWithPath('iamRoleName', name)).toBeUndefined();
  });

  test.each(['', 'bad role', 'x'.repeat(65), 'a//b', '/a', 'a/'])('%j is neither', (name) => {
    expect(checkRoleName('backupRoleName', name)).toContain('must be 1 to 64 letters');
    expect(checkRoleNameWithPath('iamRoleName', name)).toBe(`iamRoleName ('${name}') must be an IAM role name with an optional path, ` +
      "e.g. service-role/AWSBackupDefaultServiceRole: '/'-separated segments of letters, digits or +=,.@_-, the name 1 to 64 of them");
  });

  test('why names who needs the name so', () => {
    expect(checkRoleName('scannerRoleName', 'a/b', 'the baseline creates it')).toContain('(an IAM role name without path: the baseline creates it)');
  });
});

// botocore organizations PolicyTargetId: ^(r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$
test('policy targets: a root, an OU or an account', () => {
  for (const id of ['r-ab12', '111122223333', 'ou-ab12-abcd1234']) expect(isPolicyTargetId(id)).toBe(true);
  for (const id of ['r-ab1', '11112222333', 'ou-ab12-abc', 'o-abcdefghij', 'R-AB12']) expect(isPolicyTargetId(id)).toBe(false);
});

test('environment names: one rule for both facades, no underscore (StackSet names)', () => {
  for (const name of ['production', 'p', 'prod-1', '1prod', 'a'.repeat(32)]) expect(checkEnvironmentName('environmentName', name)).toBeUndefined();
  for (const name of ['prod_1', '-prod', '', 'a'.repeat(33), 'prod env']) {
    expect(checkEnvironmentName('environmentName', name)).toContain(`environmentName ("${name}") must be 1 to 32 characters: letters, digits or '-'`);
  }
});

// Athena: https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html,
// botocore athena WorkGroupName [a-zA-Z0-9._-]{1,128}.
test('Athena database and workgroup names', () => {
  expect(checkAthenaDatabaseName('databaseName', 'backup_reports_1')).toBeUndefined();
  expect(checkAthenaDatabaseName('databaseName', 'Backup')).toBe('databaseName (Backup) must be 1 to 255 lower-case letters, digits or underscores (Athena\'s rule for Glue databases)');
  expect(checkAthenaDatabaseName('databaseName', 'a-b')).toContain('lower-case letters, digits or underscores');
  expect(checkAthenaDatabaseName('databaseName', 'a'.repeat(256))).toContain('1 to 255');
  expect(checkAthenaWorkGroupName('workGroupName', 'Backup.Reports-1_a')).toBeUndefined();
  expect(checkAthenaWorkGroupName('workGroupName', 'a b')).toBe('workGroupName (a b) must be 1 to 128 letters, digits, ".", "_" or "-" (Athena\'s rule)');
  expect(checkAthenaWorkGroupName('workGroupName', 'a'.repeat(129))).toContain('1 to 128');
});

describe('ARNs', () => {
  test('a backup vault ARN parses into its parts; $account only where allowed', () => {
    expect(parseBackupVaultArn('arn:aws-cn:backup:cn-north-1:111122223333:backup-vault:prod-vault'))
      .toEqual({ partition: 'aws-cn', region: 'cn-north-1', account: '111122223333', vaultName: 'prod-vault' });
    expect(parseBackupVaultArn('arn:aws:backup:eu-west-1:$account:backup-vault:dr')).toBeUndefined();
    expect(parseBackupVaultArn('arn:aws:backup:eu-west-1:$account:backup-vault:dr', { allowAccountVariable: true })?.account).toBe('$account');
  });

  test('any resource ARN (legal holds)', () => {
    expect(checkArn('resourceIdentifiers[0]', 'arn:aws:s3:::bucket')).toBeUndefined();
    expect(checkArn('resourceIdentifiers[0]', 'arn:aws:rds:eu-west-1:111122223333:db:prod')).toBeUndefined();
    expect(checkArn('resourceIdentifiers[0]', 'bucket')).toBe('resourceIdentifiers[0] ("bucket") must be a resource ARN (arn:<partition>:<service>:<region>:<account>:<resource>)');
    expect(checkArn('resourceIdentifiers[0]', 'arn:aws:rds:eu-west-1:12345:db:prod')).toContain('must be a resource ARN');
  });

  test('a backup policy resource: * or an ARN pattern', () => {
    for (const v of ['*', 'arn:aws:rds:*:*:cluster:*', 'arn:aws:dynamodb:*:$account:table/*']) expect(checkPolicyResourceArn('resourceTypes', v)).toBeUndefined();
    expect(checkPolicyResourceArn('resourceTypes', 'RDS')).toBe("resourceTypes ('RDS') must be '*' or an ARN pattern such as arn:aws:rds:*:*:cluster:* (backup policy resource types are ARNs)");
  });

  test('the role name of a member role ARN of a backup policy', () => {
    expect(memberRoleNameOfArn('arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole')).toBe('service-role/AWSBackupDefaultServiceRole');
    expect(memberRoleNameOfArn('arn:aws:iam::111122223333:role/x')).toBeUndefined();
  });
});

test('any text as an audit name: other characters become _, a B before a non-letter, 256 characters at most', () => {
  expect(auditNameFrom('production')).toBe('production');
  expect(auditNameFrom('prod-1/Audit')).toBe('prod_1_Audit');
  expect(auditNameFrom('1prod')).toBe('B1prod');
  expect(auditNameFrom('_x')).toBe('B_x');
  expect(auditNameFrom('')).toBe('B');
  expect(auditNameFrom('a'.repeat(300))).toHaveLength(256);
  for (const text of ['1prod', '-x', 'a'.repeat(300), 'é']) expect(checkAuditName('frameworkName', auditNameFrom(text))).toBeUndefined();
});
