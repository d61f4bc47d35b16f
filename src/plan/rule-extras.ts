import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ScanMode } from './plan-options';
import { acknowledgeNagFindings } from '../private/nag';

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

/** AWS's managed policy for the role GuardDuty assumes to read recovery points. */
const SCANNER_POLICY = 'AWSBackupGuardDutyRolePolicyForScans';
/** AWS's managed policy that lets AWS Backup's role start and read GuardDuty scans. */
export const BACKUP_SCANS_POLICY = 'AWSBackupServiceRolePolicyForScans';

/**
 * The role GuardDuty Malware Protection assumes to read the recovery points: trusted by
 * `malware-protection.guardduty.amazonaws.com` (the service AWSBackupServiceRolePolicyForScans may
 * pass roles to), with AWS's managed policy AWSBackupGuardDutyRolePolicyForScans, whose statements
 * are limited to recovery points AWS Backup created (tag `aws:backup:source-resource`).
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupGuardDutyRolePolicyForScans.html
 */
export function createScannerRole(scope: Construct, id: string, environmentName: string, roleName?: string): iam.Role {
  const role = new iam.Role(scope, id, {
    roleName,
    assumedBy: new iam.ServicePrincipal('malware-protection.guardduty.amazonaws.com'),
    description: `GuardDuty malware scans of the recovery points of ${environmentName}`,
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(SCANNER_POLICY)],
  });
  acknowledgeNagFindings(role, {
    [`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${SCANNER_POLICY}]`]:
      "AWS's own managed policy for GuardDuty's scanner role, scoped to recovery points AWS Backup created; it follows the resource types GuardDuty scans.",
  });
  return role;
}

/** Lets AWS Backup's role start GuardDuty scans and pass the scanner role (AWS's managed policy). */
export function allowScans(role: iam.IRole): void {
  role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(BACKUP_SCANS_POLICY));
  acknowledgeNagFindings(role, {
    [`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${BACKUP_SCANS_POLICY}]`]:
      "AWS Backup's own managed policy to start GuardDuty malware scans: PassRole only to malware-protection.guardduty.amazonaws.com.",
  });
}
