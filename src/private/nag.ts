import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag (AwsSolutions) findings on a construct, each with its reason, so that users
 * who run cdk-nag see why the library chose so.
 *
 * Written as CDK's acknowledged-rules metadata, which cdk-nag v3 reads: aws-cdk-lib 2.257's
 * `Validations.acknowledge()` rejects finding-level ids such as `AwsSolutions-IAM5[Resource::*]`.
 */
export function acknowledgeNagFindings(construct: IConstruct, reasons: { [findingId: string]: string }): void {
  construct.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { ...reasons });
}
