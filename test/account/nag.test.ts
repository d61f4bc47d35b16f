import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BackupRegionSettings } from '../../src/account';
import { RestoreTestingPlan } from '../../src/restore-testing';
import { VaultRecoveryPointCleaner } from '../../src/vault/auto-delete';

test('cdk-nag AwsSolutions reports nothing left unacknowledged for these constructs', () => {
  const app = new App();
  const stack = new Stack(app, 'S');
  const vault = new backup.BackupVault(stack, 'Vault');
  new BackupRegionSettings(stack, 'RegionSettings', { resourceTypeOptIn: { RDS: true } });
  new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
  new RestoreTestingPlan(stack, 'RestoreTesting', { backupVaults: [vault], selectionTags: { env: 'dev' } });
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  const findings = report.violations
    .filter((v) => v.violatingResources.some((r) => !r.constructPath?.startsWith('S/Vault')))
    .map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
  expect(findings).toEqual([]);
});
