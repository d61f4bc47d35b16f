// Internal (not exported from the library): the checks of vault notification events.
import { IConstruct } from 'constructs';
import { checkVaultEventShape } from '../../private/limits';
import { validateOpenValues } from '../../private/open-values';
import { validationError } from '../../private/validation';
import { BackupVaultEvent } from '../events';

/**
 * Events the API still accepts but AWS Backup never sends: a notification on them would never
 * arrive, so even `BackupVaultEvent.of()` refuses them.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
export const DEPRECATED_VAULT_EVENTS: readonly string[] = [
  'BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_SUCCESSFUL',
  'RESTORE_JOB_FAILED', 'BACKUP_PLAN_CREATED', 'BACKUP_PLAN_MODIFIED',
];

/**
 * Vault events: at least one, BackupVaultEvent instances, custom ones of the right shape and not
 * deprecated; a repeated event is sent once.
 */
export function validateVaultEvents(scope: IConstruct, property: string, events: BackupVaultEvent[]): BackupVaultEvent[] {
  if (events.length === 0) {
    throw validationError(scope, `${property} ([]) must name at least one BackupVaultEvent: omit it for the defaults`);
  }
  const sameEvent = (a: unknown, b: BackupVaultEvent) => a instanceof BackupVaultEvent && a.value === b.value;
  const unique = events.filter((e, i) => !(e instanceof BackupVaultEvent) || events.findIndex((o) => sameEvent(o, e)) === i);
  const deprecated = unique.find((e) => e instanceof BackupVaultEvent && DEPRECATED_VAULT_EVENTS.includes(e.value));
  if (deprecated) {
    throw validationError(scope, `${property} (${deprecated.value}) is not an event AWS Backup fires today: it is deprecated and never sent ` +
      '(a failed or expired backup job arrives as BACKUP_JOB_COMPLETED with State FAILED or EXPIRED, a restore job as RESTORE_JOB_COMPLETED)');
  }
  return validateOpenValues(scope, property, unique, {
    className: 'BackupVaultEvent',
    isInstance: (v): v is BackupVaultEvent => v instanceof BackupVaultEvent,
    checkShape: checkVaultEventShape,
    known: BackupVaultEvent.known(),
  });
}
