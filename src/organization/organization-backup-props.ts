import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { BackupGlobalSettingsProps } from './backup-global-settings';
import { MemberBaselineStack } from './member-baseline';
import { OrganizationAccessProps } from './organization-access';
import { OrganizationBackupPolicy } from './organization-backup-policy';
import { BackupReportBucketProps, ReportTemplate } from '../audit';
import { SlackWebhook } from '../notifications';
import { EnvironmentBackupOptions } from '../plan';
import { TagSelectionOptions } from '../selection';
import { VaultBaseOptions } from '../vault';

/** Who creates the StackSets: the management account itself or a delegated administrator. */
export enum StackSetCallAs {
  /** The management account of the organization. */
  SELF = 'SELF',
  /** A delegated administrator account for CloudFormation StackSets. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/**
 * One environment of an `OrganizationBackup`: the accounts of some OUs, in some regions. The backup
 * options are those of an `EnvironmentBackup` (`EnvironmentBackupOptions`: same names, same
 * defaults), with a tag `selection` and a `vault` of the same shape.
 */
export interface OrganizationEnvironment extends EnvironmentBackupOptions {
  /**
   * The OUs (`ou-…`) or the root (`r-…`) whose accounts belong to the environment: the policy is
   * attached to them and the StackSet deploys the baseline to every account in them, current and
   * future.
   */
  readonly organizationalUnitIds: string[];

  /** The regions where the environment's resources are backed up (and the baseline deployed). */
  readonly regions: string[];

  /**
   * Which resources the member accounts back up: the tags a resource must all carry and more tag
   * conditions (AND), rendered in the backup policy.
   *
   * @default - every resource tagged `backup:environment=<environmentName>`
   */
  readonly selection?: TagSelectionOptions;

  /**
   * The vault of every member account and region (deployed by the baseline, encrypted with a key of
   * the baseline, retained).
   *
   * @default - a vault named `<environmentName>-backup-vault`, with recovery point deletion blocked
   * in PRODUCTION
   */
  readonly vault?: VaultBaseOptions;

  /**
   * Regions that receive a copy of every recovery point, in the environment's own vault of that
   * region (the baseline is deployed there too).
   *
   * @default - no copy.
   */
  readonly copyToRegions?: string[];

  /**
   * Copy destinations that the rules name but that this app does not deploy (e.g. a central
   * backup account's vault), by ARN exactly as in the rule.
   *
   * @default - none: every copy destination must be a vault of this app's baselines.
   */
  readonly externalCopyDestinationArns?: string[];

  /**
   * The name of the IAM role AWS Backup assumes in every member account.
   *
   * @default - `<environmentName>-backup-role`
   */
  readonly backupRoleName?: string;

  /**
   * AWS Backup service opt-in per resource type (names as in `BackupRegionSettings.OPT_IN_RESOURCE_TYPES`)
   * in every member account and region of the environment, applied by an inline custom resource of
   * the baseline. The opt-ins stay when the environment or its baseline is removed, unless
   * `restoreResourceTypeOptInOnDelete`.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html
   * @default - the accounts' region settings are left as they are.
   */
  readonly resourceTypeOptIn?: { [resourceType: string]: boolean };

  /**
   * Whether removing the environment's baseline from an account and region puts back each opt-in
   * its region settings changed there (unless changed since). Never on a replacement: the handler
   * tells one by the stack instance's other live resource of the same type, and the new resource
   * takes over the values the old one found.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-delete.html
   * @default false
   */
  readonly restoreResourceTypeOptInOnDelete?: boolean;
}

/** Properties of an `OrganizationBackup`. */
export interface OrganizationBackupProps {
  /** The organization's id (`o-…`): the central event bus admits only its accounts. */
  readonly organizationId: string;

  /**
   * The environments.
   *
   * @default - none; add them with `addEnvironment()`.
   */
  readonly environments?: OrganizationEnvironment[];

  /**
   * Whether this account is the management account or a delegated administrator for StackSets.
   *
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;

  /**
   * The Slack webhook that receives the member accounts' job failures.
   *
   * @default - no Slack: the failures reach the central bus only.
   */
  readonly slack?: SlackWebhook;

  /**
   * Account names shown in the Slack messages, by account id.
   *
   * @default - account ids only.
   */
  readonly accountNames?: { [accountId: string]: string };

  /**
   * AWS Backup's global settings of the organization (cross-account backup, multi-party approval,
   * delegated administration), applied by a custom resource. Only in the management account.
   *
   * @default - not managed: left as they are.
   */
  readonly globalSettings?: BackupGlobalSettingsProps;

  /**
   * The organization prerequisites this app makes true at deploy time (trusted access for AWS
   * Backup and StackSets, the `BACKUP_POLICY` type on the root, optionally AWS Backup's delegated
   * administrator), by an `OrganizationAccess` the backup policies and StackSets depend on. Only in
   * the management account: with `callAs: DELEGATED_ADMIN` it must be `false` (a delegated
   * administrator cannot make these calls; the management account makes them once).
   *
   * @default - with `callAs: SELF`, an `OrganizationAccess` with its defaults; with
   * `callAs: DELEGATED_ADMIN`, none.
   */
  readonly organizationAccess?: OrganizationAccessOptions;

  /**
   * Organization-wide AWS Backup Audit Manager reports (CSV) covering every environment's OUs and
   * regions, delivered to a report bucket in this account.
   *
   * @default - no organization reports.
   */
  readonly reports?: OrganizationReportOptions;

  /**
   * The central event bus's name.
   *
   * @default 'aws-backup-organization'
   */
  readonly eventBusName?: string;
}

/** Whether and how an `OrganizationBackup` makes the organization prerequisites true. */
export interface OrganizationAccessOptions {
  /**
   * Whether the app manages the prerequisites. `false` leaves them to you (they must be on before
   * the first deploy: see the README's "Past one account").
   *
   * @default - true with `callAs: SELF`, false with `callAs: DELEGATED_ADMIN`.
   */
  readonly enabled?: boolean;

  /**
   * The prerequisites' settings.
   *
   * @default - the defaults of `OrganizationAccessProps`.
   */
  readonly settings?: OrganizationAccessProps;
}

/** Options of the organization-wide reports of an `OrganizationBackup`. */
export interface OrganizationReportOptions {
  /**
   * The reports: one report plan a template.
   *
   * @default [ReportTemplate.BACKUP_JOB_REPORT, ReportTemplate.COPY_JOB_REPORT, ReportTemplate.RESTORE_JOB_REPORT]
   */
  readonly templates?: ReportTemplate[];

  /**
   * The report bucket's settings.
   *
   * @default - a `BackupReportBucket` with its defaults.
   */
  readonly bucket?: BackupReportBucketProps;

  /**
   * The frameworks the compliance reports cover.
   *
   * @default - none.
   */
  readonly frameworkArns?: string[];
}

/** What `OrganizationBackup` made for one environment. */
export interface OrganizationEnvironmentResources {
  /** The environment's name. */
  readonly environmentName: string;
  /** The backup policy attached to the environment's OUs. */
  readonly policy: OrganizationBackupPolicy;
  /** The member baseline (synthesized into the StackSet's template). */
  readonly baseline: MemberBaselineStack;
  /** The service-managed StackSet that deploys the baseline. */
  readonly stackSet: cloudformation.CfnStackSet;
}
