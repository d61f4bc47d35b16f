import type * as events from 'aws-cdk-lib/aws-events';
import { SCAN_JOB_DETAIL_TYPE, SCAN_STATES_NEEDING_A_PERSON, THREATS_FOUND } from './handler/scan-events';

/**
 * The event pattern of the malware scan jobs that need a person: a threat found, whatever the
 * state, or a state in `SCAN_STATES_NEEDING_A_PERSON` (FAILED, CANCELED, COMPLETED_WITH_ISSUES).
 * Used by an environment's scan results rule (its vaults), a member account's forwarding rule and
 * the organization's central rule.
 *
 * @param vaultNames only the scan jobs of these vaults (`detail.backupVaultName`)
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#aws-backup-events-malware-scan-job
 */
export function scanResultPattern(vaultNames?: string[]): events.EventPattern {
  return {
    source: ['aws.backup'],
    detailType: [SCAN_JOB_DETAIL_TYPE],
    detail: {
      ...vaultNames ? { backupVaultName: [...vaultNames] } : {},
      $or: [
        { state: [...SCAN_STATES_NEEDING_A_PERSON] },
        { scanResult: { scanResultStatus: [THREATS_FOUND] } },
      ],
    },
  };
}
