import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledgeNagFindings } from '../../src/private/nag';

/** A cdk-nag finding we accept, with the reason (listed in the README too). */
export interface NagAcknowledgment {
  /** A regular expression on the construct path. */
  readonly path: RegExp;
  /** The rule id, e.g. `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/...]`. */
  readonly id: string;
  readonly reason: string;
}

/**
 * Acknowledges the given findings on every construct whose path matches, runs cdk-nag's AwsSolutions
 * pack, and returns what is left, as `<rule id> <construct path>`.
 */
export function unacknowledgedNagFindings(scope: IConstruct, acknowledgments: NagAcknowledgment[] = []): string[] {
  for (const construct of scope.node.findAll()) {
    for (const ack of acknowledgments) {
      if (ack.path.test(construct.node.path)) {
        acknowledgeNagFindings(construct, { [ack.id]: ack.reason });
      }
    }
  }
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  const findings: string[] = [];
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      findings.push(`${violation.ruleName} ${resource.constructPath ?? resource.resourceLogicalId}`);
    }
  }
  return [...new Set(findings)].sort();
}

