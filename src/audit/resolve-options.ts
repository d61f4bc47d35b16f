import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { AuditOptions } from './audit-options';
import { assertNotBoth, propertyPath, warnDeprecated } from '../private/deprecation';

/**
 * The bucket the audit options name for the reports: `bucket`, or the deprecated `reportBucket`'s
 * bucket (with a warning naming `bucket`); both together fail. Undefined for the stack's shared
 * report bucket.
 *
 * @param prefix the options' property in the caller's props, e.g. `audit`
 */
export function reportsBucket(scope: IConstruct, options: AuditOptions, prefix?: string): s3.IBucket | undefined {
  const p = (name: string) => propertyPath(prefix, name);
  const { reportBucket, bucket } = options;
  if (reportBucket === undefined || reportBucket === null) return bucket;
  assertNotBoth(scope, p('reportBucket'), p('bucket'), true, bucket !== undefined && bucket !== null);
  warnDeprecated(scope, 'AuditOptions.reportBucket', p('reportBucket'), `${p('bucket')}: reportBucket.bucket (the BackupReportBucket's bucket)`);
  return reportBucket.bucket;
}

/**
 * The audit options with the deprecated `reportBucket` folded into `bucket` (see `reportsBucket`).
 *
 * @param prefix the options' property in the caller's props, e.g. `audit`
 */
export function resolveAuditOptions(scope: IConstruct, options: AuditOptions, prefix: string): AuditOptions {
  const { reportBucket: _deprecated, ...rest } = options;
  return { ...rest, bucket: reportsBucket(scope, options, prefix) };
}
