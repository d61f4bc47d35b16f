import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { CENTRAL_EVENT_BUS_PARAMETER } from './member-events';
import { BaselineFacts } from './organization-consistency';
import { EnvironmentTier, TierPresets } from '../../plan';
import { MemberBaselineStack } from '../member-baseline';
import { OrganizationBackupPolicyProps } from '../organization-backup-policy-props';
import { OrganizationEnvironment, StackSetCallAs } from '../organization-backup-props';

/**
 * What `OrganizationBackup.addEnvironment` settles for an environment before it builds anything: the
 * names the policy and the baseline must agree on (defaults applied, checked) and the regions.
 */
export interface EnvironmentNames {
  readonly name: string;
  readonly tier: EnvironmentTier;
  readonly vaultName: string;
  readonly backupRoleName: string;
  /** The GuardDuty scanner role the baseline creates, when the environment has malware scanning. */
  readonly scannerRoleName?: string;
  /** The air-gapped vault's name, when the environment has an air-gapped copy. */
  readonly airGappedName?: string;
  /** The regions the environment copies to (no policy there, but the baseline's vault). */
  readonly copyRegions: string[];
  /** The partition written into the policy's ARNs (`aws` when the stack's is unresolved). */
  readonly partition: string;
}

/** The environment's backup policy: its rules (rewritten for the organization), selection and names. */
export function backupPolicyProps(
  environment: OrganizationEnvironment, names: EnvironmentNames, rules: backup.BackupPlanRule[],
): OrganizationBackupPolicyProps {
  const { name, scannerRoleName } = names;
  return {
    policyName: `backup-${name}`,
    description: `AWS Backup plan of the ${name} environment (cdk-environment-backup)`,
    rules,
    selectionTags: environment.selection?.tags ?? { 'backup:environment': name },
    selectionConditions: environment.selection?.conditions,
    windowsVss: environment.windowsVss,
    optInToArchive: environment.optInToArchive,
    backupIndexes: environment.backupIndexes,
    backupVaultName: names.vaultName,
    regions: environment.regions,
    iamRoleName: names.backupRoleName,
    partition: names.partition,
    targetIds: environment.organizationalUnitIds,
    malwareScanning: scannerRoleName ? { ...environment.malwareScanning, scannerRoleName } : undefined,
  };
}

/** Where the member baseline goes and how the StackSet is called. */
export interface MemberStackSetOptions {
  readonly environment: OrganizationEnvironment;
  readonly names: EnvironmentNames;
  /** Who calls the StackSet operations (management account or delegated administrator). */
  readonly callAs: StackSetCallAs;
  /** The central event bus the baseline forwards to (the StackSet's parameter). */
  readonly eventBusArn: string;
}

/** The member baseline, the StackSet that deploys it, and what the consistency checks know of it. */
export interface MemberStackSet {
  readonly baseline: MemberBaselineStack;
  readonly stackSet: cloudformation.CfnStackSet;
  readonly facts: BaselineFacts;
}

/**
 * The environment's member baseline (vault, key, role, event forwarding) and the service-managed
 * StackSet that deploys it to every account of the environment's OUs, in its regions and copy regions.
 */
export function memberStackSet(scope: Construct, options: MemberStackSetOptions): MemberStackSet {
  const { environment, names } = options;
  const { name, airGappedName, scannerRoleName } = names;
  const airGapped = environment.airGappedCopy;
  const stackSetRegions = [...environment.regions, ...names.copyRegions];

  const baseline = new MemberBaselineStack(scope, 'MemberBaseline', {
    environmentName: name,
    vaultName: names.vaultName,
    backupRoleName: names.backupRoleName,
    roleRegion: environment.regions[0],
    blockRecoveryPointDeletion: environment.vault?.blockRecoveryPointDeletion ?? TierPresets.blocksRecoveryPointDeletionByDefault(names.tier),
    lock: environment.vault?.lock,
    resourceTypeOptIn: environment.resourceTypeOptIn,
    restoreResourceTypeOptInOnDelete: environment.restoreResourceTypeOptInOnDelete,
    airGappedVault: airGapped
      ? {
        vaultName: airGappedName!,
        minRetention: airGapped.minRetention,
        maxRetention: airGapped.maxRetention,
        shareWithAccounts: airGapped.shareWithAccounts,
        mpaApprovalTeamArn: airGapped.mpaApprovalTeamArn,
      }
      : undefined,
    scannerRoleName,
    indexesEbs: environment.backupIndexes?.some((t) => t.value === 'EBS'),
  });

  const stackSet = new cloudformation.CfnStackSet(scope, 'StackSet', {
    stackSetName: `backup-baseline-${name}`,
    description: `AWS Backup member baseline of the ${name} environment: vault, key, backup role, job failure forwarding`,
    permissionModel: 'SERVICE_MANAGED',
    callAs: options.callAs,
    // Accounts that join an OU get the baseline; accounts that leave keep it (their vault holds
    // recovery points, which must not go with the stack).
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
    capabilities: ['CAPABILITY_NAMED_IAM'],
    managedExecution: { Active: true },
    operationPreferences: {
      regionConcurrencyType: 'PARALLEL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      maxConcurrentPercentage: 25,
      failureTolerancePercentage: 10,
    },
    stackInstancesGroup: [{
      deploymentTargets: { organizationalUnitIds: environment.organizationalUnitIds },
      regions: stackSetRegions,
    }],
    parameters: [{ parameterKey: CENTRAL_EVENT_BUS_PARAMETER, parameterValue: options.eventBusArn }],
    templateBody: baseline.templateBodyToken(),
  });

  const facts: BaselineFacts = {
    environmentName: name,
    vaultName: baseline.vaultName,
    backupRoleName: baseline.backupRoleName,
    regions: stackSetRegions,
    organizationalUnitIds: environment.organizationalUnitIds,
    otherVaults: airGappedName ? [{ name: airGappedName, regions: [environment.regions[0]] }] : undefined,
    scannerRoleName,
  };
  return { baseline, stackSet, facts };
}
