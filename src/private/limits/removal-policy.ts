import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * Backup vaults and KMS keys have no snapshot: CloudFormation rejects a Snapshot deletion policy on
 * them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 */
export function checkRemovalPolicy(property: string, policy: RemovalPolicy): string | undefined {
  if (policy === RemovalPolicy.RETAIN || policy === RemovalPolicy.DESTROY || policy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE) return undefined;
  return `${property} (RemovalPolicy.${String(policy).toUpperCase()}) is not supported by a backup vault or its KMS key (neither has a snapshot): use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`;
}

