// Resource type names AWS Backup accepts in its region settings (internal: exposed through static
// members of BackupRegionSettings). Source: the AWS Backup API reference (DescribeRegionSettings,
// GetSupportedResourceTypes) and the "Feature availability by resource" table.

/** Keys of ResourceTypeOptInPreference. */
export const OPT_IN_RESOURCE_TYPES: readonly string[] = [
  'Aurora', 'CloudFormation', 'DocumentDB', 'DSQL', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'EKS', 'FSx',
  'Neptune', 'RDS', 'Redshift', 'Redshift Serverless', 'S3', 'SAP HANA on Amazon EC2',
  'Storage Gateway', 'Timestream', 'VirtualMachine',
];

/** Keys of ResourceTypeManagementPreference that a user can change (full AWS Backup management). */
export const MANAGEMENT_RESOURCE_TYPES: readonly string[] = ['DynamoDB', 'EFS'];
