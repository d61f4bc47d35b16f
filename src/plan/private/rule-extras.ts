import * as backup from 'aws-cdk-lib/aws-backup';
import { S3BackupOptions, ScanMode } from '../plan-options';

/**
 * The rule properties aws-cdk-lib 2.257's `BackupPlanRule` lacks, rendered on the L1
 * (`AWS::Backup::BackupPlan` BackupRuleResourceType: ScanActions, IndexActions,
 * Lifecycle.OptInToArchiveForSupportedResources, TargetLogicallyAirGappedBackupVaultArn).
 */
export interface RuleExtras {
  /** Scan each recovery point with GuardDuty in this mode. */
  readonly scanMode?: ScanMode;
  /** Index the recovery points of these resource types (EBS, S3). */
  readonly indexResourceTypes?: string[];
  /** Opt in to the archive tier (rules with a cold storage transition only). */
  readonly optInToArchive?: boolean;
  /** Back up directly into this logically air-gapped vault. */
  readonly airGappedVaultArn?: string;
}

/** The CloudFormation resource of an L2 backup plan. */
export function cfnPlanOf(plan: backup.BackupPlan): backup.CfnBackupPlan {
  return plan.node.defaultChild as backup.CfnBackupPlan;
}

/** Renders the extras of the rule at `index` of the plan's BackupPlanRule list. */
export function renderRuleExtras(plan: backup.BackupPlan, index: number, extras: RuleExtras): void {
  const cfn = cfnPlanOf(plan);
  const at = `BackupPlan.BackupPlanRule.${index}`;
  if (extras.scanMode) {
    cfn.addPropertyOverride(`${at}.ScanActions`, [{ MalwareScanner: 'GUARDDUTY', ScanMode: extras.scanMode }]);
  }
  if (extras.indexResourceTypes) {
    // "0 or 1 index action will be accepted for each BackupRule" (API_IndexAction).
    cfn.addPropertyOverride(`${at}.IndexActions`, [{ ResourceTypes: extras.indexResourceTypes }]);
  }
  if (extras.optInToArchive) {
    cfn.addPropertyOverride(`${at}.Lifecycle.OptInToArchiveForSupportedResources`, true);
  }
  if (extras.airGappedVaultArn) {
    cfn.addPropertyOverride(`${at}.TargetLogicallyAirGappedBackupVaultArn`, extras.airGappedVaultArn);
  }
}

/** Renders the plan's ScanSettings (GuardDuty). */
export function renderScanSettings(plan: backup.BackupPlan, resourceTypes: string[], scannerRoleArn: string): void {
  cfnPlanOf(plan).addPropertyOverride('BackupPlan.ScanSettings', [{
    MalwareScanner: 'GUARDDUTY',
    ResourceTypes: resourceTypes,
    ScannerRoleArn: scannerRoleArn,
  }]);
}

/**
 * The plan's AdvancedBackupSettings for S3 (aws-cdk-lib 2.257's `BackupPlan` renders only Windows
 * VSS): `BackupACLs` / `BackupObjectTags` `disabled` for what is left out, next to the VSS setting.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_AdvancedBackupSetting.html
 */
export function renderS3BackupOptions(plan: backup.BackupPlan, windowsVss: boolean | undefined, options: S3BackupOptions | undefined): void {
  const disabled: { [key: string]: string } = {};
  if (options?.backupAcls === false) disabled.BackupACLs = 'disabled';
  if (options?.backupObjectTags === false) disabled.BackupObjectTags = 'disabled';
  if (Object.keys(disabled).length === 0) return;
  cfnPlanOf(plan).addPropertyOverride('BackupPlan.AdvancedBackupSettings', [
    ...windowsVss ? [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }] : [],
    { ResourceType: 'S3', BackupOptions: disabled },
  ]);
}
