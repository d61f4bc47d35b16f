/**
 * The storage classes an `EnvironmentBackup` deploys, read from its construct tree for
 * `generations()`. Internal: not exported from the folder index.
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';
import { RetentionCalculatorOptions } from './calculator-options';
import { PLAN_OPTION_LIMITS } from '../private/limits';

/**
 * The calculator options of an environment: its archive opt-in, and the age after which its S3
 * backups move to the low-cost warm tier, read from the `AWS::Backup::TieringConfiguration` the
 * environment created (what is deployed, whatever built it). The earliest age wins if several
 * selections tier S3.
 */
export function planStorageClasses(environment: IConstruct, optInToArchive: boolean | undefined): RetentionCalculatorOptions {
  const days: number[] = [];
  for (const c of environment.node.findAll()) {
    if (!(c instanceof backup.CfnTieringConfiguration) || Token.isUnresolved(c.resourceSelection)) continue;
    for (const selection of c.resourceSelection as Array<backup.CfnTieringConfiguration.ResourceSelectionProperty>) {
      if (Token.isUnresolved(selection) || selection.resourceType !== PLAN_OPTION_LIMITS.lowCostWarmResourceType) continue;
      days.push(selection.tieringDownSettingsInDays);
    }
  }
  return {
    optInToArchive,
    s3WarmTieringAfter: days.length > 0 ? Duration.days(Math.min(...days)) : undefined,
  };
}
