import { CfnResource } from 'aws-cdk-lib';

/**
 * CloudFormation types of the resources AWS Backup can protect, and AWS Backup's name for them.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html
 */
export const PROTECTABLE_TYPES: { [cfnType: string]: string } = {
  'AWS::RDS::DBInstance': 'RDS',
  'AWS::RDS::DBCluster': 'Aurora',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB',
  'AWS::EFS::FileSystem': 'EFS',
  'AWS::EC2::Volume': 'EBS',
  'AWS::EC2::Instance': 'EC2',
  'AWS::S3::Bucket': 'S3',
  'AWS::FSx::FileSystem': 'FSx',
  'AWS::FSx::Volume': 'FSx',
  'AWS::Neptune::DBCluster': 'Neptune',
  'AWS::DocDB::DBCluster': 'DocumentDB',
  'AWS::Redshift::Cluster': 'Redshift',
  'AWS::RedshiftServerless::Namespace': 'Redshift Serverless',
  'AWS::Timestream::Table': 'Timestream',
  'AWS::EKS::Cluster': 'EKS',
  'AWS::DSQL::Cluster': 'Aurora DSQL',
};

/** The AWS Backup type of a resource, or undefined when AWS Backup does not protect it alone. */
export function backupResourceType(resource: CfnResource): string | undefined {
  const type = PROTECTABLE_TYPES[resource.cfnResourceType];
  if (type === undefined) return undefined;
  if (resource.cfnResourceType === 'AWS::RDS::DBInstance') {
    // A member of an Aurora / Multi-AZ cluster is backed up with its cluster.
    const clusterId = (resource as any).dbClusterIdentifier;
    if (clusterId !== undefined) return undefined;
  }
  return type;
}
