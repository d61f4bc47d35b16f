import { Annotations } from 'aws-cdk-lib';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { IConstruct } from 'constructs';

/** A synth warning of this library: its id (`cdk-environment-backup:<concern>:<name>`) and what it means. */
export interface WarningDefinition {
  /** The id users pass to `Annotations.of(scope).acknowledgeWarning(id)`. */
  readonly id: string;
  /** One line: what the warning says is wrong. */
  readonly meaning: string;
}

/**
 * Every synth warning this library emits, in one place (docs/synth-checks.md's "Synth warnings" table lists the
 * same ids). Emit them with `warn()`; a test checks that every `addWarningV2` id of src/ is here.
 */
export const WARNINGS = {
  noHeartbeat: {
    id: 'cdk-environment-backup:monitoring:noHeartbeat',
    meaning: 'custom rules leave no window for the heartbeat alarm: nothing tells you when backups stop',
  },
  reportAnalyticsTemplate: {
    id: 'cdk-environment-backup:audit:reportAnalyticsTemplate',
    meaning: 'a report template has no documented columns, so the Athena analytics make no table for it',
  },
  crossAccountKey: {
    id: 'cdk-environment-backup:vault:crossAccountKey',
    meaning: 'an imported vault key cannot be granted to the copy destination accounts: add the statements yourself',
  },
  importedTopic: {
    id: 'cdk-environment-backup:notifications:importedTopic',
    meaning: 'an imported notification topic: AWS Backup cannot publish until you add the printed statements to its policies',
  },
  scanAlarmTopic: {
    id: 'cdk-environment-backup:notifications:scanAlarmTopic',
    meaning: 'an imported topic: the malware scan dead-letter alarm cannot publish until its policy admits the alarm',
  },
  eventsKey: {
    id: 'cdk-environment-backup:notifications:eventsKey',
    meaning: 'an imported KMS key: EventBridge cannot deliver to the encrypted target until its key policy has the printed statement',
  },
  eventsTopic: {
    id: 'cdk-environment-backup:notifications:eventsTopic',
    meaning: 'an imported topic: EventBridge cannot publish to it until its topic policy has the printed statement',
  },
  unprotectedResource: {
    id: 'cdk-environment-backup:coverage:unprotectedResource',
    meaning: 'BackupCoverage: a resource that holds data is selected by no backup',
  },
  unversionedBucket: {
    id: 'cdk-environment-backup:coverage:unversionedBucket',
    meaning: 'BackupCoverage: a selected S3 bucket has versioning off, so every backup job of it fails',
  },
  recoveryPointCleanerInactive: {
    id: 'cdk-environment-backup:vault:recoveryPointCleanerInactive',
    meaning: 'deleteRecoveryPointsOnDestroy on a vault CloudFormation keeps (RETAIN): the cleaner never empties it',
  },
  accessPolicyEditable: {
    id: 'cdk-environment-backup:vault:accessPolicyEditable',
    meaning: 'no deployment principal known: the vault access policy that blocks recovery point deletion does not deny its own editing',
  },
  slackOnly: {
    id: 'cdk-environment-backup:notifications:slackOnly',
    meaning: 'Slack is the only path to a person: a revoked webhook, an unreadable secret or a Slack outage reaches no one',
  },
  undocumentedScanPolicy: {
    id: 'cdk-environment-backup:organization:undocumentedScanPolicy',
    meaning: 'malware scanning in a backup policy follows no JSON AWS documents: check a member account\'s effective policy after deploying',
  },
} satisfies { [name: string]: WarningDefinition };

/** Adds the synth warning `warning` to `scope` with `message` (the id lets users acknowledge it). */
export function warn(scope: IConstruct, warning: WarningDefinition, message: string): void {
  Annotations.of(scope).addWarningV2(warning.id, message);
}

/**
 * Adds the synth info `message` to `scope`, once, as `Annotations.of(scope).addInfo()` does, but without a stack
 * trace: `cdk synth` prints an info with its construct path, which says where it comes from. aws-cdk-lib captures an
 * annotation's trace whole (every frame, each formatted, under ts-node through the source maps), and the
 * library records an info for every environment that copies to another account: at 50 environments those traces
 * were one in eight of the stack frames formatted (BENCHMARKS.md, section 6). Warnings keep their traces (`warn()`):
 * they ask for action.
 */
export function inform(scope: IConstruct, message: string): void {
  if (scope.node.metadata.some((m) => m.type === ArtifactMetadataEntryType.INFO && m.data === message)) return;
  scope.node.addMetadata(ArtifactMetadataEntryType.INFO, message);
}
