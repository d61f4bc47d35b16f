/**
 * The IAM roles of GuardDuty malware scans (and the backup role's indexing policy) of recovery points: shared by the environment's plan
 * (plan/) and the organization's member baseline (organization/). Internal.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNagFindings } from './nag';

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

/**
 * AWS's managed policy for the role AWS Backup assumes to index EBS snapshots (ebs:ListSnapshotBlocks,
 * ebs:GetSnapshotBlock, ec2:DescribeSnapshots, kms:DescribeKey, kms:Decrypt through EC2).
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForIndexing.html
 */
export const BACKUP_INDEXING_POLICY = 'AWSBackupServiceRolePolicyForIndexing';

/**
 * With backup indexes of EBS: AWS's managed policy for indexing on AWS Backup's role (S3 indexes
 * read the backup itself, which the S3 backup policy already covers).
 */
export function allowIndexing(role: iam.IRole, indexedTypes: string[] | undefined): void {
  if (!indexedTypes?.includes('EBS')) return;
  role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(BACKUP_INDEXING_POLICY));
  acknowledgeNagFindings(role, {
    [`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${BACKUP_INDEXING_POLICY}]`]:
      "AWS Backup's own managed policy to index EBS snapshots (backup indexes): reads snapshot blocks.",
  });
}
