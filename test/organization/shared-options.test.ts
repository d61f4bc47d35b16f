/*
 * One vocabulary for EnvironmentBackup and OrganizationBackup (issue 21 item 1): the options both
 * share are one struct (EnvironmentBackupOptions) with the same names and the same defaults, and
 * both take a `selection` with `tags`/`conditions` and a `vault` with `vaultName`/`lock`/
 * `blockRecoveryPointDeletion`. Backup policy keys: AWS Organizations User Guide, "Backup policy
 * syntax and examples".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BackupResourceType, EnvironmentBackup, EnvironmentBackupOptions, EnvironmentTier, OrganizationBackup, OrganizationEnvironment,
  ScanMode, TagOperator, TierPresets, VaultLockMode,
} from '../../src';
import { OrganizationBackupPolicy } from '../../src/organization';
import { testStack } from '../support/stack';

const OU = { organizationalUnitIds: ['ou-ab12-prod0001'], regions: ['eu-west-1'] };

function organization(environment: OrganizationEnvironment) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'org-shared-')) });
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  const org = new OrganizationBackup(stack, 'Org', { organizationId: 'o-abcdef1234', environments: [environment] });
  Template.fromStack(stack);
  const resources = org.environmentResources[0];
  return {
    plan: resources.policy.document.plans[`backup-${environment.environmentName}`],
    baseline: Template.fromJSON(JSON.parse(resources.baseline.templateBody)),
  };
}

function single(props: EnvironmentBackupOptions & { selection?: any; vault?: any }) {
  const stack = testStack({ env: { account: '111111111111', region: 'eu-west-1' } });
  const env = new EnvironmentBackup(stack, 'E', props);
  return { env, template: Template.fromStack(stack) };
}

describe('EnvironmentBackup and an OrganizationBackup environment share their options', () => {
  test('the same default tier, PRODUCTION: the same rules, continuous backup and deletion blocked', () => {
    const { env } = single({ environmentName: 'prod' });
    expect(env.tier).toBe(EnvironmentTier.PRODUCTION);
    const { plan, baseline } = organization({ environmentName: 'prod', ...OU });
    const production = TierPresets.rules(EnvironmentTier.PRODUCTION).map((r) => r.props.ruleName);
    expect(Object.keys(plan.rules).sort()).toEqual([...production].sort());
    expect(Object.keys(plan.rules).sort()).toEqual(env.rules.map((r) => r.props.ruleName).sort());
    expect(Object.values(plan.rules).some((r: any) => r.enable_continuous_backup?.['@@assign'] === true)).toBe(true);
    // Deletion blocked, as in an EnvironmentBackup of the PRODUCTION tier.
    const vaultPolicy = JSON.stringify(Object.values(baseline.findResources('AWS::Backup::BackupVault'))[0].Properties.AccessPolicy);
    expect(vaultPolicy).toContain('backup:DeleteRecoveryPoint');
  });

  test('one options object serves both: selection, vault, plan options and scanning land in each', () => {
    const shared: EnvironmentBackupOptions = {
      environmentName: 'shop',
      tier: EnvironmentTier.STAGING,
      windowsVss: true,
      backupIndexes: [BackupResourceType.S3],
      malwareScanning: { scanMode: ScanMode.FULL_SCAN, scannerRoleName: 'shop-scanner' },
    };
    const selection = { tags: { team: 'shop' }, conditions: [{ key: 'tier', value: 'gold*', operator: TagOperator.STRING_LIKE }] };
    const vault = { vaultName: 'shop-vault', lock: { mode: VaultLockMode.GOVERNANCE, minRetention: Duration.days(7) }, blockRecoveryPointDeletion: true };

    const { template } = single({ ...shared, selection, vault });
    template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'shop-vault', LockConfiguration: { MinRetentionDays: 7 } });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { AdvancedBackupSettings: [{ BackupOptions: { WindowsVSS: 'enabled' }, ResourceType: 'EC2' }] },
    });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'shop-scanner' });

    const { plan, baseline } = organization({ ...shared, ...OU, selection, vault });
    expect(plan.selections.resources['tagged-resources'].conditions).toEqual({
      string_equals: { team: { condition_key: { '@@assign': 'aws:ResourceTag/team' }, condition_value: { '@@assign': 'shop' } } },
      string_like: { tier: { condition_key: { '@@assign': 'aws:ResourceTag/tier' }, condition_value: { '@@assign': 'gold*' } } },
    });
    expect(plan.advanced_backup_settings).toEqual({ ec2: { windows_vss: { '@@assign': 'enabled' } } });
    expect(plan.rules.Daily.index_actions).toEqual({ resource_types: { '@@assign': ['S3'] } });
    expect(plan.rules.Daily.target_backup_vault_name).toEqual({ '@@assign': 'shop-vault' });
    expect(plan.scan_settings.GUARDDUTY.scanner_role_arn['@@assign']).toMatch(/:role\/shop-scanner$/);
    baseline.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'shop-vault', LockConfiguration: { MinRetentionDays: 7 } });
    baseline.hasResourceProperties('AWS::IAM::Role', { RoleName: 'shop-scanner' });
  });

  test('a scanner role object cannot serve member accounts: the organization and the policy name it', () => {
    const stack = testStack({ env: { account: '111111111111', region: 'eu-west-1' } });
    const role = iam.Role.fromRoleName(stack, 'R', 'mine');
    expect(() => new OrganizationBackup(testStack({ id: 'M' }), 'Org', {
      organizationId: 'o-abcdef1234', environments: [{ environmentName: 'shop', ...OU, malwareScanning: { scannerRole: role } }],
    })).toThrow('M/Org: environment shop: malwareScanning.scannerRole is not supported: every member account needs its own role, which the baseline creates; name it with malwareScanning.scannerRoleName');
    const policy = (malwareScanning: any) => new OrganizationBackupPolicy(testStack({ id: 'P' }), 'Policy', {
      policyName: 'p', rules: TierPresets.rules(EnvironmentTier.DEVELOPMENT), selectionTags: { a: 'b' }, backupVaultName: 'vault', regions: ['eu-west-1'], malwareScanning,
    });
    expect(() => policy({ scannerRole: role, scannerRoleName: 'x' })).toThrow(/P\/Policy: malwareScanning.scannerRole is not supported in a backup policy/);
    expect(() => policy({})).toThrow('P/Policy: malwareScanning.scannerRoleName (undefined) is required');
    expect(() => new EnvironmentBackup(stack, 'E', { environmentName: 'shop', malwareScanning: { scannerRole: role, scannerRoleName: 'other' } }))
      .toThrow("S/E: malwareScanning.scannerRoleName ('other') names the role this library creates, but malwareScanning.scannerRole is given: set one of them");
    expect(() => new EnvironmentBackup(stack, 'F', { environmentName: 'shop2', malwareScanning: { scannerRoleName: 'a/b' } }))
      .toThrow("S/F: malwareScanning.scannerRoleName ('a/b') must be 1 to 64 letters, digits or +=,.@_- (an IAM role name without path)");
  });

  test('air-gapped copies: backupDirectly is refused in an organization; sharing reaches the baseline', () => {
    const airGapped = { minRetention: Duration.days(7), maxRetention: Duration.days(400) };
    expect(() => organization({ environmentName: 'shop', ...OU, tier: EnvironmentTier.STAGING, airGappedCopy: { ...airGapped, backupDirectly: true } }))
      .toThrow('Management/Org: environment shop: airGappedCopy.backupDirectly is not supported: the backup policy copies into the member accounts\' air-gapped vaults');
    const { baseline } = organization({ environmentName: 'shop', ...OU, tier: EnvironmentTier.STAGING, airGappedCopy: { ...airGapped, shareWithAccounts: ['999999999999'] } });
    baseline.hasResourceProperties('AWS::RAM::ResourceShare', { Principals: ['999999999999'] });
  });
});

// One environment-name rule and one error text for both facades (src/private/limits/names.ts,
// ENVIRONMENT_NAME_PATTERN): the strictest name derived from it is the organization's StackSet
// backup-baseline-<name>, [a-zA-Z][-a-zA-Z0-9]* (CreateStackSet, StackSetName).
describe('environmentName: one rule, one text, both facades', () => {
  const messageOf = (build: () => void): string | undefined => {
    try {
      build();
      return undefined;
    } catch (e) {
      return (e as Error).message.replace(/^\S+: /, '');
    }
  };
  const environmentBackup = (name: string) => () => new EnvironmentBackup(testStack(), 'E', { environmentName: name });
  const organizationBackup = (name: string) => () => organization({ environmentName: name, ...OU });

  test.each(['prod_1', '-prod', 'prod env', 'a'.repeat(33), ''])('%j is refused by both, with the same text', (name) => {
    const fromEnvironment = messageOf(environmentBackup(name));
    expect(fromEnvironment).toContain(`environmentName ("${name}") must be 1 to 32 characters: letters, digits or '-', starting with a letter or digit, without '_'`);
    expect(messageOf(organizationBackup(name))).toBe(fromEnvironment);
  });

  test.each(['production', '1prod', 'a'.repeat(32)])('%j is taken by both', (name) => {
    expect(messageOf(environmentBackup(name))).toBeUndefined();
    expect(messageOf(organizationBackup(name))).toBeUndefined();
  });
});
