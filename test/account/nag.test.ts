import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { BackupRegionSettings } from '../../src/account';
import { RestoreTestingPlan } from '../../src/restore-testing';
import { VaultRecoveryPointCleaner } from '../../src/vault/auto-delete';
import { unacknowledgedNagFindings } from '../support/nag';

test('cdk-nag AwsSolutions reports nothing left unacknowledged for these constructs', () => {
  const app = new App();
  const stack = new Stack(app, 'S');
  const vault = new backup.BackupVault(stack, 'Vault');
  new BackupRegionSettings(stack, 'RegionSettings', { resourceTypeOptIn: { RDS: true } });
  new VaultRecoveryPointCleaner(stack, 'Cleaner', { backupVault: vault });
  new RestoreTestingPlan(stack, 'RestoreTesting', { backupVaults: [vault], selectionTags: { env: 'dev' } });
  app.synth();
  // the plain vault the test creates is not ours to judge
  expect(unacknowledgedNagFindings(app).filter((f) => !f.includes(' S/Vault/'))).toEqual([]);
});
