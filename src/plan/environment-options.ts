import * as backup from 'aws-cdk-lib/aws-backup';
import { BackupResourceType } from './backup-resource-type';
import { MalwareScanningOptions } from './plan-options';
import { EnvironmentTier } from './tiers';
import { AirGappedCopyOptions } from '../vault';

/**
 * The backup options an `EnvironmentBackup` and an environment of an `OrganizationBackup` share,
 * with the same names and the same defaults: `EnvironmentBackupProps` and `OrganizationEnvironment`
 * extend it. Each adds what only it has (e.g. `notifications` for one account, `regions` for an
 * organization); both have a `selection` (tags and conditions) and a `vault` (name, lock, deletion
 * blocked) of the same shape.
 */
export interface EnvironmentBackupOptions {
  /**
   * The environment's name, e.g. `production`: 1 to 32 letters, digits or '-', starting with a
   * letter or digit (the same rule for `EnvironmentBackup` and `OrganizationBackup`; no '_', which an
   * organization's StackSet name does not take). It names the vault, the plan (or the organization's
   * policy and StackSet), the backup role and the default selection tag, so it must be unique per
   * account and region (per organization).
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
   */
  readonly environmentName: string;

  /**
   * The preset of rules and defaults (see the README's tiers). PRODUCTION keeps the most: a tier
   * that keeps less data than you meant is found when a restore needs it, a tier that keeps more
   * shows on the bill, so the default is the one that loses nothing.
   *
   * @default EnvironmentTier.PRODUCTION
   */
  readonly tier?: EnvironmentTier;

  /**
   * Backup rules that replace the tier's (at most 10, unique names). In an organization the
   * schedules are UTC (a backup policy has no time zone) and every rule writes to the environment's
   * vault.
   *
   * @default - the tier's rules (`TierPresets.rules(tier)`)
   */
  readonly rules?: backup.BackupPlanRule[];

  /**
   * Copy the recovery points into a logically air-gapped vault (locked, isolated from the account's
   * own credentials, shareable with a recovery account): of this account and region for an
   * `EnvironmentBackup`; of each member account, in the environment's first region, for an
   * organization (there without `encryptionKey` or `backupDirectly`). Copies keep the rule's
   * retention, without cold storage: every copied rule needs a `deleteAfter` within the vault's
   * retention limits, or synth fails (the copies would).
   *
   * @default - no air-gapped copy
   */
  readonly airGappedCopy?: AirGappedCopyOptions;

  /**
   * Windows VSS (Volume Shadow Copy Service) backups of EC2 Windows instances: application-consistent
   * backups (`WindowsVSS: enabled`). The instances need the VSS agent and an instance role that
   * allows it.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/windows-backups.html
   */
  readonly windowsVss?: boolean;

  /**
   * Opt the rules that move recovery points to cold storage (`moveToColdStorageAfter`) in to the
   * archive tier for the resource types that support it (`OptInToArchiveForSupportedResources`). At
   * least one rule must have a cold storage transition.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
   */
  readonly optInToArchive?: boolean;

  /**
   * Backup indexes (search and item-level restore) of every rule's recovery points of one resource
   * type: `[BackupResourceType.EBS]` or `[BackupResourceType.S3]` (`IndexActions`), or
   * `BackupResourceType.of('…')` for a type AWS added after this release (checked for shape only,
   * noted in an info annotation). A backup rule accepts 1 index resource type, so two fail at synth.
   * With EBS, the backup role gets AWS's managed policy AWSBackupServiceRolePolicyForIndexing (in an
   * organization, the member accounts' backup role). Indexes are billed per GB indexed and stored.
   *
   * @default - no index
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_IndexAction.html
   */
  readonly backupIndexes?: BackupResourceType[];

  /**
   * Malware scanning of every rule's recovery points by GuardDuty (`ScanActions` and `ScanSettings`;
   * in an organization the policy's `scan_actions` and `scan_settings`, and the scanner role in each
   * member account). GuardDuty bills per GB scanned, so it is off in every tier unless set.
   *
   * @default - no scanning
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/malware-protection.html
   */
  readonly malwareScanning?: MalwareScanningOptions;
}
