import { CfnResource, Resource } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';

/**
 * Whether a construct is an imported resource (`Table.fromTableName()`, `Bucket.fromBucketName()`…):
 * an L2 resource with no CloudFormation resource under it. Tags added to it reach nothing.
 */
export function isImportedResource(construct: IConstruct): boolean {
  return Resource.isResource(construct) && !construct.node.findAll().some((c) => CfnResource.isCfnResource(c));
}

/**
 * The ARN by which AWS Backup selects an imported resource of a type it protects, as aws-cdk-lib's
 * `BackupResource.fromDynamoDbTable()`, `fromRdsDatabaseInstance()`… do; undefined for other types.
 */
export function importedResourceArn(construct: IConstruct): string | undefined {
  if (construct instanceof dynamodb.TableBase || construct instanceof dynamodb.TableBaseV2) return construct.tableArn;
  if (construct instanceof s3.BucketBase) return construct.bucketArn;
  if (construct instanceof rds.DatabaseInstanceBase) return construct.instanceArn;
  if (construct instanceof rds.DatabaseClusterBase) return construct.clusterArn;
  // efs.FileSystem.fromFileSystemAttributes() returns a class aws-cdk-lib does not export.
  const efs = construct as { fileSystemArn?: unknown; fileSystemId?: unknown };
  if (typeof efs.fileSystemArn === 'string' && typeof efs.fileSystemId === 'string' && efs.fileSystemArn.includes(':elasticfilesystem:')) {
    return efs.fileSystemArn;
  }
  return undefined;
}
