import { Duration, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Construct } from 'constructs';
import { shareCreationTrace } from '../private/creation-trace';
import { ACCOUNT_ID_PATTERN, AIR_GAPPED_VAULT_LIMITS, amountOf, checkMpaApprovalTeamArn, checkRemovalPolicy, checkVaultName, describeDuration } from '../private/limits';
import { assertValid, formatAmount, requireProps, validationError, wholeDuration } from '../private/validation';

/**
 * What a logically air-gapped vault is made of, for `LogicallyAirGappedVault` and for
 * `EnvironmentBackup`'s `airGappedCopy`: its retention range, its key, who it is shared with and
 * its approval team. Locked in compliance mode: nobody can delete a recovery point before its
 * retention ends.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
 */
export interface LogicallyAirGappedVaultOptions {
  /**
   * The shortest retention of a recovery point in the vault: whole days, at least 7. Every rule that
   * copies (or backs up) into the vault must keep its recovery points at least this long.
   */
  readonly minRetention: Duration;

  /** The longest retention of a recovery point in the vault: whole days, at most 36,500, and not less than minRetention. */
  readonly maxRetention: Duration;

  /**
   * A customer-managed key for the vault.
   *
   * @default - an AWS-owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Recovery accounts the vault is shared with through AWS RAM (12-digit account ids): from such an
   * account you restore even when this account is compromised. See the recovery runbook in docs/air-gap-and-malware.md.
   *
   * @default - not shared
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-share.html
   */
  readonly shareWithAccounts?: string[];

  /**
   * A multi-party approval team associated with the vault: its approvers can give a recovery account
   * access to the vault when this account is unusable.
   *
   * @default - no approval team
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval.html
   */
  readonly mpaApprovalTeamArn?: string;
}

/**
 * A logically air-gapped vault that receives copies of an environment's recovery points
 * (`EnvironmentBackup`'s `airGappedCopy`): the vault, and which rules copy into it.
 */
export interface AirGappedCopyOptions extends LogicallyAirGappedVaultOptions {
  /**
   * The vault's name: 2 to 50 letters, digits, '-' or '_'.
   *
   * @default - `<environmentName>-air-gapped-vault`
   */
  readonly vaultName?: string;

  /**
   * The rules whose recovery points are copied (or, with `backupDirectly`, backed up directly).
   *
   * @default - every rule of the plan
   */
  readonly ruleNames?: string[];

  /**
   * Back up directly into the air-gapped vault (`TargetLogicallyAirGappedBackupVaultArn` on the
   * rules) instead of copying: fully managed resource types back up straight into it; other supported
   * types make a temporary, billed snapshot in the environment's vault, then copy it; unsupported
   * types back up only to the environment's vault.
   *
   * @default false — recovery points are copied after each backup
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
   */
  readonly backupDirectly?: boolean;
}

/** Properties of a `LogicallyAirGappedVault`. */
export interface LogicallyAirGappedVaultProps extends LogicallyAirGappedVaultOptions {
  /** The vault's name: 2 to 50 letters, digits, '-' or '_'. */
  readonly vaultName: string;
}

const MIN_DAYS = AIR_GAPPED_VAULT_LIMITS.minRetentionDays;
const MAX_DAYS = AIR_GAPPED_VAULT_LIMITS.maxRetentionDays;

/**
 * An AWS Backup logically air-gapped vault (`AWS::Backup::LogicallyAirGappedBackupVault`).
 *
 * It is an `aws-backup` `IBackupVault`: pass it wherever aws-cdk-lib expects a vault, e.g. as the
 * `destinationBackupVault` of a rule's copy action.
 */
export class LogicallyAirGappedVault extends Resource implements backup.IBackupVault {
  /** The vault, usable as a copy destination (the same vault as this construct, imported by its ARN). */
  public readonly vault: backup.IBackupVault;
  /** The vault's ARN (the same as `backupVaultArn`). */
  public readonly vaultArn: string;
  /** The vault's name. */
  public readonly backupVaultName: string;
  /** The vault's ARN. */
  public readonly backupVaultArn: string;
  /** The shortest retention of a recovery point in the vault. */
  public readonly minRetention: Duration;
  /** The longest retention of a recovery point in the vault. */
  public readonly maxRetention: Duration;
  /** The AWS RAM share with the recovery accounts, when `shareWithAccounts` is set. */
  public readonly share?: ram.CfnResourceShare;
  private readonly resource: backup.CfnLogicallyAirGappedBackupVault;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: LogicallyAirGappedVaultProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['vaultName', 'minRetention', 'maxRetention'], 'airGappedCopy');
    assertValid(this, checkVaultName('airGappedCopy.vaultName', props.vaultName));
    const min = amountOf(props.minRetention, 'day');
    const max = amountOf(props.maxRetention, 'day');
    if (min !== undefined && (min < MIN_DAYS || !Number.isInteger(min))) {
      throw validationError(this, `airGappedCopy.minRetention (${describeDuration(props.minRetention)}) must be a whole number of days, at least ${MIN_DAYS}`);
    }
    if (max !== undefined && (max > MAX_DAYS || !Number.isInteger(max))) {
      throw validationError(this, `airGappedCopy.maxRetention (${formatAmount(max, 'day')}) must be a whole number of days, at most ${MAX_DAYS}`);
    }
    if (min !== undefined && max !== undefined && max < min) {
      throw validationError(this, `airGappedCopy.maxRetention (${formatAmount(max, 'day')}) must not be less than airGappedCopy.minRetention (${formatAmount(min, 'day')})`);
    }
    const accounts = props.shareWithAccounts;
    if (accounts !== undefined) {
      if (accounts.length === 0) throw validationError(this, 'airGappedCopy.shareWithAccounts is empty: name at least one 12-digit account id, or leave it out');
      for (const a of accounts) {
        if (!Token.isUnresolved(a) && !ACCOUNT_ID_PATTERN.test(a)) {
          throw validationError(this, `airGappedCopy.shareWithAccounts contains "${a}", which is not a 12-digit AWS account id`);
        }
      }
    }
    if (props.mpaApprovalTeamArn !== undefined) {
      assertValid(this, checkMpaApprovalTeamArn('airGappedCopy.mpaApprovalTeamArn', props.mpaApprovalTeamArn));
    }
    const cfn = this.resource = new backup.CfnLogicallyAirGappedBackupVault(this, 'Resource', {
      backupVaultName: props.vaultName,
      minRetentionDays: wholeDuration(this, 'airGappedCopy.minRetention', props.minRetention, 'day'),
      maxRetentionDays: wholeDuration(this, 'airGappedCopy.maxRetention', props.maxRetention, 'day'),
      encryptionKeyArn: props.encryptionKey?.keyArn,
    });
    if (props.mpaApprovalTeamArn !== undefined) {
      // Not in aws-cdk-lib 2.257's L1: rendered by name (AWS::Backup::LogicallyAirGappedBackupVault MpaApprovalTeamArn).
      cfn.addPropertyOverride('MpaApprovalTeamArn', props.mpaApprovalTeamArn);
    }
    this.vaultArn = cfn.attrBackupVaultArn;
    if (accounts !== undefined) {
      this.share = new ram.CfnResourceShare(this, 'Share', {
        name: `${props.vaultName}-share`,
        resourceArns: [cfn.attrBackupVaultArn],
        principals: [...accounts],
        // A recovery account is often outside the organization (a clean account).
        allowExternalPrincipals: true,
      });
    }
    this.vault = backup.BackupVault.fromBackupVaultArn(this, 'Imported', cfn.attrBackupVaultArn);
    this.minRetention = props.minRetention;
    this.maxRetention = props.maxRetention;
    // Ref of AWS::Backup::LogicallyAirGappedBackupVault is its name (primaryIdentifier BackupVaultName).
    this.backupVaultName = cfn.ref;
    this.backupVaultArn = cfn.attrBackupVaultArn;
  }

  /** The vault's name and ARN. */
  public get backupVaultRef(): backup.BackupVaultReference {
    return { backupVaultName: this.backupVaultName, backupVaultArn: this.backupVaultArn };
  }

  /**
   * Grants the given actions on the vault to the grantee (an IAM statement on the grantee).
   *
   * @param grantee the principal
   * @param actions the actions, e.g. `backup:ListRecoveryPointsByBackupVault`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.vault.grant(grantee, ...actions);
  }

  /**
   * Applies the removal policy to the vault: RETAIN or DESTROY (a vault has no snapshot). A vault
   * that holds recovery points cannot be deleted: they stay until their retention ends.
   *
   * @param policy the removal policy
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    assertValid(this, checkRemovalPolicy('removalPolicy', policy));
    super.applyRemovalPolicy(policy);
  }

  /**
   * Sends the vault's events to an SNS topic (the `Notifications` property). The topic's policy must
   * let `backup.amazonaws.com` publish.
   *
   * @param topicArn the topic's ARN
   * @param events the events sent (BackupVaultEvent values)
   */
  public sendNotifications(topicArn: string, events: string[]): void {
    // Not in aws-cdk-lib 2.257's L1: rendered by name (Notifications: SNSTopicArn, BackupVaultEvents).
    this.resource.addPropertyOverride('Notifications', { SNSTopicArn: topicArn, BackupVaultEvents: [...events] });
  }
}
