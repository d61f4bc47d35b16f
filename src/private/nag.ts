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

/**
 * Acknowledges cdk-nag's AwsSolutions-L1 ("the non-container Lambda function is not configured to use
 * the latest runtime version") on one of the library's own functions.
 *
 * Every function of the library runs Node.js 24 (the bundled handlers' runtime is set in .projenrc.ts,
 * `lambdaOptions`; the member baseline's inline handler uses `Runtime.NODEJS_24_X`): a Node.js LTS
 * release, a supported Lambda runtime (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 * lists its deprecation date), and the newest Node.js runtime the library's aws-cdk-lib floor (2.257) knows. Pinned on purpose: the
 * same runtime whichever aws-cdk-lib 2.x the app uses, the one the handlers are tested on, moved by a
 * release of this library and not by the app's next aws-cdk-lib upgrade (2.278 knows Node.js 26, and
 * cdk-nag's L1 then flags Node.js 24).
 */
export function acknowledgePinnedRuntime(fn: IConstruct): void {
  acknowledgeNagFindings(fn, {
    'AwsSolutions-L1': 'The library pins its functions on Node.js 24 (nodejs24.x), an LTS release and the newest Node.js runtime its ' +
      'aws-cdk-lib floor (2.257) knows: the runtime its handlers are tested on, moved by a library release, not by the app\'s aws-cdk-lib.',
  });
}
